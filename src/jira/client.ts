import type { JiraRequest, JiraTransport } from './transport';
import { JiraError, kindForStatus, parseJiraErrorBody } from './errors';
import type {
  JiraBoard,
  JiraChangelogHistory,
  JiraField,
  JiraIssue,
  JiraIssueType,
  JiraProject,
  JiraSprint,
  JiraUser,
} from './types';

export interface JiraClientOptions {
  /** Retries after 429/5xx/network errors before giving up (Jira advises bounded retries). */
  maxRetries?: number;
  /** Longest Retry-After the client will wait; a longer one fails fast as "rate-limited". */
  maxRetryAfterMs?: number;
  /** Injected for tests and the benchmark; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Base for exponential backoff on 5xx. */
  backoffBaseMs?: number;
  /**
   * Total time budget for everything this client does, counted from its construction (one client is
   * made per resolver call). Past it, a request or a retry wait is abandoned with a readable
   * 'timeout' error, so a resolver answers before Forge's 25 s invocation limit. Unset: no budget.
   */
  deadlineMs?: number;
  /** Injected for tests; defaults to Date.now. */
  clock?: () => number;
  /**
   * Requests in flight at once (default 4). Jira Cloud's rate limits are points per time window per
   * app and user, so bursts (one sprint list per board, say) are smoothed here instead of being
   * answered with 429s.
   */
  maxConcurrent?: number;
}

export interface RequestStats {
  requests: number;
  retries: number;
  retryWaitMs: number;
  /** Most requests in flight at once (bounded by `maxConcurrent`). */
  maxInFlight: number;
}

export interface SearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
  isLast?: boolean;
}

export type PermissionKey = 'BROWSE_PROJECTS' | 'EDIT_ISSUES' | 'SCHEDULE_ISSUES' | 'CREATE_ISSUES' | 'ADMINISTER' | 'ADMINISTER_PROJECTS';

export interface RankResult {
  /** Keys Jira moved. */
  moved: string[];
  /** Keys Jira did not move, with its reason. */
  failed: { key: string; status: number; errors: string[] }[];
}

/** Time budget of one resolver call's Jira work: answers before Forge's 25 s limit with room to spare. */
export const RESOLVER_BUDGET_MS = 20_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The only code that talks to Jira. Pagination, retries with `Retry-After`, backoff with jitter on
 * 5xx, and request counting live here once.
 */
export class JiraClient {
  readonly stats: RequestStats = { requests: 0, retries: 0, retryWaitMs: 0, maxInFlight: 0 };
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly maxConcurrent: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoffBaseMs: number;
  private readonly clock: () => number;
  private readonly deadline: number | null;
  private readonly budgetMs: number | null;

