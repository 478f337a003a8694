import type { RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { expectedOrderAfter } from '../../src/app/wsjfRanking';
import type { WsjfOrderPreview } from '../../src/contract';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const F = DEMO.fieldIds;
const EPICS = `project = ART AND issuetype = Epic`;

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(generateDemoTrain({ now: NOW }));
});
afterAll(() => h.close());
beforeEach(() => h.emulator.reset());

const asApp = { 'X-Refinery-As-App': '1', 'Content-Type': 'application/json' };

async function search(jql: string, fields: string[] = ['summary']): Promise<{ key: string; fields: Record<string, unknown> }[]> {
  const res = await fetch(`${h.url}/rest/api/3/search/jql`, { method: 'POST', headers: asApp, body: JSON.stringify({ jql, fields, maxResults: 100 }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { issues: { key: string; fields: Record<string, unknown> }[] }).issues;
}

async function property(key: string) {
  const res = await fetch(`${h.url}/rest/api/3/issue/${key}/properties/refinery.wsjf`, { headers: asApp });
  return res.status === 200 ? ((await res.json()) as { value: Record<string, number> }).value : null;
}

/** Forget the cached field list, so the next call rediscovers /rest/api/3/field. */
async function forgetSiteMetadata() {
  for (const { key } of await h.store.list('site:metadata')) await h.store.delete(key);
}

const rankOrder = async () => (await search(`${EPICS} ORDER BY Rank ASC`)).map((i) => i.key);
const rankCalls = () => h.emulator.requests.filter((r) => r.method === 'PUT' && r.path === '/rest/agile/1.0/issue/rank');

describe('WSJF numeric fields (the app\'s jira:customField modules)', () => {
  it('are set with the score on save, so JQL sorts by them: ORDER BY WSJF DESC', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const unscored = table.rows.find((r) => r.wsjf === null)!;
    const view = ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: unscored.issue.key, scores: { businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }, expectedVersion: 0 }));
    expect(view.fieldWrites).toEqual({
      written: [
        { fieldId: F.wsjf, name: 'WSJF', source: 'app' },
        { fieldId: F.costOfDelay, name: 'Cost of Delay', source: 'app' },
      ],
      failed: [],
    });
    const [issue] = await search(`key = ${unscored.issue.key}`, [F.wsjf, F.costOfDelay]);
    expect(issue.fields).toEqual({ [F.wsjf]: 60, [F.costOfDelay]: 60 });

    const sorted = await search(`${EPICS} AND WSJF is not EMPTY ORDER BY WSJF DESC`, [F.wsjf]);
    expect(sorted[0].key).toBe(unscored.issue.key);
    const values = sorted.map((i) => i.fields[F.wsjf] as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(sorted.length).toBe(table.rows.filter((r) => r.wsjf !== null).length + 1);
    expect(await search(`${EPICS} AND "Cost of Delay" >= 60`)).toEqual([expect.objectContaining({ key: unscored.issue.key })]);
  });

  it('reports a field Jira refuses while the score itself is saved, and still writes the other fields', async () => {
    // The site also has its own "WSJF score" number field, known to the app's cached field list…
    h.emulator.data.fields.push({ id: 'customfield_10070', key: 'customfield_10070', name: 'WSJF score', custom: true, orderable: true, navigable: true, searchable: true, clauseNames: ['cf[10070]'], schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10070 } });
    await forgetSiteMetadata();
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    // …then taken off the site (as if removed from the edit screen): Jira now refuses it.
    h.emulator.data.fields.pop();
    const row = table.rows.find((r) => r.wsjf !== null)!;
    const version = (await property(row.issue.key))!.version;
    const view = ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: row.issue.key, scores: { businessValue: 8, timeCriticality: 5, riskReduction: 1, jobSize: 2 }, expectedVersion: version }));
    expect(view.version).toBe(version + 1);
    expect(await property(row.issue.key)).toMatchObject({ wsjf: 7, version: version + 1 });
    expect(view.fieldWrites!.failed).toEqual([{ fieldId: 'customfield_10070', name: 'WSJF score', source: 'site', message: expect.stringMatching(/cannot be set/) }]);
    expect(view.fieldWrites!.written.map((w) => w.fieldId)).toEqual([F.wsjf, F.costOfDelay]);
    const [issue] = await search(`key = ${row.issue.key}`, [F.wsjf]);
    expect(issue.fields[F.wsjf]).toBe(7);
    await forgetSiteMetadata();
  });
});

