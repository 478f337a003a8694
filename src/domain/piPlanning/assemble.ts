import type { Figure } from '../health/figure';
import { keyOrder } from '../health/dependencies';
import { NO_TEAM, pointsOf, teamOrder } from '../health/types';
import type { BacklogIssue, Sprint } from '../model';
import type { PiPlanningSettings } from '../settings';
import { alignment, type AlignedStory, type Alignment } from './alignment';
import { capacityOf, overCommitMessage, overCommitted, velocityHistory, type Capacity, type ClosedSprintVelocity } from './capacity';
import { piDependencyRisk, type Placement, type PiRisk } from './dependencies';
import { fig, issueCount, pointsSum, type At } from './figures';
import { allSprints, piIterations, piLabelOf, piOptions, storyPiResolver, type PiIteration, type PiOption } from './pis';

export interface PiPlanningInput {
  /** The PI asked for; absent: the default PI (piOptions' `isDefault`). */
  pi?: string | null;
  /** Level-0 stories of the train. */
  stories: readonly BacklogIssue[];
  features: readonly BacklogIssue[];
  objectives: readonly BacklogIssue[];
  /** The boards' sprints (sprints only seen in an issue's Sprint field are added). */
  sprints: readonly Sprint[];
  teamOfSprint: ReadonlyMap<number, string>;
  /** A story's team (the health domain's teamResolver). */
  teamOf: (issue: BacklogIssue) => string | null;
  /** Closed sprints with their accepted points (the sprint table's rows). */
  closedSprints: readonly ClosedSprintVelocity[];
  /** The train's WSJF ranking (rankFeatures' `ranked`), rank 1 first. */
  ranked: readonly { key: string; rank: number; wsjf: number }[];
  settings: PiPlanningSettings;
  prefix: string;
  now: string;
}

export interface PiCard {
  id: string;
  featureKey: string | null;
  team: string;
  sprintId: number | null;
  points: Figure;
  stories: Figure;
  unestimated: Figure;
  inPiScope: boolean;
  topWsjfRank: number | null;
}

export interface PiCell {
  team: string;
  sprint: Sprint | null;
  column: number | null;
  storyKeys: string[];
  cards: PiCard[];
  capacity: Capacity | null;
  load: Figure;
  unestimated: Figure;
  overCommitted: boolean;
  overCommitMessage: string | null;
}

export interface PiTeamRow {
  team: string;
  kind: 'scrum' | 'kanban';
  note: string | null;
  cells: PiCell[];
  unplanned: PiCell;
  objectives: BacklogIssue[];
  totals: { capacity: number | null; capacityPartial: boolean; load: Figure; unestimated: Figure; overCommitted: boolean };
  alignment: Alignment;
}

export interface PiTopFeature {
  key: string;
  rank: number;
  wsjf: number;
  inPiScope: boolean;
  teams: { team: string; points: Figure }[];
  planned: Figure;
  finding: string | null;
}

export interface PiEnd {
  issue: BacklogIssue;
  team: string | null;
  at: Placement;
  card: string | null;
}

export interface PiDependency {
  id: string;
  from: PiEnd;
  to: PiEnd;
  risk: PiRisk;
  sentence: string;
}

export interface PiColumn {
  index: number;
  label: string;
  start: string | null;
  end: string | null;
  sprintIds: number[];
}

export interface PiPlan {
  pis: PiOption[];
  pi: string | null;
  window: { start: string | null; end: string | null; source: PiOption['source'] };
  columns: PiColumn[];
  iterations: PiIteration[];
  teams: PiTeamRow[];
  train: { capacity: number | null; capacityPartial: boolean; load: Figure; unestimated: Figure; alignment: Alignment };
  topFeatures: PiTopFeature[];
  findings: string[];
  dependencies: PiDependency[];
  /** Features for the readiness list: those in the PI's scope and those with stories on the board, by key. */
  featureKeys: string[];
  notes: string[];
  /** Every figure above, once (for consistency checks and figure indexes). */
  figures: Figure[];
}

