/**
 * The app against the strict emulator, over real HTTP: the refusals a real Jira Cloud site gives
 * (issue 13) must not break a page, and each is reported in a sentence.
 */
import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { refreshProject } from '../../src/app/refresh';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { snapshots } from '../../src/app/snapshots';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const ART = { projectId: 10000, projectKey: DEMO.projectKey, projectName: DEMO.projectName };

/** The demo train plus a kanban board and a team-managed (simple) board in the same project. */
function withBoardsWithoutSprints(): DataSet {
  const data = generateDemoTrain({ now: NOW });
  data.boards.push({ id: 91, name: 'Support kanban', type: 'kanban', location: ART }, { id: 92, name: 'Platform team board', type: 'simple', location: ART });
  return data;
}

describe('a project with kanban and team-managed boards', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    h = await startDemoHarness(withBoardsWithoutSprints());
  });
  afterAll(() => h.close());
  beforeEach(() => h.emulator.requests.splice(0));

  const sprintCallsTo = (ids: number[]) => h.emulator.requests.filter((r) => ids.some((id) => r.path === `/rest/agile/1.0/board/${id}/sprint`));

  it('the overview loads, never asks those boards for sprints, and says their issues count for readiness only', async () => {
    const data = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(data.cards.length).toBeGreaterThan(0);
    expect(data.notes).toEqual([
      // The demo's own kanban team, then the two boards added here.
      'Board Meteor board (a kanban board) has no sprints; its issues count for readiness only.',
      'Board Support kanban (a kanban board) has no sprints; its issues count for readiness only.',
      'Board Platform team board (a team-managed board) has no sprints; its issues count for readiness only.',
    ]);
    expect(sprintCallsTo([5, 91, 92])).toEqual([]);
    // The scrum boards' sprints are still read.
    expect(h.emulator.requests.filter((r) => /^\/rest\/agile\/1\.0\/board\/\d+\/sprint$/.test(r.path)).length).toBe(DEMO.teams.length);
  });

  it('Refresh works and keeps the note', async () => {
    const r = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' }));
    expect(r.refresh.error).toBeNull();
    expect(r.overview?.notes).toHaveLength(3);
    expect(sprintCallsTo([5, 91, 92])).toEqual([]);
  });

  it('the daily job (asApp) finishes and stores its snapshot', async () => {
    const app = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }));
    const result = await refreshProject(app, h.store, DEMO.projectKey, NOW);
    expect(result.done).toBe(true);
    expect(await snapshots(h.store, DEMO.projectKey)).toHaveLength(1);
    expect(sprintCallsTo([91, 92])).toEqual([]);
  });

  it('the emulator does refuse those boards, so skipping them is what keeps the page up', async () => {
    const res = await fetch(`${h.url}/rest/agile/1.0/board/91/sprint`, { headers: { 'X-Refinery-As-User': DEMO.users.popm } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errorMessages: ['The board does not support sprints'], errors: {} });
  });
});

const F = DEMO.fieldIds;
const isEpic = (i: { fields: { issuetype: { name: string } } }) => i.fields.issuetype.name === 'Epic';
const scored = (i: { properties?: Record<string, unknown> }) => !!i.properties?.['refinery.wsjf'];

/** The demo train with one scored feature deleted after its stories were linked to it (their parent still names it). */
function withDeletedFeature(): { data: DataSet; deleted: string; orphan: string } {
  const data = generateDemoTrain({ now: NOW });
  const gone = data.issues.find((i) => isEpic(i) && scored(i) && data.issues.some((s) => s.fields.parent?.key === i.key))!;
  data.issues = data.issues.filter((i) => i !== gone);
  const orphan = data.issues.find((s) => s.fields.parent?.key === gone.key)!;
  return { data, deleted: gone.key, orphan: orphan.key };
}

