/**
 * The next PI (`PI-2027.1`), partly planned at the PI planning event three days before `now`, so
 * that every element of the "PI planning" tab has something to show:
 * - five sprints per scrum team dated inside the PI: the two future sprints that already exist
 *   (Sprint 21 and 22) and three new ones (Sprint 23 over the holidays, Sprint 24, and Sprint 25, the
 *   IP iteration, named "… (IP)", with a small innovation story for two teams);
 * - stories planned into them with points (each team under its velocity, except Quasar in Sprint 24
 *   at about twice its median velocity), some unestimated, a few orphans (no parent feature) and a
 *   few of the PI's stories left in the backlog; the kanban team's (Meteor) stories of the PI;
 * - the highest-ranked of the top-5 WSJF features with nothing planned, in the PI's scope;
 * - "Blocks" dependencies between planned stories whose blocker lands in a later iteration, the same
 *   one, no iteration, and an earlier one;
 * - the PI's label on the features in its scope (those not started yet, the unplanned top feature
 *   and three new ones: ready, without a benefit hypothesis, with unestimated stories) and on every
 *   story planned into the PI; PI objectives per team, created by the RTE.
 * Own PRNG, and every new sprint, issue, link and history is appended after the existing ones, so the
 * past (closed and active sprints, acceptance, rework) does not change.
 */
import type { DataSet, JiraChangelogHistory, JiraIssue, JiraSprint } from '../../emulator/dataset';
import { KANBAN_TEAM } from '../realSiteShapes';
import { DOMAINS, type Domain } from '../text';
import { agileTime, bullets, DAY, doc, heading, HOUR, jiraTime, MIN, para, Rng, SPRINT_LENGTH, type Adf } from './basics';
import { DEMO } from './demo';
import { F, ISSUE_TYPES, LINK_TYPES, SITE, STATUS, type StatusKey } from './jira';
import { toIssues } from './issues';
import { createContext, type Sim, type SprintInfo } from './model';
import { POPM, RTE, teamMembers, teamValue } from './people';
import { changelogHelpers, sprintFieldValueOf } from './sprints';
import { storyWriter } from './stories';

/** What the next PI is planned to show (the demo tests check each against the raw data). */
export const NEXT_PI_PLAN = {
  pi: DEMO.labels.nextPi,
  /** Sprint numbers of each team's iterations in the PI (Sprint 21 is the first future sprint). */
  sprintNumbers: [21, 22, 23, 24, 25],
  /** The IP iteration: named "<Team> Sprint 25 (IP)", no feature work (an innovation story for Comet and Quasar). */
  ipSprintNumber: 25,
  /** Over the holidays: about half the velocity planned. */
  holidaySprintNumber: 23,
  /** Load about twice the team's median velocity of its last 3 closed sprints. */
  overCommitted: { team: 'Quasar', sprintNumber: 24, share: 2 },
  /** Share of the median velocity planned in the other new sprints (holiday sprint: half of it). */
  plannedShare: 0.8,
  /** Blocker team/sprint → blocked team/sprint; `null` sprint = the blocker is in no sprint. */
  dependencies: {
    later: { blocker: ['Pulsar', 24], blocked: ['Comet', 23] },
    same: { blocker: ['Quasar', 23], blocked: ['Nebula', 23] },
    unplanned: { blocker: ['Nebula', null], blocked: ['Pulsar', 24] },
    ok: { blocker: ['Comet', 23], blocked: ['Quasar', 24] },
  },
  /** The new features (summaries) for feature readiness. */
  features: {
    ready: 'Usage-based pricing for API calls',
    notReady: 'Customer health score',
    unestimatedStories: 'Workspace templates for new teams',
  },
} as const;

const WSJF_SCALE = [1, 2, 3, 5, 8, 13, 20];