describe('estimation mode: saving one column across features', () => {
  it('saves every feature it can and reports exactly which it did not (conflict, unscored)', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const scored = table.rows.filter((r) => r.wsjf !== null).slice(0, 3);
    const unscored = table.rows.find((r) => r.wsjf === null)!;
    const versions = await Promise.all(scored.map(async (r) => (await property(r.issue.key))!.version));
    // Someone else re-scores the second feature while the POPM is estimating.
    const other = scored[1];
    ok(await invoke(h, DEMO.users.admin, 'saveWsjf', { issueKey: other.issue.key, scores: { businessValue: 2, timeCriticality: 2, riskReduction: 2, jobSize: 2 }, expectedVersion: versions[1] }));

    const values = [...scored.map((r, i) => ({ issueKey: r.issue.key, value: 13, expectedVersion: versions[i] })), { issueKey: unscored.issue.key, value: 3, expectedVersion: 0 }];
    const result = ok(await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: 'ART', component: 'timeCriticality', values }));

    expect(result.saved.map((s) => s.issueKey)).toEqual([scored[0].issue.key, scored[2].issue.key]);
    expect(result.saved.every((s) => s.fieldWrites.failed.length === 0 && s.fieldWrites.written.length === 2)).toBe(true);
    expect(result.notSaved).toEqual([
      expect.objectContaining({ issueKey: other.issue.key, reason: 'conflict', current: expect.objectContaining({ timeCriticality: 2, version: versions[1] + 1 }) }),
      expect.objectContaining({ issueKey: unscored.issue.key, reason: 'not-scored' }),
    ]);
    // Saved ones carry the new value and a recomputed CoD/WSJF; the conflicting one keeps the other person's values.
    const first = (await property(scored[0].issue.key))!;
    expect(first).toMatchObject({ timeCriticality: 13, version: versions[0] + 1, costOfDelay: first.businessValue + 13 + first.riskReduction });
    expect(await property(other.issue.key)).toMatchObject({ timeCriticality: 2, version: versions[1] + 1 });
    expect(await property(unscored.issue.key)).toBeNull();
    // The returned table already shows the new values.
    expect(result.table.rows.find((r) => r.issue.key === scored[0].issue.key)!.scores.timeCriticality).toBe(13);
  });

  it('refuses a team member without Edit Issues and writes nothing', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const row = table.rows.find((r) => r.wsjf !== null)!;
    const version = (await property(row.issue.key))!.version;
    const r = await invoke(h, DEMO.users.member, 'saveWsjfColumn', { projectKey: 'ART', component: 'jobSize', values: [{ issueKey: row.issue.key, value: 20, expectedVersion: version }] });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(h.emulator.requests.filter((q) => q.method === 'PUT')).toEqual([]);
  });

  it('rejects a payload naming a feature twice or an unknown column', async () => {
    const twice = await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: 'ART', component: 'jobSize', values: [{ issueKey: 'ART-1', value: 1, expectedVersion: 1 }, { issueKey: 'ART-1', value: 2, expectedVersion: 1 }] });
    expect(!twice.ok && twice.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/twice/) });
    const column = await invoke(h, DEMO.users.popm, 'saveWsjfColumn', { projectKey: 'ART', component: 'wsjf', values: [{ issueKey: 'ART-1', value: 1, expectedVersion: 1 }] });
    expect(!column.ok && column.error.code).toBe('BAD_REQUEST');
  });
});

