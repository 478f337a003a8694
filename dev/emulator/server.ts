/**
 * A Jira Cloud REST emulator over real HTTP, with Jira's JSON shapes: the platform REST v3
 * endpoints and the Agile 1.0 endpoints the app uses, a JQL subset, per-user permissions and
 * switchable faults. Never deployed; used by `npm start`, the integration tests, the browser test,
 * the CLI's `--emulator` mode and the benchmark.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { DataSet, DemoUser, JiraChangelogItem, JiraIssue, JiraIssueLinkType, JiraPermissionKey, JiraSprint } from './dataset';
import { JqlError } from './jql';
import { indexFields, runJql, type PropertyAlias, type SearchContext } from './search';
import { mulberry32 } from '../random';
import { enforceScopes, type ScopeOptions } from './scopes';
import { EventBus, type EventFaults } from './events';

export interface Faults {
  /** Added to every matching request, in ms. */
  latencyMs?: number;
  /** Share (0..1) of matching requests answered 429 with `Retry-After`. */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share (0..1) of matching requests answered with `status5xx` (default 503). */
  rate5xx?: number;
  status5xx?: 500 | 502 | 503 | 504;
  /** Cut JSON bodies in half (a broken proxy); status stays 200. */
  truncateBody?: boolean;
  /** Return unparseable HTML instead of JSON with status 200 (a login or proxy page). */
  htmlBody?: boolean;
  /** Replace every ADF description / textarea value with malformed ADF. */
  malformedAdf?: boolean;
  /** Only requests whose path matches this regular expression get the faults (default: all /rest/). */
  pathPattern?: string;
  /** Seed for the fault dice, so a run is reproducible. */
  seed?: number;
  /** At most this many requests get a 429/5xx fault, later ones pass: a transient outage (unset: no limit). */
  maxFaults?: number;
  /** Issue keys the rank endpoint refuses (403 entries in a 207), as a workflow or issue-security rule might. */
  rankRefusedKeys?: string[];
  /**
   * Read-after-write lag of the search index, in ms of the emulator's clock: for this long after a
   * write, `/search/jql` (and approximate-count) still sees the issue as it was before, unless the
   * search body's `reconcileIssues` names its id, as Jira's eventually consistent search does. With
   * a fixed clock the lag never ends on its own: `POST /__emulator/search-index` catches up.
   */
  searchLagMs?: number;
  /** Bulk-property tasks answer RUNNING for this many polls of `GET /task/{id}` before they finish. */
  taskPolls?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  status: number;
  actor: string;
  at: string;
  /** Set when a fault answered instead of the endpoint. */
  fault?: '429' | '5xx';
}

export interface EmulatorOptions extends ScopeOptions {
  now?: () => Date;
  /** Entity-property search aliases, as an installed app's manifest declares them. */
  propertyAliases?: PropertyAlias[];
  /** Forge product events raised by writes (issue 18); one is made when not given. */
  events?: EventBus;
}

export interface Emulator {
  router: Router;
  requests: LoggedRequest[];
  faults: { set(f: Faults): void; clear(): void; get(): Faults };
  data: DataSet;
  /** Back to the data set as loaded, with no faults and an empty request log. */
  reset(): void;
  /** The search index catches up with every write (ends the `searchLagMs` lag at once). */
  catchUpSearchIndex(): void;
  /** The Forge product events every write raises (dev/emulator/events.ts). */
  events: EventBus;
}

type Actor = { kind: 'app'; accountId: string } | { kind: 'user'; user: DemoUser };

const APP_ACCOUNT = { accountId: '557058:refinery-app', accountType: 'app' as const, displayName: 'Refinery', active: true };

const PERMISSION_NAMES: Record<string, string> = {
  BROWSE_PROJECTS: 'Browse Projects',
  EDIT_ISSUES: 'Edit Issues',
  SCHEDULE_ISSUES: 'Schedule Issues',
  CREATE_ISSUES: 'Create Issues',
  LINK_ISSUES: 'Link Issues',
  TRANSITION_ISSUES: 'Transition Issues',
  ADMINISTER: 'Administer Jira',
  ADMINISTER_PROJECTS: 'Administer Projects',
};

const DEFAULT_LINK_TYPES: JiraIssueLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

const NOT_FOUND_ISSUE = 'Issue does not exist or you do not have permission to see it.';
const FIELD_NOT_SETTABLE = new Set(['status', 'created', 'updated', 'resolutiondate', 'project', 'issuelinks', 'key', 'id']);


const clone = <T>(x: T): T => structuredClone(x);

function jiraError(res: Response, status: number, messages: string[], errors: Record<string, string> = {}) {
  res.status(status).json({ errorMessages: messages, errors });
}

