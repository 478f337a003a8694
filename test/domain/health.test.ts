import fc from 'fast-check';
import { bandFor, computeHealth, HEALTH_METRIC_IDS, METRIC_DEFINITIONS, NO_TEAM, sprintCommitment, type HealthInput } from '../../src/domain/health';
import type { BacklogIssue, FieldChange, Sprint, StatusCategory, StatusCategoryById, StatusRef } from '../../src/domain/model';

// --- builders ------------------------------------------------------------------------------------

const TODO: StatusRef = { id: '1', name: 'To Do', category: 'new' };
const PROG: StatusRef = { id: '3', name: 'In Progress', category: 'indeterminate' };
const REVIEW: StatusRef = { id: '4', name: 'In Review', category: 'indeterminate' };
const DONE: StatusRef = { id: '10001', name: 'Done', category: 'done' };
const CATS: StatusCategoryById = { '1': 'new', '3': 'indeterminate', '4': 'indeterminate', '10001': 'done' };
const BY_ID: Record<string, StatusRef> = { '1': TODO, '3': PROG, '4': REVIEW, '10001': DONE };

const d = (day: string) => `2025-${day}T10:00:00.000Z`;

function sprint(id: number, state: Sprint['state'], start: string | null, end: string | null, complete: string | null = null): Sprint {
  return { id, name: `Sprint ${id}`, state, startDate: start, endDate: end, completeDate: complete, boardId: 1 };
}

const S1 = sprint(1, 'closed', d('01-06'), d('01-20'), d('01-20'));
const S2 = sprint(2, 'closed', d('01-20'), d('02-03'), d('02-03'));
const S3 = sprint(3, 'active', d('02-03'), d('02-17'));
const S4 = sprint(4, 'future', null, null);
const S5 = sprint(5, 'future', null, null);
const SPRINTS = [S1, S2, S3, S4, S5];
const SPRINT_BY_ID = new Map(SPRINTS.map((s) => [s.id, s]));
const NOW = d('02-10');

interface StoryOpts {
  team?: string | null;
  points?: number | null;
  status?: StatusRef;
  sprints?: number[];
  created?: string;
  rank?: string | null;
  labels?: string[];
  level?: number;
  resolutionDate?: string | null;
  links?: BacklogIssue['links'];
}

function issue(key: string, o: StoryOpts = {}): BacklogIssue {
  return {
    id: `id-${key}`,
    key,
    summary: key,
    issueType: o.level === 1 ? 'Epic' : 'Story',
    hierarchyLevel: o.level ?? 0,
    status: o.status ?? TODO,
    team: o.team === undefined ? 'A' : o.team,
    storyPoints: o.points === undefined ? 1 : o.points,
    parentKey: null,
    sprints: (o.sprints ?? []).map((id) => SPRINT_BY_ID.get(id) ?? sprint(id, 'future', null, null)),
    labels: o.labels ?? [],
    fixVersions: [],
    rank: o.rank ?? null,
    created: o.created ?? d('01-01'),
    updated: o.created ?? d('01-01'),
    resolutionDate: o.resolutionDate ?? null,
    assignee: null,
    description: null,
    acceptanceCriteria: null,
    links: o.links ?? [],
  };
}

const sp = (at: string, from: string | null, to: string | null): FieldChange => ({ at, field: 'sprint', from, to, fromString: from, toString: to });
const st = (at: string, from: StatusRef, to: StatusRef): FieldChange => ({ at, field: 'status', from: from.id, to: to.id, fromString: from.name, toString: to.name });
const blockedBy = (other: BacklogIssue): BacklogIssue['links'][number] => ({
  direction: 'blockedBy',
  typeName: 'Blocks',
  other: { key: other.key, summary: other.summary, statusCategory: other.status.category, statusName: other.status.name },
});
const blocks = (other: BacklogIssue): BacklogIssue['links'][number] => ({ ...blockedBy(other), direction: 'blocks' });

/** Builds the issue list and the changes map together. */
function world(entries: [BacklogIssue, FieldChange[]][]): { issues: BacklogIssue[]; changes: Map<string, FieldChange[]> } {
  return { issues: entries.map((e) => e[0]), changes: new Map(entries.map(([i, c]) => [i.id, c])) };
}