const OBJECTIVES: readonly string[] = [
  'Customers on usage-based plans see their API use before the invoice',
  'New teams start from a workspace template in one click',
  'Account managers see a health score for every customer',
  'Cut the time to answer a billing question by half',
  'Search results for the largest tenants stay under a second during peak',
  'Field technicians receive schedule changes on their watch',
  'Finance exports the year-end report without help from engineering',
  'Enterprise admins manage single sign-on without a support ticket',
  'Quiet hours respected in every notification channel',
  'Offline mode keeps working through a full day without signal',
  'Every new workspace chooses where its data is stored',
  'Dunning recovers half of the failed renewals without a call',
];

const METEOR_STORIES: readonly [string, string, string][] = [
  ['Publish a help-centre article on workspace templates', 'support agent', 'customers can start from a template without asking us'],
  ['Tag support tickets about workspace templates', 'support lead', 'we see which templates confuse customers'],
];

const IP_STORIES: readonly [number, string, string, number][] = [
  [0, 'Innovation: prototype usage alerts for API-heavy customers', 'As a developer, I want to try usage alerts on real API traffic so that we know whether customers would act on them.', 2],
  [3, 'Spike: evaluate a managed search service for the largest tenants', 'As a developer, I want to compare a managed search service with ours on the largest tenant so that we can decide before the next PI.', 3],
];

