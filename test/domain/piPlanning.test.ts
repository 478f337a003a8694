import fc from 'fast-check';
import type { BacklogIssue, Sprint, StatusCategory } from '../../src/domain/model';
import { capacityOf, deriveWindows, median, piDependencyRisk, piOptions, planPi, type ClosedSprintVelocity, type PiPlanningInput } from '../../src/domain/piPlanning';
import { DEFAULT_PI_PLANNING, type PiPlanningSettings } from '../../src/domain/settings';
import { figureId } from '../../src/domain/health/figure';

// --- builders ------------------------------------------------------------------------------------

const DAY = 86_400_000;
const T0 = Date.parse('2027-01-04T08:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

/** Sprint `n` (0-based) of a two-week cadence starting at T0; negative n are before it. */
function sprint(id: number, n: number, state: Sprint['state'] = 'future', boardId = 1): Sprint {
  const start = T0 + n * 14 * DAY;
  return { id, name: `S${id}`, state, startDate: iso(start), endDate: iso(start + 14 * DAY - 3_600_000), completeDate: state === 'closed' ? iso(start + 14 * DAY - 3_600_000) : null, boardId };
}

interface Opts {
  team?: string | null;
  points?: number | null;
  sprints?: Sprint[];
  parent?: string | null;
  labels?: string[];
  status?: StatusCategory;
  level?: number;
  links?: BacklogIssue['links'];
}

function issue(key: string, o: Opts = {}): BacklogIssue {
  const cat = o.status ?? 'new';
  return {
    id: key.replace(/\D/g, ''),
    key,
    summary: `Summary of ${key}`,
    issueType: (o.level ?? 0) === 1 ? 'Epic' : 'Story',
    hierarchyLevel: o.level ?? 0,
    status: { id: cat, name: cat === 'done' ? 'Done' : cat === 'new' ? 'To Do' : 'In Progress', category: cat },
    team: o.team === undefined ? null : o.team,
    storyPoints: o.points === undefined ? 3 : o.points,
    parentKey: o.parent ?? null,
    sprints: o.sprints ?? [],
    labels: o.labels ?? [],
    fixVersions: [],
    rank: null,
    created: '2026-10-01T00:00:00Z',
    updated: '2026-10-01T00:00:00Z',
    resolutionDate: null,
    assignee: null,
    description: null,
    acceptanceCriteria: null,
    links: o.links ?? [],
  };
}

const feature = (key: string, labels: string[] = []) => issue(key, { level: 1, labels, points: null });
const link = (direction: 'blockedBy' | 'blocks', other: BacklogIssue): BacklogIssue['links'][number] => ({ direction, typeName: 'Blocks', other: { key: other.key, summary: other.summary, statusCategory: other.status.category, statusName: other.status.name } });

function input(o: Partial<PiPlanningInput> & { stories: BacklogIssue[]; sprints: Sprint[]; teamOfSprint: Map<number, string> }, settings: Partial<PiPlanningSettings> = {}): PiPlanningInput {
  return {
    pi: 'PI-1',
    features: [],
    objectives: [],
    closedSprints: [],
    ranked: [],
    teamOf: (i) => i.team,
    // PI-1 runs over the first three sprints of the cadence (T0 = 2027-01-04), as a calendar entry says.
    settings: { ...DEFAULT_PI_PLANNING, calendar: [{ pi: 'PI-1', start: '2027-01-04', end: '2027-02-14' }], ...settings },
    prefix: 'PI-',
    now: iso(T0 - 2 * DAY),
    ...o,
  };
}

const closed = (team: string, sprintId: number, n: number, acceptedPoints: number): ClosedSprintVelocity => ({ team, sprintId, sprint: `S${sprintId}`, endDate: iso(T0 + n * 14 * DAY), acceptedPoints });

// --- PIs and their windows -----------------------------------------------------------------------

describe('PI windows', () => {
  it('splits the sprints into consecutive runs, one per PI, so a stray story of an old PI does not stretch it', () => {
    const old = [sprint(1, -2, 'closed'), sprint(2, -1, 'closed')];
    const next = [sprint(3, 0), sprint(4, 1), sprint(5, 2)];
    const f1 = feature('ART-1', ['PI-1']);
    const f0 = feature('ART-2', ['PI-0']);
    const stories = [
      issue('ART-10', { parent: 'ART-2', sprints: [old[0]] }),
      issue('ART-11', { parent: 'ART-2', sprints: [old[1]] }),
      issue('ART-12', { parent: 'ART-1', sprints: [next[0]] }),
      issue('ART-13', { parent: 'ART-1', sprints: [next[1]] }),
      issue('ART-14', { parent: 'ART-1', sprints: [next[1]] }),
      // A story of the old PI left in the next PI's last sprint: outvoted there by nothing, but
      // PI-0 cannot come back after PI-1 began, so the window of PI-0 stays where it was.
      issue('ART-15', { parent: 'ART-2', sprints: [next[2]] }),
      issue('ART-16', { parent: 'ART-1', sprints: [next[2]] }),
      issue('ART-17', { parent: 'ART-1', sprints: [next[2]] }),
    ];
    const opts = piOptions({ stories, features: [f0, f1], objectives: [], sprints: [...old, ...next], prefix: 'PI-', calendar: [], now: iso(T0 - DAY) });
    expect(opts.map((o) => o.pi)).toEqual(['PI-0', 'PI-1']);
    const [p0, p1] = opts;
    expect(p0).toMatchObject({ source: 'derived', start: old[0].startDate, isDefault: false });
    expect(Date.parse(p0.end!)).toBeLessThan(Date.parse(next[0].startDate!));
    expect(p1).toMatchObject({ source: 'derived', start: next[0].startDate, end: next[2].endDate, isDefault: true });
  });

  it('takes a PI calendar entry from settings over the derived window, and marks a PI with no dated sprint as unknown', () => {
    const opts = piOptions({ stories: [], features: [feature('ART-1', ['PI-1']), feature('ART-2', ['PI-2'])], objectives: [], sprints: [], prefix: 'PI-', calendar: [{ pi: 'PI-1', start: '2027-01-04', end: '2027-03-14' }], now: iso(T0 - DAY) });
    expect(opts[0]).toMatchObject({ pi: 'PI-1', source: 'settings', start: '2027-01-04T00:00:00.000Z', end: '2027-03-14T23:59:59.999Z', isDefault: true });
    expect(opts[1]).toMatchObject({ pi: 'PI-2', source: 'none', start: null, end: null });
  });

  it('deriveWindows gives each date to one PI in label order (no PI comes back after a later one)', () => {
    const sprints = [0, 1, 2, 3].map((n) => sprint(n + 1, n));
    const votes = new Map<number, Map<string, number>>([
      [1, new Map([['A', 3]])],
      [2, new Map([['B', 1], ['A', 2]])],
      [3, new Map([['B', 4]])],
      [4, new Map([['A', 1], ['B', 3]])],
    ]);
    const w = deriveWindows(['A', 'B'], votes, sprints);
    expect(w.get('A')).toEqual({ start: Date.parse(sprints[0].startDate!), end: Date.parse(sprints[1].endDate!) });
    expect(w.get('B')).toEqual({ start: Date.parse(sprints[2].startDate!), end: Date.parse(sprints[3].endDate!) });
  });
});

// --- capacity --------------------------------------------------------------------------------------

describe('capacity', () => {
  it('is the median accepted points of the last N closed sprints, an override with its reason, or null without history', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
    const history = [closed('A', 1, -1, 21), closed('A', 2, -2, 18), closed('A', 3, -3, 24)];
    const c = capacityOf('A', 9, history, { velocitySprints: 3, capacityOverrides: [] });
    expect(c).toMatchObject({ value: 21, source: 'velocity', overrideReason: null });
    expect(c.basis).toContain('21, 18, 24');
    const o = capacityOf('A', 9, history, { velocitySprints: 3, capacityOverrides: [{ team: 'A', sprintId: 9, capacity: 5, reason: 'IP iteration' }] });
    expect(o).toMatchObject({ value: 5, source: 'override', overrideReason: 'IP iteration' });
    expect(capacityOf('B', 9, [], { velocitySprints: 3, capacityOverrides: [] })).toMatchObject({ value: null, source: 'none' });
  });

  it('uses the last N closed sprints before the PI, flags over-commitment above capacity × share and keeps unestimated stories apart', () => {
    const s = [sprint(1, -4, 'closed'), sprint(2, -3, 'closed'), sprint(3, -2, 'closed'), sprint(4, -1, 'closed'), sprint(10, 0), sprint(11, 1)];
    const teamOfSprint = new Map(s.map((x) => [x.id, 'A']));
    const f = feature('ART-1', ['PI-1']);
    const stories = [
      issue('ART-20', { parent: 'ART-1', points: 8, sprints: [s[4]] }),
      issue('ART-21', { parent: 'ART-1', points: 5, sprints: [s[4]] }),
      issue('ART-22', { parent: 'ART-1', points: null, sprints: [s[4]] }),
      issue('ART-23', { parent: 'ART-1', points: 5, sprints: [s[5]] }),
    ];
    // Velocities 30 (oldest, outside the last 3), 10, 12, 11 → median of 10, 12, 11 = 11.
    const closedSprints = [closed('A', 1, -4, 30), closed('A', 2, -3, 10), closed('A', 3, -2, 12), closed('A', 4, -1, 11)];
    const plan = planPi(input({ stories, features: [f], sprints: s, teamOfSprint, closedSprints }));
    const [c1, c2] = plan.teams[0].cells;
    expect(c1.capacity).toMatchObject({ value: 11, source: 'velocity' });
    expect(c1.capacity!.history.map((h) => h.sprintId)).toEqual([4, 3, 2]);
    expect(c1.load).toMatchObject({ metric: 'piLoad', unit: 'points', value: 13, members: ['ART-20', 'ART-21', 'ART-22'] });
    expect(c1.unestimated).toMatchObject({ numerator: 1, members: ['ART-22'] });
    expect(c1.overCommitted).toBe(true);
    expect(c1.overCommitMessage).toContain('13 points planned against capacity 11');
    expect(c2.overCommitted).toBe(false);
    expect(plan.teams[0].totals).toMatchObject({ capacity: 22, capacityPartial: false, overCommitted: false });
    expect(plan.teams[0].totals.load.numerator).toBe(18);
    // With a share of 1.2, 13 ≤ 11 × 1.2 = 13.2: not over-committed.
    const lenient = planPi(input({ stories, features: [f], sprints: s, teamOfSprint, closedSprints }, { overCommitShare: 1.2 }));
    expect(lenient.teams[0].cells[0].overCommitted).toBe(false);
  });

  it('shows an IP iteration override (reason, column label), a team with no history (null, note) and a kanban team (unplanned)', () => {
    const a = [sprint(10, 0), sprint(11, 1)];
    const b = [sprint(20, 0, 'future', 2), sprint(21, 1, 'future', 2)];
    const teamOfSprint = new Map<number, string>([...a.map((x) => [x.id, 'A'] as const), ...b.map((x) => [x.id, 'B'] as const)]);
    const f = feature('ART-1', ['PI-1']);
    const stories = [
      issue('ART-30', { parent: 'ART-1', sprints: [a[0]] }),
      issue('ART-31', { parent: 'ART-1', sprints: [b[0]] }),
      issue('ART-32', { parent: 'ART-1', team: 'K', points: 2 }),
      issue('ART-33', { parent: 'ART-1', team: 'K', points: null }),
    ];
    const overrides = [
      { team: 'A', sprintId: 11, capacity: 0, reason: 'IP iteration (innovation and planning)' },
      { team: 'B', sprintId: 21, capacity: 0, reason: 'IP iteration' },
    ];
    const plan = planPi(input({ stories, features: [f], sprints: [...a, ...b], teamOfSprint, closedSprints: [closed('A', 1, -1, 20)] }, { capacityOverrides: overrides }));
    expect(plan.columns.map((c) => c.label)).toEqual(['Iteration 1', 'Iteration 2 (IP)']);
    // Named so instead: the same label without settings.
    const named = [a[0], { ...a[1], name: 'A Sprint 2 (IP)' }, b[0], { ...b[1], name: 'B IP sprint' }];
    expect(planPi(input({ stories, features: [f], sprints: named, teamOfSprint })).columns.map((c) => c.label)).toEqual(['Iteration 1', 'Iteration 2 (IP)']);
    const [A, B, K] = plan.teams;
    expect(A.cells[1].capacity).toMatchObject({ value: 0, source: 'override', overrideReason: 'IP iteration (innovation and planning)' });
    expect(B.cells[0].capacity).toMatchObject({ value: null, source: 'none' });
    expect(B.note).toMatch(/no closed sprint/);
    expect(B.totals).toMatchObject({ capacity: 0, capacityPartial: true });
    expect(K).toMatchObject({ team: 'K', kind: 'kanban' });
    expect(K.note).toMatch(/no sprints/);
    expect(K.cells.every((c) => c.sprint === null && c.capacity === null)).toBe(true);
    expect(K.unplanned.load).toMatchObject({ metric: 'piUnplannedPoints', value: 2, members: ['ART-32', 'ART-33'] });
    expect(K.unplanned.unestimated.members).toEqual(['ART-33']);
  });
});