// --- the S1/S2 fixture ---------------------------------------------------------------------------
// Points: A-1 3, A-2 5, A-3 2, A-4 1, A-5 8, A-6 3, A-7 2, A-8 5, A-9 3.
const sprintWorld = () =>
  world([
    // committed (added before start), accepted
    [issue('A-1', { points: 3, status: DONE, sprints: [1] }), [sp(d('01-05'), null, '1'), st(d('01-08'), TODO, PROG), st(d('01-15'), PROG, DONE)]],
    // committed, carried over to S2 at close, done in S2
    [issue('A-2', { points: 5, status: DONE, sprints: [1, 2] }), [sp(d('01-05'), '', '1'), sp(d('01-20'), '1', '1,2'), st(d('01-28'), TODO, DONE)]],
    // added mid-sprint, accepted
    [issue('A-3', { points: 2, status: DONE, sprints: [1] }), [sp(d('01-10'), null, '1'), st(d('01-12'), TODO, DONE)]],
    // no Sprint change, created before start and lists S1: committed; accepted
    [issue('A-4', { points: 1, status: DONE, sprints: [1], created: d('01-02') }), [st(d('01-19'), PROG, DONE)]],
    // created after start with the Sprint field set: added; never done
    [issue('A-5', { points: 8, sprints: [1], created: d('01-08'), rank: 'f' }), []],
    // committed, moved to S2 mid-sprint: removed from S1, committed in S2
    [issue('A-6', { points: 3, sprints: [2], rank: 'g' }), [sp(d('01-04'), null, '1'), sp(d('01-10'), '1', '2')]],
    // done, reopened, done again inside the sprint: accepted and reworked
    [issue('A-7', { points: 2, status: DONE, sprints: [1] }), [sp(d('01-05'), null, '1'), st(d('01-10'), PROG, DONE), st(d('01-12'), DONE, PROG), st(d('01-18'), PROG, DONE)]],
    // accepted in S1, reopened after the sprint: reworked
    [issue('A-8', { points: 5, status: PROG, sprints: [1], rank: 'h' }), [sp(d('01-05'), null, '1'), st(d('01-15'), PROG, DONE), st(d('01-25'), DONE, PROG)]],
    // committed, done only after the sprint closed: not accepted
    [issue('A-9', { points: 3, status: DONE, sprints: [1] }), [sp(d('01-05'), null, '1'), st(d('01-25'), PROG, DONE)]],
  ]);

const sorted = (xs: string[]) => [...xs].sort();

