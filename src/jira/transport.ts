/**
 * The wire under the JiraClient. Two implementations: Forge's `requestJira` (asUser/asApp) and plain
 * `fetch` against a base URL (the local emulator, or a real site from the CLI with an API token).
 */
export interface JiraRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, e.g. `/rest/api/3/search/jql?jql=...`. */
  path: string;
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
      const res = await doFetch(base + req.path, {
        method: req.method,
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
