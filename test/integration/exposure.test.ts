/**
 * Permissions and data exposure, over the harness (real HTTP, the emulator's per-user permissions):
 * - the demo `restricted` user (Browse Projects, but some issues hidden by issue security) never sees
 *   a hidden issue's key or summary in any count, list, link or export of any read resolver
 *   (RESOLVER_KEYS, so new resolvers are covered without editing this file), even after the daily
 *   job has stored its asApp snapshot and sprint commitments;
 * - the job's snapshot holds aggregates only;
 * - every write resolver checks the user's Jira permission first and writes nothing when denied
 *   (one denial per write key; a new write key without a denial case fails the suite).
 */
import type { RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { refreshProject } from '../../src/app/refresh';
import { snapshots } from '../../src/app/snapshots';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { RESOLVER_KEYS, type ResolverKey } from '../../src/contract';
import { payloadSchemas } from '../../src/resolvers/schemas';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data: DataSet = generateDemoTrain({ now: NOW });
const restricted = data.users.find((u) => u.accountId === DEMO.users.restricted)!;
const hiddenKeys = restricted.hiddenIssueKeys ?? [];
const hidden = data.issues.filter((i) => hiddenKeys.includes(i.key));
const visible = data.issues.filter((i) => !hiddenKeys.includes(i.key));
/** Summaries only a hidden issue has (a generic summary shared with a visible issue proves nothing). */
const hiddenSummaries = hidden.map((i) => i.fields.summary).filter((s) => s.length > 12 && !visible.some((v) => v.fields.summary === s));
const level = (i: JiraIssue) => i.fields.issuetype.hierarchyLevel;
/** A visible feature with a hidden child: its child count is a count a hidden issue must not reach. */
const hiddenChild = hidden.find((i) => level(i) === 0 && i.fields.parent && !hiddenKeys.includes(i.fields.parent.key))!;
const featureWithHiddenChild = data.issues.find((i) => i.key === hiddenChild?.fields.parent?.key)!;
const sprintField = DEMO.fieldIds.sprint;
const sprintOfHidden = (hidden.map((i) => (i.fields as Record<string, unknown>)[sprintField]).find((v) => Array.isArray(v) && v.length) as { id: number }[] | undefined)?.at(-1)?.id;
const visibleStory = visible.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;

const isRead = (k: string) => /^(get|list|search|find|preview|refresh)/.test(k);
const READ_KEYS = RESOLVER_KEYS.filter(isRead);
const WRITE_KEYS = RESOLVER_KEYS.filter((k) => !isRead(k));

/** Every payload a read resolver's schema accepts among the ones that could reach a hidden issue. */
function readPayloads(key: ResolverKey): unknown[] {
  const candidates: unknown[] = [
    { projectKey: DEMO.projectKey },
    { issueKey: featureWithHiddenChild.key },
    { issueKey: visibleStory.key },
    ...(sprintOfHidden ? [{ sprintId: sprintOfHidden }] : []),
    { projectKey: DEMO.projectKey, pi: DEMO.labels.currentPi },
    { projectKey: DEMO.projectKey, pi: DEMO.labels.earlierPi },
    { component: 'jobSize', values: [{ issueKey: visibleStory.key, value: 3 }] },
    // getFigureLinks (only: others would take it as { projectKey }): the Quality tab's pass-rate population, a list that comes on demand.
    ...(key === 'getFigureLinks' ? [{ projectKey: DEMO.projectKey, figureIds: ['qualityPassRate|train||||'] }] : []),
    {},
  ];
  const schema = payloadSchemas[key] as { safeParse(x: unknown): { success: boolean } };
  const accepted = candidates.filter((c) => schema.safeParse(c).success);
  // `{}` only when nothing more specific fits (e.g. settings).
  return accepted.length > 1 ? accepted.filter((c) => Object.keys(c as object).length) : accepted;
}

/** Hidden keys as whole keys (ART-12 must not match ART-120), in JSON, JQL and encoded URLs. */
function leaks(json: string): string[] {
  const out: string[] = [];
  for (const k of hiddenKeys) if (new RegExp(`(?<![A-Z0-9_-])${k}(?![0-9])`).test(json)) out.push(k);
  for (const s of hiddenSummaries) if (json.includes(JSON.stringify(s).slice(1, -1))) out.push(`summary "${s}"`);
  return out;
}

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
  // The daily job first: it reads as the app (sees everything) and stores snapshots and commitments.
  const app = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }));
  await refreshProject(app, h.store, DEMO.projectKey, NOW);
});
afterAll(() => h.close());