describe('sprintCommitment', () => {
  const { issues, changes } = sprintWorld();
  const c1 = sprintCommitment(issues, changes, S1, undefined, { statusCategoryById: CATS, now: NOW })!;

  it('rebuilds committed from the Sprint changelog, incl. issues without Sprint changes created before start', () => {
    expect(sorted(c1.committed)).toEqual(['A-1', 'A-2', 'A-4', 'A-6', 'A-7', 'A-8', 'A-9']);
    expect(c1.committedPoints).toBe(22);
  });

  it('reports mid-sprint additions (by Sprint change or creation with the field set) as added', () => {
    expect(sorted(c1.added)).toEqual(['A-3', 'A-5']);
  });

  it('counts a story moved to another sprint and not done as removed', () => {
    expect(c1.removed).toEqual(['A-6']);
  });

  it('accepts stories done within the sprint and still done at its end; not those done after', () => {
    expect(sorted(c1.accepted)).toEqual(['A-1', 'A-3', 'A-4', 'A-7', 'A-8']);
    expect(sorted(c1.acceptedCommitted)).toEqual(['A-1', 'A-4', 'A-7', 'A-8']);
    expect(c1.acceptanceRate).toBeCloseTo(4 / 7);
    expect(c1.acceptedPoints).toBe(13);
    expect(c1.acceptedCommittedPoints).toBe(11);
    expect(c1.acceptanceRatePoints).toBeCloseTo(11 / 22);
  });

  it('flags done → not-done during or after the sprint as reopened and rework', () => {
    expect(sorted(c1.reopened)).toEqual(['A-7', 'A-8']);
    expect(sorted(c1.reworked)).toEqual(['A-7', 'A-8']);
  });

  it('follows a story moved between sprints into the next sprint', () => {
    const c2 = sprintCommitment(issues, changes, S2, undefined, { statusCategoryById: CATS, now: NOW })!;
    expect(sorted(c2.committed)).toEqual(['A-2', 'A-6']);
    expect(c2.added).toEqual([]);
    expect(c2.accepted).toEqual(['A-2']);
    expect(c2.acceptanceRate).toBe(0.5);
    expect(c2.acceptanceRatePoints).toBeCloseTo(5 / 8);
  });

  it('lets the recorded commitment win over the changelog', () => {
    const c = sprintCommitment(issues, changes, S1, ['A-1', 'A-3'], { statusCategoryById: CATS, now: NOW })!;
    expect(c.recorded).toBe(true);
    expect(sorted(c.committed)).toEqual(['A-1', 'A-3']);
    expect(c.added).toEqual(['A-5']);
    expect(c.acceptanceRate).toBe(1);
  });

  it('skips a sprint without a start date (returns null) and a future sprint', () => {
    expect(sprintCommitment(issues, changes, sprint(9, 'closed', null, d('01-20'), d('01-20')))).toBeNull();
    expect(sprintCommitment(issues, changes, S4)).toBeNull();
  });

  it('counts a story crossing the rework boundary as reworked', () => {
    const w = world([[issue('R-1', { status: DONE, sprints: [1] }), [sp(d('01-05'), null, '1'), st(d('01-08'), PROG, REVIEW), st(d('01-09'), REVIEW, PROG), st(d('01-10'), PROG, DONE)]]]);
    const without = sprintCommitment(w.issues, w.changes, S1, undefined, { statusCategoryById: CATS })!;
    expect(without.reworked).toEqual([]);
    const withB = sprintCommitment(w.issues, w.changes, S1, undefined, { statusCategoryById: CATS, reworkBoundary: { from: ['In Review'], to: ['in progress'] } })!;
    expect(withB.accepted).toEqual(['R-1']);
    expect(withB.reworked).toEqual(['R-1']);
  });

  it('uses status names when the changelog id is unknown to statusCategoryById', () => {
    const w = world([[issue('N-1', { status: DONE, sprints: [1] }), [sp(d('01-05'), null, '1'), { at: d('01-10'), field: 'status', from: '77', to: '78', fromString: 'To Do', toString: 'Done' }]]]);
    const c = sprintCommitment(w.issues, w.changes, S1)!;
    expect(c.accepted).toEqual(['N-1']);
  });
});

// --- the train fixture ---------------------------------------------------------------------------

function trainInput(overrides: Partial<HealthInput> = {}): HealthInput {
  const base = sprintWorld();
  const A15 = issue('A-15', { points: 13, rank: 'e' });
  const B2 = issue('B-2', { team: 'B', points: 2, rank: 'b' });
  const extra = world([
    [issue('A-10', { points: 5, rank: 'a' }), []],
    [issue('A-11', { points: 5, rank: 'b' }), []],
    [issue('A-12', { points: 5, rank: 'a0', sprints: [3], status: PROG }), [sp(d('02-01'), null, '3')]],
    [issue('A-13', { points: 3, rank: 'c', sprints: [4], links: [blockedBy(B2)] }), []],
    [issue('A-14', { points: 8, rank: 'd' }), []],
    [{ ...A15, links: [] }, []],
    [issue('B-1', { team: 'B', points: 3, rank: 'a', sprints: [5], links: [blockedBy(A15)] }), []],
    [{ ...B2, links: [blocks(issue('A-13'))] }, []],
  ]);
  // A-15 also shows the link from its side: counted once.
  extra.issues[5] = { ...extra.issues[5], links: [blocks(issue('B-1', { team: 'B' }))] };
  // A-10 blocked by A-11: same team, not a cross-team dependency.
  extra.issues[0] = { ...extra.issues[0], links: [blockedBy(extra.issues[1])] };
  const features = [
    issue('I-1', { level: 1, labels: ['improvement'], status: DONE, resolutionDate: d('01-15') }),
    issue('I-2', { level: 1, labels: ['improvement', 'PI-3'], status: DONE, resolutionDate: '2024-10-01T10:00:00.000Z' }),
    issue('I-3', { level: 1, team: 'B', labels: ['Improvement'] }),
    issue('F-1', { level: 1, team: null, links: [blockedBy(extra.issues[1])] }),
  ];
  const readySet = new Set(['A-10', 'A-13', 'A-14', 'B-1']);
  const passSet = new Set(['A-10', 'A-13', 'A-14', 'A-5', 'B-1']);
  return {
    stories: [...base.issues, ...extra.issues],
    features,
    changes: new Map([...base.changes, ...extra.changes]),
    sprints: SPRINTS,
    teamOfSprint: new Map([
      [1, 'A'],
      [2, 'A'],
      [3, 'A'],
      [4, 'A'],
      [5, 'B'],
    ]),
    statusCategoryById: CATS,
    ready: (i) => readySet.has(i.key),
    qualityPass: (i) => passSet.has(i.key),
    improvementLabel: 'improvement',
    now: NOW,
    ...overrides,
  };
}

