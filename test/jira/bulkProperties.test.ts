import { JiraClient, taskIdFromLocation } from '../../src/jira/client';
import { JiraError } from '../../src/jira/errors';
import { fetchTransport } from '../../src/jira/transport';
import { serve, type Reply } from './wire';

/** Jira's TaskProgressBeanObject, as GET /rest/api/3/task/{taskId} documents it (epoch-ms timestamps). */
function task(status: string, extra: Record<string, unknown> = {}): Reply {
  const t0 = 1_763_632_800_000;
  return {
    status: 200,
    body: JSON.stringify({ self: 'https://site.atlassian.net/rest/api/3/task/10010', id: '10010', description: 'Bulk set issue properties', status, submittedBy: 10000, progress: status === 'COMPLETE' ? 100 : 0, elapsedRuntime: 12, submitted: t0, lastUpdate: t0 + 12, ...(status === 'RUNNING' || status === 'COMPLETE' || status === 'FAILED' ? { started: t0 + 2 } : {}), ...extra }),
  };
}
const seeOther: Reply = { status: 303, headers: { Location: 'https://site.atlassian.net/rest/api/3/task/10010' } };

const sleeps: number[] = [];
const client = (url: string) => new JiraClient(fetchTransport({ baseUrl: url }), { sleep: async (ms) => void sleeps.push(ms) });
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ issueId: String(10100 + i), properties: { 'refinery.quality': { ready: 'yes', score: 90 } } }));

beforeEach(() => (sleeps.length = 0));

describe('bulk issue properties: Jira\'s asynchronous task', () => {
  it('reads the task from the 303\'s Location and polls it until COMPLETE', async () => {
    const s = await serve([seeOther, task('ENQUEUED'), task('RUNNING'), task('COMPLETE', { finished: 1_763_632_800_020, result: 'done' })]);
    const r = await client(s.url).bulkSetIssueProperties(items(2));
    expect(r).toEqual({ failedIssueIds: [], failures: [], tasks: 1 });
    expect(s.seen.map((x) => `${x.method} ${x.url}`)).toEqual(['POST /rest/api/3/issue/properties/multi', 'GET /rest/api/3/task/10010', 'GET /rest/api/3/task/10010', 'GET /rest/api/3/task/10010']);
    expect(JSON.parse(s.seen[0].body)).toEqual({ issues: [{ issueID: 10100, properties: { 'refinery.quality': { ready: 'yes', score: 90 } } }, { issueID: 10101, properties: { 'refinery.quality': { ready: 'yes', score: 90 } } }] });
    // No wait before the first check; backing off between later ones.
    expect(sleeps).toEqual([100, 200]);
    await s.close();
  });

  it('reports every issue of a FAILED task as not updated, with Jira\'s message', async () => {
    const s = await serve([seeOther, task('FAILED', { message: 'Index unavailable' })]);
    const r = await client(s.url).bulkSetIssueProperties(items(3));
    expect(r.failedIssueIds).toEqual(['10100', '10101', '10102']);
    expect(r.failures).toEqual([{ issueIds: ['10100', '10101', '10102'], message: expect.stringMatching(/task failed.*Jira said: Index unavailable/) }]);
    await s.close();
  });

  it('treats CANCELLED and DEAD as not updated', async () => {
    for (const status of ['CANCELLED', 'DEAD']) {
      const s = await serve([seeOther, task(status)]);
      const r = await client(s.url).bulkSetIssueProperties(items(1));
      expect(r.failedIssueIds).toEqual(['10100']);
      await s.close();
    }
  });

  it('polls the task a transport handed back after following the 303 itself', async () => {
    const s = await serve([task('RUNNING'), task('COMPLETE')]);
    const r = await client(s.url).bulkSetIssueProperties(items(1));
    expect(r.failedIssueIds).toEqual([]);
    expect(s.seen.map((x) => x.url)).toEqual(['/rest/api/3/issue/properties/multi', '/rest/api/3/task/10010']);
    await s.close();
  });

  it('stops after 20 checks of a task that never finishes and reports its issues', async () => {
    const s = await serve([seeOther, task('RUNNING')]);
    const r = await client(s.url).bulkSetIssueProperties(items(2));
    expect(s.seen.filter((x) => x.url === '/rest/api/3/task/10010')).toHaveLength(20);
    expect(r.failures[0].message).toMatch(/still running after 20 checks/);
    expect(r.failedIssueIds).toEqual(['10100', '10101']);
    await s.close();
  });

  it('fails readably when Jira gives neither a task nor a Location', async () => {
    const s = await serve([{ status: 303 }]);
    const e = await client(s.url).bulkSetIssueProperties(items(1)).catch((x) => x);
    expect(e).toBeInstanceOf(JiraError);
    expect(e.message).toMatch(/did not say where to follow its progress/);
    await s.close();
  });

  it('sends at most 100 issues per request', async () => {
    const s = await serve([seeOther, task('COMPLETE')]);
    const r = await client(s.url).bulkSetIssueProperties(items(250));
    const posts = s.seen.filter((x) => x.method === 'POST').map((x) => JSON.parse(x.body).issues.length);
    expect(posts).toEqual([100, 100, 50]);
    expect(r.tasks).toBe(3);
    await s.close();
  });

  it('takes only a task URL from Location', () => {
    expect(taskIdFromLocation('https://site.atlassian.net/rest/api/3/task/10010')).toBe('10010');
    expect(taskIdFromLocation('/rest/api/2/task/7')).toBe('7');
    expect(taskIdFromLocation('https://site.atlassian.net/rest/api/3/task/1/../../myself')).toBeNull();
    expect(taskIdFromLocation('https://evil.example/steal')).toBeNull();
    expect(taskIdFromLocation(null)).toBeNull();
  });
});