  constructor(
    private readonly transport: JiraTransport,
    opts: JiraClientOptions = {},
  ) {
    this.maxRetries = opts.maxRetries ?? 4;
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? 4);
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 20_000;
    this.sleep = opts.sleep ?? realSleep;
    this.backoffBaseMs = opts.backoffBaseMs ?? 250;
    this.clock = opts.clock ?? Date.now;
    this.budgetMs = opts.deadlineMs ?? null;
    this.deadline = opts.deadlineMs !== undefined ? this.clock() + opts.deadlineMs : null;
  }

  /** Milliseconds left of the time budget (Infinity without one). */
  remainingMs(): number {
    return this.deadline === null ? Infinity : this.deadline - this.clock();
  }

  private timeoutError(): JiraError {
    const secs = Math.round((this.budgetMs ?? 0) / 100) / 10;
    return new JiraError('timeout', 0, `Jira did not answer within ${secs} s, so Refinery stopped waiting. Jira may be slow or overloaded right now; try again in a minute.`);
  }

  /** `work` or the timeout error, whichever comes first (the abandoned request is left to finish on its own). */
  private withinBudget<T>(work: Promise<T>): Promise<T> {
    const left = this.remainingMs();
    if (left === Infinity) return work;
    if (left <= 0) {
      work.catch(() => undefined);
      return Promise.reject(this.timeoutError());
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.timeoutError()), left);
    });
    work.catch(() => undefined);
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }

  /** Waits for a free slot, runs `work`, frees the slot. */
  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    try {
      return await work();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  request<T>(req: JiraRequest): Promise<T> {
    return this.limited(() => this.requestNow<T>(req));
  }

  private async requestNow<T>(req: JiraRequest): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res;
      if (this.remainingMs() <= 0) throw this.timeoutError();
      try {
        this.stats.requests++;
        res = await this.withinBudget(this.transport.send(req));
      } catch (e) {
        if (e instanceof JiraError) throw e;
        const wait = this.backoff(attempt);
        if (attempt < this.maxRetries && wait < this.remainingMs()) {
          await this.wait(wait);
          continue;
        }
        throw new JiraError('network', 0, `Jira could not be reached: ${(e as Error).message}`);
      }
      if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 500 || res.status === 504) {
        const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
        const wait = res.status === 429 ? (retryAfter ?? this.backoff(attempt)) : (retryAfter ?? this.backoff(attempt));
        // A wait that would outlive the time budget is not worth starting: fail now, readably.
        if (attempt < this.maxRetries && wait <= this.maxRetryAfterMs && wait < this.remainingMs()) {
          await res.text().catch(() => '');
          await this.wait(wait);
          continue;
        }
        const text = await res.text().catch(() => '');
        throw this.errorFrom(res.status, text);
      }
      const text = await this.withinBudget(res.text());
      if (res.status >= 400) throw this.errorFrom(res.status, text);
      if (res.status === 204 || text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new JiraError('bad-response', res.status, 'Jira sent a response that is not valid JSON (it may have been cut off).');
      }
    }
  }

  private backoff(attempt: number): number {
    // Full jitter (AWS architecture blog): spreads retries of concurrent clients.
    return Math.round(this.backoffBaseMs * 2 ** attempt * (0.5 + Math.random() / 2));
  }

  private async wait(ms: number) {
    this.stats.retries++;
    this.stats.retryWaitMs += ms;
    await this.sleep(ms);
  }

  private errorFrom(status: number, text: string): JiraError {
    const { messages, fieldErrors } = parseJiraErrorBody(text);
    const detail = [...messages, ...Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v}`)].join(' ');
    const kind = kindForStatus(status);
    const lead: Record<string, string> = {
      unauthenticated: 'Jira did not accept the credentials.',
      forbidden: 'Jira refused: you do not have permission for this.',
      'not-found': 'Jira could not find it, or you do not have permission to see it.',
      'bad-request': 'Jira rejected the request.',
      conflict: 'Jira reported a conflict.',
      'rate-limited': 'Jira is rate-limiting requests; try again in a minute.',
      unavailable: `Jira is unavailable (HTTP ${status}); try again shortly.`,
    };
    return new JiraError(kind, status, detail ? `${lead[kind] ?? 'Jira error.'} ${detail}` : (lead[kind] ?? `Jira error ${status}.`), messages, fieldErrors);
  }

  // --- platform REST v3 ---------------------------------------------------------------------------

  myself(): Promise<JiraUser> {
    return this.request({ method: 'GET', path: '/rest/api/3/myself' });
  }

  fields(): Promise<JiraField[]> {
    return this.request({ method: 'GET', path: '/rest/api/3/field' });
  }

  issueTypes(): Promise<JiraIssueType[]> {
    return this.request({ method: 'GET', path: '/rest/api/3/issuetype' });
  }

  project(keyOrId: string): Promise<JiraProject> {
    return this.request({ method: 'GET', path: `/rest/api/3/project/${encodeURIComponent(keyOrId)}` });
  }

  /**
   * `editmeta` (in `expand`) lists the fields the caller may edit — empty without the Edit Issues
   * permission — so a panel learns the permission without a separate /mypermissions call.
   */
  getIssue(key: string, opts: { fields?: string[]; expandChangelog?: boolean; properties?: string[]; expand?: ('editmeta' | 'changelog')[] } = {}): Promise<JiraIssue> {
    const q = new URLSearchParams();
    if (opts.fields) q.set('fields', opts.fields.join(','));
    const expand = [...(opts.expand ?? []), ...(opts.expandChangelog ? ['changelog' as const] : [])];
    if (expand.length) q.set('expand', [...new Set(expand)].join(','));
    if (opts.properties?.length) q.set('properties', opts.properties.join(','));
    const qs = q.toString();
    return this.request({ method: 'GET', path: `/rest/api/3/issue/${encodeURIComponent(key)}${qs ? `?${qs}` : ''}` });
  }

  editIssue(key: string, body: { fields?: Record<string, unknown>; update?: Record<string, unknown> }): Promise<void> {
    return this.request({ method: 'PUT', path: `/rest/api/3/issue/${encodeURIComponent(key)}`, body });
  }

  createIssue(fields: Record<string, unknown>): Promise<{ id: string; key: string; self: string }> {
    return this.request({ method: 'POST', path: '/rest/api/3/issue', body: { fields } });
  }

  /** One page of `/rest/api/3/search/jql` (POST, so long JQL and field lists fit). */
  searchPage(jql: string, fields: string[], opts: { nextPageToken?: string; maxResults?: number; properties?: string[] } = {}): Promise<SearchPage> {
    return this.request({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: {
        jql,
        fields,
        maxResults: opts.maxResults ?? 100,
        ...(opts.nextPageToken ? { nextPageToken: opts.nextPageToken } : {}),
        ...(opts.properties?.length ? { properties: opts.properties } : {}),
      },
    });
  }

  /** Every issue matching `jql`, page by page (`nextPageToken`), with an explicit field list. */
  async *searchPages(jql: string, fields: string[], opts: { properties?: string[]; pageSize?: number } = {}): AsyncGenerator<JiraIssue[]> {
    let token: string | undefined;
    do {
      const page = await this.searchPage(jql, fields, { nextPageToken: token, maxResults: opts.pageSize ?? 100, properties: opts.properties });
      yield page.issues ?? [];
      token = page.isLast === false || (page.isLast === undefined && page.nextPageToken) ? page.nextPageToken : undefined;
    } while (token);
  }

  async searchAll(jql: string, fields: string[], opts: { properties?: string[]; limit?: number } = {}): Promise<JiraIssue[]> {
    const all: JiraIssue[] = [];
    for await (const page of this.searchPages(jql, fields, opts)) {
      all.push(...page);
      if (opts.limit && all.length >= opts.limit) return all.slice(0, opts.limit);
    }
    return all;
  }

  async approximateCount(jql: string): Promise<number> {
    const r = await this.request<{ count: number }>({ method: 'POST', path: '/rest/api/3/search/approximate-count', body: { jql } });
    return r.count;
  }

  /**
   * Changelogs of many issues at once (`/rest/api/3/changelog/bulkfetch`: ≤ 1000 issues and ≤ 10
   * field ids per call), never one request per issue.
   */
  async bulkChangelogs(issueIds: string[], fieldIds: string[]): Promise<Map<string, JiraChangelogHistory[]>> {
    const out = new Map<string, JiraChangelogHistory[]>();
    for (let i = 0; i < issueIds.length; i += 1000) {
      const chunk = issueIds.slice(i, i + 1000);
      let token: string | undefined;
      do {
        const page = await this.request<{ issueChangeLogs?: { issueId: string; changeHistories: JiraChangelogHistory[] }[]; nextPageToken?: string }>({
          method: 'POST',
          path: '/rest/api/3/changelog/bulkfetch',
          body: { issueIdsOrKeys: chunk, fieldIds: fieldIds.slice(0, 10), maxResults: 10000, ...(token ? { nextPageToken: token } : {}) },
        });
        for (const log of page.issueChangeLogs ?? []) out.set(log.issueId, [...(out.get(log.issueId) ?? []), ...log.changeHistories]);
        token = page.nextPageToken;
      } while (token);
    }
    return out;
  }

  async getProperty<T>(issueKey: string, propertyKey: string): Promise<T | null> {
    try {
      const r = await this.request<{ key: string; value: T }>({
        method: 'GET',
        path: `/rest/api/3/issue/${encodeURIComponent(issueKey)}/properties/${encodeURIComponent(propertyKey)}`,
      });
      return r.value;
    } catch (e) {
      // 404 means "no such property" once the issue itself is known to exist (callers check that).
      if (e instanceof JiraError && e.kind === 'not-found' && /property/i.test(e.jiraMessages.join(' '))) return null;
      throw e;
    }
  }

  /**
   * Sets properties on up to 100 issues per request (`POST /rest/api/3/issue/properties/multi`).
   * Jira runs it as an asynchronous task: the response redirects (303) to the task, which this
   * follows until it is done. Returns the issues Jira reported as not updated.
   */
  async bulkSetIssueProperties(items: { issueId: string; properties: Record<string, unknown> }[]): Promise<{ failedIssueIds: string[]; tasks: number }> {
    const failed: string[] = [];
    let tasks = 0;
    for (let i = 0; i < items.length; i += 100) {
      const chunk = items.slice(i, i + 100);
      let task = await this.request<JiraTask | undefined>({ method: 'POST', path: '/rest/api/3/issue/properties/multi', body: { issues: chunk.map((c) => ({ issueID: Number(c.issueId), properties: c.properties })) } });
      tasks++;
      for (let polls = 0; task?.id && !TASK_DONE.has(task.status) && polls < 20; polls++) {
        await this.sleep(Math.min(2000, 100 * 2 ** polls));
        task = await this.request<JiraTask>({ method: 'GET', path: `/rest/api/3/task/${encodeURIComponent(task.id)}` });
      }
      if (task?.id && task.status !== 'COMPLETE') {
        failed.push(...chunk.map((c) => c.issueId));
        continue;
      }
      // The task result lists the issues it could not update (no permission, deleted since).
      const result = typeof task?.result === 'string' ? safeJson(task.result) : task?.result;
      const ids = (result as { failedIssueIds?: unknown } | undefined)?.failedIssueIds;
      if (Array.isArray(ids)) failed.push(...ids.map(String));
    }
    return { failedIssueIds: failed, tasks };
  }

  setProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    return this.request({
      method: 'PUT',
      path: `/rest/api/3/issue/${encodeURIComponent(issueKey)}/properties/${encodeURIComponent(propertyKey)}`,
      body: value,
    });
  }

  createIssueLink(typeName: string, inwardKey: string, outwardKey: string): Promise<void> {
    return this.request({ method: 'POST', path: '/rest/api/3/issueLink', body: { type: { name: typeName }, inwardIssue: { key: inwardKey }, outwardIssue: { key: outwardKey } } });
  }

  /** Which of `permissions` the caller holds, in a project or on an issue. */
  async myPermissions(permissions: PermissionKey[], scope: { projectKey?: string; issueKey?: string } = {}): Promise<Record<PermissionKey, boolean>> {
    const q = new URLSearchParams({ permissions: permissions.join(',') });
    if (scope.projectKey) q.set('projectKey', scope.projectKey);
    if (scope.issueKey) q.set('issueKey', scope.issueKey);
    const r = await this.request<{ permissions: Record<string, { havePermission: boolean }> }>({ method: 'GET', path: `/rest/api/3/mypermissions?${q}` });
    const out = {} as Record<PermissionKey, boolean>;
    for (const p of permissions) out[p] = r.permissions?.[p]?.havePermission === true;
    return out;
  }

  // --- Jira Software (Agile) REST 1.0 -------------------------------------------------------------

  async boards(projectKey: string): Promise<JiraBoard[]> {
    return this.agilePaged<JiraBoard>(`/rest/agile/1.0/board?projectKeyOrId=${encodeURIComponent(projectKey)}`);
  }

  /** One sprint (`/rest/agile/1.0/sprint/{id}`): name, state, dates, goal and its origin board. */
  sprint(sprintId: number): Promise<JiraSprint> {
    return this.request({ method: 'GET', path: `/rest/agile/1.0/sprint/${encodeURIComponent(String(sprintId))}` });
  }

  async sprints(boardId: number, states: ('closed' | 'active' | 'future')[] = ['closed', 'active', 'future']): Promise<JiraSprint[]> {
    return this.agilePaged<JiraSprint>(`/rest/agile/1.0/board/${boardId}/sprint?state=${states.join(',')}`);
  }

  boardConfiguration(boardId: number): Promise<{ estimation?: { field?: { fieldId: string } }; ranking?: { rankCustomFieldId: number } }> {
    return this.request({ method: 'GET', path: `/rest/agile/1.0/board/${boardId}/configuration` });
  }

  private async agilePaged<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for (let startAt = 0; ; ) {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.request<{ values: T[]; isLast?: boolean; maxResults: number; total?: number }>({ method: 'GET', path: `${path}${sep}startAt=${startAt}&maxResults=50` });
      out.push(...(page.values ?? []));
      startAt += page.values?.length ?? 0;
      if (page.isLast !== false || !page.values?.length) return out;
    }
  }

  /**
   * Rank `keys` (≤ 50, Jira's limit) before or after an anchor. Jira answers 204 when all moved and
   * 207 with per-issue entries when some did not.
   */
  async rankIssues(keys: string[], anchor: { before: string } | { after: string }): Promise<RankResult> {
    if (keys.length > 50) throw new RangeError('Jira ranks at most 50 issues per call');
    const body = { issues: keys, ...('before' in anchor ? { rankBeforeIssue: anchor.before } : { rankAfterIssue: anchor.after }) };
    const r = await this.request<{ entries?: { issueKey?: string; issueId?: number; status: number; errors?: string[] }[] } | undefined>({
      method: 'PUT',
      path: '/rest/agile/1.0/issue/rank',
      body,
    });
    if (!r?.entries) return { moved: [...keys], failed: [] };
    const failed = r.entries.filter((e) => e.status >= 300).map((e) => ({ key: e.issueKey ?? String(e.issueId), status: e.status, errors: e.errors ?? [] }));
    const failedKeys = new Set(failed.map((f) => f.key));
    return { moved: keys.filter((k) => !failedKeys.has(k)), failed };
  }
}

interface JiraTask {
  id: string;
  status: string;
  result?: unknown;
}

const TASK_DONE = new Set(['COMPLETE', 'FAILED', 'CANCELLED', 'DEAD']);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` in seconds (or an HTTP date), as milliseconds. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
