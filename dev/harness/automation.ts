/**
 * Harness pages for issue 19: Refinery's Forge actions as Jira Automation and the Rovo agent use them.
 *
 * - `POST /harness/action {key, payload, accountId}`: calls the action's Forge function exactly as
 *   Forge does (`(payload, { principal: { accountId } })`), with a Jira client pointed at this
 *   emulator as that user (asUser). The integration tests call it over HTTP.
 * - `GET /automation?action=KEY&<inputs>`: a form per action (its manifest inputs); the result as
 *   Automation passes it on — the smart values a later rule component can use, or the message that
 *   stops the rule (what the rule owner reads in the audit log).
 * - `GET /automation/configure?action=KEY`: the action's configuration form (the main Custom UI
 *   bundle, as Forge renders the manifest's `config`); its `view.submit` calls keep the inputs
 *   (`POST /harness/action-config`, as the rule builder keeps them) and `/automation/run-configured`
 *   runs the action with them.
 * - `GET /rovo?starter=N`: the agent's conversation starters, each with the action call it makes and
 *   that call's real result. No model runs locally: the call per starter is fixed in coachPrompt.ts.
 *
 * Server-rendered like the rest of the harness chrome: every value goes through `esc`.
 */
import type { Express, Request } from 'express';
import express from 'express';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import type { KeyValueStore } from '../../src/storage/keyValueStore';
import { ACTIONS, actionSpec, smartValuePrefix, type ActionSpec } from '../../src/app/actions/catalog';
import { CONVERSATION_STARTERS } from '../../src/app/actions/coachPrompt';
import type { ActionOutcome } from '../../src/app/actions/run';
import { makeActionHandler } from '../../src/jobs/actions';
import { esc } from './html';
import { page, type Chrome } from './pages';

export interface AutomationRouteDeps {
  baseUrl: () => string;
  store: KeyValueStore;
  now: () => Date;
  budgetMs: number;
  /** The acting user's account id (the switcher's cookie), and the page chrome for a request. */
  accountIdOf: (req: Request) => string;
  isUser: (accountId: string) => boolean;
  chrome: (req: Request) => Chrome;
}

/** Runs one action's Forge function as `accountId`, against this harness's emulator over HTTP. */
export function actionRunner(deps: Pick<AutomationRouteDeps, 'baseUrl' | 'store' | 'now' | 'budgetMs'>) {
  return (key: string, payload: unknown, accountId: string): Promise<ActionOutcome> => {
    const handler = makeActionHandler(key, () => ({
      jira: new JiraClient(fetchTransport({ baseUrl: deps.baseUrl(), headers: { 'X-Refinery-As-User': accountId } }), {
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 2000))),
        deadlineMs: deps.budgetMs,
      }),
      store: deps.store,
      siteUrl: deps.baseUrl(),
      now: deps.now,
    }));
    return handler(payload, { principal: { accountId } });
  };
}

function pre(value: unknown): string {
  return `<pre data-testid="action-json">${esc(JSON.stringify(value, null, 2))}</pre>`;
}

/** What a later rule component sees: `{{prefix.output}}` → value, or the message that stopped the rule. */
function automationResult(spec: ActionSpec, outcome: ActionOutcome): string {
  if (!outcome.ok) {
    return `<section aria-label="Rule stopped" data-testid="rule-stopped"><h2 class="section">The rule stops here</h2>
      <p>Automation marks the action failed, e-mails the rule owner and shows in the audit log:</p>
      <ul>${outcome.errors.map((e) => `<li class="error" data-testid="audit-log-message">${esc(e.message)}</li>`).join('')}</ul></section>`;
  }
  const prefix = smartValuePrefix(spec);
  const rows = Object.keys(spec.outputs)
    .map((name) => {
      const v = (outcome as Record<string, unknown>)[name];
      return `<tr data-testid="smart-value" data-name="${esc(name)}"><td><code>{{${esc(prefix)}.${esc(name)}}}</code></td><td data-testid="smart-value-value">${v === null || v === undefined ? '<span class="muted">empty</span>' : `<pre>${esc(String(v))}</pre>`}</td></tr>`;
    })
    .join('');
  return `<section aria-label="Smart values"><h2 class="section">Smart values for the next rule components</h2>
    <table class="results" aria-label="Smart values"><thead><tr><th>Smart value</th><th>Value</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function actionForm(spec: ActionSpec, values: Record<string, string>, current: boolean): string {
  const fields = Object.entries(spec.inputs)
    .map(
      ([name, input]) => `<p><label for="${esc(`${spec.key}-${name}`)}">${esc(input.title)}${input.required ? ' (required)' : ''}</label><br>
      <input id="${esc(`${spec.key}-${name}`)}" name="${esc(name)}" size="40" value="${esc(current ? (values[name] ?? '') : '')}"> <span class="muted">${esc(input.description)}</span></p>`,
    )
    .join('');
  return `<form method="get" action="/automation" data-testid="action-form" data-action="${esc(spec.key)}" aria-label="${esc(spec.name)}">
    <h2 class="section">${esc(spec.name)}</h2><p class="muted">${esc(spec.description)}</p>
    <input type="hidden" name="action" value="${esc(spec.key)}">${fields}<button type="submit">Run action</button>
    <a href="/automation/configure?action=${encodeURIComponent(spec.key)}">Configure in the rule builder's form</a></form>`;
}