describe('Apply WSJF order', () => {
  const preview = async (user: string = DEMO.users.popm): Promise<WsjfOrderPreview> => ok(await invoke(h, user, 'previewWsjfOrder', { projectKey: 'ART' }));

  it('previews the moves without changing anything', async () => {
    const before = await rankOrder();
    const p = await preview();
    expect(p.currentOrder).toEqual(before);
    expect(p.moves.length).toBeGreaterThan(0);
    expect(p.moves.length + p.unchangedCount).toBe(p.targetOrder.length);
    expect(p.operations.flatMap((o) => o.keys).sort()).toEqual(p.moves.map((m) => m.issue.key).sort());
    // By default blank and off-scale scores are left out, and done features are listed apart: the same sets as the table's.
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const reasonOf = (key: string) => table.rows.find((r) => r.issue.key === key)!.notRanked?.reason;
    expect(p.excluded.length).toBeGreaterThan(0);
    expect(p.excluded.map((e) => [e.issue.key, e.reason])).toEqual(table.rows.filter((r) => r.notRanked && r.notRanked.reason !== 'done').map((r) => [r.issue.key, r.notRanked!.reason]));
    expect(p.done.map((d) => d.key)).toEqual(table.rows.filter((r) => reasonOf(r.issue.key) === 'done').map((r) => r.issue.key));
    expect(p.targetOrder).toEqual(table.rows.filter((r) => r.notRanked === null).sort((a, b) => a.wsjfRank! - b.wsjfRank!).map((r) => r.issue.key));
    expect(p.rankedLast).toEqual([]);
    expect(p.permissions.canEdit).toBe(true);
    expect(rankCalls()).toEqual([]);
    expect(await rankOrder()).toEqual(before);
  });

  it('re-ranks as the POPM: Jira\'s rank order equals the WSJF order afterwards, in calls of ≤ 50', async () => {
    const before = await rankOrder();
    const p = await preview();
    const result = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
    expect(result.notMoved).toEqual([]);
    expect(result.moved.map((m) => m.key).sort()).toEqual(p.moves.map((m) => m.issue.key).sort());
    expect(result.operations.every((o) => o.status === 'done')).toBe(true);
    expect(result.inWsjfOrder).toBe(true);
    // The ordered features now stand in WSJF order; the others (done, left out) kept their relative order.
    const target = new Set(p.targetOrder);
    const now = await rankOrder();
    expect(now.filter((k) => target.has(k))).toEqual(p.targetOrder);
    expect(now.filter((k) => !target.has(k))).toEqual(before.filter((k) => !target.has(k)));
    const calls = rankCalls();
    expect(calls.length).toBe(p.operations.length);
    expect(calls.every((c) => (c.body as { issues: string[] }).issues.length <= 50 && c.actor === DEMO.users.popm)).toBe(true);
    // The table's ranked features, read in backlog order, now have WSJF ranks 1, 2, 3, …
    const rankedRows = result.table.rows.filter((r) => r.notRanked === null);
    expect(rankedRows.length).toBe(p.targetOrder.length);
    expect(rankedRows.map((r) => r.wsjfRank)).toEqual(rankedRows.map((_, i) => i + 1));
    // Nothing left to do.
    expect((await preview()).moves).toEqual([]);
  });

  it('refuses a team member without Schedule Issues before calling the rank endpoint', async () => {
    const p = await preview(DEMO.users.member);
    expect(p.permissions).toEqual({ canEdit: false, reason: expect.stringMatching(/Schedule Issues/) });
    const r = await invoke(h, DEMO.users.member, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder });
    expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Schedule Issues/) });
    expect(rankCalls()).toEqual([]);
  });

  it('refuses a stale preview with CONFLICT and the fresh preview, ranking nothing', async () => {
    const p = await preview();
    const [a, b] = p.currentOrder;
    const swap = await fetch(`${h.url}/rest/agile/1.0/issue/rank`, { method: 'PUT', headers: asApp, body: JSON.stringify({ issues: [b], rankBeforeIssue: a }) });
    expect(swap.status).toBe(204);
    h.emulator.requests.length = 0;
    const r = await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(!r.ok && (r.error.details as { preview: WsjfOrderPreview }).preview.currentOrder.slice(0, 2)).toEqual([b, a]);
    expect(rankCalls()).toEqual([]);
  });

  it('reports a partial failure (207) exactly: which features moved and which did not', async () => {
    const p = await preview();
    const refused = p.moves[0].issue.key;
    h.emulator.faults.set({ rankRefusedKeys: [refused], pathPattern: '^/rest/agile/' });
    const result = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
    expect(result.notMoved).toEqual([{ key: refused, fromRank: p.moves[0].fromRank, toRank: p.moves[0].toRank, reason: expect.stringMatching(/locked by a workflow rule/) }]);
    expect(result.moved.map((m) => m.key).sort()).toEqual(p.moves.map((m) => m.issue.key).filter((k) => k !== refused).sort());
    expect(result.operations.some((o) => o.status === 'partial' || o.status === 'failed')).toBe(true);
    expect(result.inWsjfOrder).toBe(false);
    // Jira's order is exactly what the reported moves produce.
    const now = await rankOrder();
    expect(now).toEqual(expectedOrderAfter(p.currentOrder, p.operations, new Set(result.moved.map((m) => m.key))));
    expect(result.table.rows.map((r) => r.issue.key)).toEqual(now);
  });

  it('reports a whole call Jira failed (a lasting outage on the rank endpoint) and carries on with the others', async () => {
    const p = await preview();
    expect(p.operations.length).toBeGreaterThan(1);
    // 5 faults = the first call and its 4 retries; later calls pass.
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503, maxFaults: 5, pathPattern: '^/rest/agile/1.0/issue/rank$' });
    const result = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
    expect(result.operations[0].status).toBe('failed');
    expect(result.operations.slice(1).every((o) => o.status === 'done')).toBe(true);
    expect(result.notMoved.map((m) => m.key)).toEqual(p.operations[0].keys);
    expect(result.notMoved[0].reason).toMatch(/unavailable/i);
    expect(await rankOrder()).toEqual(expectedOrderAfter(p.currentOrder, p.operations, new Set(result.moved.map((m) => m.key))));
  });
});
