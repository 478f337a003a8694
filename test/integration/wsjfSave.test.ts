import type { RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data = generateDemoTrain({ now: NOW });
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const unscored = epics.filter((i) => !i.properties?.['refinery.wsjf']);

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());

async function storedProperty(key: string) {
  const res = await fetch(`${h.url}/rest/api/3/issue/${key}/properties/refinery.wsjf`, { headers: { 'X-Refinery-As-App': '1' } });
  return res.status === 200 ? ((await res.json()) as { value: Record<string, unknown> }).value : null;
}

const scores = { businessValue: 8, timeCriticality: 5, riskReduction: 1, jobSize: 3 };

describe('saving a WSJF score', () => {
  it('writes the refinery.wsjf property with CoD, WSJF, who and when, and bumps the version', async () => {
    const key = unscored[0].key;
    const view = ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: key, scores, expectedVersion: 0 }));
    expect(view).toMatchObject({ costOfDelay: 14, wsjf: 4.67, version: 1, stale: false, scoredBy: { accountId: DEMO.users.popm } });
    expect(await storedProperty(key)).toMatchObject({ ...scores, costOfDelay: 14, wsjf: 4.67, version: 1, scoredAt: NOW.toISOString() });
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    expect(panel.kind === 'feature' && panel.wsjf?.version).toBe(1);
  });

  it('refuses the second of two concurrent saves, shows the other values and overwrites nothing', async () => {
    const key = unscored[1].key;
    ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: key, scores, expectedVersion: 0 }));
    const second = await invoke(h, DEMO.users.admin, 'saveWsjf', { issueKey: key, scores: { ...scores, businessValue: 20 }, expectedVersion: 0 });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.code).toBe('CONFLICT');
    expect(second.error.message).toMatch(/Nothing was overwritten/);
    expect(second.error.details).toMatchObject({ current: { businessValue: 8, version: 1 } });
    expect(await storedProperty(key)).toMatchObject({ businessValue: 8, version: 1 });
  });

  it('refuses a user without Edit Issues before touching the issue', async () => {
    const key = unscored[2].key;
    const writesBefore = h.emulator.requests.filter((r) => r.method === 'PUT').length;
    const r = await invoke(h, DEMO.users.member, 'saveWsjf', { issueKey: key, scores, expectedVersion: 0 });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(h.emulator.requests.filter((r) => r.method === 'PUT').length).toBe(writesBefore);
    expect(await storedProperty(key)).toBeNull();
  });

  it('rejects off-scale values with a message naming the component', async () => {
    const r = await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: unscored[3].key, scores: { ...scores, timeCriticality: 4 }, expectedVersion: 0 });
    expect(!r.ok && r.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Time Criticality 4 is not on the scale/) });
  });

  it.each([
    [{ issueKey: 'ART-1', scores: { ...scores, jobSize: 0 }, expectedVersion: 0 }, /jobSize/],
    [{ issueKey: 'ART-1', scores: { ...scores, businessValue: 'high' }, expectedVersion: 0 }, /businessValue/],
    [{ issueKey: 'ART-1', scores, expectedVersion: -1 }, /expectedVersion/],
  ])('rejects a malformed payload %#', async (payload, message) => {
    const r = await invoke(h, DEMO.users.popm, 'saveWsjf', payload);
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST');
    expect(!r.ok && r.error.message).toMatch(message);
  });
});
