/**
 * PI planning over HTTP (harness → resolver → emulator): a small train with a scrum team with
 * history (Comet), a scrum team with no closed sprint yet (Nebula), a kanban team (Meteor, a kanban
 * board: Jira refuses its sprint list), an IP iteration set in settings, a top-WSJF feature nobody
 * planned and a dependency landing after the work it blocks. Expected numbers are worked out from
 * the fixture below, not copied from the output.
 */
import { JastBuilder } from '@atlassianlabs/jql-ast';
import { startHarness, type RunningHarness } from '../../dev/harness/server';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { PiPlanningData } from '../../src/contract';
import { USERS } from '../fixtures/miniTrain';
import { PI, PI_NOW as NOW, piTrain as train } from '../fixtures/piTrain';
import { invoke, ok } from './harness';

let h: RunningHarness;
let data: PiPlanningData;
let requests: { method: string; path: string }[];

beforeAll(async () => {
  h = await startHarness({ data: train(), port: 0, now: () => NOW });
  const settings = { ...DEFAULT_SETTINGS, piPlanning: { ...DEFAULT_SETTINGS.piPlanning!, capacityOverrides: [{ team: 'Comet', sprintId: 5, capacity: 0, reason: 'IP iteration: innovation and planning' }] } };
  ok(await invoke(h, USERS.admin, 'saveSettings', { settings }));
  const mark = h.emulator.requests.length;
  data = ok(await invoke(h, USERS.editor, 'getPiPlanning', { projectKey: 'MINI' }));
  requests = h.emulator.requests.slice(mark);
});
afterAll(() => h.close());

const row = (t: string) => data.teams.find((r) => r.team === t)!;

