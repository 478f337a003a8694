import type { Route } from '@forge/api';

/**
 * The wire under the JiraClient. Two implementations: Forge's `requestJira` (asUser/asApp) and plain
 * `fetch` against a base URL (the local emulator, or a real site from the CLI with an API token).
 */
export interface JiraRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /**
   * Built with Forge's `route` tagged template (from `@forge/api`) at each call site, so Forge's
   * linter sees every route and its scopes, and a path parameter cannot add segments (`/`, `..`,
   * `?`, `#` are refused) while query values are encoded.
   */
  path: Route;
  body?: unknown;
}

export interface JiraResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface JiraTransport {
  send(req: JiraRequest): Promise<JiraResponse>;
}

export interface FetchTransportOptions {
  baseUrl: string;
  /** Extra headers: `Authorization: Basic …` for a real site, or the emulator's principal header. */
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

export function fetchTransport(opts: FetchTransportOptions): JiraTransport {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    async send(req) {
      const res = await doFetch(base + req.path.value, {
        method: req.method,
        // As Forge's requestJira may: the client reads a 303's Location itself (bulk property tasks).
        redirect: 'manual',
        headers: {
          Accept: 'application/json',
          ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      });
      return res;
    },
  };
}

export function basicAuthHeader(email: string, apiToken: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}` };
}
