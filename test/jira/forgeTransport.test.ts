/** The Forge transport hands requestJira the Route JiraClient built, never a plain string. */
const seen: { url: unknown; init: { method?: string; body?: string } }[] = [];
const requester = {
  requestJira: async (url: unknown, init: { method?: string; body?: string }) => {
    seen.push({ url, init });
    return { status: 200, headers: { get: () => null }, text: async () => '{"id":"1","key":"ART-1","fields":{}}' };
  },
};
jest.mock('@forge/api', () => {
  const actual = jest.requireActual('@forge/api');
  return { ...actual, __esModule: true, default: { asUser: () => requester, asApp: () => requester } };
});

import { route } from '@forge/api';
import { JiraClient } from '../../src/jira/client';
import { forgeTransport } from '../../src/jira/forgeTransport';

describe('forgeTransport', () => {
  it('passes each call\'s Route to requestJira, with the method and JSON body', async () => {
    const c = new JiraClient(forgeTransport('user'));
    await c.getIssue('ART-1', { fields: ['summary'] });
    await c.editIssue('ART-1', { fields: { summary: 'New' } });
    expect(seen).toHaveLength(2);
    // Forge's own Route class (what `route` makes), not a string that merely looks like a path.
    const RouteClass = route`/x`.constructor;
    for (const s of seen) expect(s.url).toBeInstanceOf(RouteClass);
    expect(seen.map((s) => (s.url as { value: string }).value)).toEqual(['/rest/api/3/issue/ART-1?fields=summary', '/rest/api/3/issue/ART-1']);
    expect(seen[1].init).toMatchObject({ method: 'PUT', body: JSON.stringify({ fields: { summary: 'New' } }) });
  });
});