// --- alignment, top features ---------------------------------------------------------------------

describe('alignment and top WSJF features', () => {
  const s = [sprint(10, 0), sprint(11, 1)];
  const teamOfSprint = new Map(s.map((x) => [x.id, 'A']));
  const inPi = feature('ART-1', ['PI-1']);
  const other = feature('ART-2', ['PI-0']);
  const top = feature('ART-3', ['PI-1']);
  const stories = [
    issue('ART-40', { parent: 'ART-1', points: 5, sprints: [s[0]] }),
    issue('ART-41', { parent: 'ART-2', points: 3, sprints: [s[0]] }),
    issue('ART-42', { parent: null, points: 2, sprints: [s[1]] }),
    // A parent that is not a feature of the train (deleted): an orphan too.
    issue('ART-43', { parent: 'ART-900', points: 0, sprints: [s[1]] }),
    issue('ART-44', { parent: 'ART-3', points: 3, labels: [], sprints: [] }),
  ];
  const ranked = [
    { key: 'ART-3', rank: 1, wsjf: 9 },
    { key: 'ART-2', rank: 2, wsjf: 4 },
    { key: 'ART-1', rank: 3, wsjf: 2 },
  ];
  const plan = planPi(input({ stories, features: [inPi, other, top], sprints: s, teamOfSprint, ranked }, { topWsjf: 2 }));

  it('shares planned points by in-scope feature, top-N feature and no feature', () => {
    const a = plan.teams[0].alignment;
    // Planned: 5 (ART-1, in PI) + 3 (ART-2, top 2) + 2 + 0 (orphans) = 10 points.
    expect(a.inPiScope).toMatchObject({ metric: 'piAlignmentInScope', kind: 'rate', numerator: 5, denominator: 10, value: 0.5, members: ['ART-40'] });
    expect(a.topWsjf).toMatchObject({ numerator: 3, denominator: 10, value: 0.3, members: ['ART-41'] });
    expect(a.orphan).toMatchObject({ numerator: 2, denominator: 10, value: 0.2, members: ['ART-42', 'ART-43'] });
    expect(plan.train.alignment.inPiScope.value).toBe(0.5);
  });

  it('is null when nothing is planned', () => {
    const empty = planPi(input({ stories: [issue('ART-50', { parent: 'ART-1' })], features: [inPi], sprints: s, teamOfSprint }));
    expect(empty.train.alignment.inPiScope.value).toBeNull();
    expect(empty.train.alignment.orphan.value).toBeNull();
  });

  it('lists the top N features with the teams that planned them, and a top feature with nothing planned is a finding', () => {
    expect(plan.topFeatures.map((f) => f.key)).toEqual(['ART-3', 'ART-2']);
    const [t1, t2] = plan.topFeatures;
    expect(t1.planned.numerator).toBe(0);
    expect(t1.teams).toEqual([]);
    expect(t1.finding).toMatch(/ART-3 .* is #1 by WSJF, and no team has planned any of its stories in an iteration of PI-1 \(1 of its stories/);
    expect(plan.findings).toEqual([t1.finding]);
    expect(t2.teams.map((t) => [t.team, t.points.numerator])).toEqual([['A', 3]]);
    expect(t2.finding).toBeNull();
  });

  it('gives every figure its own identity (the same id would have to be the same number everywhere)', () => {
    const ids = plan.figures.map((f) => figureId(f));
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts each feature on one card per cell, orphans on their own card', () => {
    const cards = plan.teams[0].cells[1].cards;
    expect(cards.map((c) => c.id)).toEqual(['orphan|A|11']);
    expect(cards[0].stories.members).toEqual(['ART-42', 'ART-43']);
    expect(plan.teams[0].cells[0].cards.map((c) => [c.featureKey, c.topWsjfRank, c.inPiScope])).toEqual([
      ['ART-2', 2, false],
      ['ART-1', null, true],
    ]);
  });
});

// --- dependency risk -----------------------------------------------------------------------------

describe('dependency risk by iteration order', () => {
  const s = [sprint(10, 0), sprint(11, 1), sprint(20, 0, 'future', 2), sprint(21, 1, 'future', 2)];
  const teamOfSprint = new Map<number, string>([
    [10, 'A'],
    [11, 'A'],
    [20, 'B'],
    [21, 'B'],
  ]);
  const f = feature('ART-1', ['PI-1']);
  const doneBlocker = issue('ART-65', { parent: 'ART-1', status: 'done' });
  const blocked1 = issue('ART-60', { parent: 'ART-1', sprints: [s[0]], links: [link('blockedBy', doneBlocker)] });
  const lateBlocker = issue('ART-61', { parent: 'ART-1', sprints: [s[3]], links: [link('blocks', blocked1)] });
  const sameBlocker = issue('ART-62', { parent: 'ART-1', sprints: [s[2]], links: [link('blocks', blocked1)] });
  const unplannedBlocker = issue('ART-63', { parent: 'ART-1', team: 'B', links: [link('blocks', blocked1)] });
  const blocked2 = issue('ART-64', { parent: 'ART-1', sprints: [s[1]], links: [link('blockedBy', sameBlocker)] });
  const stories = [blocked1, lateBlocker, sameBlocker, unplannedBlocker, blocked2, doneBlocker];
  const plan = planPi(input({ stories, features: [f], sprints: s, teamOfSprint }));
  const risk = (from: string, to: string) => plan.dependencies.find((d) => d.id === `${from}>${to}`);

  it('is later, same, unplanned or ok by the iterations of blocker and blocked', () => {
    expect(risk('ART-61', 'ART-60')).toMatchObject({ risk: 'later' });
    expect(risk('ART-61', 'ART-60')!.sentence).toContain('after ART-60');
    expect(risk('ART-62', 'ART-60')).toMatchObject({ risk: 'same' });
    expect(risk('ART-63', 'ART-60')).toMatchObject({ risk: 'unplanned' });
    expect(risk('ART-62', 'ART-64')).toMatchObject({ risk: 'ok' });
    expect(risk('ART-65', 'ART-60')).toMatchObject({ risk: 'ok' });
    expect(plan.dependencies).toHaveLength(5);
    // Worst first: later, then unplanned, then same, then ok.
    expect(plan.dependencies.map((d) => d.risk)).toEqual(['later', 'unplanned', 'same', 'ok', 'ok']);
  });

  it('joins the cards the two stories are on', () => {
    expect(risk('ART-61', 'ART-60')).toMatchObject({ from: { card: 'ART-1|B|21' }, to: { card: 'ART-1|A|10' } });
    expect(risk('ART-63', 'ART-60')!.from.card).toBe('ART-1|B|unplanned');
  });

  it('piDependencyRisk follows the column order for any pair of placements (property)', () => {
    const sp = sprint(1, 0);
    fc.assert(
      fc.property(fc.option(fc.nat(5), { nil: null }), fc.option(fc.nat(5), { nil: null }), fc.boolean(), (bc, dc, done) => {
        const blocker = issue('ART-1', { status: done ? 'done' : 'new' });
        const blocked = issue('ART-2');
        const r = piDependencyRisk({ issue: blocker, team: null, at: { column: bc, sprint: bc === null ? null : sp } }, { issue: blocked, team: null, at: { column: dc, sprint: dc === null ? null : sp } }, 'PI-1').risk;
        const expected = done || dc === null ? 'ok' : bc === null ? 'unplanned' : bc > dc ? 'later' : bc === dc ? 'same' : 'ok';
        expect(r).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe('dependency risk between features', () => {
  it('places a blocking feature at its last planned story and the blocked feature at its first', () => {
    const s = [sprint(10, 0), sprint(11, 1), sprint(12, 2)];
    const teamOfSprint = new Map(s.map((x) => [x.id, 'A']));
    const f1 = feature('ART-1', ['PI-1']);
    const f2 = feature('ART-2', ['PI-1']);
    f1.links = [link('blocks', f2)];
    f2.links = [link('blockedBy', f1)];
    const stories = [
      issue('ART-70', { parent: 'ART-1', sprints: [s[0]] }),
      issue('ART-71', { parent: 'ART-1', sprints: [s[2]] }),
      issue('ART-72', { parent: 'ART-2', sprints: [s[1]] }),
      issue('ART-73', { parent: 'ART-2', sprints: [s[2]] }),
    ];
    const plan = planPi(input({ stories, features: [f1, f2], sprints: s, teamOfSprint }));
    const d = plan.dependencies.find((x) => x.id === 'ART-1>ART-2')!;
    // ART-1 finishes in iteration 3 (ART-71), ART-2 starts in iteration 2 (ART-72): later.
    expect(d).toMatchObject({ risk: 'later', from: { card: 'ART-1|A|12', at: { column: 2 } }, to: { card: 'ART-2|A|11', at: { column: 1 } } });
    // Without ART-71, ART-1 finishes in iteration 1, before ART-2 starts: ok.
    const early = planPi(input({ stories: stories.filter((x) => x.key !== 'ART-71'), features: [f1, f2], sprints: s, teamOfSprint }));
    expect(early.dependencies.find((x) => x.id === 'ART-1>ART-2')).toMatchObject({ risk: 'ok' });
  });
});

// --- properties: sums ------------------------------------------------------------------------------

describe('properties of load, capacity and alignment', () => {
  const teams = ['A', 'B', 'C'];
  const sprints = teams.flatMap((t, ti) => [0, 1, 2].map((n) => sprint(ti * 10 + n + 1, n, 'future', ti + 1)));
  const teamOfSprint = new Map(sprints.map((s) => [s.id, teams[Math.floor((s.id - 1) / 10)]]));
  const features = [feature('ART-1', ['PI-1']), feature('ART-2', ['PI-0']), feature('ART-3', ['PI-1'])];
  const storyArb = fc.record({
    points: fc.option(fc.constantFrom(1, 2, 3, 5, 8), { nil: null }),
    sprintIdx: fc.uniqueArray(fc.nat(sprints.length - 1), { maxLength: 2 }),
    parent: fc.constantFrom<string | null>('ART-1', 'ART-2', 'ART-3', null),
  });

  it('cell load is the sum of points of the stories whose Sprint field holds the sprint; team and train totals are sums of cells; shares add up to 1 with orphans', () => {
    fc.assert(
      fc.property(fc.array(storyArb, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(40), { maxLength: 3 }), (specs, velocities) => {
        const stories = specs.map((x, i) => issue(`ART-${100 + i}`, { points: x.points, parent: x.parent, sprints: x.sprintIdx.map((j) => sprints[j]) }));
        const closedSprints = velocities.map((v, i) => closed('A', 900 + i, -1 - i, v));
        const plan = planPi(input({ stories, features, sprints, teamOfSprint, closedSprints, ranked: [{ key: 'ART-2', rank: 1, wsjf: 5 }] }, { topWsjf: 1 }));
        const pts = (s: BacklogIssue) => s.storyPoints ?? 0;
        let trainLoad = 0;
        for (const t of plan.teams) {
          let teamLoad = 0;
          for (const c of t.cells) {
            if (!c.sprint) continue;
            const inSprint = stories.filter((s) => s.sprints.some((x) => x.id === c.sprint!.id));
            expect(c.load.numerator).toBe(inSprint.reduce((a, s) => a + pts(s), 0));
            expect(c.unestimated.numerator).toBe(inSprint.filter((s) => s.storyPoints === null).length);
            // The cards partition the cell's stories.
            expect(c.cards.reduce((a, k) => a + k.points.numerator, 0)).toBe(c.load.numerator);
            expect(c.cards.reduce((a, k) => a + k.stories.numerator, 0)).toBe(inSprint.length);
            teamLoad += c.load.numerator;
          }
          expect(t.totals.load.numerator).toBe(teamLoad);
          const caps = t.cells.filter((c) => c.capacity).map((c) => c.capacity!.value);
          if (caps.every((c) => c === null)) expect(t.totals.capacity).toBeNull();
          else expect(t.totals.capacity).toBeCloseTo(caps.reduce<number>((a, c) => a + (c ?? 0), 0), 6);
          trainLoad += teamLoad;
        }
        expect(plan.train.load.numerator).toBe(trainLoad);
        const planned = stories.filter((s) => s.sprints.length > 0);
        const plannedPoints = planned.reduce((a, s) => a + pts(s), 0);
        const al = planPiAlignment(plan);
        if (plannedPoints > 0) {
          expect(al.inPiScope.value! + al.otherFeature.value! + al.orphan.value!).toBeCloseTo(1, 9);
          expect(al.topWsjf.value! + al.orphan.value!).toBeLessThanOrEqual(1 + 1e-9);
          expect(al.orphan.numerator).toBe(planned.filter((s) => s.parentKey === null).reduce((a, s) => a + pts(s), 0));
        } else {
          expect(al.inPiScope.value).toBeNull();
        }
      }),
      { numRuns: 100 },
    );
  });
});

const planPiAlignment = (plan: ReturnType<typeof planPi>) => plan.train.alignment;
