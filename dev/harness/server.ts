import express, { type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createEmulator, type Emulator } from '../emulator/server';
import { manifestAliases } from '../emulator/manifestAliases';
import type { DataSet, DemoUser } from '../emulator/dataset';
import { JiraClient, RESOLVER_BUDGET_MS } from '../../src/jira/client';
import { JiraError } from '../../src/jira/errors';
import { fetchTransport } from '../../src/jira/transport';
import { resolverDefinitions } from '../../src/resolvers/definitions';
import { buildHandlers } from '../../src/resolvers/handlers';
import { MemoryStore } from '../../src/storage/memoryStore';
import type { KeyValueStore } from '../../src/storage/keyValueStore';
import { forgeCustomUiCsp, manifestPermissions, type ManifestPermissions } from './csp';
import { adfToHtml, esc } from './html';
import { issueFieldsHtml } from './issueView';
import { MODULES, page } from './pages';
import { liveDemoRoutes, sprintControls, wireLiveTrain } from './live';
import { registerAutomationRoutes } from './automation';

export interface HarnessOptions {
  data: DataSet;
  port?: number;
  host?: string;
  store?: KeyValueStore;
  /** Built Custom UI resource `main` (static/build). */
  uiDir?: string;
  /**
   * Built Custom UI resource `panel`, the issue panel's (static/build-panel); by default `<uiDir>-panel`.
   * A `uiDir` from before the panel had its own resource (no such directory beside it) serves the panel from `/app/` as it was built.
   */
  panelUiDir?: string;
  now?: () => Date;
  /** Time budget of each resolver call's Jira work (default RESOLVER_BUDGET_MS, as in Forge). */
  jiraBudgetMs?: number;
  /** A person's refresh: each call's budget (default RESOLVER_SYNC_BUDGET_MS); 0 runs every step of it in a call of its own. */
  syncBudgetMs?: number;
  /** A person's refresh: a train of this many stored chunks is computed without its text (default WITHOUT_TEXT_FROM_CHUNKS). */
  withoutTextFromChunks?: number;
  /**
   * The manifest `permissions` Forge's Content-Security-Policy for the Custom UI (`/app`) is built
   * from; manifest.yml's by default. test/e2e/csp.test.ts drops `content.styles` to show what it allows.
   */
  cspPermissions?: ManifestPermissions;
}

/** A violation report as Chromium posts it to the policy's report-uri (`application/csp-report`). */
export interface CspReport {
  'document-uri'?: string;
  'violated-directive'?: string;
  'effective-directive'?: string;
  'blocked-uri'?: string;
  'source-file'?: string;
  'line-number'?: number;
  disposition?: string;
}

