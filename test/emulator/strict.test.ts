/**
 * The emulator refuses what Jira Cloud refuses, so the app meets those refusals in tests before a
 * real site shows them: kanban/simple boards have no sprints, a key clause naming a missing or
 * hidden issue is a 400, fields off the edit screen cannot be set, search lags writes unless
 * `reconcileIssues` names the issue, bulk-property tasks look like Jira's, and ranking without
 * Schedule Issues is a whole-request 403.
 */
import { startEmulator } from '../../dev/emulator/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { miniTrain, USERS } from '../fixtures/miniTrain';

type Running = Awaited<ReturnType<typeof startEmulator>>;
// Jira's JSON, read loosely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let clock = new Date('2026-10-01T12:00:00Z');
let em: Running;

function strictTrain(): DataSet {
  const data = miniTrain();
  data.boards.push(
    { id: 2, name: 'Support kanban', type: 'kanban', location: { projectId: 10000, projectKey: 'MINI', projectName: 'Mini Train' } },
    { id: 3, name: 'Team-managed board', type: 'simple', location: { projectId: 10000, projectKey: 'MINI', projectName: 'Mini Train' } },
  );
  // Epics' edit screen without the story-points field.
  data.projects[0].fieldsNotOnEditScreen = { Epic: ['customfield_10016'] };
  return data;
}

beforeEach(async () => {
  clock = new Date('2026-10-01T12:00:00Z');
  em = await startEmulator(strictTrain(), { now: () => clock });
});
afterEach(() => em.close());

async function call(path: string, init: { method?: string; body?: unknown; as?: string; redirect?: RequestRedirect } = {}) {
  const res = await fetch(em.url + path, {
    method: init.method ?? 'GET',
    redirect: init.redirect ?? 'follow',
    headers: { 'Content-Type': 'application/json', ...(init.as ? { 'X-Refinery-As-User': init.as } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}
const search = (jql: string, as = USERS.editor, extra: Record<string, unknown> = {}) => call('/rest/api/3/search/jql', { method: 'POST', as, body: { jql, fields: ['summary', 'customfield_10016'], properties: ['refinery.wsjf'], maxResults: 100, ...extra } });
const keys = (r: { json: Json }) => r.json.issues.map((i: { key: string }) => i.key);

describe('boards without sprints', () => {
  it.each([
    [2, 'kanban'],
    [3, 'simple'],
  ])('board %i (%s) answers 400 "The board does not support sprints"', async (id) => {
    const r = await call(`/rest/agile/1.0/board/${id}/sprint?state=active,closed,future`, { as: USERS.editor });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ errorMessages: ['The board does not support sprints'], errors: {} });
  });
  it('a scrum board still lists its sprints, and the board list gives each board its type', async () => {
    expect((await call('/rest/agile/1.0/board/1/sprint', { as: USERS.editor })).json.values).toHaveLength(3);
    const boards = await call('/rest/agile/1.0/board?projectKeyOrId=MINI', { as: USERS.editor });
    expect(boards.json.values.map((b: { id: number; type: string }) => [b.id, b.type])).toEqual([
      [1, 'scrum'],
      [2, 'kanban'],
      [3, 'simple'],
    ]);
  });
});

describe('key clauses name issues that exist', () => {
  it('answers 400 with one message per missing key, and matches nothing', async () => {
    const r = await search('key in (MINI-2, MINI-99, MINI-98)');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ errorMessages: ["An issue with key 'MINI-99' does not exist for field 'key'.", "An issue with key 'MINI-98' does not exist for field 'key'."], errors: {} });
  });
  it('answers the same 400 for an issue the caller may not see, so its existence does not leak', async () => {
    const hidden = await search('key = MINI-4', USERS.viewer);
    const missing = await search('key = MINI-99', USERS.viewer);
    expect(hidden.status).toBe(400);
    expect(hidden.json.errorMessages).toEqual(["An issue with key 'MINI-4' does not exist for field 'key'."]);
    expect(missing.json.errorMessages).toEqual(["An issue with key 'MINI-99' does not exist for field 'key'."]);
    // The editor may see it: the same query is fine.
    expect(keys(await search('key = MINI-4'))).toEqual(['MINI-4']);
  });
  it('refuses a value that is not an issue key, and checks approximate-count the same way', async () => {
    expect((await search('issuekey in ("not a key")')).json.errorMessages).toEqual(["The issue key 'not a key' for field 'key' is invalid."]);
    const count = await call('/rest/api/3/search/approximate-count', { method: 'POST', as: USERS.editor, body: { jql: 'key in (MINI-1, MINI-404)' } });
    expect(count.status).toBe(400);
    expect(count.json.errorMessages).toEqual(["An issue with key 'MINI-404' does not exist for field 'key'."]);
  });
});