describe('the restricted user sees no hidden issue anywhere', () => {
  it('has hidden issues to hide, including a story under a visible feature and one in a sprint', () => {
    expect(hiddenKeys.length).toBeGreaterThanOrEqual(5);
    expect(hiddenSummaries.length).toBeGreaterThan(0);
    expect(featureWithHiddenChild).toBeDefined();
    expect(sprintOfHidden).toBeDefined();
    expect(READ_KEYS).toEqual(expect.arrayContaining(['getIssuePanel', 'getProjectOverview', 'getWsjfTable', 'getQualitySummary', 'getSettings']));
  });

  it('the leak check is not vacuous: a POPM, who may see them, gets hidden keys and summaries', async () => {
    const all = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: hiddenChild.key }));
    expect(leaks(JSON.stringify(all)).length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(panel))).toEqual(expect.arrayContaining([hiddenChild.key]));
  });

  it.each(READ_KEYS.map((k) => [k]))('%s: no hidden key or summary in any answer', async (key) => {
    const payloads = readPayloads(key);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      const r = await invoke(h, DEMO.users.restricted, key, payload);
      // The same call as a POPM who sees everything must work, so an empty answer cannot pass for a safe one.
      const full = await invoke(h, DEMO.users.popm, key, payload);
      if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
      expect({ key, payload, leaks: leaks(JSON.stringify(r)) }).toEqual({ key, payload, leaks: [] });
      if (full.ok && r.ok) expect(JSON.stringify(r.data).length).toBeGreaterThan(20);
    }
  });

  it('a hidden issue asked for by key is NOT_FOUND, exactly like a missing one, on every issue-scoped read', async () => {
    const accepts = (k: ResolverKey, p: unknown) => (payloadSchemas[k] as { safeParse(x: unknown): { success: boolean } }).safeParse(p).success;
    // Resolvers that need an issue key (schemas ignore unknown fields, so `{}` must be refused).
    const issueKeyed = READ_KEYS.filter((k) => accepts(k, { issueKey: hiddenKeys[0] }) && !accepts(k, {}));
    expect(issueKeyed).toContain('getIssuePanel');
    for (const key of issueKeyed) {
      for (const k of hiddenKeys.slice(0, 3)) {
        const r = await invoke(h, DEMO.users.restricted, key, { issueKey: k });
        const missing = await invoke(h, DEMO.users.restricted, key, { issueKey: 'ART-99999' });
        expect({ key, issueKey: k, code: !r.ok && r.error.code }).toEqual({ key, issueKey: k, code: 'NOT_FOUND' });
        expect({ key, code: !missing.ok && missing.error.code }).toEqual({ key, code: 'NOT_FOUND' });
        expect(leaks(JSON.stringify(r)).filter((x) => x.startsWith('summary'))).toEqual([]);
      }
    }
  });

  it('counts exclude hidden issues: feature child count and quality story count', async () => {
    const mine = ok(await invoke(h, DEMO.users.restricted, 'getIssuePanel', { issueKey: featureWithHiddenChild.key }));
    const all = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: featureWithHiddenChild.key }));
    const hiddenChildren = hidden.filter((i) => i.fields.parent?.key === featureWithHiddenChild.key).length;
    expect(mine.kind === 'feature' && all.kind === 'feature').toBe(true);
    if (mine.kind !== 'feature' || all.kind !== 'feature') return;
    expect(hiddenChildren).toBeGreaterThan(0);
    expect(mine.children.total).toBe(all.children.total - hiddenChildren);

    const q = ok(await invoke(h, DEMO.users.restricted, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    const qa = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    const hiddenOpenStories = hidden.filter((i) => level(i) === 0 && i.fields.status.statusCategory.key !== 'done').length;
    expect(hiddenOpenStories).toBeGreaterThan(0);
    expect(q.storyCount).toBe(qa.storyCount - hiddenOpenStories);
    expect(q.byTeam.reduce((n, t) => n + t.storyCount, 0)).toBe(q.storyCount);
  });

  it('the tabs from stored views (src/app/tabViews.ts): the restricted user’s own, built from their sync, hold no hidden issue; a POPM’s are never theirs', async () => {
    const P = { projectKey: DEMO.projectKey };
    ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { ...P, mode: 'full' }));
    ok(await invoke(h, DEMO.users.restricted, 'refreshProjectOverview', { ...P, mode: 'full' }));
    const trainReads = () => h.emulator.requests.filter((r) => r.actor === DEMO.users.restricted && /\/search\/jql$|\/changelog\/bulkfetch$/.test(r.path)).length;
    for (const key of ['getQualitySummary', 'getDependencies', 'getImprovement'] as const) {
      const before = trainReads();
      const mine = ok(await invoke(h, DEMO.users.restricted, key, P));
      // Answered from the stored view (no train read), with no hidden issue.
      expect({ key, trainReads: trainReads() - before }).toEqual({ key, trainReads: 0 });
      expect({ key, leaks: leaks(JSON.stringify(mine)) }).toEqual({ key, leaks: [] });
    }
    // Not vacuous: the POPM's stored Quality view, read by the POPM, does name hidden issues.
    expect(leaks(JSON.stringify(ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', P)))).length).toBeGreaterThan(0);
  });

  it('every JQL link the restricted user gets finds, when followed as that user, only issues they can see', async () => {
    const r = ok(await invoke(h, DEMO.users.restricted, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const jqls = [...JSON.stringify(r).matchAll(/"jql":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(jqls.length).toBeGreaterThan(3);
    // Followed as a POPM (who could see hidden issues), a key-list link still names only visible issues.
    const popm = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
    for (const jql of jqls.filter((j) => /\bkey in\b/.test(j)).slice(0, 12)) {
      const found = await popm.searchAll(jql, ['summary']);
      expect(found.map((i) => i.key).filter((k) => hiddenKeys.includes(k))).toEqual([]);
    }
  });
});

describe('the daily job (asApp) stores aggregates only', () => {
  it('the snapshot holds numbers and team names, no issue key or text; commitments stay internal', async () => {
    const snaps = await snapshots(h.store, DEMO.projectKey);
    expect(snaps.length).toBeGreaterThan(0);
    const json = JSON.stringify(snaps);
    expect(json).not.toMatch(/\b[A-Z][A-Z0-9_]+-\d+\b/);
    for (const i of data.issues) expect(json).not.toContain(i.fields.summary);
    // Only numbers (or null) under the metrics; strings are dates, project key and team names.
    const strings = [...json.matchAll(/"([^"]*)"\s*[,}\]]/g)].map((m) => m[1]);
    for (const s of strings) expect([DEMO.projectKey, ...DEMO.teams, DEMO.kanbanTeam, 'No team'].includes(s) || /^\d{4}-\d{2}-\d{2}/.test(s)).toBe(true);
    // The commitment record (keys, for the acceptance rate) is never shown as such: checked above,
    // the restricted user's overview, built after the job, names no hidden key.
    const stored = await h.store.list<unknown>('commitment:');
    expect(stored.length).toBeGreaterThan(0);
  });
});

// --- writes ---------------------------------------------------------------------------------------

type Denial = { user: string; payload: unknown; permission: RegExp };
const epics = data.issues.filter((i) => level(i) === 1);
const unscoredEpic = epics.find((i) => !i.properties?.['refinery.wsjf'] && !hiddenKeys.includes(i.key))!;

/** One denial per write resolver: the user lacks exactly the permission the write needs. */
const DENIALS: Partial<Record<ResolverKey, Denial>> = {
  saveWsjf: { user: DEMO.users.member, payload: { issueKey: unscoredEpic.key, scores: { businessValue: 8, timeCriticality: 5, riskReduction: 1, jobSize: 3 }, expectedVersion: 0 }, permission: /Edit Issues/ },
  saveSettings: { user: DEMO.users.popm, payload: { settings: { ...DEFAULT_SETTINGS, maxStoryPoints: 13 } }, permission: /administrators/i },
  insertAcTemplate: { user: DEMO.users.member, payload: { issueKey: visibleStory.key, expectedVersion: '' }, permission: /Edit Issues/ },
  createSplit: { user: DEMO.users.member, payload: { issueKey: visibleStory.key, summaries: ['First half of the story', 'Second half of the story'], idempotencyKey: 'exposure-split-0001' }, permission: /Edit Issues|Create Issues/ },
  saveWsjfColumn: { user: DEMO.users.member, payload: { projectKey: DEMO.projectKey, component: 'businessValue', values: [{ issueKey: unscoredEpic.key, value: 8, expectedVersion: 0 }] }, permission: /Edit Issues/ },
  applyWsjfOrder: { user: DEMO.users.member, payload: { projectKey: DEMO.projectKey, expectedCurrentOrder: epics.slice(0, 3).map((e) => e.key), expectedTargetOrder: epics.slice(0, 3).map((e) => e.key).reverse() }, permission: /Schedule Issues/ },
  createImprovementItem: { user: DEMO.users.restricted, payload: { projectKey: DEMO.projectKey, patternId: 'ac-missing:nebula', idempotencyKey: 'exposure-improve-0001' }, permission: /Create Issues/ },
};

const isJiraWrite = (r: { method: string; path: string }) =>
  r.method !== 'GET' && !/\/search\/jql$|\/search\/approximate-count$|\/changelog\/bulkfetch$/.test(r.path);

describe('every write checks the Jira permission first', () => {
  it('has a denial case for every write resolver in RESOLVER_KEYS', () => {
    expect(WRITE_KEYS.filter((k) => !DENIALS[k])).toEqual([]);
    expect(WRITE_KEYS).toEqual(expect.arrayContaining(['saveWsjf', 'saveSettings']));
  });

  it.each(WRITE_KEYS.filter((k) => DENIALS[k]).map((k) => [k]))('%s: denied with FORBIDDEN and a reason, nothing written', async (key) => {
    const d = DENIALS[key]!;
    expect((payloadSchemas[key] as { safeParse(x: unknown): { success: boolean } }).safeParse(d.payload).success).toBe(true);
    const storeBefore = JSON.stringify(await h.store.list(''));
    const mark = h.emulator.requests.length;
    const r = await invoke(h, d.user, key, d.payload);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FORBIDDEN');
    expect(r.error.message).toMatch(d.permission);
    const during = h.emulator.requests.slice(mark).filter((q) => q.actor === d.user);
    // Asked Jira about the permission, and wrote nothing to Jira.
    expect(during.some((q) => q.path === '/rest/api/3/mypermissions')).toBe(true);
    expect(during.filter(isJiraWrite)).toEqual([]);
    // Refinery's own storage is unchanged except caches of what the user may read.
    const storeAfter = JSON.stringify(await h.store.list(''));
    if (key === 'saveSettings') expect(storeAfter).toBe(storeBefore);
  });

  it('the same write succeeds for a user who holds the permission (the denial is about permission, not the payload)', async () => {
    const r = await invoke(h, DEMO.users.popm, 'saveWsjf', DENIALS.saveWsjf!.payload);
    expect(r.ok).toBe(true);
    const s = await invoke(h, DEMO.users.admin, 'saveSettings', DENIALS.saveSettings!.payload);
    expect(s.ok).toBe(true);
  });
});
