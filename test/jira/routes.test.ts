import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { serve } from './wire';

const client = (url: string) => new JiraClient(fetchTransport({ baseUrl: url }), { sleep: async () => undefined, maxRetries: 0 });
const ok = { status: 200, body: '{"id":"1","key":"ART-1","fields":{},"permissions":{}}' };

describe('every Jira path goes through Forge\'s route tagged template', () => {
  it('refuses an issue key that would walk up the path, before anything is sent', async () => {
    const s = await serve([ok]);
    const c = client(s.url);
    for (const key of ['ART-1/../../x', 'ART-1/..%2f..%2fmyself', '..', 'ART-1?fields=*all', 'ART-1#x', 'ART-1\\..\\x']) {
      await expect(c.getIssue(key)).rejects.toThrow(/path manipulation/);
      await expect(c.editIssue(key, { fields: { summary: 'x' } })).rejects.toThrow(/path manipulation/);
      await expect(c.setProperty('ART-1', key, {})).rejects.toThrow(/path manipulation/);
    }
    await expect(c.getProperty('ART-1', '../../../rest/api/3/myself')).rejects.toThrow(/path manipulation/);
    expect(s.seen).toEqual([]);
    await s.close();
  });

  it('sends an ordinary key as one path segment', async () => {
    const s = await serve([ok]);
    await client(s.url).getIssue('ART-1', { fields: ['summary', 'status'], expand: ['editmeta'] });
    await client(s.url).getProperty('ART-1', 'refinery.wsjf').catch(() => undefined);
    expect(s.seen.map((r) => r.url)).toEqual(['/rest/api/3/issue/ART-1?fields=summary%2Cstatus&expand=editmeta', '/rest/api/3/issue/ART-1/properties/refinery.wsjf']);
    await s.close();
  });

  it('encodes query values, so one cannot add parameters', async () => {
    const s = await serve([{ status: 200, body: '{"permissions":{}}' }, { status: 200, body: '{"values":[],"isLast":true}' }]);
    await client(s.url).myPermissions(['EDIT_ISSUES'], { projectKey: 'ART&issueKey=HR-1#x' });
    await client(s.url).boards('ART&type=kanban');
    const [perm, boards] = s.seen.map((r) => new URL(r.url, s.url));
    expect([...perm.searchParams.keys()]).toEqual(['permissions', 'projectKey']);
    expect(perm.searchParams.get('projectKey')).toBe('ART&issueKey=HR-1#x');
    expect(boards.pathname).toBe('/rest/agile/1.0/board');
    expect(boards.searchParams.get('projectKeyOrId')).toBe('ART&type=kanban');
    expect(boards.searchParams.get('type')).toBeNull();
    await s.close();
  });

  it('has no path built outside `route` in src (no assumeTrustedRoute, no string paths in JiraClient)', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)]));
    const src = path.resolve(__dirname, '../../src');
    const sources = files(src).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter((f) => readFileSync(f, 'utf8').includes('assumeTrustedRoute'))).toEqual([]);
    const client = readFileSync(path.join(src, 'jira/client.ts'), 'utf8');
    const paths = [...client.matchAll(/\bpath: ([^,}\n]+)/g)].map((m) => m[1].trim());
    expect(paths.length).toBeGreaterThanOrEqual(18);
    expect(paths.filter((p) => !/^(q\.size \? )?route`/.test(p) && p !== 'page(startAt)')).toEqual([]);
  });
});
