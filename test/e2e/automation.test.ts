/**
 * Issue 19 in a real browser: on the harness's Automation page a POPM runs "Check story readiness"
 * on a not-ready story and gets, as smart values, the findings the story panel shows; the rule
 * builder's configuration form (Custom UI) keeps its inputs and the action runs with them; a bad key
 * stops the rule with the audit-log sentence; the Rovo page's first starter shows its action call
 * and that call's real result.
 */
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import type { ActionOutcome } from '../../src/app/actions/run';
import type { SprintReadinessActionResult } from '../../src/app/actions/catalog';
import { CONVERSATION_STARTERS } from '../../src/app/actions/coachPrompt';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);

/** A not-ready story of the next sprints, found through the action endpoint (not from the page under test). */
async function notReadyStory(): Promise<string> {
  const res = await fetch(`${t.h.url}/harness/action`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: 'refinery-check-sprint-readiness', payload: { sprint: 'next', projectKey: 'ART' }, accountId: DEMO.users.popm }),
  });
  const out = (await res.json()) as ActionOutcome;
  if (!out.ok) throw new Error(out.error.message);
  const key = (out.data as SprintReadinessActionResult).sprints.flatMap((s) => s.notReady).find((n) => n.findings.length >= 2)?.issue.key;
  if (!key) throw new Error('the demo has no not-ready story with two findings');
  return key;
}

const smartValue = (name: string) => t.page.locator(`[data-testid="smart-value"][data-name="${name}"] [data-testid="smart-value-value"]`).innerText();

describe('harness Automation page', () => {
  it('"Check story readiness" on a not-ready story: the smart values carry the story panel\'s findings', async () => {
    const key = await notReadyStory();
    await t.as(DEMO.users.popm, '/automation');
    const form = t.page.locator('[data-testid="action-form"][data-action="refinery-check-story-readiness"]');
    await form.getByLabel('Story key').fill(key);
    await form.getByRole('button', { name: 'Run action' }).click();
    await t.page.waitForSelector('[data-testid="action-result"][data-ok="true"]');
    expect(await smartValue('issueKey')).toBe(key);
    expect(await smartValue('ready')).toBe('false');
    expect(await t.page.locator('[data-testid="smart-value"][data-name="ready"] code').innerText()).toBe('{{fetchedRefineryReadiness.ready}}');
    const lines = (await smartValue('findings')).split('\n').filter(Boolean);
    expect(await smartValue('findingCount')).toBe(String(lines.length));
    expect(await t.axeSeriousOrCritical()).toEqual([]);

    // The same story's panel, in the issue view.
    await t.page.goto(`${t.h.url}/browse/${key}`);
    const app = await appFrame(t.page, 'finding');
    const findings = app.locator('[data-testid="finding"]');
    const rules = await findings.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
    const hints = await app.locator('[data-testid="finding"] [data-testid="finding-hint"]').allInnerTexts();
    expect(rules.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((l) => /^\[\w+\] ([\w-]+):/.exec(l)?.[1])).toEqual(rules);
    expect(hints).toHaveLength(rules.length);
    hints.forEach((h, i) => expect(lines[i]).toContain(h.replace(/^How to fix:\s*/, '').trim()));
  });

  it('the rule builder\'s configuration form (Custom UI) keeps the inputs with view.submit; the action runs with them', async () => {
    const key = await notReadyStory();
    await t.as(DEMO.users.popm, '/automation/configure?action=refinery-check-story-readiness');
    const app = await appFrame(t.page, 'action-config');
    expect(await app.locator('label[for="action-input-issueKey"]').innerText()).toBe('Story key (required)');
    const kept = t.page.waitForResponse((r) => r.url().endsWith('/harness/action-config') && r.status() === 204);
    await app.fill('[data-testid="action-input-issueKey"]', key);
    await kept;
    await t.page.click('[data-testid="run-configured"]');
    await t.page.waitForSelector('[data-testid="action-result"][data-ok="true"]');
    expect(await smartValue('issueKey')).toBe(key);
    expect(await smartValue('ready')).toBe('false');
  });

  it('a bad story key stops the rule with the sentence the rule owner reads in the audit log', async () => {
    await t.as(DEMO.users.popm, '/automation?action=refinery-check-story-readiness&issueKey=not+a+key');
    await t.page.waitForSelector('[data-testid="action-result"][data-ok="false"]');
    const msg = await t.page.locator('[data-testid="audit-log-message"]').innerText();
    expect(msg).toMatch(/^Refinery "Check story readiness \(Refinery\)" failed \(BAD_REQUEST\): .*must be an issue key such as ART-123/);
  });

  it('the Rovo page: each starter with its action call; the first runs and shows its real result', async () => {
    await t.as(DEMO.users.popm, '/rovo');
    const starters = t.page.locator('[data-testid="rovo-starter"]');
    expect(await starters.count()).toBe(CONVERSATION_STARTERS.length);
    await starters.first().getByRole('link').click();
    await t.page.waitForSelector('[data-testid="rovo-call"][data-ok="true"]');
    expect(await t.page.locator('[data-testid="rovo-call-action"]').innerText()).toBe(CONVERSATION_STARTERS[0].action);
    const result = JSON.parse(await t.page.locator('[data-testid="action-json"]').innerText()) as ActionOutcome;
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.data as SprintReadinessActionResult).sprints.length).toBe(DEMO.teams.length);
  });
});
