import { assessFeatureReadiness } from '../domain/quality/featureReadiness';
import type { Figure, TrainHealth } from '../domain/health';
import type { BacklogIssue } from '../domain/model';
import { choosePi, DEFAULT_PI_PREFIX, planPi, type PiCell, type PiEnd, type PiPlan } from '../domain/piPlanning';
import { piPlanningSettings, type EffectiveSettings } from '../domain/settings';
import { PI_PLANNING_INLINE_PARTS, type PiCellView, type PiFeatureReadinessView, type PiPlanningData, type PiTeamRowView } from '../contract';
import type { AppContext } from './context';
import { teamResolverOf } from './dependencies';
import { AppFailure } from './failure';
import { figureView, keyListLinks } from './figureViews';
import { wireTab, type TabLinks } from './figureWire';
import { projectOrNotFound } from './project';
import { currentSettings, hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';
import { and, jqlList } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import { parseStoredWsjf, WSJF_PROPERTY } from './wsjfProperty';
import { storedTab } from './tabViews';
import { loadTrain, trainScope, type TrainData } from './trainData';
import { healthOf } from './trainHealth';
import { recordedCommitments } from './snapshots';
import { issueRef } from './views';
import { loadTrainFeatures, rankTrain, type TrainFeature } from './wsjfTable';
import { wsjfView } from './wsjfView';

export const PI_DEFINITIONS: PiPlanningData['definitions'] = {
  capacity: "Points a team can take in an iteration: the median accepted points (velocity) of its last N closed sprints before the PI (N in settings, default 3), unless settings override it for that team and sprint (holidays, IP iteration; the reason is shown). No closed sprint: no capacity (\"no velocity yet\"), never 0.",
  load: 'Sum of the story points of the stories (hierarchy level 0) whose Sprint field includes the sprint. A team\'s and the train\'s load are the sums over their iterations.',
  unestimated: 'Stories counted in the load that have no story points; shown apart, they add nothing to the load.',
  overCommitted: 'Load above capacity × the over-commitment share (settings, default 100%). Never when capacity is unknown.',
  inPiScope: "Share of the planned points (stories in the PI's sprints) on features that carry the PI's label.",
  topWsjf: 'Share of the planned points on the top N features by WSJF (the WSJF tab\'s ranking; N in settings, default 5).',
  orphan: 'Share of the planned points on stories with no parent feature in the train.',
  risk: 'A blocker planned in a later iteration than the work it blocks is "later"; the same iteration, "same"; a blocker (not done) in no iteration of the PI, "unplanned"; else "ok" (done, or earlier).',
};

/** What PI planning reads of the health: the closed sprints and their velocity figures (a large train's refresh stores just these: src/app/tabViews.ts). */
export type PiHealth = Pick<TrainHealth, 'sprints' | 'figures'>;

/** The parts of `health` PI planning reads. */
export function piHealth(health: TrainHealth): PiHealth {
  return { sprints: health.sprints, figures: health.figures.filter((f) => f.metric === 'sprintVelocity') };
}

export interface PiComputation {
  plan: PiPlan;
  train: TrainData;
  health: PiHealth;
  features: TrainFeature[];
  settings: EffectiveSettings;
}

/**
 * Loads the train as the user (the health page's bounded calls, plus the WSJF tab's one feature
 * search with the score property) and plans the PI on the pure domain (src/domain/piPlanning).
 * Unknown PI: NOT_FOUND naming the known ones.
 */
export async function computePiPlan(ctx: AppContext, projectKey: string, pi?: string): Promise<PiComputation> {
  const { settings, meta } = await currentSettings(ctx);
  await projectOrNotFound(ctx, projectKey);
  const now = ctx.now();
  const [train, recorded, features] = await Promise.all([loadTrain(ctx.jira, settings, meta, projectKey), recordedCommitments(ctx.store, projectKey), loadTrainFeatures(ctx, settings, meta, projectKey)]);
  // Only the closed sprints' velocity is needed, which no quality verdict changes: the story quality
  // engine is not run (the verdict callback answers nothing).
  const health = healthOf(train, settings, now, recorded, () => undefined);
  return planFrom(projectKey, { train, health, features, settings }, now, pi);
}

/**
 * The PI plan from a loaded train, its health (closed sprints' velocity) and the train's features
 * with their stored WSJF: the live path above and the stored tab view (src/app/tabViews.ts).
 * Unknown PI: NOT_FOUND naming the known ones.
 */
export function planFrom(projectKey: string, c: Omit<PiComputation, 'plan'>, now: Date, pi?: string): PiComputation {
  const { train, health, features, settings } = c;
  const ranking = rankTrain(features, settings);
  const plan = planPi({
    pi: pi ?? null,
    stories: train.stories,
    features: train.features,
    objectives: train.objectives,
    sprints: train.sprints,
    teamOfSprint: train.teamOfSprint,
    teamOf: teamResolverOf(train),
    closedSprints: health.sprints,
    ranked: ranking.ranked.map((r) => ({ key: r.key, rank: r.rank, wsjf: r.wsjf })),
    settings: piPlanningSettings(settings),
    prefix: settings.piObjectives?.piLabelPrefix ?? DEFAULT_PI_PREFIX,
    now: now.toISOString(),
  });
  if (pi && choosePi(plan.pis, pi) === 'unknown') throw unknownPi(projectKey, plan.pis, pi);
  return { plan, train, health, features, settings };
}

export function unknownPi(projectKey: string, pis: readonly { pi: string }[], pi: string): AppFailure {
  return new AppFailure('NOT_FOUND', `No feature, story or objective of ${projectKey} carries the PI label ${pi}. Known PIs: ${pis.map((p) => p.pi).join(', ') || 'none'}.`);
}

/**
 * The train's features with their text and stored WSJF, read as the user in one search (⌈F/100⌉
 * pages): what a stored train lacks for the PI planning tab (feature readiness reads the text).
 */
export async function loadFeaturesWithText(ctx: AppContext, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string): Promise<TrainFeature[]> {
  const featureTypes = typesAtLevel(meta, settings.featureHierarchyLevel);
  const jql = `${and(trainScope(settings, projectKey), `issuetype in ${jqlList(featureTypes)}`)} ORDER BY Rank ASC`;
  const raw = await ctx.jira.searchAll(jql, backlogFields(settings.fields, { withText: true }), { properties: [WSJF_PROPERTY] });
  const levelOf = hierarchyLevelLookup(meta);
  return raw.map((r) => ({ issue: mapIssue(r, settings.fields, levelOf), stored: parseStoredWsjf(r.properties?.[WSJF_PROPERTY]) }));
}

/** Feature readiness of the PI's features (feature-ready's engine, the feature panel's checks). */
export function featureReadiness(c: Pick<PiComputation, 'plan' | 'train' | 'features' | 'settings'>, now: Date): { feature: BacklogIssue; ready: boolean; findings: { rule: string; message: string; hint: string; evidence: string | null }[] }[] {
  const byKey = new Map(c.train.features.map((f) => [f.key, f]));
  const stored = new Map(c.features.map((f) => [f.issue.key, f.stored]));
  const children = new Map<string, BacklogIssue[]>();
  for (const s of c.train.stories) if (s.parentKey) children.set(s.parentKey, [...(children.get(s.parentKey) ?? []), s]);
  return c.plan.featureKeys
    .map((k) => byKey.get(k))
    .filter((f): f is BacklogIssue => !!f)
    .map((f) => {
      const s = stored.get(f.key) ?? null;
      const r = assessFeatureReadiness({
        key: f.key,
        summary: f.summary,
        description: f.description,
        acceptanceCriteria: f.acceptanceCriteria,
        storyPoints: f.storyPoints,
        wsjf: s ? wsjfView(s, c.settings.wsjfScale, c.settings.wsjfStaleAfterDays, now) : null,
        children: (children.get(f.key) ?? []).map((ch) => ({ key: ch.key, summary: ch.summary, storyPoints: ch.storyPoints, isStory: true, done: ch.status.category === 'done' })),
      });
      return { feature: f, ready: r.ready, findings: r.findings.map((x) => ({ rule: x.rule, message: x.message, hint: x.hint, evidence: x.evidence || null })) };
    });
}

/** The tab's view: the plan's figures as FigureViews with their drill-down links; nothing left to compute. */
export function piPlanningView(siteUrl: string, projectKey: string, c: PiComputation, now: Date): PiPlanningData {
  const { plan, train } = c;
  const fv = (f: Figure) => figureView(siteUrl, f);
  const issues = new Map([...train.stories, ...train.features, ...train.objectives].map((i) => [i.key, i]));
  const ref = (key: string) => issueRef(siteUrl, issues.get(key)!);
  const cell = (x: PiCell): PiCellView => ({
    team: x.team,
    sprint: x.sprint?.name ?? null,
    sprintId: x.sprint?.id ?? null,
    column: x.column,
    cards: x.cards.map((k) => ({
      id: k.id,
      feature: k.featureKey && issues.has(k.featureKey) ? ref(k.featureKey) : null,
      team: k.team,
      sprintId: k.sprintId,
      points: fv(k.points),
      stories: fv(k.stories),
      unestimated: fv(k.unestimated),
      inPiScope: k.inPiScope,
      topWsjfRank: k.topWsjfRank,
    })),
    capacity: x.capacity
      ? {
          value: x.capacity.value,
          source: x.capacity.source,
          basis: x.capacity.basis,
          overrideReason: x.capacity.overrideReason,
          history: x.capacity.history.map((h) => {
            const v = c.health.figures.find((f) => f.metric === 'sprintVelocity' && f.sprintId === h.sprintId);
            return { sprint: h.sprint, sprintId: h.sprintId, velocity: fv(v!) };
          }),
        }
      : null,
    load: fv(x.load),
    unestimated: fv(x.unestimated),
    overCommitted: x.overCommitted,
    overCommitMessage: x.overCommitMessage,
  });
  const alignmentView = (a: PiPlan['train']['alignment']) => ({ inPiScope: fv(a.inPiScope), topWsjf: fv(a.topWsjf), orphan: fv(a.orphan) });
  const teams: PiTeamRowView[] = plan.teams.map((t) => ({
    team: t.team,
    kind: t.kind,
    note: t.note,
    cells: t.cells.map(cell),
    unplanned: cell(t.unplanned),
    objectives: t.objectives.map((o) => ({ issue: issueRef(siteUrl, o), planned: o.objective?.planned ?? null, committed: !o.labels.some((l) => l.toLowerCase() === 'uncommitted') })),
    totals: { capacity: t.totals.capacity, capacityPartial: t.totals.capacityPartial, load: fv(t.totals.load), unestimated: fv(t.totals.unestimated), overCommitted: t.totals.overCommitted },
    alignment: alignmentView(t.alignment),
  }));
  const endView = (e: PiEnd) => ({ ...issueRef(siteUrl, e.issue), team: e.team, sprint: e.at.sprint?.name ?? null, sprintId: e.at.sprint?.id ?? null });
  const readiness: PiFeatureReadinessView[] = featureReadiness(c, now).map((r) => ({ feature: issueRef(siteUrl, r.feature), ready: r.ready, findings: r.findings }));
  const s = piPlanningSettings(c.settings);
  const cardFeatures = [...new Set(plan.teams.flatMap((t) => [...t.cells, t.unplanned].flatMap((x) => x.cards.map((k) => k.featureKey)).filter((k): k is string => !!k && issues.has(k))))];
  return {
    asOf: now.toISOString(),
    projectKey,
    pis: plan.pis,
    pi: plan.pi,
    window: plan.window,
    columns: plan.columns,
    iterations: plan.iterations.map((it) => ({ team: it.team, sprint: it.sprint.name, sprintId: it.sprint.id, start: it.sprint.startDate, end: it.sprint.endDate, state: it.sprint.state, column: it.column })),
    teams,
    train: { capacity: plan.train.capacity, capacityPartial: plan.train.capacityPartial, load: fv(plan.train.load), unestimated: fv(plan.train.unestimated), alignment: alignmentView(plan.train.alignment) },
    topN: s.topWsjf,
    overCommitShare: s.overCommitShare,
    velocitySprints: s.velocitySprints,
    topFeatures: plan.topFeatures.map((f) => ({ feature: ref(f.key), rank: f.rank, wsjf: f.wsjf, inPiScope: f.inPiScope, teams: f.teams.map((t) => ({ team: t.team, points: fv(t.points) })), planned: fv(f.planned), finding: f.finding })),
    findings: plan.findings,
    dependencies: plan.dependencies.map((d) => ({ id: d.id, from: endView(d.from), to: endView(d.to), fromCard: d.from.card, toCard: d.to.card, risk: d.risk, sentence: d.sentence, link: keyListLinks(siteUrl, [d.from.issue.key, d.to.issue.key])[0] })),
    features: readiness,
    filters: { teams: teams.map((t) => t.team), features: cardFeatures.sort().map(ref) },
    notes: [...plan.notes, ...train.notes],
    definitions: PI_DEFINITIONS,
  };
}

/** The PI planning view as it travels and the lists it left out (the board keeps only one-part lists inline): the one form stored, answered and linked. */
export function piPlanningWire(full: PiPlanningData): { view: PiPlanningData; links: TabLinks } {
  return wireTab(full.asOf, full, PI_PLANNING_INLINE_PARTS);
}

/** The "PI planning" tab (resolver getPiPlanning), read as the user. */
export async function getPiPlanning(ctx: AppContext, projectKey: string, pi?: string): Promise<PiPlanningData> {
  const [{ settings }] = await Promise.all([currentSettings(ctx), projectOrNotFound(ctx, projectKey)]);
  // The person's stored views (made by their last sync, as of the Overview's "as of"), else live.
  const stored = await storedTab(ctx, projectKey, 'piPlanning', settings);
  if (stored) {
    if (!pi) return stored.default;
    const chosen = choosePi(stored.default.pis, pi);
    if (chosen === 'unknown') throw unknownPi(projectKey, stored.default.pis, pi);
    if (chosen && chosen.pi === stored.default.pi) return stored.default;
  }
  const c = await computePiPlan(ctx, projectKey, pi);
  return piPlanningWire(piPlanningView(ctx.siteUrl, projectKey, c, ctx.now())).view;
}
