import type { DemoUser } from '../emulator/dataset';
import { esc } from './html';
import { DEMO } from '../demo/train/demo';

/** Demo users whose role their permissions do not tell (the RTE browses and creates, as a team member does). */
const DEMO_ROLES: Record<string, string> = { [DEMO.users.rte]: 'RTE / ART lead (browse, create)' };

export const MODULES = {
  issuePanel: 'refinery-issue-panel',
  projectPage: 'refinery-project-page',
  adminPage: 'refinery-admin-page',
  sprintAction: 'refinery-sprint-readiness',
  healthGadget: 'refinery-health-gadget',
} as const;

const EXTENSION_TYPE: Record<string, string> = {
  [MODULES.healthGadget]: 'jira:dashboardGadget',
  [MODULES.issuePanel]: 'jira:issuePanel',
  [MODULES.projectPage]: 'jira:projectPage',
  [MODULES.adminPage]: 'jira:adminPage',
  [MODULES.sprintAction]: 'jira:sprintAction',
};

export interface Chrome {
  users: DemoUser[];
  current: DemoUser;
  projectKey: string;
  projectName: string;
  roleOf(u: DemoUser, projectKey: string): string;
  /** Where the module's Custom UI resource is served (manifest.yml: the issue panel has its own). */
  appPath(module: string): string;
}

export interface PageSpec {
  title: string;
  path: string;
  module?: string;
  context?: Record<string, unknown>;
  /** Already-escaped HTML for the main column (issue view, search). */
  left?: string;
}

const CSS = `
*{box-sizing:border-box} body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#172b4d;background:#fff;font-size:14px}
header{display:flex;align-items:center;gap:16px;height:56px;padding:0 16px;border-bottom:1px solid #dfe1e6;background:#fff}
header .brand{font-weight:600;color:#0c66e4} header form{margin-left:auto;display:flex;gap:8px;align-items:center}
select,input,button{font:inherit} button{background:#0c66e4;color:#fff;border:0;border-radius:3px;padding:6px 10px;cursor:pointer}
.layout{display:flex;min-height:calc(100vh - 56px)} nav{width:240px;background:#f7f8f9;border-right:1px solid #dfe1e6;padding:16px}
nav h2{font-size:11px;text-transform:uppercase;color:#626f86;margin:16px 0 8px} nav a{display:block;padding:6px 8px;border-radius:3px;color:#172b4d;text-decoration:none} nav a:hover,nav a[aria-current]{background:#e9f2ff;color:#0c66e4}
main{flex:1;padding:24px 32px;max-width:1400px} h1{font-size:24px;font-weight:500;margin:8px 0} .muted{color:#626f86}
.lozenge{background:#dfe1e6;border-radius:3px;padding:2px 6px;font-size:11px;font-weight:700;text-transform:uppercase} .label{background:#f1f2f4;border-radius:3px;padding:2px 6px;font-size:12px}
.section{font-size:16px;margin-top:24px} .description{max-width:820px;line-height:1.5} .panel{background:#e9f2ff;padding:8px 12px;border-radius:3px} pre{background:#f7f8f9;padding:8px}
.app-frame{width:100%;border:0;min-height:240px;display:block} .app-panel{border-top:1px solid #dfe1e6;margin-top:24px;padding-top:8px} .app-panel h2{font-size:14px;color:#626f86}
table.results,table.adf{border-collapse:collapse;margin-top:12px} table.results td,table.results th,table.adf td,table.adf th{border-bottom:1px solid #dfe1e6;padding:6px 10px;text-align:left}
.error{color:#ae2e24} table.details{border-collapse:collapse;margin-top:8px} table.details th{text-align:left;font-weight:600;color:#626f86;padding:4px 16px 4px 0;vertical-align:top} table.details td{padding:4px 0} .mention{background:#f1f2f4;border-radius:12px;padding:0 6px} a{color:#0c66e4} .crumbs{color:#626f86}
`;

/** A Jira-like page: top bar with the user switcher, project sidebar, content and the app iframe. */
export function page(c: Chrome, spec: PageSpec): string {
  const users = c.users
    .map((u) => `<option value="${esc(u.accountId)}"${u.accountId === c.current.accountId ? ' selected' : ''}>${esc(u.displayName)} — ${esc(DEMO_ROLES[u.accountId] ?? c.roleOf(u, c.projectKey))}</option>`)
    .join('');
  const frame = spec.module
    ? `<iframe class="app-frame" data-testid="app-frame" title="${esc(spec.title)} (Refinery app)" src="${esc(c.appPath(spec.module))}?${new URLSearchParams({
        accountId: c.current.accountId,
        context: JSON.stringify({
          moduleKey: spec.module,
          accountId: c.current.accountId,
          cloudId: 'local-emulator',
          siteUrl: '',
          localId: `local-${spec.module}`,
          locale: 'en-US',
          timezone: 'UTC',
          extension: { type: EXTENSION_TYPE[spec.module], ...spec.context },
        }),
      }).toString()}"></iframe>`
    : '';
  const content =
    spec.module === MODULES.issuePanel
      ? `${spec.left ?? ''}<section class="app-panel" aria-label="Refinery panel"><h2>Refinery</h2>${frame}</section>`
      : `${spec.left ?? ''}${frame}`;
  const link = (href: string, label: string) => `<a href="${esc(href)}"${spec.path === href ? ' aria-current="page"' : ''}>${esc(label)}</a>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(spec.title)} — Refinery local harness</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><style>${CSS}</style></head><body>
<header><span class="brand">Jira</span><span class="muted">Refinery local harness (Jira Cloud emulator)</span>
<form method="get" action="/harness/user"><label for="user-switcher">Acting as</label>
<select id="user-switcher" name="accountId" data-testid="user-switcher">${users}</select>
<input type="hidden" name="back" value="${esc(spec.path)}"><button type="submit">Switch user</button></form></header>
<div class="layout"><nav aria-label="Project"><h2>${esc(c.projectName)}</h2>
${link(`/projects/${c.projectKey}/refinery`, 'Backlog health (Refinery)')}
${link(`/issues?jql=${encodeURIComponent(`project = ${c.projectKey} ORDER BY Rank`)}`, 'Issues')}
${link(`/issues?jql=${encodeURIComponent(`project = ${c.projectKey} AND issuetype = Epic ORDER BY Rank`)}`, 'Features (Epics)')}
${link('/boards', 'Backlogs (boards)')}
${link('/dashboard', 'Dashboard')}
<h2>Automation and Rovo</h2>${link('/automation', 'Automation (Refinery actions)')}
${link('/rovo', 'Rovo agent (Refinery coach)')}
<h2>Jira settings</h2>${link('/admin/refinery', 'Refinery settings')}</nav>
<main id="main">${content}</main></div>
<script>
window.addEventListener('message', function (e) {
  var f = document.querySelector('.app-frame');
  // Only the app's own frame may size it or move this page, as Jira trusts only its iframe.
  if (!f || e.source !== f.contentWindow || e.origin !== location.origin || !e.data) return;
  if (typeof e.data.refineryHeight === 'number') {
    // 16 px spare for a horizontal scrollbar; the frame's height no longer feeds the measure.
    var height = Math.max(240, Math.ceil(e.data.refineryHeight) + 16) + 'px';
    if (f.style.height !== height) f.style.height = height;
  }
  if (typeof e.data.refineryNavigate === 'string') {
    var target = new URL(e.data.refineryNavigate, location.href);
    if (target.protocol === 'http:' || target.protocol === 'https:') location.assign(target.href);
  }
});
document.getElementById('user-switcher').addEventListener('change', function () { this.form.submit(); });
</script></body></html>`;
}
