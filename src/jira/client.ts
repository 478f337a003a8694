import { route } from '@forge/api';
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

  async request<T>(req: JiraRequest): Promise<T> {
    return (await this.requestRaw<T>(req)).body;
  }

  /** The answer with its status and `Location` (Jira's 303 to an asynchronous task has no body). */
  requestRaw<T>(req: JiraRequest): Promise<{ status: number; location: string | null; body: T }> {
    return this.limited(() => this.requestNow<T>(req));
  }

  private async requestNow<T>(req: JiraRequest): Promise<{ status: number; location: string | null; body: T }> {
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
      const location = res.headers.get('Location');
      if (res.status === 204 || (res.status >= 300 && res.status < 400) || text === '') return { status: res.status, location, body: undefined as T };
      try {
        return { status: res.status, location, body: JSON.parse(text) as T };
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
    return this.request({ method: 'GET', path: route`/rest/api/3/myself` });
  }

  fields(): Promise<JiraField[]> {
    return this.request({ method: 'GET', path: route`/rest/api/3/field` });
  }

  issueTypes(): Promise<JiraIssueType[]> {
    return this.request({ method: 'GET', path: route`/rest/api/3/issuetype` });
  }

  // Methods with path parameters are async so that `route` refusing a parameter (a `/`, `..`, `?` or
  // `#` in it) rejects the returned promise instead of throwing at the call.
  async project(keyOrId: string): Promise<JiraProject> {
    return this.request({ method: 'GET', path: route`/rest/api/3/project/${keyOrId}` });
  }

  /**
   * `editmeta` (in `expand`) lists the fields the caller may edit — empty without the Edit Issues
   * permission — so a panel learns the permission without a separate /mypermissions call.
   */
  async getIssue(key: string, opts: { fields?: string[]; expandChangelog?: boolean; properties?: string[]; expand?: ('editmeta' | 'changelog')[] } = {}): Promise<JiraIssue> {
    const q = new URLSearchParams();
    if (opts.fields) q.set('fields', opts.fields.join(','));
    const expand = [...(opts.expand ?? []), ...(opts.expandChangelog ? ['changelog' as const] : [])];
    if (expand.length) q.set('expand', [...new Set(expand)].join(','));
    if (opts.properties?.length) q.set('properties', opts.properties.join(','));
    return this.request({ method: 'GET', path: q.size ? route`/rest/api/3/issue/${key}?${q}` : route`/rest/api/3/issue/${key}` });
  }

  async editIssue(key: string, body: { fields?: Record<string, unknown>; update?: Record<string, unknown> }): Promise<void> {
    return this.request({ method: 'PUT', path: route`/rest/api/3/issue/${key}`, body });
  }

  createIssue(fields: Record<string, unknown>): Promise<{ id: string; key: string; self: string }> {
    return this.request({ method: 'POST', path: route`/rest/api/3/issue`, body: { fields } });
  }

  /** One page of `/rest/api/3/search/jql` (POST, so long JQL and field lists fit). */
  searchPage(jql: string, fields: string[], opts: { nextPageToken?: string; maxResults?: number; properties?: string[]; reconcileIssues?: number[] } = {}): Promise<SearchPage> {
    return this.request({
      method: 'POST',
      path: route`/rest/api/3/search/jql`,
      body: {
        jql,
        fields,
        maxResults: opts.maxResults ?? 100,
        ...(opts.nextPageToken ? { nextPageToken: opts.nextPageToken } : {}),
        ...(opts.properties?.length ? { properties: opts.properties } : {}),
        // Search is eventually consistent: ids named here are read as just written (≤ 50, Jira's limit).
        ...(opts.reconcileIssues?.length ? { reconcileIssues: opts.reconcileIssues.slice(0, 50) } : {}),
      },
    });
  }

  /** Every issue matching `jql`, page by page (`nextPageToken`), with an explicit field list. */
  async *searchPages(jql: string, fields: string[], opts: { properties?: string[]; pageSize?: number; reconcileIssues?: number[] } = {}): AsyncGenerator<JiraIssue[]> {
    let token: string | undefined;
    do {
      const page = await this.searchPage(jql, fields, { nextPageToken: token, maxResults: opts.pageSize ?? 100, properties: opts.properties, reconcileIssues: opts.reconcileIssues });
      yield page.issues ?? [];
      token = page.isLast === false || (page.isLast === undefined && page.nextPageToken) ? page.nextPageToken : undefined;
    } while (token);
  }

  /** `reconcileIssues`: ids of issues this call just wrote, so the re-read sees the write (search lags writes otherwise). */
  async searchAll(jql: string, fields: string[], opts: { properties?: string[]; limit?: number; reconcileIssues?: number[] } = {}): Promise<JiraIssue[]> {
    const all: JiraIssue[] = [];
    for await (const page of this.searchPages(jql, fields, opts)) {
      all.push(...page);
      if (opts.limit && all.length >= opts.limit) return all.slice(0, opts.limit);
    }
    return all;
  }

  async approximateCount(jql: string): Promise<number> {
    const r = await this.request<{ count: number }>({ method: 'POST', path: route`/rest/api/3/search/approximate-count`, body: { jql } });
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
          path: route`/rest/api/3/changelog/bulkfetch`,
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
        path: route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
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
   * Jira runs it as an asynchronous task and answers 303 See Other with the task in `Location`;
   * whether or not the transport follows the redirect, the task is polled
   * (`GET /rest/api/3/task/{id}`) until it reaches a final status.
   *
   * A FAILED, CANCELLED or DEAD task, or one still running after the polls, fails its whole chunk.
   * The per-issue outcome of a COMPLETE task has no documented shape (the spec's `result` is "any
   * JSON"; Jira ignores issues it cannot find), so a COMPLETE chunk counts as written: callers
   * re-compare stored values on their next run, which retries anything Jira skipped.
   */
  async bulkSetIssueProperties(items: { issueId: string; properties: Record<string, unknown> }[]): Promise<BulkPropertyResult> {
    const failedIssueIds: string[] = [];
    const failures: BulkPropertyResult['failures'] = [];
    let tasks = 0;
    for (let i = 0; i < items.length; i += 100) {
      const chunk = items.slice(i, i + 100);
      const posted = await this.requestRaw<JiraTask | undefined>({
        method: 'POST',
        path: route`/rest/api/3/issue/properties/multi`,
        body: { issues: chunk.map((c) => ({ issueID: Number(c.issueId), properties: c.properties })) },
      });
      tasks++;
      // A transport that followed the 303 hands back the task itself.
      let task = isTask(posted.body) ? posted.body : undefined;
      const taskId = task?.id ?? taskIdFromLocation(posted.location);
      if (!taskId) throw new JiraError('bad-response', posted.status, 'Jira accepted the property update but did not say where to follow its progress (no task and no Location header).');
      for (let checks = 0, waits = 0; (!task || !TASK_FINAL.has(task.status)) && checks < MAX_TASK_POLLS; checks++) {
        if (task) await this.sleep(Math.min(2000, 100 * 2 ** waits++));
        task = await this.request<JiraTask>({ method: 'GET', path: route`/rest/api/3/task/${taskId}` });
      }
      if (task?.status === 'COMPLETE') continue;
      const ids = chunk.map((c) => c.issueId);
      failedIssueIds.push(...ids);
      failures.push({ issueIds: ids, message: taskFailure(task) });
    }
    return { failedIssueIds, failures, tasks };
  }

  async setProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    return this.request({
      method: 'PUT',
      path: route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
      body: value,
    });
  }

  createIssueLink(typeName: string, inwardKey: string, outwardKey: string): Promise<void> {
    return this.request({ method: 'POST', path: route`/rest/api/3/issueLink`, body: { type: { name: typeName }, inwardIssue: { key: inwardKey }, outwardIssue: { key: outwardKey } } });
  }

  /** Which of `permissions` the caller holds, in a project or on an issue. */
  async myPermissions(permissions: PermissionKey[], scope: { projectKey?: string; issueKey?: string } = {}): Promise<Record<PermissionKey, boolean>> {
    const q = new URLSearchParams({ permissions: permissions.join(',') });
    if (scope.projectKey) q.set('projectKey', scope.projectKey);
    if (scope.issueKey) q.set('issueKey', scope.issueKey);
    const r = await this.request<{ permissions: Record<string, { havePermission: boolean }> }>({ method: 'GET', path: route`/rest/api/3/mypermissions?${q}` });
    const out = {} as Record<PermissionKey, boolean>;
    for (const p of permissions) out[p] = r.permissions?.[p]?.havePermission === true;
    return out;
  }

  // --- Jira Software (Agile) REST 1.0 -------------------------------------------------------------

  async boards(projectKey: string): Promise<JiraBoard[]> {
    return this.agilePaged<JiraBoard>((startAt) => route`/rest/agile/1.0/board?projectKeyOrId=${projectKey}&startAt=${startAt}&maxResults=50`);
  }

  /** One sprint (`/rest/agile/1.0/sprint/{id}`): name, state, dates, goal and its origin board. */
  async sprint(sprintId: number): Promise<JiraSprint> {
    return this.request({ method: 'GET', path: route`/rest/agile/1.0/sprint/${sprintId}` });
  }

  async sprints(boardId: number, states: ('closed' | 'active' | 'future')[] = ['closed', 'active', 'future']): Promise<JiraSprint[]> {
    return this.agilePaged<JiraSprint>((startAt) => route`/rest/agile/1.0/board/${boardId}/sprint?state=${states.join(',')}&startAt=${startAt}&maxResults=50`);
  }

  /** Every page of an Agile list (`startAt` paging, 50 per page); `page` builds each page's route. */
  private async agilePaged<T>(page: (startAt: number) => JiraRequest['path']): Promise<T[]> {
    const out: T[] = [];
    for (let startAt = 0; ; ) {
      const pageData = await this.request<{ values: T[]; isLast?: boolean; maxResults: number; total?: number }>({ method: 'GET', path: page(startAt) });
      out.push(...(pageData.values ?? []));
      startAt += pageData.values?.length ?? 0;
      if (pageData.isLast !== false || !pageData.values?.length) return out;
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
      path: route`/rest/agile/1.0/issue/rank`,
      body,
    });
    if (!r?.entries) return { moved: [...keys], failed: [] };
    const failed = r.entries.filter((e) => e.status >= 300).map((e) => ({ key: e.issueKey ?? String(e.issueId), status: e.status, errors: e.errors ?? [] }));
    const failedKeys = new Set(failed.map((f) => f.key));
    return { moved: keys.filter((k) => !failedKeys.has(k)), failed };
  }
}