export function registerAutomationRoutes(app: Express, deps: AutomationRouteDeps): void {
  const run = actionRunner(deps);

  app.post('/harness/action', express.json({ limit: '256kb' }), async (req, res) => {
    const { key, payload, accountId } = (req.body ?? {}) as { key?: string; payload?: unknown; accountId?: string };
    if (typeof key !== 'string') return void res.status(400).json({ error: 'key is required' });
    const who = typeof accountId === 'string' && deps.isUser(accountId) ? accountId : deps.accountIdOf(req);
    res.json(await run(key, payload, who));
  });

  app.get('/automation', async (req, res) => {
    const who = deps.accountIdOf(req);
    const chosen = typeof req.query.action === 'string' ? actionSpec(req.query.action) : undefined;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && k !== 'action') values[k] = v;
    let result = '';
    if (chosen) {
      // Automation sends only the configured inputs; an empty form field is an unset input.
      const payload = Object.fromEntries(Object.entries(values).filter(([k, v]) => k in chosen.inputs && v.trim() !== ''));
      const outcome = await run(chosen.key, payload, who);
      result = `<section aria-label="Action result" data-testid="action-result" data-ok="${outcome.ok}"><h2 class="section">${esc(chosen.name)}: ${outcome.ok ? 'succeeded' : 'failed'}</h2>
        <p class="muted">Inputs as Automation passes them: <code>${esc(JSON.stringify(payload))}</code>, run as the rule's connection user.</p>
        ${automationResult(chosen, outcome)}
        <details><summary>The whole result (what a Rovo agent reads)</summary>${pre(outcome)}</details></section>`;
    }
    const left = `<h1>Automation: Refinery actions</h1>
      <p class="muted">Jira Automation lists these in its component picker (manifest <code>automation:actionProvider</code>). Each runs Refinery's own check as the rule's user.</p>
      ${result}${ACTIONS.map((a) => actionForm(a as unknown as ActionSpec, values, chosen?.key === a.key)).join('')}`;
    res.type('html').send(page(deps.chrome(req), { title: 'Automation', path: '/automation', left }));
  });

  // The rule builder's configuration step: the action's Custom UI form (the main bundle, as Forge
  // renders the manifest's `config`); each view.submit keeps the inputs, as the builder does.
  const kept = new Map<string, Record<string, unknown>>();
  const keptKey = (accountId: string, action: string) => `${accountId} ${action}`;
  app.post('/harness/action-config', express.json({ limit: '64kb' }), (req, res) => {
    const { action, inputs } = (req.body ?? {}) as { action?: string; inputs?: unknown };
    const spec = typeof action === 'string' ? actionSpec(action) : undefined;
    if (!spec || !inputs || typeof inputs !== 'object' || Array.isArray(inputs)) return void res.status(400).json({ error: 'action and inputs are required' });
    // As Automation validates a rule: only the declared inputs are kept.
    kept.set(keptKey(deps.accountIdOf(req), spec.key), Object.fromEntries(Object.entries(inputs as Record<string, unknown>).filter(([k]) => k in spec.inputs)));
    res.status(204).end();
  });
  app.get('/automation/configure', (req, res) => {
    const spec = typeof req.query.action === 'string' ? actionSpec(req.query.action) : undefined;
    if (!spec) return void res.redirect('/automation');
    const inputs = kept.get(keptKey(deps.accountIdOf(req), spec.key)) ?? {};
    const left = `<h1>Automation rule builder: ${esc(spec.name)}</h1>
      <p class="muted">The action's configuration form, as the rule builder shows it. Inputs may be smart values such as <code>{{issue.key}}</code>.</p>
      <p><a href="/automation/run-configured?action=${encodeURIComponent(spec.key)}" data-testid="run-configured">Run the action with this configuration</a></p>`;
    res.type('html').send(page(deps.chrome(req), { title: `Configure ${spec.name}`, path: '/automation', module: spec.key, context: { type: 'action', data: { inputs }, errors: { invalidInputs: {} } }, left }));
  });
  app.get('/automation/run-configured', (req, res) => {
    const spec = typeof req.query.action === 'string' ? actionSpec(req.query.action) : undefined;
    if (!spec) return void res.redirect('/automation');
    const inputs = kept.get(keptKey(deps.accountIdOf(req), spec.key)) ?? {};
    res.redirect(`/automation?${new URLSearchParams({ action: spec.key, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, String(v)])) }).toString()}`);
  });

  app.get('/rovo', async (req, res) => {
    const who = deps.accountIdOf(req);
    const index = Number(req.query.starter);
    const chosen = Number.isInteger(index) ? CONVERSATION_STARTERS[index] : undefined;
    const list = CONVERSATION_STARTERS.map(
      (s, i) => `<li data-testid="rovo-starter"><a href="/rovo?starter=${i}">${esc(s.text)}</a> → <code>${esc(s.action)}</code> <code>${esc(JSON.stringify(s.inputs))}</code></li>`,
    ).join('');
    let result = '';
    if (chosen) {
      const outcome = await run(chosen.action, chosen.inputs, who);
      result = `<section aria-label="Action call" data-testid="rovo-call" data-ok="${outcome.ok}"><h2 class="section">${esc(chosen.text)}</h2>
        <p>The agent calls <code data-testid="rovo-call-action">${esc(chosen.action)}</code> with <code>${esc(JSON.stringify(chosen.inputs))}</code> and answers only from this result:</p>
        ${pre(outcome)}</section>`;
    }
    const left = `<h1>Rovo agent: Refinery coach</h1>
      <p class="muted">No model runs locally: each conversation starter shows the action call the agent makes and its real result. The prompt is <code>rovo/coach-prompt.md</code>.</p>
      <ul>${list}</ul>${result}`;
    res.type('html').send(page(deps.chrome(req), { title: 'Rovo agent', path: '/rovo', left }));
  });
}