export interface RunningHarness {
  url: string;
  emulator: Emulator;
  store: KeyValueStore;
  /** Violation reports the browser sent to the Custom UI policy's report-uri, oldest first. */
  cspReports: CspReport[];
  /** The first report matching `match`, already received or yet to come; rejects after `timeoutMs`. */
  waitForCspReport(match: (r: CspReport) => boolean, timeoutMs?: number): Promise<CspReport>;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');
const USER_COOKIE = 'refinery_user';

function roleOf(u: DemoUser, projectKey: string): string {
  if (u.globalPermissions.includes('ADMINISTER')) return 'Jira admin';
  const p = u.projectPermissions[projectKey] ?? [];
  if (p.includes('EDIT_ISSUES')) return 'POPM (can edit)';
  if (p.includes('BROWSE_PROJECTS')) return u.hiddenIssueKeys?.length ? 'Contractor (restricted issues)' : 'Team member (read-only)';
  return 'No access';
}

function cookie(req: Request, name: string): string | null {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : null;
}

/**
 * One port serves the Jira emulator (`/rest/**`), a Jira-like chrome (issue view, project page,
 * admin page, issue search) and the app's built Custom UI in iframes with a local bridge.
 */
export async function startHarness(opts: HarnessOptions): Promise<RunningHarness> {
  const data = opts.data;
  const emulator = createEmulator(data, { now: opts.now, propertyAliases: manifestAliases() });
  const store = opts.store ?? new MemoryStore();
  const uiDir = opts.uiDir ?? path.join(ROOT, 'static/build');
  const panelUiDir = opts.panelUiDir ?? `${uiDir}-panel`;
  // Each Forge resource has its own address; here `main` is /app/ and `panel` is /app/panel/.
  const panelPath = opts.panelUiDir || !opts.uiDir || existsSync(panelUiDir) ? '/app/panel/' : '/app/';
  const projectKey = data.projects[0]?.key ?? 'ART';
  const now = opts.now ?? (() => new Date());
  const cspPermissions = opts.cspPermissions ?? manifestPermissions();
  const cspReports: CspReport[] = [];
  const reportWaiters = new Set<(r: CspReport) => void>();
  let baseUrl = '';

  const defaultUser = (data.users.find((u) => (u.projectPermissions[projectKey] ?? []).includes('EDIT_ISSUES') && !u.globalPermissions.includes('ADMINISTER')) ?? data.users[0]).accountId;
  const userOf = (req: Request) => {
    const id = (typeof req.query.as === 'string' && req.query.as) || cookie(req, USER_COOKIE) || defaultUser;
    return data.users.find((u) => u.accountId === id) ?? data.users.find((u) => u.accountId === defaultUser)!;
  };
  const jiraAs = (accountId: string) => new JiraClient(fetchTransport({ baseUrl, headers: { 'X-Refinery-As-User': accountId } }), { sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 2000))) });

  const budgetMs = opts.jiraBudgetMs ?? RESOLVER_BUDGET_MS;
  const definitions = (accountId: string) =>
    resolverDefinitions(
      buildHandlers((req) => ({
        jira: new JiraClient(fetchTransport({ baseUrl, headers: { 'X-Refinery-As-User': accountId } }), { sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 2000))), deadlineMs: budgetMs }),
        store,
        siteUrl: baseUrl,
        accountId: req.context.accountId ?? accountId,
        now,
        ...(opts.syncBudgetMs !== undefined ? { syncBudgetMs: opts.syncBudgetMs } : {}),
        ...(opts.withoutTextFromChunks !== undefined ? { withoutTextFromChunks: opts.withoutTextFromChunks } : {}),
      })),
    );

  const app = express();
  app.disable('x-powered-by');
  app.use(emulator.router);
  // Issue 18: the emulator's Forge events → the app's trigger handler; buttons on the backlog page.
  wireLiveTrain(emulator, store, () => baseUrl, now);
  liveDemoRoutes(app, (req) => jiraAs(userOf(req).accountId), now);

  app.post('/harness/invoke', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    const { functionKey, payload, context, accountId } = (req.body ?? {}) as { functionKey?: string; payload?: unknown; context?: Record<string, unknown>; accountId?: string };
    if (typeof functionKey !== 'string') return void res.status(400).json({ error: 'functionKey is required' });
    const who = data.users.find((u) => u.accountId === accountId)?.accountId ?? userOf(req).accountId;
    try {
      // Exactly the call Forge makes: (invoke payload, backend runtime payload with the principal).
      const result = await definitions(who)({ call: { functionKey, payload }, context: { ...(context ?? {}), accountId: who, siteUrl: baseUrl } } as never, {
        principal: { accountId: who },
      });
      res.json(result);
    } catch (e) {
      // Unknown function keys and bugs in the wiring land here; the UI shows a readable message.
      res.json({ ok: false, error: { code: 'INTERNAL', message: (e as Error).message } });
    }
  });

  // Issue 19: the Forge actions as Automation and the Rovo agent call them (dev/harness/automation.ts).
  registerAutomationRoutes(app, { baseUrl: () => baseUrl, store, now, budgetMs, accountIdOf: (req) => userOf(req).accountId, isUser: (id) => data.users.some((u) => u.accountId === id), chrome: (req) => chrome(req) });

  app.get('/harness/bridge.js', (_req, res) => res.type('application/javascript').send(readFileSync(path.join(__dirname, 'bridgeShim.js'), 'utf8')));

  app.get('/harness/user', (req, res) => {
    const id = String(req.query.accountId ?? '');
    const back = typeof req.query.back === 'string' && req.query.back.startsWith('/') && !req.query.back.startsWith('//') ? req.query.back : '/';
    if (data.users.some((u) => u.accountId === id)) res.setHeader('Set-Cookie', `${USER_COOKIE}=${encodeURIComponent(id)}; Path=/; SameSite=Lax`);
    res.redirect(back);
  });

  // Forge's reporter endpoint stand-in, so reports stay on this machine instead of going to Atlassian.
  app.post('/harness/csp-report', express.json({ type: ['application/csp-report', 'application/json'], limit: '64kb' }), (req, res) => {
    const report = (req.body as { 'csp-report'?: CspReport } | undefined)?.['csp-report'];
    if (report && typeof report === 'object') {
      cspReports.push(report);
      for (const w of [...reportWaiters]) w(report);
    }
    res.status(204).end();
  });

  // Each Custom UI resource, with the bridge shim injected ahead of its own scripts, under the policy
  // Forge would serve it with (computed from the HTML as served, since Forge hashes inline scripts).
  const serveResource = (mount: string, dir: string) => {
    app.get([mount, `${mount}/`, `${mount}/index.html`], (_req, res) => {
      const index = path.join(dir, 'index.html');
      if (!existsSync(index)) return void res.status(503).type('text/plain').send('The UI is not built: run `npm run build:ui` (npm start does it for you).');
      const html = readFileSync(index, 'utf8').replace('<head>', '<head><script src="/harness/bridge.js"></script>');
      res.setHeader('Content-Security-Policy', forgeCustomUiCsp({ indexHtml: html, permissions: cspPermissions, hostname: baseUrl, reportUri: `${baseUrl}/harness/csp-report` }));
      res.type('html').send(html);
    });
    app.use(mount, express.static(dir, { index: false }));
  };
  // The panel's mount first: it lies under the main resource's.
  if (panelPath !== '/app/') serveResource('/app/panel', panelUiDir);
  serveResource('/app', uiDir);

  const chrome = (req: Request) => ({ users: data.users, current: userOf(req), projectKey, projectName: data.projects[0]?.name ?? projectKey, roleOf, appPath: (module: string) => (module === MODULES.issuePanel ? panelPath : '/app/') });

  app.get('/', (_req, res) => res.redirect(`/projects/${encodeURIComponent(projectKey)}/refinery`));

  app.get('/projects/:key/refinery', (req, res) => {
    const key = String(req.params.key);
    res.type('html').send(page(chrome(req), { title: 'Backlog health', path: req.originalUrl, module: MODULES.projectPage, context: { project: { key, id: data.projects.find((p) => p.key === key)?.id ?? '', type: 'software' } } }));
  });

  // A Jira dashboard with the Refinery gadget; its configuration is kept per user, as Jira keeps
  // it per gadget on a user's dashboard.
  const gadgetConfig = new Map<string, Record<string, unknown>>();
  app.post('/harness/gadget', express.json(), (req, res) => {
    const config = (req.body ?? {}).config;
    if (!config || typeof config !== 'object') return void res.status(400).json({ error: 'config is required' });
    gadgetConfig.set(userOf(req).accountId, config as Record<string, unknown>);
    res.status(204).end();
  });
  app.get('/dashboard', (req, res) => {
    const config = gadgetConfig.get(userOf(req).accountId) ?? {};
    const edit = req.query.edit === '1' || !('projectKey' in config);
    res.type('html').send(
      page(chrome(req), {
        title: 'Dashboard',
        path: req.originalUrl,
        module: MODULES.healthGadget,
        context: { gadgetConfiguration: config, ...(edit ? { entryPoint: 'edit' } : {}), dashboard: { id: '10000' }, gadget: { id: '10001' } },
        left: `<h1>Dashboard</h1><p><a href="/dashboard?edit=1" data-testid="gadget-edit-link">Edit the Backlog health gadget</a></p>`,
      }),
    );
  });

  app.get('/admin/refinery', (req, res) => {
    res.type('html').send(page(chrome(req), { title: 'Refinery settings', path: req.originalUrl, module: MODULES.adminPage, context: {} }));
  });

  app.get('/browse/:key', async (req, res) => {
    const user = userOf(req);
    const key = String(req.params.key);
    try {
      const jira = jiraAs(user.accountId);
      const [issue, fieldMeta] = await Promise.all([jira.getIssue(key, { fields: ['*all'] }), jira.fields()]);
      const f = issue.fields;
      const body = `<div class="issue-head"><span class="crumbs">${esc(f.project?.name)} / ${f.parent ? `<a href="/browse/${esc(f.parent.key)}">${esc(f.parent.key)}</a> / ` : ''}${esc(issue.key)}</span>
        <h1 data-testid="issue-summary">${esc(f.summary)}</h1>
        <p><span class="lozenge">${esc(f.status?.name)}</span> <span class="muted">${esc(f.issuetype?.name)}</span> ${(f.labels ?? []).map((l) => `<span class="label">${esc(l)}</span>`).join(' ')}</p></div>
        <h2 class="section">Description</h2><div class="description">${adfToHtml(f.description) || '<p class="muted">None</p>'}</div>${issueFieldsHtml(f as Record<string, unknown>, fieldMeta)}`;
      res.type('html').send(
        page(chrome(req), {
          title: `${issue.key} ${f.summary}`,
          path: req.originalUrl,
          module: MODULES.issuePanel,
          context: { issue: { key: issue.key, id: issue.id, type: f.issuetype?.name, typeId: f.issuetype?.id }, project: { key: f.project?.key, id: f.project?.id, type: 'software' } },
          left: body,
        }),
      );
    } catch (e) {
      // Jira's own words, once (the client's message would add its sentence to Jira's).
      const notFound = e instanceof JiraError && e.status === 404;
      const text = notFound ? `${key} does not exist, or you do not have permission to see it.` : (e as Error).message;
      res.status(404).type('html').send(page(chrome(req), { title: 'Issue not found', path: req.originalUrl, left: `<h1>You can't view this issue</h1><p role="alert">${esc(text)}</p>` }));
    }
  });

  // Jira Software's backlog, reduced to what a jira:sprintAction needs: each sprint's ••• menu item
  // "Check sprint readiness" opens the app with `extension.sprint` set, as Forge does.
  app.get('/boards', async (req, res) => {
    const user = userOf(req);
    let body: string;
    try {
      const boards = await jiraAs(user.accountId).boards(projectKey);
      body = `<ul data-testid="board-list">${boards.map((b) => `<li><a href="/boards/${b.id}/backlog">${esc(b.name)}</a> <span class="muted">${esc(b.type)}</span></li>`).join('')}</ul>`;
    } catch (e) {
      body = `<p role="alert" class="error">${esc((e as Error).message)}</p>`;
    }
    res.type('html').send(page(chrome(req), { title: 'Boards', path: req.originalUrl, left: `<h1>Boards</h1>${body}` }));
  });

  app.get('/boards/:id/backlog', async (req, res) => {
    const user = userOf(req);
    const boardId = Number(req.params.id);
    try {
      const jira = jiraAs(user.accountId);
      const board = (await jira.boards(projectKey)).find((b) => b.id === boardId);
      if (!board) throw new Error('Board does not exist or you do not have permission to see it.');
      const sprints = await jira.sprints(board.id, ['active', 'future']);
      const future = sprints.filter((s) => s.state === 'future');
      const chosen = sprints.find((s) => String(s.id) === String(req.query.sprint ?? '')) ?? future[0] ?? null;
      const list = sprints
        .map(
          (s) => `<li data-testid="backlog-sprint" data-sprint-id="${s.id}"><strong>${esc(s.name)}</strong> <span class="lozenge">${esc(s.state)}</span>
            <a href="/boards/${board.id}/backlog?sprint=${s.id}" aria-label="Check sprint readiness of ${esc(s.name)}"${chosen?.id === s.id ? ' aria-current="true"' : ''}>Check sprint readiness</a>${sprintControls(s, board.id)}</li>`,
        )
        .join('');
      const left = `<h1>${esc(board.name)} backlog</h1><ul class="sprints">${list || '<li class="muted">No active or future sprints.</li>'}</ul>${chosen ? `<h2 class="section">Check sprint readiness: ${esc(chosen.name)}</h2>` : ''}`;
      res.type('html').send(
        page(chrome(req), {
          title: `${board.name} backlog`,
          path: req.originalUrl,
          left,
          ...(chosen
            ? {
                module: MODULES.sprintAction,
                context: {
                  sprint: { id: String(chosen.id), state: chosen.state },
                  board: { id: String(board.id), type: board.type },
                  project: { id: String(board.location.projectId), key: board.location.projectKey, type: 'software' },
                  location: `${baseUrl}/boards/${board.id}/backlog`,
                },
              }
            : {}),
        }),
      );
    } catch (e) {
      res.status(404).type('html').send(page(chrome(req), { title: 'Backlog', path: req.originalUrl, left: `<h1>Backlog</h1><p role="alert" class="error">${esc((e as Error).message)}</p>` }));
    }
  });

  app.get('/issues', async (req, res) => {
    const user = userOf(req);
    const jql = typeof req.query.jql === 'string' ? req.query.jql : `project = ${projectKey} ORDER BY Rank`;
    let body: string;
    try {
      const issues = await jiraAs(user.accountId).searchAll(jql, ['summary', 'status', 'issuetype'], { limit: 500 });
      body = `<p data-testid="issue-count">${issues.length} issue${issues.length === 1 ? '' : 's'}</p>
        <table class="results" aria-label="Search results"><thead><tr><th>Key</th><th>Type</th><th>Summary</th><th>Status</th></tr></thead><tbody>
        ${issues.map((i) => `<tr><td><a href="/browse/${esc(i.key)}">${esc(i.key)}</a></td><td>${esc(i.fields.issuetype?.name)}</td><td>${esc(i.fields.summary)}</td><td>${esc(i.fields.status?.name)}</td></tr>`).join('')}
        </tbody></table>`;
    } catch (e) {
      body = `<p role="alert" class="error">${esc((e as Error).message)}</p>`;
    }
    res.type('html').send(
      page(chrome(req), {
        title: 'Search issues',
        path: req.originalUrl,
        left: `<h1>Search</h1><form method="get" action="/issues"><label for="jql">JQL</label> <input id="jql" name="jql" size="90" value="${esc(jql)}"> <button>Search</button></form>${body}`,
      }),
    );
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(opts.port ?? 3000, opts.host ?? '127.0.0.1', () => resolve(s));
  });
  const addr = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;
  return {
    url: baseUrl,
    emulator,
    store,
    cspReports,
    waitForCspReport: (match, timeoutMs = 10_000) => {
      const seen = cspReports.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<CspReport>((resolve, reject) => {
        const timer = setTimeout(() => {
          reportWaiters.delete(waiter);
          reject(new Error(`no matching CSP report within ${timeoutMs} ms (${cspReports.length} received)`));
        }, timeoutMs);
        const waiter = (r: CspReport) => {
          if (!match(r)) return;
          clearTimeout(timer);
          reportWaiters.delete(waiter);
          resolve(r);
        };
        reportWaiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
