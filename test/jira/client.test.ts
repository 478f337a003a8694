import { JiraClient, parseRetryAfter } from '../../src/jira/client';
import { JiraError } from '../../src/jira/errors';
import { fetchTransport } from '../../src/jira/transport';
import { serve } from './wire';

const waits: number[] = [];
const client = (url: string) => new JiraClient(fetchTransport({ baseUrl: url }), { sleep: async (ms) => void waits.push(ms), backoffBaseMs: 10 });

beforeEach(() => (waits.length = 0));

describe('JiraClient', () => {
  it('keeps at most maxConcurrent requests in flight, and all of them complete', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport = {
      async send() {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { status: 200, headers: { get: () => null }, text: async () => '{"accountId":"a","displayName":"P"}' };
      },
    };
    const c = new JiraClient(transport, { maxConcurrent: 3 });
    const all = await Promise.all(Array.from({ length: 12 }, () => c.myself()));
    expect(all).toHaveLength(12);
    expect(peak).toBe(3);
    expect(c.stats.maxInFlight).toBe(3);
    expect(c.stats.requests).toBe(12);
  });

  it('waits for Retry-After on 429 and then returns the answer', async () => {
    const s = await serve([{ status: 429, headers: { 'Retry-After': '3' }, body: '{"errorMessages":["Rate limit exceeded."]}' }, { status: 200, body: '{"accountId":"a","displayName":"Priya"}' }]);
    const c = client(s.url);
    await expect(c.myself()).resolves.toMatchObject({ displayName: 'Priya' });
    expect(waits).toEqual([3000]);
    expect(c.stats).toEqual({ requests: 2, retries: 1, retryWaitMs: 3000, maxInFlight: 1 });
    await s.close();
  });

  it('gives up after 4 retries on 503 with a sentence, not a stack trace', async () => {
    const s = await serve([{ status: 503, body: '' }]);
    const e = await client(s.url).myself().catch((x) => x);
    expect(e).toBeInstanceOf(JiraError);
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/Jira is unavailable \(HTTP 503\)/);
    expect(s.seen).toHaveLength(5);
    await s.close();
  });

  it('does not retry a 400 and carries Jira\'s field errors', async () => {
    const s = await serve([{ status: 400, body: '{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}}' }]);
    const e = await client(s.url).createIssue({}).catch((x) => x);
    expect(e.kind).toBe('bad-request');
    expect(e.fieldErrors).toEqual({ summary: 'You must specify a summary of the issue.' });
    expect(e.message).toContain('summary: You must specify a summary');
    expect(s.seen).toHaveLength(1);
    await s.close();
  });

  it('reports a truncated JSON body as a bad response', async () => {
    const s = await serve([{ status: 200, body: '{"issues":[{"id":"1' }]);
    await expect(client(s.url).searchPage('project = ART', ['summary'])).rejects.toMatchObject({ kind: 'bad-response' });
    await s.close();
  });

  it('follows nextPageToken until isLast and asks for the explicit field list each time', async () => {
    const s = await serve([
      { status: 200, body: JSON.stringify({ issues: [{ id: '1', key: 'ART-1', fields: {} }], nextPageToken: 't1', isLast: false }) },
      { status: 200, body: JSON.stringify({ issues: [{ id: '2', key: 'ART-2', fields: {} }], isLast: true }) },
    ]);
    const all = await client(s.url).searchAll('project = ART', ['summary', 'status']);
    expect(all.map((i) => i.key)).toEqual(['ART-1', 'ART-2']);
    expect(s.seen.map((r) => r.url)).toEqual(['/rest/api/3/search/jql', '/rest/api/3/search/jql']);
    expect(JSON.parse(s.seen[1].body)).toMatchObject({ jql: 'project = ART', fields: ['summary', 'status'], nextPageToken: 't1' });
    await s.close();
  });

  it('splits bulk changelog requests into chunks of 1000 issues', async () => {
    const s = await serve([{ status: 200, body: JSON.stringify({ issueChangeLogs: [] }) }]);
    const ids = Array.from({ length: 2500 }, (_, i) => String(10000 + i));
    await client(s.url).bulkChangelogs(ids, ['status', 'customfield_10020']);
    expect(s.seen).toHaveLength(3);
    expect(JSON.parse(s.seen[2].body).issueIdsOrKeys).toHaveLength(500);
    await s.close();
  });

  it('reports which rank moves Jira refused in a 207', async () => {
    const s = await serve([{ status: 207, body: JSON.stringify({ entries: [{ issueKey: 'ART-1', issueId: 1, status: 200 }, { issueKey: 'ART-2', issueId: 2, status: 403, errors: ['No permission'] }] }) }]);
    await expect(client(s.url).rankIssues(['ART-1', 'ART-2'], { before: 'ART-9' })).resolves.toEqual({ moved: ['ART-1'], failed: [{ key: 'ART-2', status: 403, errors: ['No permission'] }] });
    await s.close();
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
  });
});