const STATUS_KEY: Record<string, StatusKey> = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v.id, k as StatusKey]));
const keyNumber = (key: string) => Number(key.split('-')[1]);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function addNextPi(data: DataSet, nowMs: number, seed: number): void {
  const pi = NEXT_PI_PLAN.pi;
  const rng = new Rng((seed ^ 0x20271) >>> 0);
  const ctx = createContext(seed, nowMs, 1, rng, teamMembers());
  const planAt = nowMs - 3 * DAY; // the PI planning event: two days, ending a day before now
  const art = data.projects.find((p) => p.key === DEMO.projectKey)!;
  const projectRef = { self: art.self, id: art.id, key: art.key, name: art.name };
  const teamIndex = (i: JiraIssue) => DEMO.teams.indexOf((i.fields[F.team] as { name?: string } | null)?.name as (typeof DEMO.teams)[number]);
  const artIssues = data.issues.filter((i) => i.fields.project.key === DEMO.projectKey);
  const sprintIdsOf = (i: JiraIssue) => ((i.fields[F.sprint] as { id: number }[] | null) ?? []).map((v) => v.id);
  const pointsOf = (i: JiraIssue) => (typeof i.fields[F.storyPoints] === 'number' ? (i.fields[F.storyPoints] as number) : 0);
  const hidden = new Set(data.users.flatMap((u) => u.hiddenIssueKeys ?? []));

  // ------------------------------------------------------------------------------ sprints of the PI
  const teamSprints = DEMO.teams.map((_, team) => data.sprints.filter((s) => s.originBoardId === team + 1).sort((a, b) => a.id - b.id));
  let sprintId = Math.max(...data.sprints.map((s) => s.id));
  const piSprints: JiraSprint[][] = teamSprints.map((own) => own.filter((s) => s.state === 'future'));
  const newSprints: JiraSprint[] = [];
  for (let k = 1; k <= 3; k++) {
    for (let team = 0; team < DEMO.teams.length; team++) {
      const last = piSprints[team][1];
      const number = NEXT_PI_PLAN.sprintNumbers[1 + k];
      const start = Date.parse(last.startDate!) + k * SPRINT_LENGTH;
      sprintId++;
      const s: JiraSprint = {
        id: sprintId,
        self: `${SITE}/rest/agile/1.0/sprint/${sprintId}`,
        state: 'future',
        name: `${DEMO.teams[team]} Sprint ${number}${number === NEXT_PI_PLAN.ipSprintNumber ? ' (IP)' : ''}`,
        originBoardId: team + 1,
        startDate: agileTime(start),
        endDate: agileTime(start + SPRINT_LENGTH - HOUR),
        createdDate: agileTime(planAt - DAY - rng.int(0, 8 * 60) * MIN),
      };
      piSprints[team].push(s);
      newSprints.push(s);
    }
  }
  const sprintByNumber = (team: number, number: number) => piSprints[team][NEXT_PI_PLAN.sprintNumbers.indexOf(number as never)];
  const byId = new Map<number, SprintInfo>([...data.sprints, ...newSprints].map((s) => [s.id, { sprint: s, team: s.originBoardId - 1, index: -1, start: null, end: null, complete: null }]));
  const sprints = { fieldValue: sprintFieldValueOf(byId) };
  const log = changelogHelpers(ctx, { infos: [], byId, fieldValue: sprints.fieldValue });

  // ------------------------------------------------------------------------------ velocity and load
  /** Points of stories resolved inside a closed sprint they are in: the team's accepted points. */
  const velocity = (team: number) => {
    const closed = teamSprints[team].filter((s) => s.state === 'closed').slice(-3);
    return median(closed.map((s) => artIssues.filter((i) => sprintIdsOf(i).includes(s.id) && i.fields.resolutiondate && Date.parse(i.fields.resolutiondate) >= Date.parse(s.startDate!) && Date.parse(i.fields.resolutiondate) <= Date.parse(s.completeDate!)).reduce((a, i) => a + pointsOf(i), 0)));
  };
  const velocities = DEMO.teams.map((_, t) => velocity(t));

  // ------------------------------------------------------------------------------ features
  const domainOf = (labels: readonly string[]): Domain => DOMAINS.find((d) => labels.includes(d.name)) ?? DOMAINS[0];
  const epicIssues = artIssues.filter((i) => i.fields.issuetype.hierarchyLevel === 1 && teamIndex(i) >= 0);
  const refSim = (i: JiraIssue): Sim => {
    const s = ctx.newSim('epic', teamIndex(i), Date.parse(i.fields.created), i.fields.summary);
    s.id = i.id;
    s.key = i.key;
    s.status = STATUS_KEY[i.fields.status.id] ?? 'todo';
    s.labels = [...(i.fields.labels ?? [])];
    return s;
  };
  const refs = new Map(epicIssues.map((i) => [i.key, refSim(i)]));
  ctx.sims.length = 0; // references only: not converted to issues
  const epicDomain = new Map<Sim, Domain>([...refs.values()].map((s) => [s, domainOf(s.labels)]));
  const epicsByTeam: Sim[][] = DEMO.teams.map((_, t) => [...refs.values()].filter((s) => s.team === t));
  const writer = storyWriter(ctx, { allEpics: [...refs.values()], epicsByTeam, epicDomain }, data.issues.map((i) => i.fields.summary));

  const childrenOf = new Map<string, JiraIssue[]>();
  for (const i of artIssues) {
    if (!i.fields.parent) continue;
    const kids = childrenOf.get(i.fields.parent.key) ?? [];
    kids.push(i);
    childrenOf.set(i.fields.parent.key, kids);
  }
  const sprintState = new Map(data.sprints.map((s) => [s.id, s.state]));
  const piSprintIds = new Set(piSprints.flat().map((s) => s.id));
  const open = (i: JiraIssue) => i.fields.status.statusCategory.key !== 'done';
  // Not started: open, no story in a closed or active sprint (the features planned for the future).
  const notStarted = epicIssues.filter((e) => open(e) && (childrenOf.get(e.key) ?? []).every((c) => sprintIdsOf(c).every((id) => sprintState.get(id) === 'future')));
  // The WSJF ranking (open features with every component on the scale, highest WSJF first).
  const wsjfOf = (e: JiraIssue) => e.properties?.['refinery.wsjf'] as { businessValue: number; timeCriticality: number; riskReduction: number; jobSize: number; wsjf: number } | undefined;
  const ranked = epicIssues
    .filter((e) => open(e) && wsjfOf(e) && [wsjfOf(e)!.businessValue, wsjfOf(e)!.timeCriticality, wsjfOf(e)!.riskReduction, wsjfOf(e)!.jobSize].every((x) => WSJF_SCALE.includes(x)))
    .sort((a, b) => wsjfOf(b)!.wsjf - wsjfOf(a)!.wsjf || keyNumber(a.key) - keyNumber(b.key));
  const unplannedTop = ranked.slice(0, 5).find((e) => !(childrenOf.get(e.key) ?? []).some((c) => sprintIdsOf(c).some((id) => piSprintIds.has(id)))) ?? null;

  const newEpic = (team: number, domainName: string, summary: string, description: Adf, daysAgo: number): Sim => {
    const e = ctx.newSim('epic', team, planAt - daysAgo * DAY - rng.int(0, 8 * 60) * MIN, summary);
    e.description = description;
    e.labels = [domainName, pi];
    e.assignee = POPM;
    epicDomain.set(e, DOMAINS.find((d) => d.name === domainName)!);
    return e;
  };
  const P = NEXT_PI_PLAN.features;
  const ready = newEpic(
    0,
    'billing',
    P.ready,
    doc(
      para('We believe that charging API-heavy customers by usage instead of by seat will result in 10% more upgrades from the Team plan, measured by plan changes in the quarter after launch.'),
      heading(2, 'Acceptance criteria'),
      bullets(['Usage is metered per workspace and shown in the billing history', 'Invoices show usage lines with the unit price', 'Customers on seat-based plans are not affected']),
    ),
    32,
  );
  const wsjf = { businessValue: 5, timeCriticality: 8, riskReduction: 3, jobSize: 5 };
  ready.properties = {
    'refinery.wsjf': {
      ...wsjf,
      costOfDelay: wsjf.businessValue + wsjf.timeCriticality + wsjf.riskReduction,
      wsjf: Math.round(((wsjf.businessValue + wsjf.timeCriticality + wsjf.riskReduction) / wsjf.jobSize) * 100) / 100,
      scoredBy: { accountId: POPM.accountId, displayName: POPM.displayName },
      scoredAt: new Date(planAt - 2 * DAY).toISOString(),
      version: 1,
    },
  };
  const notReady = newEpic(2, 'reporting', P.notReady, doc(para('Build a health score for every customer account.'), para('Details to follow after the discovery workshop.')), 12);
  const unestimated = newEpic(
    3,
    'onboarding',
    P.unestimatedStories,
    doc(
      heading(2, 'Benefit hypothesis'),
      para('We believe that starting from a template will help new teams set up their workspace in a day, measured by the share of workspaces active in their first week.'),
      heading(2, 'Acceptance criteria'),
      bullets(['Five templates available when a workspace is created', 'A template can be previewed before it is applied']),
    ),
    20,
  );
  const newEpics = [ready, notReady, unestimated];
  const inScope = new Set<string>([...notStarted.map((e) => e.key), ...(unplannedTop ? [unplannedTop.key] : [])]);

  // ------------------------------------------------------------------------------ stories
  const planned: Sim[] = [];
  const backlog: Sim[] = [];
  const cell = new Map<string, Sim[]>();
  const cellOf = (team: number, number: number) => cell.get(`${team}|${number}`) ?? [];
  const parentsOf = (team: number): [Sim, number][] => [
    ...[...refs.values()].filter((e) => e.team === team && e.status !== 'done' && !hidden.has(e.key!) && e.key !== unplannedTop?.key).map((e): [Sim, number] => [e, inScope.has(e.key!) ? 3 : 1]),
    ...newEpics.filter((e) => e.team === team && e !== notReady).map((e): [Sim, number] => [e, 3]),
  ];
  const pickParent = (team: number): Sim | null => {
    const ws = parentsOf(team);
    let r = rng.float() * ws.reduce((a, [, w]) => a + w, 0);
    for (const [e, w] of ws) if ((r -= w) < 0) return e;
    return ws.at(-1)?.[0] ?? null;
  };
  const story = (team: number, parent: Sim | null, opts: { points?: 'estimated' | 'none' } = {}): Sim => {
    const s = ctx.newSim('story', team, 0, '');
    s.parent = parent;
    writer.writeStory(s);
    s.labels.push(pi);
    if (opts.points === 'estimated' && s.points === null) s.points = rng.pick([2, 3, 5]);
    if (opts.points === 'none') s.points = null;
    s.created = s.lastAt = Math.max(planAt - rng.int(1, 25) * DAY - rng.int(0, 600) * MIN, (parent?.created ?? 0) + DAY);
    s.rankKey = rng.float();
    return s;
  };
  const plan = (s: Sim, team: number, number: number) => {
    log.addToSprint(s, sprintByNumber(team, number).id, planAt + rng.int(60, 2 * 24 * 60 - 60) * MIN);
    cell.set(`${team}|${number}`, [...cellOf(team, number), s]);
    planned.push(s);
  };
  const load = (team: number, number: number) => cellOf(team, number).reduce((a, s) => a + (s.points ?? 0), 0);
  // Stories the plan needs whatever the rng draws: the ready feature's estimated stories, the
  // unestimated feature's stories (two without points), orphans.
  for (const number of [23, 24]) for (let k = 0; k < 2; k++) plan(story(0, ready, { points: 'estimated' }), 0, number);
  [undefined, 'none', undefined, 'none'].forEach((p) => plan(story(3, unestimated, { points: p as 'none' | undefined }), 3, 24));
  plan(story(1, null, { points: 'estimated' }), 1, 23);
  plan(story(0, null), 0, 24);
  // Fill each team's new sprints up to its share of the median velocity (Quasar in Sprint 24: twice it).
  const O = NEXT_PI_PLAN.overCommitted;
  for (let team = 0; team < DEMO.teams.length; team++) {
    for (const number of [23, 24]) {
      const over = DEMO.teams[team] === O.team && number === O.sprintNumber;
      const share = over ? O.share : number === NEXT_PI_PLAN.holidaySprintNumber ? NEXT_PI_PLAN.plannedShare / 2 : NEXT_PI_PLAN.plannedShare;
      const goal = velocities[team] * share;
      // Under capacity: filled to 85-100% of the goal; a story that would take the sprint past it stays
      // in the backlog. Over: filled to the goal, never more than 20% past it.
      const cap = over ? goal * 1.2 : goal;
      for (let k = 0, skipped = 0; k < 40 && skipped < 3 && load(team, number) < (over ? goal : goal * 0.85); k++) {
        const s = story(team, rng.chance(0.08) ? null : pickParent(team));
        if (cellOf(team, number).some((x) => x.parent) && load(team, number) + (s.points ?? 0) > cap) {
          backlog.push(s);
          skipped++;
        } else plan(s, team, number);
      }
    }
  }

  // The IP iteration: no feature work, a small innovation story for two teams (so the IP sprints are
  // among the sprints the PI's stories name).
  for (const [t, summary, text, points] of IP_STORIES) {
    const s = ctx.newSim('story', t, planAt - rng.int(2, 10) * DAY, summary);
    s.labels = ['innovation', pi];
    s.points = points;
    s.description = doc(para(text), heading(3, 'Acceptance criteria'), bullets(['Findings shown at the system demo', 'A go / no-go proposal for the next PI']));
    s.rankKey = rng.float();
    plan(s, t, NEXT_PI_PLAN.ipSprintNumber);
  }

  const dep = NEXT_PI_PLAN.dependencies;
  const team = (name: string) => DEMO.teams.indexOf(name as (typeof DEMO.teams)[number]);
  // A train scaled down far may have planned nothing where a dependency needs a story: plan one there.
  for (const d of Object.values(dep)) for (const [name, n] of [d.blocker, d.blocked]) if (n !== null && !cellOf(team(name), n).length) plan(story(team(name), pickParent(team(name)), { points: 'estimated' }), team(name), n);

  // ------------------------------------------------------------------------------ keys, ids, ranks
  const meteorSims = METEOR_STORIES.map(([summary, role, benefit]) => {
    const s = ctx.newSim('story', 3, planAt - rng.int(2, 6) * DAY, summary);
    s.parent = unestimated;
    s.labels = [pi];
    s.points = rng.pick([2, 3]);
    s.description = doc(
      para(`As ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}, I want to ${summary.charAt(0).toLowerCase()}${summary.slice(1)} so that ${benefit}.`),
      heading(3, 'Acceptance criteria'),
      bullets([`Given a new workspace template, when a ${role} looks for it, then the article or tag exists`, 'Reviewed by the support lead']),
    );
    return s;
  });
  // The "unplanned" dependency's blocker: a story of the PI nobody planned into a sprint yet.
  const unplannedBlocker = story(team(dep.unplanned.blocker[0]), pickParent(team(dep.unplanned.blocker[0])), { points: 'estimated' });
  backlog.push(unplannedBlocker);

  const referenced = new Set(data.issues.flatMap((i) => [i.fields.parent?.key, ...(i.fields.issuelinks ?? []).map((l) => (l.inwardIssue ?? l.outwardIssue)?.key)]).filter((k): k is string => Boolean(k)));
  const referencedIds = new Set(data.issues.flatMap((i) => [i.fields.parent?.id, ...(i.fields.issuelinks ?? []).map((l) => (l.inwardIssue ?? l.outwardIssue)?.id)]).filter((k): k is string => Boolean(k)));
  const existingKeys = new Set(data.issues.map((i) => i.key));
  // Loops, not Math.max(...spread): a 200,000-issue train (npm run bench -- --sizes 200000) overflows the call stack.
  let number = artIssues.reduce((m, i) => Math.max(m, keyNumber(i.key)), -Infinity);
  let id = data.issues.reduce((m, i) => Math.max(m, Number(i.id) || 0), -Infinity);
  /** The next free key and id: never one a stale reference (the deleted feature) still names. */
  const nextKey = () => {
    do number++;
    while (referenced.has(`${DEMO.projectKey}-${number}`) || existingKeys.has(`${DEMO.projectKey}-${number}`));
    return `${DEMO.projectKey}-${number}`;
  };
  const nextId = () => {
    do id++;
    while (referencedIds.has(String(id)));
    return String(id);
  };
  const storySims = [...planned, ...backlog];
  const ordered = [...newEpics, ...storySims].sort((a, b) => a.created - b.created || (a.kind === b.kind ? 0 : a.kind === 'epic' ? -1 : 1));
  for (const s of [...ordered, ...meteorSims]) {
    s.id = nextId();
    s.key = nextKey();
  }
  const rankField = F.rank;
  const ranks = (pred: (i: JiraIssue) => boolean) => data.issues.filter(pred).map((i) => i.fields[rankField]).filter((r): r is string => typeof r === 'string').sort();
  const rankOf = new Map<Sim, string>();
  const epicBase = ranks((i) => i.fields.issuetype.hierarchyLevel === 1).at(-1) ?? '0|h00000:';
  newEpics.forEach((e, k) => rankOf.set(e, `${epicBase}i${k.toString(36).padStart(3, '0')}`));
  // Right after the stories already in the PI's sprints, before the rest of the backlog.
  const storyBase = ranks((i) => i.fields.issuetype.hierarchyLevel === 0 && sprintIdsOf(i).some((x) => piSprintIds.has(x))).at(-1) ?? '0|i00000:';
  const sprintRank = (s: Sim) => (s.sprints.length ? piSprints[s.team].findIndex((x) => x.id === s.sprints[0]) : 9);
  [...storySims].sort((a, b) => sprintRank(a) - sprintRank(b) || a.rankKey - b.rankKey || Number(a.id) - Number(b.id)).forEach((s, k) => rankOf.set(s, `${storyBase}i${k.toString(36).padStart(3, '0')}`));
  let lastRank = ranks(() => true).at(-1) ?? '0|z00000:';
  meteorSims.forEach((s) => rankOf.set(s, (lastRank = `${lastRank}n`)));

  // ------------------------------------------------------------------------------ dependencies
  let linkId = data.issues.flatMap((i) => i.fields.issuelinks ?? []).reduce((m, l) => Math.max(m, Number(l.id) || 0), 0);
  const blocks = (blocker: Sim, blocked: Sim) => {
    const lid = String(++linkId);
    const ref = (s: Sim) => ({ id: s.id!, key: s.key!, self: `${SITE}/rest/api/3/issue/${s.id}`, fields: { summary: s.summary, status: STATUS[s.status], issuetype: ISSUE_TYPES.story } });
    blocked.links.push({ id: lid, self: `${SITE}/rest/api/3/issueLink/${lid}`, type: LINK_TYPES[0], inwardIssue: ref(blocker) });
    blocker.links.push({ id: lid, self: `${SITE}/rest/api/3/issueLink/${lid}`, type: LINK_TYPES[0], outwardIssue: ref(blocked) });
  };
  const used = new Set<Sim>();
  const pick = ([name, n]: readonly [string, number | null]) => {
    const from = n === null ? [unplannedBlocker] : cellOf(team(name), n);
    // A story of a feature not used by another dependency yet (else an orphan, else any).
    const s = from.find((x) => x.parent && !used.has(x)) ?? from.find((x) => !used.has(x)) ?? from[0];
    used.add(s);
    return s;
  };
  for (const d of [dep.later, dep.same, dep.unplanned, dep.ok]) blocks(pick(d.blocker), pick(d.blocked));

  // ------------------------------------------------------------------------------ issues
  let historyId = data.issues.flatMap((i) => i.changelog?.histories ?? []).reduce((m, h) => Math.max(m, Number(h.id) || 0), 0);
  const converted = toIssues(sprints, [...ordered, ...meteorSims], rankOf, projectRef, historyId + 1);
  historyId += converted.reduce((a, i) => a + (i.changelog?.histories.length ?? 0), 0);
  const meteorTeam = data.issues.find((i) => (i.fields[F.team] as { name?: string } | null)?.name === KANBAN_TEAM)?.fields[F.team];
  for (const i of converted.slice(ordered.length)) i.fields[F.team] = structuredClone(meteorTeam);

  // The PI's label on the features in its scope and on the stories already planned into its sprints.
  const labelled = artIssues.filter((i) => (i.fields.issuetype.hierarchyLevel === 1 && inScope.has(i.key)) || (i.fields.issuetype.hierarchyLevel === 0 && sprintIdsOf(i).some((x) => piSprintIds.has(x))));
  for (const i of labelled.sort((a, b) => Number(a.id) - Number(b.id))) {
    const before = [...(i.fields.labels ?? [])];
    const after = [...before, pi].sort();
    const histories = i.changelog!.histories;
    const last = histories.length ? Date.parse(histories.at(-1)!.created) : Date.parse(i.fields.created);
    const at = Math.min(nowMs, Math.max(last + MIN, planAt + rng.int(60, 2 * 24 * 60 - 60) * MIN));
    const h: JiraChangelogHistory = { id: String(++historyId), author: POPM, created: jiraTime(at), items: [{ field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: null, fromString: before.join(' '), to: null, toString: after.join(' ') }] };
    histories.push(h);
    i.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
    i.fields.labels = after;
    if (at > Date.parse(i.fields.updated)) i.fields.updated = jiraTime(at);
  }

  // ------------------------------------------------------------------------------ PI objectives
  const objectives: JiraIssue[] = [];
  const texts = rng.shuffle(OBJECTIVES);
  for (let t = 0; t < DEMO.teams.length; t++) {
    texts.slice(t * 3, t * 3 + 3).forEach((text, k) => {
      const at = planAt + (20 + t * 30 + k * 7) * MIN + 26 * HOUR;
      const oid = nextId();
      const planned = rng.int(3, 10);
      objectives.push({
        id: oid,
        key: nextKey(),
        self: `${SITE}/rest/api/3/issue/${oid}`,
        fields: {
          summary: `${DEMO.teams[t]}: ${text}`,
          issuetype: ISSUE_TYPES.objective,
          project: projectRef,
          status: STATUS.todo,
          created: jiraTime(at),
          updated: jiraTime(at),
          resolutiondate: null,
          resolution: null,
          labels: [pi, ...(k === 2 ? ['uncommitted'] : [])].sort(),
          description: doc(para(`Business owners planned a business value of ${planned} for this objective at PI planning.`)),
          issuelinks: [],
          assignee: null,
          reporter: RTE,
          [F.team]: teamValue(t),
          [F.plannedBusinessValue]: planned,
          [F.actualBusinessValue]: null,
          [F.rank]: (lastRank = `${lastRank}o`),
        },
        changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
      });
    });
  }

  data.sprints.push(...newSprints);
  data.issues.push(...converted, ...objectives);
}