/** The PI asked for (case-insensitive), the default one, or `unknown`. */
export function choosePi(options: readonly PiOption[], asked: string | null | undefined): PiOption | null | 'unknown' {
  if (asked) return options.find((o) => o.pi.toLowerCase() === asked.toLowerCase()) ?? 'unknown';
  return options.find((o) => o.isDefault) ?? null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const IP = /\bIP\b|innovation/i;
const cardId = (feature: string | null, team: string, sprintId: number | null) => `${feature ?? 'orphan'}|${team}|${sprintId ?? 'unplanned'}`;

/**
 * The PI planning board (issue 15; definitions in docs/PI_PLANNING.md). Pure: no I/O, no clock.
 * - Iterations: the teams' sprints that start within the PI's window (pis.ts), column n = each
 *   team's n-th sprint of the PI.
 * - A cell's load: points of the stories whose Sprint field includes its sprint (a story carried
 *   from one iteration into the next counts in both, as Jira's Sprint field lists both); unestimated:
 *   those without points. A team's and the train's totals are sums over cells.
 * - The unplanned cell: the team's stories of the PI (own PI label, or their feature's) that are not
 *   done and in no sprint of the PI (a kanban team's are all here).
 * - Alignment, top features and dependencies over the planned stories (in some sprint of the PI).
 */
export function planPi(input: PiPlanningInput): PiPlan {
  const { settings, prefix } = input;
  const sprints = allSprints(input.sprints, input.stories);
  const pis = piOptions({ stories: input.stories, features: input.features, objectives: input.objectives, sprints, prefix, calendar: settings.calendar, now: input.now });
  const chosen = choosePi(pis, input.pi);
  const option = chosen === 'unknown' ? null : chosen;
  const pi = option?.pi ?? null;
  const storyPi = storyPiResolver(input.features, prefix);
  const notes: string[] = [];
  if (!pi) notes.push(`No PI label yet: label the PI's features (and objectives) with a label starting "${prefix}", e.g. ${prefix}2027.1.`);
  else if (option!.source === 'none') notes.push(`No sprint with dates holds stories of ${pi} yet, so its iterations are unknown; add its dates to the PI calendar in settings, or plan its stories into dated sprints.`);
  else if (option!.source === 'derived') notes.push(`${pi}'s dates are taken from the sprints its stories are planned in (no PI calendar entry in settings).`);

  // Sprints without dates whose stories name the PI are in it too (after the dated ones).
  const undated = new Set<number>();
  if (pi) for (const s of input.stories) if (storyPi(s) === pi) for (const sp of s.sprints) if (!sp.startDate) undated.add(sp.id);
  const iterations = pi && option!.source !== 'none' ? piIterations(option!, sprints, input.teamOfSprint, undated) : pi ? piIterations({ start: null, end: null }, sprints, input.teamOfSprint, undated) : [];
  const iterationOf = new Map(iterations.map((it) => [it.sprint.id, it]));
  const columnCount = iterations.reduce((m, it) => Math.max(m, it.column + 1), 0);

  const featureByKey = new Map(input.features.map((f) => [f.key, f]));
  const inScope = (f: BacklogIssue | undefined) => !!f && !!pi && piLabelOf(f.labels, prefix) === pi;
  const topN = input.ranked.slice(0, settings.topWsjf);
  const topRank = new Map(topN.map((r) => [r.key, r.rank]));
  const pointsByKey = new Map(input.stories.map((s) => [s.key, pointsOf(s)]));
  const pts = (k: string) => pointsByKey.get(k) ?? 0;
  const unestimatedKeys = (keys: readonly string[]) => keys.filter((k) => storyByKey.get(k)!.storyPoints === null);
  const storyByKey = new Map(input.stories.map((s) => [s.key, s]));
  const featureOf = (s: BacklogIssue) => (s.parentKey ? featureByKey.get(s.parentKey) : undefined);

  // Planned: stories in a sprint of the PI, by sprint. Unplanned: the PI's open stories in none.
  const bySprint = new Map<number, BacklogIssue[]>();
  const plannedKeys = new Set<string>();
  const placement = new Map<string, PiIteration>();
  for (const s of input.stories) {
    for (const sp of s.sprints) {
      const it = iterationOf.get(sp.id);
      if (!it) continue;
      bySprint.set(sp.id, [...(bySprint.get(sp.id) ?? []), s]);
      plannedKeys.add(s.key);
      const prev = placement.get(s.key);
      if (!prev || it.column > prev.column) placement.set(s.key, it);
    }
  }
  const unplannedByTeam = new Map<string, BacklogIssue[]>();
  if (pi) {
    for (const s of input.stories) {
      if (plannedKeys.has(s.key) || s.status.category === 'done' || storyPi(s) !== pi) continue;
      const t = input.teamOf(s) ?? NO_TEAM;
      unplannedByTeam.set(t, [...(unplannedByTeam.get(t) ?? []), s]);
    }
  }

  const figures: Figure[] = [];
  const keep = <F extends Figure>(f: F) => (figures.push(f), f);
  const piName = pi ?? '';

  const cards = (team: string, sprintId: number | null, sprint: string | undefined, stories: readonly BacklogIssue[]): PiCard[] => {
    const groups = new Map<string | null, string[]>();
    for (const s of stories) {
      const f = featureOf(s)?.key ?? null;
      groups.set(f, [...(groups.get(f) ?? []), s.key]);
    }
    const at = (issue: string | undefined): At => ({ scope: sprintId === null ? 'team' : 'sprint', pi: piName, team, ...(sprint !== undefined ? { sprint, sprintId: sprintId! } : {}), ...(issue !== undefined ? { issue } : {}) });
    return [...groups]
      .map(([featureKey, keys]) => ({
        id: cardId(featureKey, team, sprintId),
        featureKey,
        team,
        sprintId,
        points: keep(fig('piCardPoints', 'points', at(featureKey ?? undefined), pointsSum(keys, pts))),
        stories: keep(fig('piCardStories', 'issues', at(featureKey ?? undefined), issueCount(keys))),
        unestimated: keep(fig('piCardUnestimated', 'issues', at(featureKey ?? undefined), issueCount(unestimatedKeys(keys)))),
        inPiScope: inScope(featureKey ? featureByKey.get(featureKey) : undefined),
        topWsjfRank: featureKey ? (topRank.get(featureKey) ?? null) : null,
      }))
      .sort((a, b) => (a.topWsjfRank ?? Infinity) - (b.topWsjfRank ?? Infinity) || (a.featureKey === null ? 1 : b.featureKey === null ? -1 : keyOrder(a.featureKey, b.featureKey)));
  };

  const historyExclude = new Set(iterations.map((it) => it.sprint.id));
  const teamNames = new Set<string>([...iterations.map((it) => it.team), ...unplannedByTeam.keys()]);
  const piObjectives = pi ? input.objectives.filter((o) => piLabelOf(o.labels, prefix) === pi) : [];
  for (const o of piObjectives) teamNames.add(o.team ?? NO_TEAM);
  const teamsWithSprints = new Set(input.teamOfSprint.values());

  const aligned = (keys: Iterable<string>): AlignedStory[] =>
    [...new Set(keys)].map((k) => {
      const s = storyByKey.get(k)!;
      const f = featureOf(s);
      return { key: k, points: pts(k), hasFeature: !!f, inPiScope: inScope(f), topWsjf: !!f && topRank.has(f.key) };
    });

  const teams: PiTeamRow[] = [...teamNames].sort(teamOrder).map((team) => {
    const history = velocityHistory(input.closedSprints, team, settings.velocitySprints, historyExclude);
    const own = iterations.filter((it) => it.team === team);
    const cells: PiCell[] = Array.from({ length: columnCount }, (_, column) => {
      const it = own.find((x) => x.column === column);
      if (!it) {
        const at: At = { scope: 'sprint', pi: piName, team };
        return { team, sprint: null, column, storyKeys: [], cards: [], capacity: null, load: fig('piLoad', 'points', at, pointsSum([], pts)), unestimated: fig('piUnestimated', 'issues', at, issueCount([])), overCommitted: false, overCommitMessage: null };
      }
      const stories = bySprint.get(it.sprint.id) ?? [];
      const keys = stories.map((s) => s.key);
      const at: At = { scope: 'sprint', pi: piName, team, sprint: it.sprint.name, sprintId: it.sprint.id };
      const load = keep(fig('piLoad', 'points', at, pointsSum(keys, pts)));
      const unestimated = keep(fig('piUnestimated', 'issues', at, issueCount(unestimatedKeys(keys))));
      const capacity = capacityOf(team, it.sprint.id, history, settings);
      return {
        team,
        sprint: it.sprint,
        column,
        storyKeys: [...keys].sort(keyOrder),
        cards: cards(team, it.sprint.id, it.sprint.name, stories),
        capacity,
        load,
        unestimated,
        overCommitted: overCommitted(load.value!, capacity.value, settings.overCommitShare),
        overCommitMessage: overCommitMessage(load.value!, capacity.value, settings.overCommitShare, unestimated.numerator),
      };
    });
    const unplannedStories = unplannedByTeam.get(team) ?? [];
    const ukeys = unplannedStories.map((s) => s.key);
    const uat: At = { scope: 'team', pi: piName, team };
    const unplanned: PiCell = {
      team,
      sprint: null,
      column: null,
      storyKeys: [...ukeys].sort(keyOrder),
      cards: cards(team, null, undefined, unplannedStories),
      capacity: null,
      load: keep(fig('piUnplannedPoints', 'points', uat, pointsSum(ukeys, pts))),
      unestimated: keep(fig('piUnplannedUnestimated', 'issues', uat, issueCount(unestimatedKeys(ukeys)))),
      overCommitted: false,
      overCommitMessage: null,
    };
    const real = cells.filter((c) => c.sprint !== null);
    const caps = real.map((c) => c.capacity!.value);
    const known = caps.filter((c): c is number => c !== null);
    const loadSum = real.reduce((s, c) => s + c.load.numerator, 0);
    const unestSum = real.reduce((s, c) => s + c.unestimated.numerator, 0);
    const plannedTeamKeys = real.flatMap((c) => c.storyKeys);
    const tat: At = { scope: 'team', pi: piName, team };
    const load = keep(fig('piLoad', 'points', tat, { ...pointsSum(plannedTeamKeys, pts), value: loadSum, numerator: loadSum }));
    const unestimated = keep(fig('piUnestimated', 'issues', tat, { ...issueCount(unestimatedKeys(plannedTeamKeys)), value: unestSum, numerator: unestSum }));
    const capacity = known.length ? round1(known.reduce((a, b) => a + b, 0)) : null;
    const al = alignment(aligned(plannedTeamKeys), tat);
    for (const f of [al.inPiScope, al.topWsjf, al.orphan]) keep(f);
    const kind: PiTeamRow['kind'] = teamsWithSprints.has(team) ? 'scrum' : 'kanban';
    const noteParts: string[] = [];
    if (kind === 'kanban') noteParts.push(`${team} has no sprints (a kanban board or no board): its stories of ${piName} are shown as unplanned, and it has no capacity per iteration.`);
    else if (!own.length) noteParts.push(`No sprint of ${team} falls in ${piName} yet: its stories of the PI are shown as unplanned.`);
    else if (!history.length && real.some((c) => c.capacity!.source === 'none')) noteParts.push(`${team} has no closed sprint yet: no velocity, so no capacity (set one per iteration in settings).`);
    return {
      team,
      kind,
      note: noteParts.join(' ') || null,
      cells,
      unplanned,
      objectives: [...piObjectives.filter((o) => (o.team ?? NO_TEAM) === team)].sort((a, b) => keyOrder(a.key, b.key)),
      totals: { capacity, capacityPartial: known.length > 0 && known.length < caps.length, load, unestimated, overCommitted: overCommitted(loadSum, capacity, settings.overCommitShare) },
      alignment: al,
    };
  });

  // Train totals: sums over the teams' cells.
  const trainAt: At = { scope: 'pi', pi: piName };
  const allPlanned = teams.flatMap((t) => t.cells.flatMap((c) => c.storyKeys));
  const trainLoad = teams.reduce((s, t) => s + t.totals.load.numerator, 0);
  const trainUnest = teams.reduce((s, t) => s + t.totals.unestimated.numerator, 0);
  const teamCaps = teams.filter((t) => t.kind === 'scrum' && t.cells.some((c) => c.sprint)).map((t) => t.totals);
  const knownCaps = teamCaps.filter((t) => t.capacity !== null);
  const trainAlignment = alignment(aligned(allPlanned), trainAt);
  for (const f of [trainAlignment.inPiScope, trainAlignment.topWsjf, trainAlignment.orphan]) keep(f);
  const train = {
    capacity: knownCaps.length ? round1(knownCaps.reduce((s, t) => s + t.capacity!, 0)) : null,
    capacityPartial: knownCaps.some((t) => t.capacityPartial) || (knownCaps.length > 0 && knownCaps.length < teamCaps.length),
    load: keep(fig('piLoad', 'points', trainAt, { ...pointsSum(allPlanned, pts), value: trainLoad, numerator: trainLoad })),
    unestimated: keep(fig('piUnestimated', 'issues', trainAt, { ...issueCount(unestimatedKeys(allPlanned)), value: trainUnest, numerator: trainUnest })),
    alignment: trainAlignment,
  };

  // Top features by WSJF: who planned what for each, and the ones nobody planned.
  const plannedTeamOf = new Map<string, Set<string>>();
  for (const t of teams) for (const c of t.cells) for (const k of c.storyKeys) plannedTeamOf.set(k, new Set([...(plannedTeamOf.get(k) ?? []), t.team]));
  const findings: string[] = [];
  const topFeatures: PiTopFeature[] = topN.map((r) => {
    const mine = [...plannedKeys].filter((k) => storyByKey.get(k)!.parentKey === r.key);
    const byTeam = new Map<string, string[]>();
    for (const k of mine) for (const t of plannedTeamOf.get(k) ?? []) byTeam.set(t, [...(byTeam.get(t) ?? []), k]);
    const f = featureByKey.get(r.key);
    const planned = keep(fig('piFeaturePlanned', 'points', { scope: 'pi', pi: piName, issue: r.key }, pointsSum(mine, pts)));
    const unplannedCount = [...unplannedByTeam.values()].flat().filter((s) => s.parentKey === r.key).length;
    const finding =
      pi && mine.length === 0
        ? `${r.key}${f ? ` "${f.summary}"` : ''} is #${r.rank} by WSJF, and no team has planned any of its stories in an iteration of ${pi}${unplannedCount ? ` (${unplannedCount} of its stories are in the PI but in no sprint)` : ''}.`
        : null;
    if (finding) findings.push(finding);
    return {
      key: r.key,
      rank: r.rank,
      wsjf: r.wsjf,
      inPiScope: inScope(f),
      teams: [...byTeam]
        .sort((a, b) => teamOrder(a[0], b[0]))
        .map(([team, keys]) => ({ team, points: keep(fig('piFeaturePlanned', 'points', { scope: 'team', pi: piName, team, issue: r.key }, pointsSum(keys, pts))) })),
      planned,
      finding,
    };
  });

  // Dependencies ("blocks" / "is blocked by") between the board's stories, and between its features, each pair once.
  const onBoard = new Set([...plannedKeys, ...[...unplannedByTeam.values()].flat().map((s) => s.key)]);
  const issueByKey = new Map([...input.stories, ...input.features].map((i) => [i.key, i]));
  const pairs = new Map<string, [BacklogIssue, BacklogIssue]>();
  for (const k of onBoard) {
    const s = storyByKey.get(k)!;
    for (const l of s.links) {
      if (l.direction === 'other') continue;
      const other = issueByKey.get(l.other.key);
      if (!other || other.hierarchyLevel !== s.hierarchyLevel) continue;
      const [blocker, blocked] = l.direction === 'blockedBy' ? [other, s] : [s, other];
      pairs.set(`${blocker.key}>${blocked.key}`, [blocker, blocked]);
    }
  }
  // Features on the board and the links between them: a blocking feature is done when its last
  // planned story is, and the blocked one starts with its first.
  const boardFeatures = new Set(teams.flatMap((t) => [...t.cells, t.unplanned].flatMap((c) => c.cards.map((k) => k.featureKey).filter((k): k is string => k !== null))));
  for (const fk of boardFeatures) {
    const f = featureByKey.get(fk)!;
    for (const l of f.links) {
      if (l.direction === 'other') continue;
      const other = featureByKey.get(l.other.key);
      if (!other) continue;
      const [blocker, blocked] = l.direction === 'blockedBy' ? [other, f] : [f, other];
      pairs.set(`${blocker.key}>${blocked.key}`, [blocker, blocked]);
    }
  }
  const featureIterations = new Map<string, PiIteration[]>();
  for (const [k, it] of placement) {
    const f = featureOf(storyByKey.get(k)!);
    if (f) featureIterations.set(f.key, [...(featureIterations.get(f.key) ?? []), it]);
  }
  const featureUnplannedTeam = new Map<string, string>();
  for (const [t, list] of [...unplannedByTeam].sort((a, b) => teamOrder(a[0], b[0]))) for (const st of list) {
    const f = featureOf(st);
    if (f && !featureUnplannedTeam.has(f.key)) featureUnplannedTeam.set(f.key, t);
  }
  const iterationOfIssue = (i: BacklogIssue, role: 'blocker' | 'blocked'): PiIteration | undefined => {
    if (i.hierarchyLevel === 0 || !featureByKey.has(i.key)) return placement.get(i.key);
    const its = featureIterations.get(i.key) ?? [];
    return [...its].sort((a, b) => (role === 'blocker' ? b.column - a.column : a.column - b.column) || (a.team < b.team ? -1 : 1))[0];
  };
  const end = (i: BacklogIssue, role: 'blocker' | 'blocked'): PiEnd => {
    if (featureByKey.has(i.key) && i.hierarchyLevel !== 0) {
      const it = iterationOfIssue(i, role);
      const uTeam = featureUnplannedTeam.get(i.key);
      return {
        issue: i,
        team: it?.team ?? uTeam ?? input.teamOf(i),
        at: it ? { column: it.column, sprint: it.sprint } : { column: null, sprint: null },
        card: it ? cardId(i.key, it.team, it.sprint.id) : uTeam ? cardId(i.key, uTeam, null) : null,
      };
    }
    const it = placement.get(i.key);
    const team = it?.team ?? input.teamOf(i);
    const onUnplanned = !it && onBoard.has(i.key);
    return { issue: i, team, at: it ? { column: it.column, sprint: it.sprint } : { column: null, sprint: null }, card: it ? cardId(featureOf(i)?.key ?? null, it.team, it.sprint.id) : onUnplanned ? cardId(featureOf(i)?.key ?? null, team ?? NO_TEAM, null) : null };
  };
  const riskOrder: Record<PiRisk, number> = { later: 0, unplanned: 1, same: 2, ok: 3 };
  const dependencies: PiDependency[] = pi
    ? [...pairs.values()]
        .map(([blocker, blocked]) => {
          const from = end(blocker, 'blocker');
          const to = end(blocked, 'blocked');
          const r = piDependencyRisk(from, to, pi);
          return { id: `${blocker.key}>${blocked.key}`, from, to, risk: r.risk, sentence: r.sentence };
        })
        .sort((a, b) => riskOrder[a.risk] - riskOrder[b.risk] || keyOrder(a.from.issue.key, b.from.issue.key) || keyOrder(a.to.issue.key, b.to.issue.key))
    : [];

  const columns: PiColumn[] = Array.from({ length: columnCount }, (_, index) => {
    const its = iterations.filter((it) => it.column === index);
    const starts = its.map((it) => it.sprint.startDate).filter((d): d is string => !!d).sort();
    const ends = its.map((it) => it.sprint.endDate).filter((d): d is string => !!d).sort();
    // An IP (innovation and planning) iteration: every sprint in the column is named so, or overridden with that reason.
    const ip = its.length > 0 && its.every((it) => IP.test(it.sprint.name) || settings.capacityOverrides.some((o) => o.team === it.team && o.sprintId === it.sprint.id && IP.test(o.reason)));
    return { index, label: `Iteration ${index + 1}${ip ? ' (IP)' : ''}`, start: starts[0] ?? null, end: ends.at(-1) ?? null, sprintIds: its.map((it) => it.sprint.id) };
  });

  const featureKeys = [
    ...new Set([
      ...input.features.filter((f) => inScope(f)).map((f) => f.key),
      ...teams.flatMap((t) => [...t.cells, t.unplanned].flatMap((c) => c.cards.map((k) => k.featureKey).filter((k): k is string => k !== null))),
    ]),
  ].sort(keyOrder);
  for (const t of teams) if (t.note) notes.push(t.note);

  return {
    pis,
    pi,
    window: { start: option?.start ?? null, end: option?.end ?? null, source: option?.source ?? 'none' },
    columns,
    iterations,
    teams,
    train,
    topFeatures,
    findings,
    dependencies,
    featureKeys,
    notes,
    figures,
  };
}