describe('getPiPlanning over the emulator', () => {
  it('opens on the next PI with its iterations: the teams\' sprints in the window, column by column', () => {
    expect(data.pi).toBe(PI);
    expect(data.pis.find((p) => p.pi === PI)).toMatchObject({ isDefault: true, source: 'derived' });
    expect(data.iterations.map((i) => [i.team, i.sprint, i.column])).toEqual([
      ['Comet', 'Comet PI 1', 0],
      ['Nebula', 'Nebula PI 1', 0],
      ['Comet', 'Comet IP', 1],
      ['Nebula', 'Nebula PI 2', 1],
    ]);
    expect(data.columns.map((c) => c.label)).toEqual(['Iteration 1', 'Iteration 2']);
  });

  it('gives Comet its median velocity, the IP override with its reason, and highlights the over-committed iteration', () => {
    const [i1, ip] = row('Comet').cells;
    // Mini Sprint 1 accepted MINI-2 (3 points): the median of one sprint is 3.
    expect(i1.capacity).toMatchObject({ value: 3, source: 'velocity' });
    expect(i1.capacity!.history.map((x) => [x.sprint, x.velocity.value])).toEqual([['Mini Sprint 1', 3]]);
    // MINI-10 (5) + MINI-11 (3) + MINI-12 (no points) = 8 points, 1 unestimated: over 3.
    expect(i1.load).toMatchObject({ value: 8, unit: 'points', memberCount: 3 });
    expect(i1.unestimated).toMatchObject({ value: 1, memberCount: 1 });
    expect(i1.overCommitted).toBe(true);
    expect(i1.overCommitMessage).toMatch(/^8 points planned against capacity 3/);
    expect(ip.capacity).toMatchObject({ value: 0, source: 'override', overrideReason: 'IP iteration: innovation and planning' });
    expect(ip.overCommitted).toBe(false);
  });

  it('says a team with no history has no capacity (null, not 0), and shows the kanban team\'s stories as unplanned', () => {
    const nebula = row('Nebula');
    expect(nebula.kind).toBe('scrum');
    expect(nebula.cells.map((c) => c.capacity?.value)).toEqual([null, null]);
    expect(nebula.totals.capacity).toBeNull();
    expect(nebula.note).toMatch(/no closed sprint/);
    const meteor = row('Meteor');
    expect(meteor.kind).toBe('kanban');
    expect(meteor.unplanned.load).toMatchObject({ value: 3, memberCount: 1 });
    expect(meteor.unplanned.cards.map((c) => c.feature?.key)).toEqual(['MINI-1']);
    expect(data.notes.some((n) => /Meteor board \(a kanban board\) has no sprints/.test(n))).toBe(true);
  });

  it('computes alignment of planned points and names the top WSJF feature that nobody planned', () => {
    // Planned: Comet 5 (MINI-1) + 3 (MINI-20) + 0 (orphan MINI-12); Nebula 8 (MINI-20) + 2 (MINI-1) → 18 points.
    expect(data.train.load).toMatchObject({ value: 18 });
    expect(data.train.alignment.inPiScope).toMatchObject({ numerator: 7, denominator: 18 });
    expect(data.train.alignment.orphan).toMatchObject({ numerator: 0, denominator: 18, memberCount: 1 });
    // WSJF: MINI-21 (20+13+8)/3 ≈ 13.7 is #1, MINI-20 (8+3+2)/5 = 2.6 is #2.
    expect(data.topFeatures.map((f) => [f.feature.key, f.rank])).toEqual([
      ['MINI-21', 1],
      ['MINI-20', 2],
    ]);
    expect(data.train.alignment.topWsjf).toMatchObject({ numerator: 11, denominator: 18 });
    expect(data.topFeatures[0].finding).toMatch(/MINI-21 .*#1 by WSJF, and no team has planned any of its stories/);
    expect(data.topFeatures[1].teams.map((t) => [t.team, t.points.value])).toEqual([
      ['Comet', 3],
      ['Nebula', 8],
    ]);
  });

  it('colours the dependency that lands after the work it blocks as "later", joining the two cards', () => {
    const d = data.dependencies.find((x) => x.id === 'MINI-14>MINI-10')!;
    expect(d).toMatchObject({ risk: 'later', fromCard: 'MINI-1|Nebula|7', toCard: 'MINI-1|Comet|4', from: { sprint: 'Nebula PI 2' }, to: { sprint: 'Comet PI 1' } });
    expect(d.sentence).toContain('after MINI-10');
  });

  it('lists feature readiness for the PI\'s features, from the feature engine', () => {
    expect(data.features.map((f) => f.feature.key)).toEqual(['MINI-1', 'MINI-20', 'MINI-21']);
    for (const f of data.features) for (const x of f.findings) expect(x.rule).toMatch(/\S/);
  });

  it('links every number to exactly its stories with JQL that parses', () => {
    const figures = [...data.teams.flatMap((t) => [...t.cells, t.unplanned].flatMap((c) => [c.load, c.unestimated, ...c.cards.flatMap((k) => [k.points, k.stories])])), data.train.load];
    const withLinks = figures.filter((f) => f.links.length);
    expect(withLinks.length).toBeGreaterThan(5);
    for (const f of withLinks) {
      for (const l of f.links) {
        const jast = new JastBuilder().build(l.jql);
        expect(jast.errors).toEqual([]);
        expect(l.jql).toMatch(/^key in \(/);
      }
    }
    expect(row('Comet').cells[0].load.links[0].jql).toBe('key in ("MINI-10", "MINI-11", "MINI-12") ORDER BY key ASC');
  });

  it('reads the train in a bounded number of Jira calls, never one per issue', () => {
    const perIssue = requests.filter((r) => r.method === 'GET' && /^\/rest\/api\/3\/issue\/[^/]+/.test(r.path));
    expect(perIssue).toEqual([]);
    expect(requests.filter((r) => r.path === '/rest/api/3/search/jql').length).toBeLessThanOrEqual(3);
    expect(requests.length).toBeLessThan(20);
  });

  it('answers an unknown PI and an unknown project with readable errors', async () => {
    const r = await invoke(h, USERS.editor, 'getPiPlanning', { projectKey: 'MINI', pi: 'PI-1999.1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!r.ok) expect(r.error.message).toContain(`Known PIs: ${PI}`);
    const p = await invoke(h, USERS.editor, 'getPiPlanning', { projectKey: 'NOPE' });
    expect(p).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await invoke(h, USERS.editor, 'getPiPlanning', { projectKey: 'MINI', pi: 'two words' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