export interface BulkPropertyResult {
  /** Issues whose update is known not to have happened. */
  failedIssueIds: string[];
  /** Why, per chunk of up to 100 issues. */
  failures: { issueIds: string[]; message: string }[];
  tasks: number;
}

/** Jira's TaskProgressBeanObject (`GET /rest/api/3/task/{taskId}`); timestamps are epoch milliseconds. */
interface JiraTask {
  id: string;
  self?: string;
  status: 'ENQUEUED' | 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CANCEL_REQUESTED' | 'CANCELLED' | 'DEAD';
  message?: string;
  progress?: number;
  submitted?: number;
  started?: number;
  finished?: number;
  lastUpdate?: number;
  result?: unknown;
}

const TASK_FINAL = new Set<string>(['COMPLETE', 'FAILED', 'CANCELLED', 'DEAD']);
const MAX_TASK_POLLS = 20;

function isTask(x: unknown): x is JiraTask {
  return !!x && typeof x === 'object' && typeof (x as JiraTask).id === 'string' && typeof (x as JiraTask).status === 'string';
}

/** The task id from the 303's `Location` (`…/rest/api/3/task/10000`), or null when it is not one. */
export function taskIdFromLocation(location: string | null): string | null {
  if (!location) return null;
  let p: string;
  try {
    p = new URL(location, 'http://relative.invalid').pathname;
  } catch {
    return null;
  }
  return /^\/rest\/api\/[23]\/task\/([A-Za-z0-9_-]+)$/.exec(p)?.[1] ?? null;
}

function taskFailure(task: JiraTask | undefined): string {
  if (!task) return 'Jira did not report the property update task.';
  const detail = task.message ? ` Jira said: ${task.message}` : '';
  if (task.status === 'FAILED' || task.status === 'DEAD') return `Jira's property update task failed, so these issues were not updated.${detail}`;
  if (task.status === 'CANCELLED' || task.status === 'CANCEL_REQUESTED') return `Jira's property update task was cancelled, so these issues may not have been updated.${detail}`;
  return `Jira's property update task was still ${task.status === 'RUNNING' ? 'running' : 'queued'} after ${MAX_TASK_POLLS} checks; Refinery stopped waiting and will compare these issues again on its next run.`;
}

/** `Retry-After` in seconds (or an HTTP date), as milliseconds. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