function encodeToken(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
function decodeToken<T>(t: unknown): T | null {
  if (typeof t !== 'string' || !t) return null;
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

const MALFORMED_ADF = {
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text' }, { type: 'text', text: 42 }] }, { type: 'mysteryNode', attrs: null }, 'stray string', null, { type: 'bulletList', content: 'not-an-array' }],
};

export function createEmulator(initial: DataSet, opts: EmulatorOptions = {}): Emulator {
  const now = opts.now ?? (() => new Date());
  const pristine = clone(initial);
  const data: DataSet = initial;
  const requests: LoggedRequest[] = [];
  let faults: Faults = {};
  let dice = mulberry32(1);
  /** Requests answered 429/5xx since the faults were set (for `maxFaults`). */
  let faulted = 0;
  /** Bumped on every write, so cached search results never outlive the data they came from. */
  let version = 0;
  const searchCache = new Map<string, JiraIssue[]>();
  /** Issues written within the search lag: when, and how the search index still sees them (null: not yet indexed). */
  const unindexed = new Map<string, { at: number; indexed: JiraIssue | null }>();
  /** Call before changing an issue (null for a new one), so a lagging search keeps its earlier state. */
  const touch = (issue: JiraIssue, isNew = false) => {
    if (!faults.searchLagMs) return;
    const t = now().getTime();
    const prev = unindexed.get(issue.id);
    const stillLagging = prev && t - prev.at < faults.searchLagMs;
    unindexed.set(issue.id, { at: t, indexed: stillLagging ? prev.indexed : isNew ? null : clone(issue) });
  };
  /** The issues as the search index sees them now; `reconcile` ids are read fresh, as Jira does. */
  const indexedIssues = (reconcile: ReadonlySet<string>): { issues: JiraIssue[]; lagging: boolean } => {
    const lag = faults.searchLagMs ?? 0;
    const t = now().getTime();
    let lagging = false;
    const out: JiraIssue[] = [];
    for (const i of data.issues) {
      const w = unindexed.get(i.id);
      if (!w || !lag || t - w.at >= lag || reconcile.has(i.id)) {
        out.push(i);
        continue;
      }
      lagging = true;
      if (w.indexed) out.push(w.indexed);
    }
    return { issues: out, lagging };
  };

  let fieldsByClause = indexFields(data.fields);
  let sprintsById = new Map<number, JiraSprint>(data.sprints.map((s) => [s.id, s]));
  let byKey = new Map<string, JiraIssue>();
  let byId = new Map<string, JiraIssue>();
  const reindex = () => {
    fieldsByClause = indexFields(data.fields);
    sprintsById = new Map(data.sprints.map((s) => [s.id, s]));
    byKey = new Map(data.issues.map((i) => [i.key.toUpperCase(), i]));
    byId = new Map(data.issues.map((i) => [i.id, i]));
  };
  reindex();

  const fieldIdOf = (custom: string) => data.fields.find((f) => f.schema?.custom === custom)?.id ?? null;
  const rankField = () => fieldIdOf('com.pyxis.greenhopper.jira:gh-lexo-rank');
  const sprintField = () => fieldIdOf('com.pyxis.greenhopper.jira:gh-sprint');

  // --- Forge product events (issue 18; dev/emulator/events.ts) -----------------------------------
  const bus = opts.events ?? new EventBus();
  const atlassianIdOf = (a: Actor) => (a.kind === 'app' ? APP_ACCOUNT.accountId : a.user.accountId);
  /** The issue as Forge's issue events carry it: id, key and the main system fields (no custom fields). */
  const eventIssue = (i: JiraIssue) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary, issuetype: clone(i.fields.issuetype), project: clone(i.fields.project), status: clone(i.fields.status), created: i.fields.created, updated: i.fields.updated, assignee: clone(i.fields.assignee ?? null), labels: clone(i.fields.labels ?? []) } });
  const emitIssue = (eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue', i: JiraIssue, a: Actor, withChangelog = false) => {
    const last = withChangelog ? i.changelog?.histories.at(-1) : undefined;
    bus.emit({ eventType, issue: eventIssue(i), atlassianId: atlassianIdOf(a), ...(last ? { changelog: { id: last.id, items: clone(last.items) } } : {}) }, now());
  };
  const emitSprint = (eventType: string, sp: JiraSprint, a: Actor) => bus.emit({ eventType, sprint: clone(sp), atlassianId: atlassianIdOf(a) }, now());
  /** A changelog entry with ids in from/to, as Jira writes status and Sprint changes. */
  const pushHistory = (issue: JiraIssue, a: Actor, items: JiraChangelogItem[]) => {
    const at = now().toISOString();
    issue.fields.updated = at;
    issue.changelog ??= { startAt: 0, maxResults: 0, total: 0, histories: [] };
    const n = data.issues.reduce((m, i) => Math.max(m, ...(i.changelog?.histories ?? []).map((h) => Number(h.id) || 0)), 0);
    issue.changelog.histories.push({ id: String(n + 1), author: a.kind === 'app' ? APP_ACCOUNT : { accountId: a.user.accountId, accountType: 'atlassian', displayName: a.user.displayName, active: true }, created: at, items });
    issue.changelog.total = issue.changelog.maxResults = issue.changelog.histories.length;
  };

  // --- who is asking ----------------------------------------------------------------------------
  const actorOf = (req: Request): Actor | null => {
    if (req.header('X-Refinery-As-App') === '1') return { kind: 'app', accountId: APP_ACCOUNT.accountId };
    const asUser = req.header('X-Refinery-As-User');
    if (asUser) {
      const u = data.users.find((x) => x.accountId === asUser && x.active !== false);
      return u ? { kind: 'user', user: u } : null;
    }
    const auth = req.header('Authorization');
    const basic = auth && /^Basic\s+(.+)$/i.exec(auth);
    if (basic) {
      const [email, token] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      const u = data.users.find((x) => x.emailAddress?.toLowerCase() === email?.toLowerCase());
      if (u && token === (u.apiToken ?? 'demo')) return { kind: 'user', user: u };
    }
    return null;
  };
  const actorName = (a: Actor | null) => (a ? (a.kind === 'app' ? 'app' : a.user.accountId) : 'anonymous');

  const has = (a: Actor, perm: string, projectKey?: string): boolean => {
    if (a.kind === 'app') return true;
    const global = a.user.globalPermissions as string[];
    if (global.includes(perm)) return true;
    if (perm === 'ADMINISTER') return false;
    if (!projectKey) return Object.values(a.user.projectPermissions).some((p) => (p as string[]).includes(perm));
    const p = (a.user.projectPermissions[projectKey] ?? []) as string[];
    if (perm === 'LINK_ISSUES' || perm === 'TRANSITION_ISSUES') return p.includes('CREATE_ISSUES') || p.includes('EDIT_ISSUES');
    return p.includes(perm);
  };
  const canSee = (a: Actor, issue: JiraIssue) => has(a, 'BROWSE_PROJECTS', issue.fields.project.key) && !(a.kind === 'user' && a.user.hiddenIssueKeys?.includes(issue.key));
  const findIssue = (a: Actor, keyOrId: string): JiraIssue | null => {
    const i = byKey.get(keyOrId.toUpperCase()) ?? byId.get(keyOrId) ?? null;
    return i && canSee(a, i) ? i : null;
  };
  const searchCtx = (a: Actor): SearchContext => ({
    data,
    fieldsByClause,
    sprintsById,
    aliases: opts.propertyAliases ?? [],
    now,
    currentAccountId: a.kind === 'user' ? a.user.accountId : null,
    issueVisible: (keyOrId) => findIssue(a, keyOrId) !== null,
  });

  // --- response shaping ---------------------------------------------------------------------------
  const base = (req: Request) => `${req.protocol}://${req.get('host')}`;
  const shapeIssue = (req: Request, a: Actor, issue: JiraIssue, o: { fields?: string[] | null; properties?: string[]; changelog?: boolean }) => {
    const all = !o.fields || o.fields.includes('*all') || o.fields.includes('*navigable');
    const wanted = all ? Object.keys(issue.fields) : o.fields!.filter((f) => f !== 'id' && f !== 'key');
    const fields: Record<string, unknown> = {};
    for (const f of wanted) {
      if (f.startsWith('-')) continue;
      let v = (issue.fields as Record<string, unknown>)[f];
      if (v === undefined) v = null;
      if (f === 'issuelinks' && Array.isArray(v)) v = (v as JiraIssue['fields']['issuelinks'])!.filter((l) => { const other = l.inwardIssue ?? l.outwardIssue; const o2 = other && byKey.get(other.key.toUpperCase()); return !o2 || canSee(a, o2); });
      if (faults.malformedAdf && faultApplies(req.path) && v && typeof v === 'object' && (v as { type?: string }).type === 'doc') v = clone(MALFORMED_ADF);
      fields[f] = clone(v);
    }
    if (!all) for (const f of wanted) if (!(f in fields)) fields[f] = null;
    const out: Record<string, unknown> = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${base(req)}/rest/api/3/issue/${issue.id}`, key: issue.key };
    if (o.fields === undefined || o.fields === null || o.fields.length) out.fields = fields;
    if (o.properties?.length) {
      const props: Record<string, unknown> = {};
      for (const p of o.properties) if (issue.properties && p in issue.properties) props[p] = clone(issue.properties[p]);
      out.properties = props;
    }
    if (o.changelog) {
      const histories = issue.changelog?.histories ?? [];
      out.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories: clone(histories) };
    }
    return out;
  };

  // --- faults -----------------------------------------------------------------------------------
  const faultApplies = (p: string) => {
    if (!p.startsWith('/rest/')) return false;
    if (!faults.pathPattern) return true;
    try {
      return new RegExp(faults.pathPattern).test(p);
    } catch {
      return false;
    }
  };

  const router = express.Router();
  router.use('/rest', express.json({ limit: '10mb' }));
  router.use('/__emulator', express.json());

  // Request log and faults, ahead of every endpoint.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/rest/')) return next();
    const a = actorOf(req);
    const entry: LoggedRequest = { method: req.method, path: req.path, query: { ...req.query }, body: req.body, status: 0, actor: actorName(a), at: now().toISOString() };
    const isWrite = req.method === 'PUT' || req.method === 'DELETE' || (req.method === 'POST' && /\/issue$|\/issueLink$|\/transitions$|^\/rest\/agile\/1\.0\/sprint\/\d+$/.test(req.path));
    if (isWrite) version++;
    res.on('finish', () => {
      if (isWrite) version++;
      entry.status = res.statusCode;
      requests.push(entry);
    });
    if (faultApplies(req.path)) {
      const go = () => {
        const mayFault = faults.maxFaults === undefined || faulted < faults.maxFaults;
        if (mayFault && faults.rate429 && dice() < faults.rate429) {
          faulted++;
          entry.fault = '429';
          res.setHeader('Retry-After', String(faults.retryAfterSeconds ?? 1));
          return void jiraError(res, 429, ['Rate limit exceeded.']);
        }
        if (mayFault && faults.rate5xx && dice() < faults.rate5xx) {
          faulted++;
          entry.fault = '5xx';
          const status = faults.status5xx ?? 503;
          return void res.status(status).type('html').send(`<html><body><h1>${status}</h1>Service temporarily unavailable</body></html>`);
        }
        if (faults.htmlBody) return void res.status(200).type('html').send('<html><head><title>Log in with Atlassian account</title></head><body>Log in</body></html>');
        if (faults.truncateBody) {
          const json = res.json.bind(res);
          res.json = (body: unknown) => {
            const s = JSON.stringify(body);
            res.type('application/json');
            res.send(s.slice(0, Math.max(1, Math.floor(s.length / 2))));
            void json;
            return res;
          };
        }
        next();
      };
      if (faults.latencyMs) setTimeout(go, faults.latencyMs);
      else go();
      return;
    }
    next();
  });

  router.use(enforceScopes(opts)); // dev/emulator/scopes.ts: the manifest's scopes against the specs' per-operation scopes

  // Authentication: every REST call needs a principal.
  router.use('/rest', (req: Request, res: Response, next: NextFunction) => {
    const a = actorOf(req);
    if (!a) return void jiraError(res, 401, ['You are not authenticated. Authentication required to perform this operation.']);
    res.locals.actor = a;
    next();
  });
  const actor = (res: Response) => res.locals.actor as Actor;

  // --- platform REST v3 ---------------------------------------------------------------------------
  router.get('/rest/api/3/myself', (req, res) => {
    const a = actor(res);
    if (a.kind === 'app') return void res.json({ ...APP_ACCOUNT, self: `${base(req)}/rest/api/3/user?accountId=${APP_ACCOUNT.accountId}` });
    const { globalPermissions: _g, projectPermissions: _p, hiddenIssueKeys: _h, apiToken: _t, ...user } = a.user;
    res.json({ self: `${base(req)}/rest/api/3/user?accountId=${user.accountId}`, ...user, timeZone: user.timeZone ?? 'Europe/Berlin', locale: 'en_US', groups: { size: 0, items: [] }, applicationRoles: { size: 1, items: [] } });
  });

  router.get('/rest/api/3/field', (_req, res) => res.json(data.fields));
  router.get('/rest/api/3/issuetype', (_req, res) => res.json(data.issuetypes));
  router.get('/rest/api/3/issueLinkType', (_req, res) => res.json({ issueLinkTypes: data.linktypes ?? DEFAULT_LINK_TYPES }));

  router.get('/rest/api/3/project/:key', (req, res) => {
    const p = data.projects.find((x) => x.key === req.params.key || x.id === req.params.key);
    if (!p || !has(actor(res), 'BROWSE_PROJECTS', p.key)) return void jiraError(res, 404, [`No project could be found with key '${req.params.key}'.`]);
    res.json({ ...p, self: `${base(req)}/rest/api/3/project/${p.id}`, issueTypes: p.issueTypes ?? data.issuetypes });
  });

  const parseList = (v: unknown): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
    return String(v).split(',').map((s) => s.trim()).filter(Boolean);
  };

  const search = (req: Request, res: Response, params: Record<string, unknown>) => {
    const a = actor(res);
    const jql = typeof params.jql === 'string' ? params.jql : '';
    if (!jql.trim()) return void jiraError(res, 400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    const fields = parseList(params.fields) ?? ['id'];
    const properties = parseList(params.properties) ?? [];
    const idsOnly = fields.every((f) => f === 'id' || f === 'key');
    const cap = idsOnly ? 5000 : 100;
    const requested = params.maxResults === undefined ? 50 : Number(params.maxResults);
    if (!Number.isInteger(requested) || requested < 0) return void jiraError(res, 400, ["The value of 'maxResults' must be a non-negative integer."]);
    const max = Math.min(requested, cap);
    const token = params.nextPageToken === undefined ? { o: 0, q: jql } : decodeToken<{ o: number; q: string }>(params.nextPageToken);
    if (!token || token.q !== jql) return void jiraError(res, 400, ['The nextPageToken is invalid or does not belong to this query.']);
    const reconcileRaw = params.reconcileIssues;
    if (reconcileRaw !== undefined && (!Array.isArray(reconcileRaw) || reconcileRaw.some((x) => !Number.isInteger(x)))) return void jiraError(res, 400, ['reconcileIssues must be an array of issue ids (numbers).']);
    if (Array.isArray(reconcileRaw) && reconcileRaw.length > 50) return void jiraError(res, 400, ['reconcileIssues accepts at most 50 issue ids.']);
    const reconcile = new Set(((reconcileRaw as number[] | undefined) ?? []).map(String));
    let matched: JiraIssue[];
    try {
      const index = indexedIssues(reconcile);
      // Paging re-asks the same query; cache its result per principal until data changes.
      // The principal's permissions are part of the key: Jira applies a permission change at once.
      const grants = a.kind === 'user' ? JSON.stringify([a.user.globalPermissions, a.user.projectPermissions, a.user.hiddenIssueKeys ?? []]) : '';
      const cacheKey = `${actorName(a)}|${grants}|${version}|${jql}`;
      const cached = index.lagging ? undefined : searchCache.get(cacheKey);
      matched = cached ?? runJql(searchCtx(a), jql, index.issues.filter((i) => canSee(a, i)));
      if (!cached && !index.lagging) {
        if (searchCache.size > 50) searchCache.clear();
        searchCache.set(cacheKey, matched);
      }
    } catch (e) {
      if (e instanceof JqlError) return void jiraError(res, 400, e.messages);
      throw e;
    }
    const page = matched.slice(token.o, token.o + max);
    const isLast = token.o + page.length >= matched.length;
    const wantFields = fields.filter((f) => f !== 'id');
    res.json({
      issues: page.map((i) => shapeIssue(req, a, i, { fields: wantFields, properties, changelog: parseList(params.expand)?.includes('changelog') })),
      ...(isLast ? {} : { nextPageToken: encodeToken({ o: token.o + page.length, q: jql }) }),
      isLast,
    });
  };
  router.get('/rest/api/3/search/jql', (req, res) => search(req, res, req.query));
  router.post('/rest/api/3/search/jql', (req, res) => search(req, res, req.body ?? {}));
  // The old endpoint is gone from Jira Cloud; the emulator answers as Jira does.
  router.all('/rest/api/3/search', (_req, res) => jiraError(res, 410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.']));

  router.post('/rest/api/3/search/approximate-count', (req, res) => {
    const a = actor(res);
    const jql = (req.body ?? {}).jql;
    if (typeof jql !== 'string' || !jql.trim()) return void jiraError(res, 400, ['The JQL query is required.']);
    try {
      res.json({ count: runJql(searchCtx(a), jql, indexedIssues(new Set()).issues.filter((i) => canSee(a, i))).length });
    } catch (e) {
      if (e instanceof JqlError) return void jiraError(res, 400, e.messages);
      throw e;
    }
  });

  router.post('/rest/api/3/changelog/bulkfetch', (req, res) => {
    const a = actor(res);
    const body = (req.body ?? {}) as { issueIdsOrKeys?: unknown; fieldIds?: unknown; maxResults?: unknown; nextPageToken?: unknown };
    if (!Array.isArray(body.issueIdsOrKeys) || !body.issueIdsOrKeys.length) return void jiraError(res, 400, ['issueIdsOrKeys must contain at least one issue.']);
    if (body.issueIdsOrKeys.length > 1000) return void jiraError(res, 400, ['issueIdsOrKeys must contain at most 1000 issues.']);
    const fieldIds = Array.isArray(body.fieldIds) ? body.fieldIds.map(String) : [];
    if (fieldIds.length > 10) return void jiraError(res, 400, ['fieldIds must contain at most 10 fields.']);
    const max = Math.min(Math.max(1, Number(body.maxResults ?? 1000)), 10000);
    const start = body.nextPageToken === undefined ? 0 : (decodeToken<{ o: number }>(body.nextPageToken)?.o ?? -1);
    if (start < 0) return void jiraError(res, 400, ['The nextPageToken is invalid.']);
    const flat: { issueId: string; h: NonNullable<JiraIssue['changelog']>['histories'][number] }[] = [];
    for (const ref of body.issueIdsOrKeys) {
      const issue = findIssue(a, String(ref));
      if (!issue) continue; // Jira leaves out issues that are gone or hidden.
      for (const h of issue.changelog?.histories ?? []) {
        const items = fieldIds.length ? h.items.filter((it) => fieldIds.includes(it.fieldId ?? it.field)) : h.items;
        if (items.length) flat.push({ issueId: issue.id, h: { ...h, items } });
      }
    }
    const slice = flat.slice(start, start + max);
    const grouped = new Map<string, unknown[]>();
    for (const x of slice) grouped.set(x.issueId, [...(grouped.get(x.issueId) ?? []), clone(x.h)]);
    res.json({
      issueChangeLogs: [...grouped].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(start + slice.length < flat.length ? { nextPageToken: encodeToken({ o: start + slice.length }) } : {}),
    });
  });

  /** Fields on the issue's edit screen that the caller may set (none without Edit Issues), as `editmeta` lists them. */
  const editableFields = (a: Actor, issue: JiraIssue) => {
    if (!has(a, 'EDIT_ISSUES', issue.fields.project.key)) return [];
    const project = data.projects.find((p) => p.key === issue.fields.project.key);
    const offScreen = new Set(project?.fieldsNotOnEditScreen?.[issue.fields.issuetype.name] ?? []);
    return data.fields.filter((f) => f.orderable && !FIELD_NOT_SETTABLE.has(f.id) && !offScreen.has(f.id));
  };

  router.get('/rest/api/3/issue/:key', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    const expand = parseList(req.query.expand) ?? [];
    const shaped = shapeIssue(req, a, issue, { fields: parseList(req.query.fields) ?? null, properties: parseList(req.query.properties), changelog: expand.includes('changelog') });
    if (expand.includes('editmeta')) {
      // As Jira: the editable fields with their schema, none without the Edit Issues permission.
      const editable = editableFields(a, issue);
      shaped.editmeta = { fields: Object.fromEntries(editable.map((f) => [f.id, { required: f.id === 'summary', schema: f.schema, name: f.name, key: f.key, operations: ['set'] }])) };
    }
    res.json(shaped);
  });


  const applyFields = (issue: JiraIssue, fields: Record<string, unknown>, author: Actor, errors: Record<string, string>): { field: string; fieldId: string; fromString: string | null; toString: string | null }[] => {
    const changes: { field: string; fieldId: string; fromString: string | null; toString: string | null }[] = [];
    const onScreen = new Set(editableFields(author, issue).map((f) => f.id));
    for (const [id, value] of Object.entries(fields)) {
      const def = data.fields.find((f) => f.id === id);
      if (!def || !onScreen.has(id)) {
        errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
        continue;
      }
      if (def.schema?.type === 'number' && value !== null && typeof value !== 'number') {
        errors[id] = `Operation value must be a number`;
        continue;
      }
      if (id === 'summary' && (typeof value !== 'string' || !value.trim())) {
        errors[id] = 'You must specify a summary of the issue.';
        continue;
      }
      const before = (issue.fields as Record<string, unknown>)[id];
      (issue.fields as Record<string, unknown>)[id] = clone(value);
      changes.push({ field: def.name, fieldId: id, fromString: before === undefined || before === null ? null : typeof before === 'object' ? JSON.stringify(before).slice(0, 255) : String(before), toString: value === null ? null : typeof value === 'object' ? JSON.stringify(value).slice(0, 255) : String(value) });
    }
    return changes;
  };

  const recordHistory = (issue: JiraIssue, a: Actor, changes: { field: string; fieldId: string; fromString: string | null; toString: string | null }[]) => {
    if (!changes.length) return;
    const at = now().toISOString();
    issue.fields.updated = at;
    issue.changelog ??= { startAt: 0, maxResults: 0, total: 0, histories: [] };
    const n = data.issues.reduce((m, i) => Math.max(m, ...(i.changelog?.histories ?? []).map((h) => Number(h.id) || 0)), 0);
    issue.changelog.histories.push({
      id: String(n + 1),
      author: a.kind === 'app' ? APP_ACCOUNT : { accountId: a.user.accountId, accountType: 'atlassian', displayName: a.user.displayName, active: true },
      created: at,
      items: changes.map((c) => ({ field: c.field, fieldtype: c.fieldId.startsWith('customfield_') ? 'custom' : 'jira', fieldId: c.fieldId, from: null, fromString: c.fromString, to: null, toString: c.toString })),
    });
    issue.changelog.total = issue.changelog.maxResults = issue.changelog.histories.length;
  };

  router.put('/rest/api/3/issue/:key', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'EDIT_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to edit issues in this project.']);
    const body = (req.body ?? {}) as { fields?: Record<string, unknown>; update?: Record<string, { add?: unknown; remove?: unknown; set?: unknown }[]> };
    const errors: Record<string, string> = {};
    // Validate on a copy first so a rejected edit changes nothing, as in Jira.
    const trial = clone(issue);
    const changes = applyFields(trial, body.fields ?? {}, a, errors);
    for (const [id, ops] of Object.entries(body.update ?? {})) {
      if (id !== 'labels') {
        errors[id] = `Field '${id}' cannot be updated with operations here.`;
        continue;
      }
      const before = [...(trial.fields.labels ?? [])];
      let labels = [...before];
      for (const op of ops ?? []) {
        if (typeof op.add === 'string') labels = [...new Set([...labels, op.add])];
        if (typeof op.remove === 'string') labels = labels.filter((l) => l !== op.remove);
        if (Array.isArray(op.set)) labels = op.set.map(String);
      }
      if (labels.some((l) => /\s/.test(l))) errors.labels = 'The label must not contain spaces.';
      trial.fields.labels = labels;
      changes.push({ field: 'labels', fieldId: 'labels', fromString: before.join(' '), toString: labels.join(' ') });
    }
    if (Object.keys(errors).length) return void jiraError(res, 400, [], errors);
    touch(issue);
    Object.assign(issue, trial);
    recordHistory(issue, a, changes);
    if (changes.length) emitIssue('avi:jira:updated:issue', issue, a, true);
    res.status(204).end();
  });

  router.post('/rest/api/3/issue', (req, res) => {
    const a = actor(res);
    const fields = ((req.body ?? {}).fields ?? {}) as Record<string, unknown> & { project?: { key?: string; id?: string }; issuetype?: { id?: string; name?: string }; parent?: { key?: string; id?: string }; summary?: unknown };
    const errors: Record<string, string> = {};
    const project = data.projects.find((p) => p.key === fields.project?.key || p.id === fields.project?.id);
    if (!project || !has(a, 'BROWSE_PROJECTS', project.key)) errors.project = 'valid project is required';
    const type = data.issuetypes.find((t) => t.id === fields.issuetype?.id || (fields.issuetype?.name && t.name.toLowerCase() === fields.issuetype.name.toLowerCase()));
    if (!type) errors.issuetype = 'Specify an issue type';
    if (typeof fields.summary !== 'string' || !fields.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    for (const f of project?.requiredFields ?? []) {
      const v = fields[f];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) errors[f] = `${data.fields.find((x) => x.id === f)?.name ?? f} is required.`;
    }
    let parent: JiraIssue | null = null;
    if (fields.parent) {
      parent = findIssue(a, String(fields.parent.key ?? fields.parent.id ?? ''));
      if (!parent) errors.parent = `Could not find issue by id or key.`;
    }
    if (Object.keys(errors).length) return void jiraError(res, 400, [], errors);
    if (!has(a, 'CREATE_ISSUES', project!.key)) return void jiraError(res, 403, ['You do not have permission to create issues in this project.']);
    const maxNum = data.issues.filter((i) => i.fields.project.key === project!.key).reduce((m, i) => Math.max(m, Number(i.key.split('-')[1]) || 0), 0);
    const maxId = data.issues.reduce((m, i) => Math.max(m, Number(i.id) || 0), 10000);
    const todo = data.issues.map((i) => i.fields.status).find((s) => s.statusCategory.key === 'new') ?? { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new' as const, colorName: 'blue-gray', name: 'To Do' } };
    const at = now().toISOString();
    const rf = rankField();
    const lastRank = rf ? data.issues.map((i) => (i.fields as Record<string, unknown>)[rf]).filter((r): r is string => typeof r === 'string').sort().at(-1) : undefined;
    // Jira sets the Atlassian Team field by team id and returns the team object on reads.
    const teamField = fieldIdOf('com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team');
    if (teamField && typeof fields[teamField] === 'string') {
      const team = data.issues.map((i) => (i.fields as Record<string, unknown>)[teamField]).find((v) => !!v && typeof v === 'object' && (v as { id?: unknown }).id === fields[teamField]);
      if (team) fields[teamField] = clone(team);
    }
    const { project: _p, issuetype: _t, parent: _pa, ...rest } = fields;
    const issue: JiraIssue = {
      id: String(maxId + 1),
      key: `${project!.key}-${maxNum + 1}`,
      fields: {
        ...rest,
        summary: String(fields.summary).trim(),
        issuetype: clone(type!),
        project: { id: project!.id, key: project!.key, name: project!.name },
        status: clone(todo),
        created: at,
        updated: at,
        resolutiondate: null,
        resolution: null,
        labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
        issuelinks: [],
        ...(parent ? { parent: { id: parent.id, key: parent.key, fields: { summary: parent.fields.summary, status: parent.fields.status, issuetype: parent.fields.issuetype } } } : {}),
        ...(rf ? { [rf]: `${lastRank ?? '0|i00000:'}z` } : {}),
      },
      changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
      properties: {},
    };
    touch(issue, true);
    data.issues.push(issue);
    reindex();
    emitIssue('avi:jira:created:issue', issue, a);
    res.status(201).json({ id: issue.id, key: issue.key, self: `${base(req)}/rest/api/3/issue/${issue.id}` });
  });

  router.get('/rest/api/3/issue/:key/changelog', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    const all = issue.changelog?.histories ?? [];
    const startAt = Math.max(0, Number(req.query.startAt ?? 0) || 0);
    const max = Math.min(100, Math.max(1, Number(req.query.maxResults ?? 100) || 100));
    const values = all.slice(startAt, startAt + max);
    res.json({ self: `${base(req)}${req.originalUrl}`, maxResults: max, startAt, total: all.length, isLast: startAt + values.length >= all.length, values: clone(values) });
  });

  router.get('/rest/api/3/issue/:key/properties', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    res.json({ keys: Object.keys(issue.properties ?? {}).map((k) => ({ self: `${base(req)}/rest/api/3/issue/${issue.id}/properties/${k}`, key: k })) });
  });
  router.get('/rest/api/3/issue/:key/properties/:prop', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    const prop = req.params.prop as string;
    if (!issue.properties || !(prop in issue.properties)) return void jiraError(res, 404, [`The property with key '${prop}' does not exist.`]);
    res.json({ key: prop, value: clone(issue.properties[prop]) });
  });
  router.put('/rest/api/3/issue/:key/properties/:prop', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'EDIT_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to edit issues in this project.']);
    const prop = req.params.prop as string;
    if (prop.length > 255) return void jiraError(res, 400, ['The property key cannot be longer than 255 characters.']);
    if (req.body === undefined || JSON.stringify(req.body).length > 32768) return void jiraError(res, 400, ['The property value must be valid JSON of at most 32768 bytes.']);
    touch(issue);
    issue.properties ??= {};
    const existed = prop in issue.properties;
    issue.properties[prop] = clone(req.body);
    res.status(existed ? 200 : 201).end();
  });
  router.delete('/rest/api/3/issue/:key/properties/:prop', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'EDIT_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to edit issues in this project.']);
    const prop = req.params.prop as string;
    if (!issue.properties || !(prop in issue.properties)) return void jiraError(res, 404, [`The property with key '${prop}' does not exist.`]);
    touch(issue);
    delete issue.properties[prop];
    res.status(204).end();
  });

  // Bulk set issue properties by issue: up to 100 issues, run as an asynchronous task, as in Jira
  // (303 See Other to the task; the emulator completes it at once). Non-transactional: issues the
  // caller may not edit (or that are gone) are listed in the task result and left unchanged.
  const tasks = new Map<string, { task: Record<string, unknown>; pollsLeft: number; done: Record<string, unknown>; creator: string }>();
  router.post('/rest/api/3/issue/properties/multi', (req, res) => {
    const a = actor(res);
    const items = (req.body ?? {}).issues;
    if (!Array.isArray(items) || !items.length) return void jiraError(res, 400, ['issues must list at least one issue.']);
    if (items.length > 100) return void jiraError(res, 400, ['At most 100 issues can be updated in one request.']);
    const failedIssueIds: string[] = [];
    for (const item of items as { issueID?: unknown; properties?: unknown }[]) {
      const issue = findIssue(a, String(item?.issueID ?? ''));
      const props = item?.properties;
      if (!issue || !props || typeof props !== 'object' || !has(a, 'EDIT_ISSUES', issue.fields.project.key) || Object.values(props).some((v) => JSON.stringify(v).length > 32768)) {
        failedIssueIds.push(String(item?.issueID ?? ''));
        continue;
      }
      touch(issue);
      issue.properties ??= {};
      for (const [k, v] of Object.entries(props as Record<string, unknown>)) issue.properties[k] = clone(v);
    }
    const id = String(10000 + tasks.size);
    // As Jira's TaskProgressBeanObject: timestamps in epoch milliseconds, submittedBy a number.
    const at = now().getTime();
    const done = {
      status: 'COMPLETE',
      progress: 100,
      finished: at,
      message: failedIssueIds.length ? `${failedIssueIds.length} of ${items.length} issues were not updated.` : `${items.length} issues were updated.`,
      result: JSON.stringify({ failedIssueIds }),
    };
    tasks.set(id, { task: { self: `${base(req)}/rest/api/3/task/${id}`, id, description: 'Bulk set issue properties', status: 'ENQUEUED', submittedBy: 10000, progress: 0, elapsedRuntime: 0, submitted: at, lastUpdate: at }, pollsLeft: faults.taskPolls ?? 0, done, creator: actorName(a) });
    if (!faults.taskPolls) Object.assign(tasks.get(id)!.task, done, { started: at, elapsedRuntime: 1 });
    // Jira answers 303 See Other with the task's URL in Location (no body to rely on).
    res.status(303).location(`${base(req)}/rest/api/3/task/${id}`).end();
  });
  router.get('/rest/api/3/task/:id', (req, res) => {
    const a = actor(res);
    const t = tasks.get(String(req.params.id));
    // Only the task's creator or a Jira admin may read it; others get the same 404 as a missing task.
    if (!t || (t.creator !== actorName(a) && !has(a, 'ADMINISTER'))) return void jiraError(res, 404, ['The task does not exist.']);
    if (t.task.status !== 'COMPLETE') {
      const at = now().getTime();
      if (t.pollsLeft > 0) {
        t.pollsLeft--;
        Object.assign(t.task, { status: 'RUNNING', started: t.task.started ?? at, progress: 50, lastUpdate: at });
      } else Object.assign(t.task, t.done, { started: t.task.started ?? at, lastUpdate: at, elapsedRuntime: Math.max(1, at - Number(t.task.submitted)) });
    }
    res.json(t.task);
  });

  router.post('/rest/api/3/issueLink', (req, res) => {
    const a = actor(res);
    const body = (req.body ?? {}) as { type?: { name?: string; id?: string }; inwardIssue?: { key?: string; id?: string }; outwardIssue?: { key?: string; id?: string } };
    const types = data.linktypes ?? DEFAULT_LINK_TYPES;
    const type = types.find((t) => t.name === body.type?.name || t.id === body.type?.id);
    if (!type) return void jiraError(res, 404, [`No issue link type with name '${body.type?.name ?? body.type?.id}' found.`]);
    const inward = findIssue(a, String(body.inwardIssue?.key ?? body.inwardIssue?.id ?? ''));
    const outward = findIssue(a, String(body.outwardIssue?.key ?? body.outwardIssue?.id ?? ''));
    if (!inward || !outward) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'LINK_ISSUES', inward.fields.project.key)) return void jiraError(res, 403, ['You do not have the permission to link issues.']);
    const id = String(data.issues.reduce((m, i) => Math.max(m, ...(i.fields.issuelinks ?? []).map((l) => Number(l.id) || 0)), 20000) + 1);
    const ref = (i: JiraIssue) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary, status: i.fields.status, issuetype: i.fields.issuetype } });
    touch(inward);
    touch(outward);
    // Jira's naming: the inward issue is the one that "is blocked by"; the outward one "blocks".
    (inward.fields.issuelinks ??= []).push({ id, type: clone(type), outwardIssue: ref(outward) });
    (outward.fields.issuelinks ??= []).push({ id, type: clone(type), inwardIssue: ref(inward) });
    // Forge's issue-link event: source is the outward ("blocks") side, destination the inward one.
    bus.emit({ eventType: 'avi:jira:created:issuelink', issueLink: { id, sourceIssueId: outward.id, destinationIssueId: inward.id, issueLinkType: { id: type.id, name: type.name, inwardName: type.inward, outwardName: type.outward } }, atlassianId: atlassianIdOf(a) }, now());
    res.status(201).end();
  });

  router.get('/rest/api/3/mypermissions', (req, res) => {
    const a = actor(res);
    const perms = parseList(req.query.permissions);
    if (!perms?.length) return void jiraError(res, 400, ['The permissions query parameter is required. Specify a comma-separated list of permission keys.']);
    let projectKey: string | undefined;
    if (typeof req.query.issueKey === 'string' || typeof req.query.issueId === 'string') {
      const issue = findIssue(a, String(req.query.issueKey ?? req.query.issueId));
      if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
      projectKey = issue.fields.project.key;
    } else if (typeof req.query.projectKey === 'string' || typeof req.query.projectId === 'string') {
      const p = data.projects.find((x) => x.key === req.query.projectKey || x.id === req.query.projectId);
      if (!p || !has(a, 'BROWSE_PROJECTS', p.key)) return void jiraError(res, 404, [`No project could be found with key '${req.query.projectKey ?? req.query.projectId}'.`]);
      projectKey = p.key;
    }
    const out: Record<string, unknown> = {};
    for (const p of perms) {
      if (!PERMISSION_NAMES[p]) return void jiraError(res, 400, [`Unrecognized permission: ${p}`]);
      out[p] = { id: String(Object.keys(PERMISSION_NAMES).indexOf(p) + 10), key: p, name: PERMISSION_NAMES[p], type: p === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT', description: `Ability to ${PERMISSION_NAMES[p].toLowerCase()}.`, havePermission: has(a, p as JiraPermissionKey, projectKey) };
    }
    res.json({ permissions: out });
  });

  // --- Jira Software (Agile) REST 1.0 -------------------------------------------------------------
  const paged = <T>(req: Request, res: Response, all: T[], cap = 50) => {
    const startAt = Math.max(0, Number(req.query.startAt ?? 0) || 0);
    const max = Math.min(cap, Math.max(1, Number(req.query.maxResults ?? cap) || cap));
    const values = all.slice(startAt, startAt + max);
    res.json({ maxResults: max, startAt, total: all.length, isLast: startAt + values.length >= all.length, values: clone(values) });
  };
  const visibleBoards = (a: Actor) => data.boards.filter((b) => has(a, 'BROWSE_PROJECTS', b.location.projectKey));

  router.get('/rest/agile/1.0/board', (req, res) => {
    const a = actor(res);
    const pk = req.query.projectKeyOrId;
    paged(req, res, visibleBoards(a).filter((b) => !pk || b.location.projectKey === pk || String(b.location.projectId) === pk));
  });
  const boardOr404 = (req: Request, res: Response) => {
    const b = visibleBoards(actor(res)).find((x) => String(x.id) === req.params.id);
    if (!b) jiraError(res, 404, ['Board does not exist or you do not have permission to see it.']);
    return b;
  };
  router.get('/rest/agile/1.0/board/:id', (req, res) => {
    const b = boardOr404(req, res);
    if (b) res.json(b);
  });
  router.get('/rest/agile/1.0/board/:id/configuration', (req, res) => {
    const b = boardOr404(req, res);
    if (!b) return;
    const sp = data.fields.find((f) => /story point/i.test(f.name) && f.schema?.type === 'number');
    const rf = rankField();
    res.json({
      id: b.id,
      name: b.name,
      type: b.type,
      filter: { id: String(10000 + b.id) },
      columnConfig: { columns: [{ name: 'To Do', statuses: [] }, { name: 'In Progress', statuses: [] }, { name: 'Done', statuses: [] }], constraintType: 'none' },
      ...(sp ? { estimation: { type: 'field', field: { fieldId: sp.id, displayName: sp.name } } } : {}),
      ...(rf ? { ranking: { rankCustomFieldId: Number(rf.replace('customfield_', '')) } } : {}),
    });
  });
  router.get('/rest/agile/1.0/board/:id/sprint', (req, res) => {
    const b = boardOr404(req, res);
    if (!b) return;
    if (b.type !== 'scrum') return void jiraError(res, 400, ['The board does not support sprints']);
    const states = parseList(req.query.state);
    if (states?.some((s) => !['future', 'active', 'closed'].includes(s))) return void jiraError(res, 400, ["The 'state' parameter must be one of future, active, closed."]);
    paged(req, res, data.sprints.filter((s) => s.originBoardId === b.id && (!states || states.includes(s.state))).map((s) => ({ ...s, self: `${base(req)}/rest/agile/1.0/sprint/${s.id}` })));
  });
  router.get('/rest/agile/1.0/sprint/:id', (req, res) => {
    const s = sprintsById.get(Number(req.params.id));
    const b = s && visibleBoards(actor(res)).find((x) => x.id === s.originBoardId);
    if (!s || !b) return void jiraError(res, 404, ['Sprint does not exist or you do not have permission to see it.']);
    res.json({ ...s, self: `${base(req)}/rest/agile/1.0/sprint/${s.id}` });
  });

  router.put('/rest/agile/1.0/issue/rank', (req, res) => {
    const a = actor(res);
    const body = (req.body ?? {}) as { issues?: unknown; rankBeforeIssue?: string; rankAfterIssue?: string };
    if (!Array.isArray(body.issues) || !body.issues.length) return void jiraError(res, 400, ['issues: at least one issue is required.']);
    if (body.issues.length > 50) return void jiraError(res, 400, ['issues: at most 50 issues can be ranked at once.']);
    if (!!body.rankBeforeIssue === !!body.rankAfterIssue) return void jiraError(res, 400, ['Exactly one of rankBeforeIssue and rankAfterIssue is required.']);
    const rf = rankField();
    if (!rf) return void jiraError(res, 400, ['Ranking is not enabled on this site.']);
    const anchor = findIssue(a, String(body.rankBeforeIssue ?? body.rankAfterIssue));
    if (!anchor) return void jiraError(res, 400, [`Issue '${body.rankBeforeIssue ?? body.rankAfterIssue}' to rank against does not exist.`]);
    // Jira Software refuses the whole request (403) when the caller may not rank: no Schedule
    // Issues in a project of the issues. The 207's per-issue entries are for the other refusals.
    const unschedulable = [...new Set([anchor, ...body.issues.map((k) => findIssue(a, String(k)))].filter((i): i is JiraIssue => !!i).map((i) => i.fields.project.key))].filter((p) => !has(a, 'SCHEDULE_ISSUES', p));
    if (unschedulable.length) return void jiraError(res, 403, [`You do not have permission to rank issues in ${unschedulable.join(', ')} (the Schedule Issues permission is required).`]);
    const entries: { issueId: number; issueKey: string; status: number; errors?: string[] }[] = [];
    const moving: JiraIssue[] = [];
    for (const k of body.issues.map(String)) {
      const issue = findIssue(a, k);
      if (!issue) entries.push({ issueId: 0, issueKey: k, status: 404, errors: [NOT_FOUND_ISSUE] });
      else if (faults.rankRefusedKeys?.includes(issue.key)) entries.push({ issueId: Number(issue.id), issueKey: issue.key, status: 403, errors: ['Issue cannot be ranked: it is locked by a workflow rule.'] });
      else {
        moving.push(issue);
        entries.push({ issueId: Number(issue.id), issueKey: issue.key, status: 200 });
      }
    }
    // Re-rank: take the moved issues out, put them next to the anchor in the given order, then
    // give everything fresh, evenly spaced lexorank-like values.
    const rankOf = (i: JiraIssue) => String((i.fields as Record<string, unknown>)[rf] ?? '');
    const movingIds = new Set(moving.map((i) => i.id));
    const ordered = [...data.issues].sort((x, y) => (rankOf(x) < rankOf(y) ? -1 : rankOf(x) > rankOf(y) ? 1 : 0)).filter((i) => !movingIds.has(i.id) || i.id === anchor.id);
    const at = ordered.findIndex((i) => i.id === anchor.id);
    const insertAt = body.rankBeforeIssue ? at : at + 1;
    ordered.splice(insertAt, 0, ...moving.filter((i) => i.id !== anchor.id));
    // Only the moved issues count as written for the search lag (Jira changes only their rank).
    for (const i of moving) touch(i);
    ordered.forEach((i, n) => ((i.fields as Record<string, unknown>)[rf] = `0|i${(n * 8 + 8).toString(36).padStart(6, '0')}:`));
    if (entries.every((e) => e.status < 300)) return void res.status(204).end();
    res.status(207).json({ entries });
  });

  // --- writes the live train's demo and tests need (issue 18), each raising its Forge event ---------
  router.delete('/rest/api/3/issueLink/:id', (req, res) => {
    const a = actor(res);
    const id = String(req.params.id);
    const holders = data.issues.filter((i) => (i.fields.issuelinks ?? []).some((l) => l.id === id));
    if (!holders.length || !holders.every((i) => canSee(a, i))) return void jiraError(res, 404, ['No issue link with id ' + id + ' exists.']);
    if (!has(a, 'LINK_ISSUES', holders[0].fields.project.key)) return void jiraError(res, 403, ['You do not have the permission to link issues.']);
    const link = (holders[0].fields.issuelinks ?? []).find((l) => l.id === id)!;
    const outwardSide = holders.find((i) => (i.fields.issuelinks ?? []).some((l) => l.id === id && l.inwardIssue)) ?? holders[0];
    const inwardSide = holders.find((i) => i !== outwardSide) ?? holders[0];
    for (const i of holders) {
      touch(i);
      i.fields.issuelinks = (i.fields.issuelinks ?? []).filter((l) => l.id !== id);
    }
    bus.emit({ eventType: 'avi:jira:deleted:issuelink', issueLink: { id, sourceIssueId: outwardSide.id, destinationIssueId: inwardSide.id, issueLinkType: { id: link.type.id, name: link.type.name } }, atlassianId: atlassianIdOf(a) }, now());
    res.status(204).end();
  });

  router.delete('/rest/api/3/issue/:key', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'ADMINISTER', undefined) && !has(a, 'EDIT_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to delete issues in this project.']);
    touch(issue);
    data.issues.splice(data.issues.indexOf(issue), 1);
    for (const i of data.issues) if (i.fields.issuelinks?.some((l) => (l.inwardIssue ?? l.outwardIssue)?.id === issue.id)) i.fields.issuelinks = i.fields.issuelinks.filter((l) => (l.inwardIssue ?? l.outwardIssue)?.id !== issue.id);
    reindex();
    emitIssue('avi:jira:deleted:issue', issue, a);
    res.status(204).end();
  });

  /** The statuses the data set uses, each one a transition target (the emulator has no workflow graph). */
  const statusesOf = () => [...new Map(data.issues.map((i) => [i.fields.status.id, i.fields.status])).values()];
  router.get('/rest/api/3/issue/:key/transitions', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    const may = has(a, 'TRANSITION_ISSUES', issue.fields.project.key);
    res.json({ expand: 'transitions', transitions: may ? statusesOf().filter((s) => s.id !== issue.fields.status.id).map((s) => ({ id: `t${s.id}`, name: s.name, to: clone(s), hasScreen: false, isGlobal: true, isInitial: false, isAvailable: true, isConditional: false, isLooped: false })) : [] });
  });
  router.post('/rest/api/3/issue/:key/transitions', (req, res) => {
    const a = actor(res);
    const issue = findIssue(a, req.params.key as string);
    if (!issue) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    if (!has(a, 'TRANSITION_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to transition this issue.']);
    const tid = String((req.body ?? {}).transition?.id ?? '');
    const to = statusesOf().find((s) => `t${s.id}` === tid && s.id !== issue.fields.status.id);
    if (!to) return void jiraError(res, 400, [`Transition id '${tid}' is not valid for this issue.`]);
    touch(issue);
    const from = issue.fields.status;
    issue.fields.status = clone(to);
    issue.fields.resolutiondate = to.statusCategory.key === 'done' ? now().toISOString() : null;
    pushHistory(issue, a, [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name }]);
    emitIssue('avi:jira:updated:issue', issue, a, true);
    res.status(204).end();
  });

  const sprintBoardVisible = (a: Actor, sp: JiraSprint) => visibleBoards(a).some((b) => b.id === sp.originBoardId);
  // Agile API: partial update of a sprint; `state` moves future → active (needs start and end dates) → closed.
  router.post('/rest/agile/1.0/sprint/:id', (req, res) => {
    const a = actor(res);
    const sp = sprintsById.get(Number(req.params.id));
    if (!sp || !sprintBoardVisible(a, sp)) return void jiraError(res, 404, ['Sprint does not exist or you do not have permission to see it.']);
    const board = data.boards.find((b) => b.id === sp.originBoardId);
    if (!board || !has(a, 'SCHEDULE_ISSUES', board.location.projectKey)) return void jiraError(res, 403, ['You do not have permission to manage sprints on this board.']);
    const body = (req.body ?? {}) as { state?: string; name?: string; startDate?: string; endDate?: string; goal?: string };
    const next = { ...sp };
    if (typeof body.name === 'string') next.name = body.name;
    if (typeof body.goal === 'string') next.goal = body.goal;
    if (typeof body.startDate === 'string') next.startDate = body.startDate;
    if (typeof body.endDate === 'string') next.endDate = body.endDate;
    let eventType = 'avi:jira-software:updated:sprint';
    if (body.state && body.state !== sp.state) {
      if (sp.state === 'future' && body.state === 'active') {
        if (!next.startDate || !next.endDate) return void jiraError(res, 400, ['A sprint needs a start date and an end date to be started.']);
        if (data.sprints.some((x) => x.originBoardId === sp.originBoardId && x.state === 'active' && x.id !== sp.id)) return void jiraError(res, 400, ['Another sprint is already active on this board.']);
        next.state = 'active';
        next.startDate = body.startDate ?? now().toISOString();
        eventType = 'avi:jira-software:started:sprint';
      } else if (sp.state === 'active' && body.state === 'closed') {
        next.state = 'closed';
        next.completeDate = now().toISOString();
        eventType = 'avi:jira-software:closed:sprint';
      } else return void jiraError(res, 400, [`The sprint cannot move from ${sp.state} to ${body.state}.`]);
    }
    Object.assign(sp, next);
    // The Sprint field's values carry the sprint's state and dates, as Jira returns them.
    const sf = sprintField();
    if (sf) for (const i of data.issues) for (const v of ((i.fields as Record<string, unknown>)[sf] as Record<string, unknown>[] | null) ?? []) if (v && v.id === sp.id) Object.assign(v, { state: sp.state, name: sp.name, ...(sp.startDate ? { startDate: sp.startDate } : {}), ...(sp.endDate ? { endDate: sp.endDate } : {}), ...(sp.completeDate ? { completeDate: sp.completeDate } : {}) });
    reindex();
    emitSprint(eventType, sp, a);
    res.json({ ...sp, self: `${base(req)}/rest/agile/1.0/sprint/${sp.id}` });
  });
  // Agile API: move issues to a sprint (at most 50), each getting a Sprint changelog entry.
  router.post('/rest/agile/1.0/sprint/:id/issue', (req, res) => {
    const a = actor(res);
    const sp = sprintsById.get(Number(req.params.id));
    if (!sp || !sprintBoardVisible(a, sp)) return void jiraError(res, 404, ['Sprint does not exist or you do not have permission to see it.']);
    if (sp.state === 'closed') return void jiraError(res, 400, ['Issues cannot be moved to a closed sprint.']);
    const keys = ((req.body ?? {}).issues ?? []) as unknown[];
    if (!Array.isArray(keys) || !keys.length || keys.length > 50) return void jiraError(res, 400, ['issues: between 1 and 50 issues are required.']);
    const sf = sprintField();
    if (!sf) return void jiraError(res, 400, ['Sprints are not enabled on this site.']);
    const issues = keys.map((k) => findIssue(a, String(k)));
    if (issues.some((i) => !i)) return void jiraError(res, 404, [NOT_FOUND_ISSUE]);
    for (const issue of issues as JiraIssue[]) {
      if (!has(a, 'SCHEDULE_ISSUES', issue.fields.project.key)) return void jiraError(res, 403, ['You do not have permission to schedule issues.']);
    }
    for (const issue of issues as JiraIssue[]) {
      const f = issue.fields as Record<string, unknown>;
      const before = (Array.isArray(f[sf]) ? (f[sf] as JiraSprint[]) : []).filter((x) => x && typeof x === 'object');
      if (before.some((x) => x.id === sp.id)) continue;
      touch(issue);
      // An issue is in one open sprint at a time: the move replaces its open sprint, closed ones stay.
      const after = [...before.filter((x) => x.state === 'closed'), { id: sp.id, name: sp.name, state: sp.state, boardId: sp.originBoardId, startDate: sp.startDate, endDate: sp.endDate } as unknown as JiraSprint];
      f[sf] = after;
      pushHistory(issue, a, [{ field: 'Sprint', fieldtype: 'custom', fieldId: sf, from: before.map((x) => x.id).join(', ') || null, fromString: before.map((x) => x.name).join(', ') || null, to: after.map((x) => x.id).join(', '), toString: after.map((x) => x.name).join(', ') }]);
      emitIssue('avi:jira:updated:issue', issue, a, true);
    }
    res.status(204).end();
  });

  // --- emulator control (not Jira) ----------------------------------------------------------------
  router.get('/__emulator/events', (_req, res) => res.json({ faults: bus.getFaults(), log: bus.log.slice(-500), errors: bus.errors.slice(-50) }));
  router.put('/__emulator/events', (req, res) => {
    bus.setFaults((req.body ?? {}) as EventFaults);
    res.json({ faults: bus.getFaults() });
  });
  router.get('/__emulator/faults', (_req, res) => res.json(faults));
  router.put('/__emulator/faults', (req, res) => {
    api.faults.set(req.body ?? {});
    res.json(faults);
  });
  router.delete('/__emulator/faults', (_req, res) => {
    api.faults.clear();
    res.status(204).end();
  });
  router.post('/__emulator/search-index', (_req, res) => {
    api.catchUpSearchIndex();
    res.status(204).end();
  });
  router.get('/__emulator/requests', (_req, res) => res.json(requests));
  router.delete('/__emulator/requests', (_req, res) => {
    requests.length = 0;
    res.status(204).end();
  });

  const api: Emulator = {
    router,
    requests,
    data,
    events: bus,
    faults: {
      set(f) {
        faults = { ...f };
        dice = mulberry32(f.seed ?? 1);
        faulted = 0;
      },
      clear() {
        faults = {};
      },
      get: () => ({ ...faults }),
    },
    reset() {
      const fresh = clone(pristine);
      for (const k of Object.keys(data) as (keyof DataSet)[]) delete data[k];
      Object.assign(data, fresh);
      faults = {};
      requests.length = 0;
      unindexed.clear();
      version++;
      reindex();
    },
    catchUpSearchIndex() {
      unindexed.clear();
    },
  };
  void sprintField;
  return api;
}

/** A standalone emulator (no UI), e.g. for the benchmark and the CLI tests. */
export async function startEmulator(data: DataSet, opts: EmulatorOptions & { port?: number; host?: string } = {}): Promise<{ url: string; emulator: Emulator; close(): Promise<void> }> {
  const emulator = createEmulator(data, opts);
  const app = express();
  app.disable('x-powered-by');
  app.use(emulator.router);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(opts.port ?? 0, host, () => resolve(s));
  });
  server.keepAliveTimeout = 1000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