describe('computeHealth', () => {
  const h = computeHealth(trainInput());
  const team = (t: string) => h.teams.find((x) => x.team === t)!;

  it('lists closed sprints with their commitment, the active one apart, and skips future ones with a reason', () => {
    expect(h.sprints.map((r) => r.sprintId)).toEqual([1, 2]);
    expect(h.activeSprints).toEqual([expect.objectContaining({ sprintId: 3, committed: ['A-12'], done: [], daysLeft: 7 })]);
    const s1 = h.sprints[0];
    expect(s1).toMatchObject({ team: 'A', committed: 7, added: 2, removed: 1, accepted: 5, acceptedCommitted: 4, reopened: 2, committedPoints: 22, acceptedPoints: 13 });
    expect(s1.acceptanceRate).toBeCloseTo(4 / 7);
    expect(h.skippedSprints.map((s) => s.sprintId).sort()).toEqual([4, 5]);
    expect(h.skippedSprints[0].reason).toMatch(/future/);
  });

  it('reports the sprint without a start date as skipped, with the reason', () => {
    const noStart = sprint(8, 'closed', null, d('01-20'), d('01-20'));
    const r = computeHealth(trainInput({ sprints: [...SPRINTS, noStart] }));
    expect(r.skippedSprints.find((s) => s.sprintId === 8)?.reason).toMatch(/no start date/);
    expect(r.sprints.some((s) => s.sprintId === 8)).toBe(false);
  });

  it('takes the acceptance rate of the team’s last closed sprint', () => {
    expect(team('A').metrics.acceptanceRateLastSprint).toBe(0.5);
    expect(team('A').details.acceptanceRateLastSprintPoints).toBeCloseTo(5 / 8);
    expect(team('A').details.lastClosedSprintIds).toEqual([2]);
    expect(sorted(team('A').baseKeys.acceptanceRateLastSprint)).toEqual(['A-2', 'A-6']);
    expect(team('A').keys.acceptanceRateLastSprint).toEqual(['A-2']);
  });

  it('averages velocity over the last 3 closed sprints and computes ready coverage', () => {
    expect(team('A').details.averageVelocity).toBe(9); // (13 + 5) / 2
    expect(team('A').details.readyPoints).toBe(16); // A-10 5 + A-13 3 + A-14 8
    expect(team('A').metrics.readyCoverageIterations).toBeCloseTo(16 / 9);
  });

  it('fills the refinement horizon in rank order up to 2 × velocity, excluding done and active-sprint stories', () => {
    // cap 18: A-10 (5) A-11 (5) A-13 (3) A-14 (8) reaches 21 ≥ 18.
    expect(team('A').baseKeys.readinessRate).toEqual(['A-10', 'A-11', 'A-13', 'A-14']);
    expect(team('A').metrics.readinessRate).toBe(0.75);
    expect(team('A').details.readinessRatePoints).toBeCloseTo(16 / 21);
  });

  it('computes rework over the last 3 closed sprints', () => {
    expect(sorted(team('A').baseKeys.reworkRatio)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-7', 'A-8']);
    expect(sorted(team('A').keys.reworkRatio)).toEqual(['A-7', 'A-8']);
    expect(team('A').metrics.reworkRatio).toBeCloseTo(1 / 3);
  });

  it('computes the quality pass rate over the open backlog', () => {
    // backlog A: A-5 A-6 A-8 A-10 A-11 A-13 A-14 A-15 — pass: A-5 A-10 A-13 A-14
    expect(team('A').metrics.qualityPassRate).toBe(0.5);
    expect(team('A').baseKeys.qualityPassRate).toHaveLength(8);
  });

  it('gives a team with no closed sprints null sprint-based rates and its whole backlog as horizon', () => {
    const b = team('B').metrics;
    expect(b.acceptanceRateLastSprint).toBeNull();
    expect(b.reworkRatio).toBeNull();
    expect(b.readyCoverageIterations).toBeNull();
    expect(b.readinessRate).toBe(0.5);
    expect(b.qualityPassRate).toBe(0.5);
  });

  it('counts cross-team blocking dependencies at risk once, against the blocked team', () => {
    expect(team('A').metrics.dependenciesAtRisk).toBe(1);
    expect(team('B').metrics.dependenciesAtRisk).toBe(1);
    expect(h.train.dependenciesAtRisk).toBe(2);
    expect(sorted(h.keys.dependenciesAtRisk)).toEqual(['A-13', 'A-15', 'B-1', 'B-2']);
  });

  it('counts the done improvement items of the current PI (the Improvement tab’s PI: labelled, or inferred from creation)', () => {
    // PI-3 starts with I-2's creation; I-1 and I-3 are created then too, so they belong to PI-3 (inferred).
    expect(h.piWindow.label).toBe('PI-3');
    expect(h.train.improvementsDoneThisPi).toBe(2);
    expect(h.keys.improvementsDoneThisPi).toEqual(['I-1', 'I-2']);
    expect(sorted(h.baseKeys.improvementsDoneThisPi)).toEqual(['I-1', 'I-2', 'I-3']);
    expect(team('B').metrics.improvementsDoneThisPi).toBe(0);
    expect(h.improvements.overview.pis.find((p) => p.pi === 'PI-3')?.doneInPi).toEqual(['I-1', 'I-2']);
    const other = computeHealth(trainInput({ pi: { label: 'PI-9' } }));
    expect(other.train.improvementsDoneThisPi).toBeNull();
  });

  it('pools the train as a ratio of sums', () => {
    expect(h.train.readinessRate).toBeCloseTo(4 / 6);
    expect(h.train.readyCoverageIterations).toBeCloseTo(16 / 9);
    expect(h.train.acceptanceRateLastSprint).toBe(0.5);
    expect(h.train.reworkRatio).toBeCloseTo(1 / 3);
    expect(h.train.qualityPassRate).toBe(0.5);
    expect(h.teams.map((t) => t.team)).toEqual(['A', 'B']);
  });

  it('uses the recorded commitment where present', () => {
    const r = computeHealth(trainInput({ recordedCommitments: { 2: ['A-2'] } }));
    expect(r.sprints.find((s) => s.sprintId === 2)).toMatchObject({ committed: 1, acceptanceRate: 1, recordedCommitment: true });
    expect(r.train.acceptanceRateLastSprint).toBe(1);
  });

  it('puts stories with no team under NO_TEAM', () => {
    const r = computeHealth(trainInput({ stories: [issue('X-1', { team: null })], features: [] }));
    expect(r.teams.map((t) => t.team)).toEqual(['A', 'B', NO_TEAM]); // A and B own sprints; NO_TEAM sorts last
    expect(r.teams[2].baseKeys.readinessRate).toEqual(['X-1']);
    expect(r.train.readinessRate).toBe(0);
  });

  it('returns nulls and zeros for an empty project without throwing', () => {
    const r = computeHealth({ ...trainInput(), stories: [], features: [], sprints: [], teamOfSprint: new Map(), changes: new Map() });
    expect(r.train).toEqual({
      readinessRate: null,
      readyCoverageIterations: null,
      acceptanceRateLastSprint: null,
      reworkRatio: null,
      qualityPassRate: null,
      dependenciesAtRisk: 0,
      improvementsDoneThisPi: null,
    });
    expect(r.teams).toEqual([]);
    expect(r.sprints).toEqual([]);
  });
});

describe('bands and definitions', () => {
  it('bands by the DOMAIN.md thresholds and documented defaults', () => {
    expect(bandFor('acceptanceRateLastSprint', 0.8)).toBe('healthy');
    expect(bandFor('acceptanceRateLastSprint', 0.79)).toBe('at-risk');
    expect(bandFor('readyCoverageIterations', 1.5)).toBe('healthy');
    expect(bandFor('readyCoverageIterations', 0.9)).toBe('at-risk');
    // Above 2 iterations is "more than needed", not a risk (the definition says only below 1 is).
    expect(bandFor('readyCoverageIterations', 2.7)).toBe('healthy');
    expect(bandFor('reworkRatio', 0.1)).toBe('healthy');
    expect(bandFor('reworkRatio', 0.2)).toBe('at-risk');
    expect(bandFor('dependenciesAtRisk', 0)).toBe('healthy');
    expect(bandFor('dependenciesAtRisk', 1)).toBe('at-risk');
    expect(bandFor('improvementsDoneThisPi', 0)).toBe('at-risk');
    expect(bandFor('readinessRate', null)).toBe('unknown');
    expect(bandFor('qualityPassRate', Number.NaN)).toBe('unknown');
  });

  it('defines every metric with a label and a sentence', () => {
    for (const id of HEALTH_METRIC_IDS) {
      expect(METRIC_DEFINITIONS[id].label.length).toBeGreaterThan(3);
      expect(METRIC_DEFINITIONS[id].definition).toMatch(/\.$/);
    }
  });
});

// --- properties & performance --------------------------------------------------------------------

const STATUSES = [TODO, PROG, REVIEW, DONE];
const T0 = Date.parse(d('01-01'));
const DAY = 86_400_000;

const storyArb = fc.record({
  team: fc.constantFrom('A', 'B', null),
  points: fc.option(fc.integer({ min: 0, max: 13 }), { nil: null }),
  createdDay: fc.integer({ min: 0, max: 60 }),
  sprintSteps: fc.array(fc.record({ day: fc.integer({ min: 0, max: 60 }), ids: fc.subarray([1, 2, 3, 6]) }), { maxLength: 4 }),
  statusSteps: fc.array(fc.record({ day: fc.integer({ min: 0, max: 60 }), to: fc.integer({ min: 0, max: 3 }) }), { maxLength: 5 }),
});

type StorySpec = { team: string | null; points: number | null; createdDay: number; sprintSteps: { day: number; ids: number[] }[]; statusSteps: { day: number; to: number }[] };

function buildRandom(specs: StorySpec[]): { stories: BacklogIssue[]; changes: Map<string, FieldChange[]> } {
  const stories: BacklogIssue[] = [];
  const changes = new Map<string, FieldChange[]>();
  specs.forEach((s, n) => {
    const at = (day: number) => new Date(T0 + day * DAY).toISOString();
    const sSteps = [...s.sprintSteps].sort((a, b) => a.day - b.day);
    const tSteps = [...s.statusSteps].sort((a, b) => a.day - b.day);
    const ch: FieldChange[] = [];
    let prevIds = '';
    for (const step of sSteps) {
      const ids = step.ids.join(',');
      ch.push(sp(at(step.day), prevIds || null, ids || null));
      prevIds = ids;
    }
    let prev = TODO;
    for (const step of tSteps) {
      const to = STATUSES[step.to];
      ch.push(st(at(step.day), prev, to));
      prev = to;
    }
    const lastIds = prevIds ? prevIds.split(',').map(Number) : [];
    const story = issue(`P-${n}`, { team: s.team, points: s.points, created: at(s.createdDay), status: BY_ID[prev.id], sprints: lastIds, rank: String(n).padStart(4, '0') });
    stories.push(story);
    changes.set(story.id, ch);
  });
  return { stories, changes };
}

const S6 = sprint(6, 'closed', d('01-10'), d('01-24')); // no completeDate: ends at endDate

describe('properties', () => {
  it('never throws and keeps rates in [0, 1], accepted ⊆ committed ∪ added', () => {
    fc.assert(
      fc.property(fc.array(storyArb, { maxLength: 25 }), fc.subarray([S1, S2, S3, S4, S6]), (specs, sprints) => {
        const { stories, changes } = buildRandom(specs);
        const h = computeHealth({
          stories,
          features: [],
          changes,
          sprints,
          teamOfSprint: new Map([
            [1, 'A'],
            [2, 'A'],
            [3, 'B'],
            [6, 'B'],
          ]),
          statusCategoryById: CATS,
          ready: (i) => (i.storyPoints ?? 0) % 2 === 1,
          qualityPass: (i) => i.storyPoints !== null,
          improvementLabel: 'improvement',
          now: NOW,
        });
        for (const r of h.sprints) {
          const union = new Set([...r.keys.committed, ...r.keys.added]);
          expect(r.keys.committed.filter((k) => r.keys.added.includes(k))).toEqual([]);
          expect(r.accepted).toBeLessThanOrEqual(r.committed + r.added);
          expect(r.keys.accepted.every((k) => union.has(k))).toBe(true);
          expect(r.acceptedCommitted).toBeLessThanOrEqual(r.committed);
          if (r.acceptanceRate !== null) expect(r.acceptanceRate).toBeGreaterThanOrEqual(0);
          if (r.acceptanceRate !== null) expect(r.acceptanceRate).toBeLessThanOrEqual(1);
          if (r.committed === 0) expect(r.acceptanceRate).toBeNull();
        }
        for (const m of [h.train, ...h.teams.map((t) => t.metrics)]) {
          for (const id of ['readinessRate', 'acceptanceRateLastSprint', 'reworkRatio', 'qualityPassRate'] as const) {
            const v = m[id];
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with sprintCommitment for every sprint row', () => {
    fc.assert(
      fc.property(fc.array(storyArb, { maxLength: 15 }), (specs) => {
        const { stories, changes } = buildRandom(specs);
        const h = computeHealth({ ...trainInput(), stories, features: [], changes, sprints: [S1, S2, S3] });
        for (const r of h.sprints) {
          const c = sprintCommitment(stories, changes, SPRINT_BY_ID.get(r.sprintId)!, undefined, { statusCategoryById: CATS, now: NOW })!;
          expect(sorted(r.keys.committed)).toEqual(sorted(c.committed));
          expect(sorted(r.keys.accepted)).toEqual(sorted(c.accepted));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('performance', () => {
  it('computes health over 50,000 stories (timing lives in npm run bench)', () => {
    const stories: BacklogIssue[] = [];
    const changes = new Map<string, FieldChange[]>();
    const sprints: Sprint[] = [];
    const teamOfSprint = new Map<number, string>();
    for (let t = 0; t < 10; t++) {
      for (let k = 0; k < 6; k++) {
        const id = 100 + t * 10 + k;
        const start = T0 + k * 14 * DAY;
        const state: Sprint['state'] = k < 4 ? 'closed' : k === 4 ? 'active' : 'future';
        sprints.push({ id, name: `T${t} S${k}`, state, startDate: state === 'future' ? null : new Date(start).toISOString(), endDate: new Date(start + 14 * DAY).toISOString(), completeDate: state === 'closed' ? new Date(start + 14 * DAY).toISOString() : null, boardId: t });
        teamOfSprint.set(id, `T${t}`);
      }
    }
    const byId = new Map(sprints.map((s) => [s.id, s]));
    for (let n = 0; n < 50_000; n++) {
      const t = n % 10;
      const k = n % 6;
      const sid = 100 + t * 10 + k;
      const cat: StatusCategory = k < 4 ? 'done' : 'new';
      const story: BacklogIssue = { ...issue(`S-${n}`, { team: `T${t}`, points: (n % 8) + 1, rank: String(n).padStart(6, '0'), status: cat === 'done' ? DONE : TODO }), sprints: [byId.get(sid)!] };
      stories.push(story);
      const start = T0 + k * 14 * DAY;
      changes.set(story.id, [sp(new Date(start - DAY).toISOString(), null, String(sid)), st(new Date(start + DAY).toISOString(), TODO, PROG), ...(cat === 'done' ? [st(new Date(start + 5 * DAY).toISOString(), PROG, DONE)] : [])]);
    }
    const h = computeHealth({ stories, features: [], changes, sprints, teamOfSprint, statusCategoryById: CATS, ready: (i) => (i.storyPoints ?? 0) < 5, qualityPass: () => true, improvementLabel: 'improvement', now: new Date(T0 + 70 * DAY).toISOString() });
    expect(h.teams).toHaveLength(10);
    expect(h.train.acceptanceRateLastSprint).toBe(1);
  });
});