describe("JQL read with Atlassian's grammar", () => {
  it.each(['project = ', 'status in (a, b', 'summary ^ x', 'project = MINI ORDER created'])('refuses %j as Jira does (400, "Error in the JQL Query")', async (jql) => {
    const r = await search(jql);
    expect(r.status).toBe(400);
    expect(r.json.errorMessages[0]).toMatch(/^Error in the JQL Query: /);
  });
  it('refuses history operators it cannot evaluate instead of misreading them', async () => {
    const r = await search('status WAS Done');
    expect(r.status).toBe(400);
    expect(r.json.errorMessages[0]).toMatch(/does not evaluate the 'WAS' operator/);
  });
});

describe('edit screens', () => {
  it('leaves a field off editmeta when it is not on the issue type’s edit screen', async () => {
    const epic = await call('/rest/api/3/issue/MINI-1?expand=editmeta&fields=summary', { as: USERS.editor });
    const story = await call('/rest/api/3/issue/MINI-2?expand=editmeta&fields=summary', { as: USERS.editor });
    expect(Object.keys(epic.json.editmeta.fields)).not.toContain('customfield_10016');
    expect(Object.keys(story.json.editmeta.fields)).toContain('customfield_10016');
  });
  it("answers Jira's 400 for an edit that sets it, and changes nothing", async () => {
    const r = await call('/rest/api/3/issue/MINI-1', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 8, summary: 'Renamed' } } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ errorMessages: [], errors: { customfield_10016: "Field 'customfield_10016' cannot be set. It is not on the appropriate screen, or unknown." } });
    const after = await call('/rest/api/3/issue/MINI-1?fields=summary,customfield_10016', { as: USERS.editor });
    expect(after.json.fields).toEqual({ summary: 'Self-service invoice download', customfield_10016: null });
    expect((await call('/rest/api/3/issue/MINI-2', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 8 } } })).status).toBe(204);
  });
});

