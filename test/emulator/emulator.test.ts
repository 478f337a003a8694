import { startEmulator } from '../../dev/emulator/server';
import { JqlError } from '../../dev/emulator/jql';
import { parseJqlStrict as parseJql } from '../../dev/emulator/jqlGrammar';
import { miniTrain, USERS } from '../fixtures/miniTrain';

type Running = Awaited<ReturnType<typeof startEmulator>>;
// Jira's JSON, read loosely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let em: Running;

beforeEach(async () => {
  em = await startEmulator(miniTrain(), { now: () => new Date('2026-10-01T12:00:00Z'), propertyAliases: [{ alias: 'wsjfScore', propertyKey: 'refinery.wsjf', path: 'wsjf', type: 'number' }] });
});
afterEach(() => em.close());

async function call(path: string, init: { method?: string; body?: unknown; as?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(em.url + path, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...(init.as === 'app' ? { 'X-Refinery-As-App': '1' } : init.as ? { 'X-Refinery-As-User': init.as } : {}), ...init.headers },
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
const search = (jql: string, as = USERS.editor, extra: Record<string, unknown> = {}) => call('/rest/api/3/search/jql', { method: 'POST', as, body: { jql, fields: ['summary'], maxResults: 100, ...extra } });
const keys = (r: { json: Json }) => r.json.issues.map((i: { key: string }) => i.key);

describe('JQL parser', () => {
  it('parses precedence, lists, functions and ORDER BY', () => {
    const q = parseJql('project = MINI AND (status = "In Progress" OR labels in (billing, email)) AND NOT sprint in openSprints() ORDER BY Rank ASC, created DESC');
    expect(q.orderBy).toEqual([{ field: 'Rank', direction: 'asc' }, { field: 'created', direction: 'desc' }]);
    expect(q.where.type).toBe('and');
  });
  it.each(['project = ', 'status in (a, b', 'project = "unterminated', 'summary ^ x', 'a = b ORDER created'])('rejects %j with a Jira-style message', (jql) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
    expect(() => parseJql(jql)).toThrow(/JQL|Expecting|character/);
  });
  it('keeps an escaped quote inside one value', () => {
    const q = parseJql('labels = "x\\" OR project != MINI"');
    expect(q.where).toEqual({ type: 'clause', field: 'labels', op: '=', values: [{ kind: 'string', value: 'x" OR project != MINI' }] });
  });
});

describe('search over HTTP', () => {
  it('answers the fields asked for, in Jira shape', async () => {
    const r = await search('key = MINI-2', USERS.editor, { fields: ['summary', 'status', 'customfield_10016'] });
    expect(r.status).toBe(200);
    expect(r.json.issues[0]).toMatchObject({ id: '20002', key: 'MINI-2', fields: { summary: 'Download an invoice as PDF', customfield_10016: 3, status: { statusCategory: { key: 'done' } } } });
    expect(r.json.issues[0].fields.description).toBeUndefined();
    expect(r.json.isLast).toBe(true);
  });
  it('filters by JQL subset fields', async () => {
    expect(keys(await search('project = MINI AND issuetype = Story AND statusCategory != Done ORDER BY key'))).toEqual(['MINI-3', 'MINI-4', 'MINI-5']);
    expect(keys(await search('parent = MINI-1 ORDER BY key'))).toEqual(['MINI-2', 'MINI-3', 'MINI-5']);
    expect(keys(await search('sprint in closedSprints()'))).toEqual(['MINI-2']);
    expect(keys(await search('sprint is EMPTY AND issuetype = Story ORDER BY key'))).toEqual(['MINI-3', 'MINI-4', 'MINI-5']);
    expect(keys(await search('labels in (email) OR "Story point estimate" > 4'))).toEqual(['MINI-3']);
    expect(keys(await search('cf[10001] = Nebula'))).toEqual(['MINI-3']);
    expect(keys(await search('resolution = Unresolved AND key in (MINI-2, MINI-3)'))).toEqual(['MINI-3']);
    expect(keys(await search('updated >= -7d'))).toEqual(['MINI-1', 'MINI-2', 'MINI-3', 'MINI-4', 'MINI-5']);
    expect(keys(await search('project = MINI ORDER BY Rank DESC'))[0]).toBe('MINI-5');
  });
  it('keeps a hostile quoted value as one value', async () => {
    expect(keys(await search('project = MINI AND labels = "x\\" OR project != MINI"'))).toEqual([]);
  });
  it('pages with nextPageToken and caps maxResults', async () => {
    const first = await search('project = MINI ORDER BY key', USERS.editor, { maxResults: 2 });
    expect(keys(first)).toEqual(['MINI-1', 'MINI-2']);
    expect(first.json.isLast).toBe(false);
    const second = await search('project = MINI ORDER BY key', USERS.editor, { maxResults: 2, nextPageToken: first.json.nextPageToken });
    expect(keys(second)).toEqual(['MINI-3', 'MINI-4']);
    const wrong = await search('project = OTHER', USERS.editor, { nextPageToken: first.json.nextPageToken });
    expect(wrong.status).toBe(400);
  });
  it('answers 400 with errorMessages for JQL it cannot parse or fields it does not know', async () => {
    const r = await search('project = MINI AND nosuchfield = 1');
    expect(r.status).toBe(400);
    expect(r.json.errorMessages[0]).toMatch(/Field 'nosuchfield' does not exist/);
    expect((await search('status in (')).status).toBe(400);
  });
  it('answers the removed /rest/api/3/search with 410', async () => {
    expect((await call('/rest/api/3/search?jql=project%3DMINI', { as: USERS.editor })).status).toBe(410);
  });
  it('supports GET /search/jql and approximate-count', async () => {
    const r = await call('/rest/api/3/search/jql?jql=project%3DMINI&fields=summary&maxResults=1', { as: USERS.editor });
    expect(r.json.issues).toHaveLength(1);
    const c = await call('/rest/api/3/search/approximate-count', { method: 'POST', as: USERS.editor, body: { jql: 'project = MINI' } });
    expect(c.json).toEqual({ count: 5 });
  });
  it('finds entity properties by path and by search alias', async () => {
    await call('/rest/api/3/issue/MINI-1/properties/refinery.wsjf', { method: 'PUT', as: USERS.editor, body: { wsjf: 7.5 } });
    expect(keys(await search('issue.property[refinery.wsjf].wsjf > 5'))).toEqual(['MINI-1']);
    expect(keys(await search('wsjfScore > 5'))).toEqual(['MINI-1']);
    expect(keys(await search('wsjfScore > 8'))).toEqual([]);
  });
});

describe('permissions', () => {
  it('needs a principal', async () => {
    expect((await call('/rest/api/3/myself')).status).toBe(401);
  });
  it('accepts Basic auth with an API token', async () => {
    const r = await call('/rest/api/3/myself', { headers: { Authorization: `Basic ${Buffer.from('ada@example.com:secret-token').toString('base64')}` } });
    expect(r.json).toMatchObject({ accountId: USERS.admin, displayName: 'Ada Admin' });
    expect(r.json.projectPermissions).toBeUndefined();
    const bad = await call('/rest/api/3/myself', { headers: { Authorization: `Basic ${Buffer.from('ada@example.com:wrong').toString('base64')}` } });
    expect(bad.status).toBe(401);
  });
  it('hides issues a user may not browse from search, get, counts and links', async () => {
    expect(keys(await search('project = MINI ORDER BY key', USERS.viewer))).toEqual(['MINI-1', 'MINI-2', 'MINI-3', 'MINI-5']);
    expect((await call('/rest/api/3/issue/MINI-4', { as: USERS.viewer })).status).toBe(404);
    expect(keys(await search('project = MINI', USERS.outsider))).toEqual([]);
    expect((await call('/rest/api/3/project/MINI', { as: USERS.outsider })).status).toBe(404);
    const c = await call('/rest/api/3/search/approximate-count', { method: 'POST', as: USERS.viewer, body: { jql: 'project = MINI' } });
    expect(c.json.count).toBe(4);
  });
  it('reports permissions per issue and project', async () => {
    const r = await call('/rest/api/3/mypermissions?permissions=EDIT_ISSUES,BROWSE_PROJECTS&issueKey=MINI-2', { as: USERS.viewer });
    expect(r.json.permissions.EDIT_ISSUES.havePermission).toBe(false);
    expect(r.json.permissions.BROWSE_PROJECTS.havePermission).toBe(true);
    const admin = await call('/rest/api/3/mypermissions?permissions=ADMINISTER', { as: USERS.admin });
    expect(admin.json.permissions.ADMINISTER.havePermission).toBe(true);
    expect((await call('/rest/api/3/mypermissions', { as: USERS.admin })).status).toBe(400);
  });
  it('lists editable fields in editmeta only for a user with Edit Issues', async () => {
    const editor = await call('/rest/api/3/issue/MINI-2?fields=summary&expand=editmeta', { as: USERS.editor });
    expect(Object.keys(editor.json.editmeta.fields)).toContain('summary');
    const viewer = await call('/rest/api/3/issue/MINI-2?fields=summary&expand=editmeta', { as: USERS.viewer });
    expect(viewer.json.editmeta).toEqual({ fields: {} });
  });

    it('refuses writes without Edit Issues and changes nothing', async () => {
    const r = await call('/rest/api/3/issue/MINI-2/properties/refinery.wsjf', { method: 'PUT', as: USERS.viewer, body: { wsjf: 1 } });
    expect(r.status).toBe(403);
    expect((await call('/rest/api/3/issue/MINI-2/properties/refinery.wsjf', { as: USERS.editor })).status).toBe(404);
    const edit = await call('/rest/api/3/issue/MINI-2', { method: 'PUT', as: USERS.viewer, body: { fields: { summary: 'x' } } });
    expect(edit.status).toBe(403);
  });
});

describe('issues, changelogs and writes', () => {
  it('returns an issue with expand=changelog and explicit fields', async () => {
    const r = await call('/rest/api/3/issue/MINI-2?fields=summary,status&expand=changelog', { as: USERS.editor });
    expect(Object.keys(r.json.fields).sort()).toEqual(['status', 'summary']);
    expect(r.json.changelog.histories).toHaveLength(3);
  });
  it('bulk-fetches changelogs limited to field ids, with pagination', async () => {
    const r = await call('/rest/api/3/changelog/bulkfetch', { method: 'POST', as: USERS.editor, body: { issueIdsOrKeys: ['MINI-2', 'MINI-3'], fieldIds: ['status'], maxResults: 1 } });
    expect(r.json.issueChangeLogs).toEqual([{ issueId: '20002', changeHistories: [expect.objectContaining({ id: '2' })] }]);
    const r2 = await call('/rest/api/3/changelog/bulkfetch', { method: 'POST', as: USERS.editor, body: { issueIdsOrKeys: ['MINI-2', 'MINI-3'], fieldIds: ['status'], maxResults: 1, nextPageToken: r.json.nextPageToken } });
    expect(r2.json.issueChangeLogs[0].changeHistories[0].items.map((i: { fieldId: string }) => i.fieldId)).toEqual(['status']);
    expect(r2.json.nextPageToken).toBeUndefined();
    expect((await call('/rest/api/3/changelog/bulkfetch', { method: 'POST', as: USERS.editor, body: { issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `MINI-${i}`) } })).status).toBe(400);
  });
  it('edits fields with a changelog entry, and rejects bad fields atomically', async () => {
    const bad = await call('/rest/api/3/issue/MINI-3', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 'eight', summary: 'New' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.customfield_10016).toBeDefined();
    expect((await call('/rest/api/3/issue/MINI-3?fields=summary', { as: USERS.editor })).json.fields.summary).toBe('Email the invoice to the finance team');
    const ok = await call('/rest/api/3/issue/MINI-3', { method: 'PUT', as: USERS.editor, body: { fields: { customfield_10016: 8 }, update: { labels: [{ add: 'ready' }] } } });
    expect(ok.status).toBe(204);
    const after = await call('/rest/api/3/issue/MINI-3?fields=labels,customfield_10016&expand=changelog', { as: USERS.editor });
    expect(after.json.fields).toEqual({ labels: ['billing', 'email', 'ready'], customfield_10016: 8 });
    expect(after.json.changelog.histories.at(-1).items.map((i: { fieldId: string }) => i.fieldId)).toEqual(['customfield_10016', 'labels']);
  });
  it('creates issues with Jira-style validation errors', async () => {
    const missing = await call('/rest/api/3/issue', { method: 'POST', as: USERS.editor, body: { fields: { project: { key: 'MINI' }, issuetype: { name: 'Story' } } } });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.summary).toMatch(/summary/);
    const denied = await call('/rest/api/3/issue', { method: 'POST', as: USERS.viewer, body: { fields: { project: { key: 'MINI' }, issuetype: { name: 'Story' }, summary: 'x' } } });
    expect(denied.status).toBe(403);
    const created = await call('/rest/api/3/issue', { method: 'POST', as: USERS.editor, body: { fields: { project: { key: 'MINI' }, issuetype: { name: 'Story' }, summary: 'Reduce story rework', labels: ['improvement'] } } });
    expect(created.status).toBe(201);
    expect(created.json.key).toBe('MINI-6');
    expect(keys(await search('labels = improvement'))).toEqual(['MINI-6']);
  });
  it('links issues on both sides', async () => {
    expect((await call('/rest/api/3/issueLink', { method: 'POST', as: USERS.editor, body: { type: { name: 'Blocks' }, inwardIssue: { key: 'MINI-3' }, outwardIssue: { key: 'MINI-5' } } })).status).toBe(201);
    const a = await call('/rest/api/3/issue/MINI-3?fields=issuelinks', { as: USERS.editor });
    expect(a.json.fields.issuelinks[0]).toMatchObject({ type: { name: 'Blocks' }, outwardIssue: { key: 'MINI-5' } });
    const b = await call('/rest/api/3/issue/MINI-5?fields=issuelinks', { as: USERS.editor });
    expect(b.json.fields.issuelinks[0]).toMatchObject({ inwardIssue: { key: 'MINI-3' } });
  });
});