describe('a feature deleted after it was linked', () => {
  let h: RunningHarness;
  let deleted: string;
  let orphan: string;
  beforeAll(async () => {
    const d = withDeletedFeature();
    deleted = d.deleted;
    orphan = d.orphan;
    h = await startDemoHarness(d.data);
  });
  afterAll(() => h.close());
  beforeEach(() => h.emulator.reset());

  it('a column save naming it saves the other features and reports the deleted one', async () => {
    const sheet = ok(await invoke(h, DEMO.users.popm, 'getWsjfEstimation', { projectKey: DEMO.projectKey }));
    const rows = sheet.rows.filter((r) => r.scored).slice(0, 3);
    expect(rows).toHaveLength(3);
    const values = [...rows.map((r) => ({ issueKey: r.issue.key, value: 8, expectedVersion: r.version })), { issueKey: deleted, value: 8, expectedVersion: 1 }];
    const result = ok(await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: DEMO.projectKey, component: 'timeCriticality', values }));
    expect(result.saved.map((s) => s.issueKey)).toEqual(rows.map((r) => r.issue.key));
    expect(result.notSaved).toEqual([expect.objectContaining({ issueKey: deleted, reason: 'not-found', message: expect.stringMatching(new RegExp(`^${deleted} no longer exists`)) })]);
    // Jira's refusal was met (a 400 naming the key) and handled, not avoided.
    const refused = h.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql' && r.status === 400);
    expect(refused.length).toBe(1);
    expect(JSON.stringify(refused[0].body)).toContain(deleted);
  });

  it("a story's panel still opens when its parent feature is gone", async () => {
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: orphan }));
    expect(panel.kind).toBe('story');
    expect(panel.kind === 'story' && panel.parentFeature).toBeNull();
  });

  it('sprint readiness leaves out a blocker that no longer exists and says so', async () => {
    const active = h.emulator.data.sprints.find((s) => s.state === 'active')!;
    const sprintField = F.sprint;
    const story = h.emulator.data.issues.find((i) => !isEpic(i) && ((i.fields[sprintField] as { id: number }[] | null) ?? []).some((s) => s.id === active.id))!;
    const blocks = { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
    const todo = { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new' as const, colorName: 'blue-gray', name: 'To Do' } };
    (story.fields.issuelinks ??= []).push({ id: '99001', type: blocks, inwardIssue: { id: '99999', key: 'ART-9999', fields: { summary: 'Deleted blocker', status: todo } } });
    const r = ok(await invoke(h, DEMO.users.popm, 'getSprintReadiness', { sprintId: active.id }));
    expect(r.storyCount).toBeGreaterThan(0);
    expect(r.note).toMatch(/Linked blockers ART-9999 no longer exist or you cannot see them, so they were left out\./);
  });
});

describe('search lags writes (read-after-write)', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    h = await startDemoHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.reset();
    // The harness clock is fixed: without reconcileIssues every write would stay invisible to search.
    h.emulator.faults.set({ searchLagMs: 60_000 });
  });

  it('two column saves in a row both land: the version check and the returned table see the first save', async () => {
    const sheet = ok(await invoke(h, DEMO.users.popm, 'getWsjfEstimation', { projectKey: DEMO.projectKey }));
    const rows = sheet.rows.filter((r) => r.scored).slice(0, 2);
    expect(rows).toHaveLength(2);
    const first = ok(await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: DEMO.projectKey, component: 'riskReduction', values: rows.map((r) => ({ issueKey: r.issue.key, value: 13, expectedVersion: r.version })) }));
    expect(first.notSaved).toEqual([]);
    expect(first.table.rows.filter((r) => rows.some((x) => x.issue.key === r.issue.key)).map((r) => r.scores.riskReduction)).toEqual([13, 13]);
    // The second save sends the versions the first returned; a stale search would call them conflicts.
    const second = ok(await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: DEMO.projectKey, component: 'riskReduction', values: first.saved.map((s) => ({ issueKey: s.issueKey, value: 20, expectedVersion: s.version })) }));
    expect(second.notSaved).toEqual([]);
    expect(second.saved.map((s) => s.version)).toEqual(first.saved.map((s) => s.version + 1));
    const sent = h.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql' && Array.isArray((r.body as { reconcileIssues?: unknown }).reconcileIssues));
    expect(sent.length).toBeGreaterThan(0);
  });

  it('Apply WSJF order: the returned table shows the new order', async () => {
    const p = ok(await invoke(h, DEMO.users.popm, 'previewWsjfOrder', { projectKey: DEMO.projectKey }));
    expect(p.moves.length).toBeGreaterThan(0);
    const r = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: DEMO.projectKey, expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
    expect(r.notMoved).toEqual([]);
    expect(r.inWsjfOrder).toBe(true);
  });
});

