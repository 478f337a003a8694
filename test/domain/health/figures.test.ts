import fc from 'fast-check';
import { computeHealth, figureId, type Figure } from '../../../src/domain/health';
import type { BacklogIssue, FieldChange, Sprint, StatusRef } from '../../../src/domain/model';

const TODO: StatusRef = { id: '1', name: 'To Do', category: 'new' };
const PROG: StatusRef = { id: '3', name: 'In Progress', category: 'indeterminate' };
const DONE: StatusRef = { id: '10001', name: 'Done', category: 'done' };
const STATUSES = [TODO, PROG, DONE];
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const iso = (d: number) => new Date(T0 + d * DAY).toISOString();
const sprint = (id: number, state: Sprint['state'], start: number | null, end: number | null): Sprint => ({
  id,
  name: `Sprint ${id}`,
  state,
  startDate: start === null ? null : iso(start),
  endDate: end === null ? null : iso(end),
  completeDate: state === 'closed' && end !== null ? iso(end) : null,
  boardId: 1,
});
// Two closed sprints, the active one (its planned end two weeks ahead of now), a future one.
const SPRINTS = [sprint(1, 'closed', 0, 14), sprint(2, 'closed', 14, 28), sprint(3, 'active', 28, 42), sprint(4, 'future', null, null)];
const NOW = iso(32);

const storyArb = fc.record({
  team: fc.constantFrom('A', 'B'),
  points: fc.integer({ min: 0, max: 8 }),
  createdDay: fc.integer({ min: -5, max: 31 }),
  // Sprint moves: (day, sprint id or 0 for none), in any order; status moves: (day, status index).
  sprintMoves: fc.array(fc.tuple(fc.integer({ min: -5, max: 31 }), fc.constantFrom(0, 1, 2, 3, 4)), { maxLength: 3 }),
  statusMoves: fc.array(fc.tuple(fc.integer({ min: -5, max: 31 }), fc.integer({ min: 0, max: 2 })), { maxLength: 4 }),
  improvement: fc.boolean(),
});

type StorySpec = typeof storyArb extends fc.Arbitrary<infer T> ? T : never;

function train(specs: StorySpec[]) {
  const changes = new Map<string, FieldChange[]>();
  const stories: BacklogIssue[] = specs.map((s, n) => {
    const key = `P-${n + 1}`;
    const log: FieldChange[] = [];
    let sprintNow = 0;
    for (const [day, id] of [...s.sprintMoves].sort((a, b) => a[0] - b[0])) {
      const at = Math.max(day, s.createdDay);
      log.push({ at: iso(at), field: 'sprint', from: sprintNow ? String(sprintNow) : '', to: id ? String(id) : '', fromString: null, toString: null });
      sprintNow = id;
    }
    let status = TODO;
    for (const [day, i] of [...s.statusMoves].sort((a, b) => a[0] - b[0])) {
      const next = STATUSES[i];
      if (next.id === status.id) continue;
      log.push({ at: iso(Math.max(day, s.createdDay)), field: 'status', from: status.id, to: next.id, fromString: status.name, toString: next.name });
      status = next;
    }
    changes.set(`id-${key}`, log);
    return {
      id: `id-${key}`,
      key,
      summary: key,
      issueType: 'Story',
      hierarchyLevel: 0,
      status,
      team: s.team,
      storyPoints: s.points,
      parentKey: null,
      sprints: sprintNow ? [SPRINTS[sprintNow - 1]] : [],
      labels: s.improvement ? ['improvement', 'PI-1'] : [],
      fixVersions: [],
      rank: String(n).padStart(4, '0'),
      created: iso(s.createdDay),
      updated: iso(s.createdDay),
      resolutionDate: null,
      assignee: null,
      description: null,
      acceptanceCriteria: null,
      links: [],
    };
  });
  return computeHealth({
    stories,
    features: [],
    changes,
    sprints: SPRINTS,
    teamOfSprint: new Map([
      [1, 'A'],
      [2, 'A'],
      [3, 'A'],
      [4, 'B'],
    ]),
    statusCategoryById: { '1': 'new', '3': 'indeterminate', '10001': 'done' },
    ready: (i) => (i.storyPoints ?? 0) % 2 === 0,
    qualityPass: (i) => (i.storyPoints ?? 0) < 6,
    improvementLabel: 'improvement',
    now: NOW,
  });
}

const trains = fc.array(storyArb, { minLength: 1, maxLength: 20 });
const PARAMS = { seed: 1201, numRuns: 150 };

describe('figures: members and sprint semantics (property)', () => {
  it('every rate’s numerator members are a subset of its denominator members, and the counts are their sizes', () => {
    fc.assert(
      fc.property(trains, (specs) => {
        const h = train(specs);
        const rates = h.figures.filter((f): f is Figure & { denominatorMembers: string[] } => f.denominatorMembers !== undefined);
        expect(rates.length).toBeGreaterThan(0);
        for (const f of rates) {
          const base = new Set(f.denominatorMembers);
          expect(f.members.filter((k) => !base.has(k))).toEqual([]);
          if (f.unit === 'issues') {
            expect(f.numerator).toBe(f.members.length);
            expect(f.denominator).toBe(f.denominatorMembers.length);
          }
          if (f.kind === 'rate' && f.value !== null) expect(f.value).toBeCloseTo(f.numerator / f.denominator!);
        }
        expect(new Set(h.figures.map(figureId)).size).toBe(h.figures.length);
      }),
      PARAMS,
    );
  });

  it('keeps active and future sprints out of every closed-sprint figure; the active sprint is only "in progress"', () => {
    fc.assert(
      fc.property(trains, (specs) => {
        const h = train(specs);
        expect(h.sprints.every((r) => r.state === 'closed')).toBe(true);
        expect(h.activeSprints.map((a) => a.sprintId)).toEqual([3]);
        expect(h.activeSprints[0].daysLeft).toBe(10);
        for (const f of h.figures.filter((x) => x.scope === 'sprint')) expect(f.sprintId === 3).toBe(['sprintProgress', 'sprintCommittedSoFar', 'sprintAddedSoFar'].includes(f.metric));
        expect(h.figures.some((f) => f.sprintId === 4)).toBe(false);
        // The last closed sprint is team A's Sprint 2, never the active Sprint 3.
        const committed2 = new Set(h.sprints.find((r) => r.sprintId === 2)?.keys.committed ?? []);
        const accept = h.figures.find((f) => f.metric === 'acceptanceRateLastSprint' && f.team === 'A')!;
        expect(accept.denominatorMembers!.every((k) => committed2.has(k))).toBe(true);
        expect(h.teams.find((t) => t.team === 'A')!.details.lastClosedSprintIds).toEqual([2]);
      }),
      PARAMS,
    );
  });

  it('pools the train as the union of the teams’ members (a ratio of sums)', () => {
    fc.assert(
      fc.property(trains, (specs) => {
        const h = train(specs);
        for (const metric of ['readinessRate', 'qualityPassRate', 'reworkRatio'] as const) {
          const trainF = h.figures.find((f) => f.metric === metric && f.scope === 'train')!;
          const teams = h.figures.filter((f) => f.metric === metric && f.scope === 'team');
          expect(teams.length).toBeGreaterThan(0);
          expect(trainF.numerator).toBe(new Set(teams.flatMap((f) => f.members)).size);
          expect(trainF.denominator).toBe(new Set(teams.flatMap((f) => f.denominatorMembers ?? [])).size);
        }
      }),
      PARAMS,
    );
  });
});