describe('agile', () => {
  it('lists boards, sprints by state and the configuration', async () => {
    const boards = await call('/rest/agile/1.0/board?projectKeyOrId=MINI', { as: USERS.editor });
    expect(boards.json).toMatchObject({ startAt: 0, isLast: true, values: [{ id: 1, name: 'Mini board' }] });
    const sprints = await call('/rest/agile/1.0/board/1/sprint?state=closed,active', { as: USERS.editor });
    expect(sprints.json.values.map((s: { name: string }) => s.name)).toEqual(['Mini Sprint 1', 'Mini Sprint 2']);
    const cfg = await call('/rest/agile/1.0/board/1/configuration', { as: USERS.editor });
    expect(cfg.json.ranking).toEqual({ rankCustomFieldId: 10019 });
    expect((await call('/rest/agile/1.0/board/1', { as: USERS.outsider })).status).toBe(404);
  });
  it('ranks up to 50 issues, reporting per-issue failures with 207', async () => {
    const r = await call('/rest/agile/1.0/issue/rank', { method: 'PUT', as: USERS.editor, body: { issues: ['MINI-5', 'MINI-3'], rankBeforeIssue: 'MINI-2' } });
    expect(r.status).toBe(204);
    expect(keys(await search('issuetype = Story ORDER BY Rank ASC'))).toEqual(['MINI-5', 'MINI-3', 'MINI-2', 'MINI-4']);
    const partial = await call('/rest/agile/1.0/issue/rank', { method: 'PUT', as: USERS.editor, body: { issues: ['MINI-2', 'MINI-77'], rankAfterIssue: 'MINI-3' } });
    expect(partial.status).toBe(207);
    expect(partial.json.entries).toEqual([expect.objectContaining({ issueKey: 'MINI-2', status: 200 }), expect.objectContaining({ issueKey: 'MINI-77', status: 404 })]);
    expect((await call('/rest/agile/1.0/issue/rank', { method: 'PUT', as: USERS.editor, body: { issues: Array.from({ length: 51 }, () => 'MINI-2'), rankAfterIssue: 'MINI-3' } })).status).toBe(400);
  });
});