describe('WSJF fields off the features’ edit screen', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    const data = generateDemoTrain({ now: NOW });
    data.projects[0].fieldsNotOnEditScreen = { Epic: [F.wsjf, F.costOfDelay] };
    h = await startDemoHarness(data);
  });
  afterAll(() => h.close());

  it('the score is saved and each refused field says it is not on the edit screen, and how to fix it', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: DEMO.projectKey }));
    const row = table.rows.find((r) => r.wsjf === null)!;
    const view = ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: row.issue.key, scores: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, expectedVersion: 0 }));
    expect(view.wsjf).toBe(8);
    expect(view.fieldWrites!.written).toEqual([]);
    expect(view.fieldWrites!.failed.map((f) => [f.name, f.message])).toEqual([
      ['WSJF', expect.stringMatching(/^not on the edit screen .*add the WSJF field to this project's edit screen.*Refinery property/)],
      ['Cost of Delay', expect.stringMatching(/^not on the edit screen .*add the Cost of Delay field/)],
    ]);
  });
});

describe('the demo site as shipped: kanban team, team-managed project, deleted feature', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    h = await startDemoHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.emulator.reset());
  const ORB = DEMO.teamManagedProjectKey;

  it('ART: the overview names the kanban board; ORB: the team-managed project loads with its simple board noted', async () => {
    const art = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(art.notes).toEqual([`Board ${DEMO.kanbanTeam} board (a kanban board) has no sprints; its issues count for readiness only.`]);
    const orb = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: ORB }));
    expect(orb.notes).toEqual(['Board ORB board (a team-managed board) has no sprints; its issues count for readiness only.']);
    expect(orb.cards.length).toBeGreaterThan(0);
  });

  it("ORB's epics: a score is saved, the WSJF fields are reported as not on the edit screen", async () => {
    const view = ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: `${ORB}-1`, scores: { businessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 5 }, expectedVersion: 0 }));
    expect(view.wsjf).toBe(2);
    expect(view.fieldWrites!.failed.map((f) => f.name)).toEqual(['WSJF', 'Cost of Delay']);
    for (const f of view.fieldWrites!.failed) expect(f.message).toMatch(/^not on the edit screen/);
  });

  it('the story whose parent feature was deleted opens its panel', async () => {
    const orphan = h.emulator.data.issues.find((i) => i.fields.parent?.key === DEMO.deletedFeatureKey)!;
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: orphan.key }));
    expect(panel.kind === 'story' && panel.parentFeature).toBeNull();
  });

  it('a train spanning ART and ORB: without Schedule Issues in ORB, Jira refuses the rank call whole and the move says why', async () => {
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, trainScopeJql: `project in (${DEMO.projectKey}, ${ORB})` } }));
    // ORB's epic scored high, so Apply moves it; the POPM may rank in ART but not in ORB.
    ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: `${ORB}-1`, scores: { businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }, expectedVersion: 0 }));
    const popm = h.emulator.data.users.find((u) => u.accountId === DEMO.users.popm)!;
    popm.projectPermissions[ORB] = popm.projectPermissions[ORB].filter((p) => p !== 'SCHEDULE_ISSUES');
    const p = ok(await invoke(h, DEMO.users.popm, 'previewWsjfOrder', { projectKey: DEMO.projectKey }));
    expect(p.targetOrder[0]).toBe(`${ORB}-1`);
    const r = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: DEMO.projectKey, expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
    const refused = r.notMoved.find((m) => m.key === `${ORB}-1`);
    expect(refused?.reason).toMatch(/^You need the Schedule Issues permission in the project of .*ORB-1/);
    expect(h.emulator.requests.some((q) => q.path === '/rest/agile/1.0/issue/rank' && q.status === 403)).toBe(true);
    expect(r.moved.length).toBeGreaterThan(0);
  });
});