describe('read-after-write lag of search', () => {
  it('shows the issue as it was before the write until reconcileIssues names it', async () => {
    em.emulator.faults.set({ searchLagMs: 5000 });
    expect((await call('/rest/api/3/issue/MINI-2/properties/refinery.wsjf', { method: 'PUT', as: USERS.editor, body: { wsjf: 7 } })).status).toBe(201);
    expect((await call('/rest/api/3/issue/MINI-3', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 13 } } })).status).toBe(204);
    // GET /issue is strongly consistent; search is not.
    expect((await call('/rest/api/3/issue/MINI-3?fields=customfield_10016', { as: USERS.editor })).json.fields.customfield_10016).toBe(13);
    const stale = await search('key in (MINI-2, MINI-3) ORDER BY key');
    expect(stale.json.issues.map((i: Json) => [i.key, i.properties['refinery.wsjf'] ?? null, i.fields.customfield_10016])).toEqual([
      ['MINI-2', null, 3],
      ['MINI-3', null, 5],
    ]);
    expect(keys(await search('"Story point estimate" = 13'))).toEqual([]);
    const fresh = await search('key in (MINI-2, MINI-3) ORDER BY key', USERS.editor, { reconcileIssues: [20002, 20003] });
    expect(fresh.json.issues.map((i: Json) => [i.key, i.properties['refinery.wsjf'] ?? null, i.fields.customfield_10016])).toEqual([
      ['MINI-2', { wsjf: 7 }, 3],
      ['MINI-3', null, 13],
    ]);
  });
  it('ends when the emulator clock passes the lag, or when the index is told to catch up', async () => {
    em.emulator.faults.set({ searchLagMs: 5000 });
    await call('/rest/api/3/issue/MINI-3', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 13 } } });
    clock = new Date(clock.getTime() + 4999);
    expect(keys(await search('"Story point estimate" = 13'))).toEqual([]);
    clock = new Date(clock.getTime() + 1);
    expect(keys(await search('"Story point estimate" = 13'))).toEqual(['MINI-3']);
    await call('/rest/api/3/issue/MINI-2', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 21 } } });
    expect(keys(await search('"Story point estimate" = 21'))).toEqual([]);
    expect((await call('/__emulator/search-index', { method: 'POST' })).status).toBe(204);
    expect(keys(await search('"Story point estimate" = 21'))).toEqual(['MINI-2']);
  });
  it('refuses more than 50 reconcileIssues ids, and ids that are not numbers', async () => {
    expect((await search('project = MINI', USERS.editor, { reconcileIssues: Array.from({ length: 51 }, (_, i) => 20000 + i) })).status).toBe(400);
    expect((await search('project = MINI', USERS.editor, { reconcileIssues: ['MINI-2'] })).status).toBe(400);
  });
});

describe('bulk property task', () => {
  const bulk = () => call('/rest/api/3/issue/properties/multi', { method: 'POST', as: USERS.editor, redirect: 'manual', body: { issues: [{ issueID: 20002, properties: { 'refinery.quality': { score: 80 } } }, { issueID: 29999, properties: { 'refinery.quality': { score: 1 } } }] } });
  it('answers 303 See Other with the task URL in Location, and the task in Jira’s shape (epoch-ms timestamps)', async () => {
    const r = await bulk();
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${em.url}/rest/api/3/task/\\d+$`));
    const task = await call(location.slice(em.url.length), { as: USERS.editor });
    expect(task.status).toBe(200);
    const at = clock.getTime();
    expect(task.json).toMatchObject({ status: 'COMPLETE', progress: 100, submitted: at, started: at, finished: at, lastUpdate: at, submittedBy: expect.any(Number), elapsedRuntime: expect.any(Number) });
    expect(typeof task.json.self).toBe('string');
  });
  it('stays RUNNING for the configured polls, and is not readable by another user', async () => {
    em.emulator.faults.set({ taskPolls: 2 });
    const path = (await bulk()).headers.get('location')!.slice(em.url.length);
    const states: string[] = [];
    for (let i = 0; i < 3; i++) states.push((await call(path, { as: USERS.editor })).json.status);
    expect(states).toEqual(['RUNNING', 'RUNNING', 'COMPLETE']);
    expect((await call(path, { as: USERS.viewer })).status).toBe(404);
  });
});

describe('rank permission', () => {
  it('refuses the whole request with 403 without Schedule Issues, and moves nothing', async () => {
    const before = keys(await search('issuetype = Story ORDER BY Rank ASC'));
    const r = await call('/rest/agile/1.0/issue/rank', { method: 'PUT', as: USERS.viewer, body: { issues: ['MINI-5'], rankBeforeIssue: 'MINI-2' } });
    expect(r.status).toBe(403);
    expect(r.json.errorMessages[0]).toMatch(/Schedule Issues/);
    expect(r.json.entries).toBeUndefined();
    expect(keys(await search('issuetype = Story ORDER BY Rank ASC'))).toEqual(before);
  });
});
