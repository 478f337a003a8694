import api from '@forge/api';
import type { JiraTransport } from './transport';

/**
 * Forge transport. `asUser()` for everything shown to a person (Jira applies that person's
 * permissions); `asApp()` only for jobs that run without a user and store aggregates.
 */
export function forgeTransport(principal: 'user' | 'app'): JiraTransport {
  const requester = principal === 'user' ? api.asUser() : api.asApp();
  return {
    async send(req) {
      // req.path is a Route made with `route` where JiraClient names the operation.
      const res = await requester.requestJira(req.path, {
        method: req.method,
        headers: { Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      });
      return { status: res.status, headers: res.headers, text: () => res.text() };
    },
  };
}
