import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data: DataSet = generateDemoTrain({ now: NOW });
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const scoredFeature = epics.find((i) => i.properties?.['refinery.wsjf'])!;
const unscoredFeature = epics.find((i) => !i.properties?.['refinery.wsjf'])!;
const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && !(data.users.find((u) => u.accountId === DEMO.users.restricted)?.hiddenIssueKeys ?? []).includes(i.key))!;
const hiddenKey = data.users.find((u) => u.accountId === DEMO.users.restricted)!.hiddenIssueKeys![0];

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
afterEach(() => h.emulator.faults.clear());

describe('issue panel over the emulator', () => {
  it('shows a scored feature with its WSJF, who scored it, and lets a POPM edit', async () => {
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: scoredFeature.key }));
    expect(panel.kind).toBe('feature');
    if (panel.kind !== 'feature') return;
    const stored = scoredFeature.properties!['refinery.wsjf'] as { wsjf: number; costOfDelay: number };
    expect(panel.wsjf?.costOfDelay).toBe(stored.costOfDelay);
    expect(panel.wsjf?.scoredBy?.displayName).toBeTruthy();
    expect(panel.permissions.canEdit).toBe(true);
    expect(panel.scale).toEqual([1, 2, 3, 5, 8, 13, 20]);
    expect(panel.children.total).toBe(data.issues.filter((i) => i.fields.parent?.key === scoredFeature.key).length);
  });

  it('shows a team member read-only values and says why', async () => {
    const panel = ok(await invoke(h, DEMO.users.member, 'getIssuePanel', { issueKey: scoredFeature.key }));
    expect(panel.kind === 'feature' && panel.permissions).toEqual({ canEdit: false, reason: expect.stringMatching(/Edit Issues permission/) });
  });

  it('checks a story and shows its parent feature as context', async () => {
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: story.key }));
    expect(panel.kind).toBe('story');
    if (panel.kind !== 'story') return;
    expect(panel.quality.score).toBeGreaterThanOrEqual(0);
    expect(panel.quality.score).toBeLessThanOrEqual(1);
    expect(Object.keys(panel.quality.invest).sort()).toEqual(['E', 'I', 'N', 'S', 'T', 'V']);
    expect(panel.parentFeature?.issue.key).toBe(story.fields.parent!.key);
  });

  it('makes at most 2 Jira requests per story panel (after the site metadata is cached)', async () => {
    ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: story.key }));
    h.emulator.requests.length = 0;
    ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: story.key }));
    expect(h.emulator.requests.filter((r) => r.actor === DEMO.users.popm).length).toBeLessThanOrEqual(2);
  });

  it('makes a feature panel add only the train\'s features (for its WSJF rank) and their children\'s points (for the job-size reference), page by page', async () => {
    ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: scoredFeature.key }));
    h.emulator.requests.length = 0;
    ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: scoredFeature.key }));
    const epicKeys = new Set(epics.map((e) => e.key));
    const children = data.issues.filter((i) => i.fields.parent && epicKeys.has(i.fields.parent.key)).length;
    expect(h.emulator.requests.filter((r) => r.actor === DEMO.users.popm).length).toBeLessThanOrEqual(3 + Math.ceil(children / 100));
  });

  it('answers an unknown issue key with a readable NOT_FOUND', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: 'ART-99999' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/could not find it, or you do not have permission/) } });
  });

  it('treats an issue the user may not browse exactly like a missing one', async () => {
    const r = await invoke(h, DEMO.users.restricted, 'getIssuePanel', { issueKey: hiddenKey });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(r)).not.toContain(data.issues.find((i) => i.key === hiddenKey)!.fields.summary);
  });

  it.each([[{}], [{ issueKey: 42 }], [{ issueKey: 'ART-1" OR project != ART' }], [null]])('rejects the payload %j with BAD_REQUEST and a sentence', async (payload) => {
    const r = await invoke(h, DEMO.users.popm, 'getIssuePanel', payload);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST');
    expect(!r.ok && r.error.message).toMatch(/issueKey/);
  });

  it('still explains a story whose description is malformed ADF', async () => {
    h.emulator.faults.set({ malformedAdf: true });
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: story.key }));
    expect(panel.kind === 'story' && panel.quality.textSource).toBe('adf-fallback');
  });

  it('reports Jira being down as JIRA_UNAVAILABLE after bounded retries', async () => {
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503 });
    const before = h.emulator.requests.length;
    const r = await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: unscoredFeature.key });
    expect(!r.ok && r.error.code).toBe('JIRA_UNAVAILABLE');
    expect(!r.ok && r.error.message).toMatch(/unavailable/);
    // 1 try + 4 retries for each request the panel makes, never unbounded.
    expect(h.emulator.requests.length - before).toBeLessThanOrEqual(5 * 4);
  }, 60000);

  it('honours Retry-After on 429 and succeeds once Jira lets it', async () => {
    h.emulator.faults.set({ rate429: 0.5, retryAfterSeconds: 0, seed: 7 });
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: unscoredFeature.key }));
    expect(panel.kind).toBe('feature');
    expect(h.emulator.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('reports a cut-off Jira response as JIRA_BAD_RESPONSE', async () => {
    h.emulator.faults.set({ truncateBody: true, pathPattern: '/rest/api/3/issue/' });
    const r = await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: story.key });
    expect(!r.ok && r.error.code).toBe('JIRA_BAD_RESPONSE');
  });
});
