/**
 * PI planning over HTTP (harness → resolver → emulator): a small train with a scrum team with
 * history (Comet), a scrum team with no closed sprint yet (Nebula), a kanban team (Meteor, a kanban
 * board: Jira refuses its sprint list), an IP iteration set in settings, a top-WSJF feature nobody
 * planned and a dependency landing after the work it blocks. Expected numbers are worked out from
 * the fixture below, not copied from the output.
 */
import { JastBuilder } from '@atlassianlabs/jql-ast';
import { startHarness, type RunningHarness } from '../../dev/harness/server';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { PiPlanningData } from '../../src/contract';
import { miniTrain, USERS } from '../fixtures/miniTrain';
import { invoke, ok } from './harness';

const NOW = new Date('2026-12-20T10:00:00Z');
const PI = 'PI-2027.1';

const team = (value: string) => ({ value, id: value });
const parent = (key: string) => ({ id: String(20000 + Number(key.split('-')[1])), key, fields: { summary: key } });
const S = {
  // Comet (board 1): Mini Sprint 1 (closed, 3 points accepted) is its history; 4 and 5 are the PI's.
  c4: { id: 4, name: 'Comet PI 1', state: 'future' as const, originBoardId: 1, startDate: '2027-01-04T09:00:00.000Z', endDate: '2027-01-18T09:00:00.000Z' },
  c5: { id: 5, name: 'Comet IP', state: 'future' as const, originBoardId: 1, startDate: '2027-01-18T09:00:00.000Z', endDate: '2027-02-01T09:00:00.000Z' },
  // Nebula (board 2): no closed sprint.
  n6: { id: 6, name: 'Nebula PI 1', state: 'future' as const, originBoardId: 2, startDate: '2027-01-04T09:00:00.000Z', endDate: '2027-01-18T09:00:00.000Z' },
  n7: { id: 7, name: 'Nebula PI 2', state: 'future' as const, originBoardId: 2, startDate: '2027-01-18T09:00:00.000Z', endDate: '2027-02-01T09:00:00.000Z' },
};
const sprintField = (s: (typeof S)[keyof typeof S]) => [{ id: s.id, name: s.name, state: s.state, boardId: s.originBoardId, goal: '', startDate: s.startDate, endDate: s.endDate }];

function train(): DataSet {
  const d = miniTrain();
  const base = d.issues[1];
  const story = (n: number, summary: string, fields: Record<string, unknown>): JiraIssue => ({
    ...base,
    id: String(20000 + n),
    key: `MINI-${n}`,
    fields: { ...base.fields, summary, status: d.issues[2].fields.status, resolution: null, resolutiondate: null, customfield_10020: null, issuelinks: [], labels: [], description: null, customfield_10019: `0|i001${String(n).padStart(2, '0')}:`, ...fields },
    changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
    properties: {},
  });
  const epic = (n: number, summary: string, labels: string[], wsjf: { bv: number; tc: number; rr: number; js: number } | null): JiraIssue => ({
    ...d.issues[0],
    id: String(20000 + n),
    key: `MINI-${n}`,
    fields: { ...d.issues[0].fields, summary, labels, customfield_10019: `0|i000${String(n).padStart(2, '0')}:` },
    properties: wsjf ? { 'refinery.wsjf': { businessValue: wsjf.bv, timeCriticality: wsjf.tc, riskReduction: wsjf.rr, jobSize: wsjf.js, costOfDelay: wsjf.bv + wsjf.tc + wsjf.rr, wsjf: (wsjf.bv + wsjf.tc + wsjf.rr) / wsjf.js, scoredBy: null, scoredAt: '2026-12-01T00:00:00.000Z', version: 1 } } : {},
  });
  d.boards.push(
    { id: 2, name: 'Nebula board', type: 'scrum', location: { projectId: 10000, projectKey: 'MINI', projectName: 'Mini Train' } },
    { id: 3, name: 'Meteor board', type: 'kanban', location: { projectId: 10000, projectKey: 'MINI', projectName: 'Mini Train' } },
  );
  d.sprints.push(S.c4, S.c5, S.n6, S.n7);
  // MINI-1 is in the PI's scope; MINI-20 (not labelled) and MINI-21 (top WSJF, nothing planned) are features too.
  d.issues[0].fields.labels = [PI];
  d.issues.push(
    epic(20, 'Partner portal', [], { bv: 8, tc: 3, rr: 2, js: 5 }),
    epic(21, 'Fraud screening', [PI], { bv: 20, tc: 13, rr: 8, js: 3 }),
    story(10, 'Invoice PDF branding', { parent: parent('MINI-1'), customfield_10016: 5, customfield_10001: team('Comet'), customfield_10020: sprintField(S.c4) }),
    story(11, 'Invoice list filter', { parent: parent('MINI-20'), customfield_10016: 3, customfield_10001: team('Comet'), customfield_10020: sprintField(S.c4) }),
    story(12, 'Spike: invoice archive', { parent: null, customfield_10016: null, customfield_10001: team('Comet'), customfield_10020: sprintField(S.c4) }),
    story(13, 'Invoice API for partners', { parent: parent('MINI-20'), customfield_10016: 8, customfield_10001: team('Nebula'), customfield_10020: sprintField(S.n6) }),
    story(14, 'Partner invoice webhook', { parent: parent('MINI-1'), customfield_10016: 2, customfield_10001: team('Nebula'), customfield_10020: sprintField(S.n7) }),
    story(15, 'Invoice status board', { parent: parent('MINI-1'), customfield_10016: 3, customfield_10001: team('Meteor') }),
    story(16, 'Fraud rules engine', { parent: parent('MINI-21'), customfield_10016: 8, customfield_10001: team('Nebula') }),
  );
  // MINI-14 (Nebula, iteration 2) blocks MINI-10 (Comet, iteration 1): it lands too late.
  const blocks = (blocker: JiraIssue, blocked: JiraIssue) => {
    const type = { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
    const ref = (i: JiraIssue) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary, status: i.fields.status } });
    (blocker.fields.issuelinks as unknown[]).push({ id: `${blocker.id}${blocked.id}`, type, outwardIssue: ref(blocked) });
    (blocked.fields.issuelinks as unknown[]).push({ id: `${blocker.id}${blocked.id}`, type, inwardIssue: ref(blocker) });
  };
  const byKey = (k: string) => d.issues.find((i) => i.key === k)!;
  blocks(byKey('MINI-14'), byKey('MINI-10'));
  return d;
}

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