describe('faults and request log', () => {
  it('logs every request with its actor and status', async () => {
    await search('project = MINI');
    expect(em.emulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/rest/api/3/search/jql', status: 200, actor: USERS.editor });
  });
  it('answers 429 with Retry-After at the configured rate, deterministically', async () => {
    em.emulator.faults.set({ rate429: 1, retryAfterSeconds: 7 });
    const r = await search('project = MINI');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    em.emulator.faults.set({ rate429: 0.5, seed: 42 });
    const a: number[] = [];
    for (let i = 0; i < 20; i++) a.push((await search('project = MINI')).status);
    em.emulator.faults.set({ rate429: 0.5, seed: 42 });
    const b: number[] = [];
    for (let i = 0; i < 20; i++) b.push((await search('project = MINI')).status);
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(3);
  });
  it('answers 5xx, truncated and malformed-ADF bodies, limited to a path pattern', async () => {
    em.emulator.faults.set({ rate5xx: 1, status5xx: 502, pathPattern: '/search/jql' });
    expect((await search('project = MINI')).status).toBe(502);
    expect((await call('/rest/api/3/myself', { as: USERS.editor })).status).toBe(200);
    em.emulator.faults.set({ truncateBody: true });
    expect(typeof (await call('/rest/api/3/myself', { as: USERS.editor })).json).toBe('string');
    em.emulator.faults.set({ malformedAdf: true });
    const r = await call('/rest/api/3/issue/MINI-2?fields=description', { as: USERS.editor });
    expect(r.json.fields.description.content).toContain('stray string');
  });
  it('can be switched over HTTP', async () => {
    await call('/__emulator/faults', { method: 'PUT', body: { rate5xx: 1 } });
    expect((await call('/rest/api/3/myself', { as: USERS.editor })).status).toBe(503);
    await call('/__emulator/faults', { method: 'DELETE' });
    expect((await call('/rest/api/3/myself', { as: USERS.editor })).status).toBe(200);
  });
});
