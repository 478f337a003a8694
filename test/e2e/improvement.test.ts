/**
 * Dependencies and continuous improvement in a real browser (Debian's Chromium via playwright-core):
 * the team matrix, at-risk list and feature graph; a pattern turned into an improvement item and
 * then shown as being worked on; the Inspect & Adapt summary of an earlier PI.
 */
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
const { as } = t;
const axeSeriousOrCritical = () => t.axeSeriousOrCritical();

async function openTab(user: string, tab: RegExp, testId: string) {
  await as(user, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  await app.getByRole('tab', { name: tab }).click();
  await app.waitForSelector(`[data-testid="${testId}"]`, { timeout: 30_000 });
  return app;
}

/** Picks an option of an Atlaskit select as a keyboard user does: type its name, press Enter. */
async function choose(app: Frame, inputId: string, label: string) {
  await app.fill(`#${inputId}`, label);
  await app.press(`#${inputId}`, 'Enter');
}

describe('Dependencies tab', () => {
  it('shows the team matrix with at-risk cells marked in words, the at-risk list with explanations and the feature graph', async () => {
    const app = await openTab(DEMO.users.popm, /Dependencies/, 'dependencies-tab');
    const cells = await app.$$eval('[data-testid^="matrix-cell-"]', (els) => els.map((e) => ({ count: Number(e.getAttribute('data-count')), atRisk: Number(e.getAttribute('data-at-risk') ?? 0), text: e.textContent ?? '' })));
    expect(cells.reduce((n, c) => n + c.count, 0)).toBeGreaterThanOrEqual(20);
    const risky = cells.filter((c) => c.atRisk > 0);
    expect(risky.length).toBeGreaterThan(0);
    // Not colour only: every at-risk cell says so.
    for (const c of risky) expect(c.text).toMatch(new RegExp(`at risk: ${c.atRisk} pairs? · \\d+ issues?`));
    const atRiskTotal = risky.reduce((n, c) => n + c.atRisk, 0);
    expect(await app.$$eval('[data-testid="at-risk-dependency"]', (els) => els.length)).toBe(atRiskTotal);
    const first = await app.textContent('[data-testid="at-risk-dependency"]');
    expect(first).toMatch(/ART-\d+ \(team \w+\) (is not planned in any sprint yet|is planned for .+ after|was left undone in)/);
    // The graph draws feature nodes.
    await app.waitForSelector('[data-testid="feature-graph"] [data-testid="graph-node"]');
    expect(await app.$$eval('[data-testid="graph-node"]', (els) => els.length)).toBeGreaterThan(5);
    expect(await axeSeriousOrCritical()).toEqual([]);

    // The at-risk pairs link opens exactly the issues on both ends of those pairs.
    const issues = Number(await app.textContent('[data-testid="at-risk-figure-n"]'));
    expect(issues).toBeGreaterThan(0);
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), app.click('a[data-testid="at-risk-figure-numerator"]')]);
    const shown = await t.page.textContent('[data-testid="issue-count"]');
    expect(Number(shown!.split(' ')[0])).toBe(issues);
  });
});

describe('Improvement tab', () => {
  it('turns a pattern into an improvement item and then shows it as being worked on', async () => {
    const app = await openTab(DEMO.users.popm, /Improvement/, 'improvement-tab');
    expect(await app.$$eval('[data-testid^="pi-row-"]', (els) => els.length)).toBe(2);
    expect(await app.$$eval('[data-testid="carried-item"]', (els) => els.length)).toBe(3);
    const card = app.locator('[data-testid="pattern"][data-pattern-id="ac-missing:nebula"]');
    await card.waitFor();
    expect(await card.getAttribute('data-tracking')).toBe('untracked');
    expect(await card.textContent()).toMatch(/Team Nebula: \d+% of stories lack acceptance criteria over the last 3 sprints\./);
    expect(await axeSeriousOrCritical()).toEqual([]);

    await card.locator('[data-testid="create-improvement"]').click();
    const tracked = app.locator('[data-testid="pattern"][data-pattern-id="ac-missing:nebula"][data-tracking="in-progress"]');
    await tracked.waitFor({ timeout: 30_000 });
    const text = (await tracked.locator('[data-testid="pattern-tracked"]').textContent())!;
    expect(text).toMatch(/Being worked on/);
    const key = /ART-\d+/.exec(text)![0];

    // A real Jira issue, created as the POPM, with the labels and the evidence link.
    const issue = t.h.emulator.data.issues.find((i) => i.key === key)!;
    expect(issue.fields.labels).toEqual(expect.arrayContaining(['improvement', 'retrospective', 'pattern-ac-missing-nebula']));
    expect(JSON.stringify(issue.fields.description)).toContain('/issues/?jql=');
    expect(t.h.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue').map((r) => r.actor)).toEqual([DEMO.users.popm]);

    // Reloading the page still shows it tracked (read back from Jira, not from the click).
    const again = await openTab(DEMO.users.popm, /Improvement/, 'improvement-tab');
    await again.locator('[data-testid="pattern"][data-pattern-id="ac-missing:nebula"][data-tracking="in-progress"]').waitFor();
  });

  it('does not offer creation to a user without Create Issues, and says why', async () => {
    const app = await openTab(DEMO.users.restricted, /Improvement/, 'improvement-tab');
    await app.locator('[data-testid="pattern"]').first().waitFor();
    // The reason is said once for the page, not once per pattern (issue 17).
    expect(await app.locator('[data-testid="create-not-allowed"]').allTextContents()).toEqual([expect.stringMatching(/Create Issues permission/)]);
    const buttons = await app.$$eval('[data-testid="create-improvement"]', (els) => els.map((e) => (e as HTMLButtonElement).disabled));
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.every(Boolean)).toBe(true);
  });

  it('shows the feedback loop and the Inspect & Adapt summary of an earlier PI with its Markdown', async () => {
    const app = await openTab(DEMO.users.popm, /Improvement/, 'improvement-tab');
    await app.waitForSelector('[data-testid="feedback-chart"] svg');
    await choose(app, 'feedback-team', 'Nebula');
    await app.waitForSelector('[data-testid="feedback-marker"]');
    expect(await app.textContent('[data-testid="feedback-table"] caption')).toContain('Nebula');

    await choose(app, 'ia-pi', DEMO.labels.earlierPi);
    await app.waitForFunction((pi) => document.querySelector('[data-testid="ia-metrics"] caption')?.textContent?.startsWith(pi), DEMO.labels.earlierPi);
    // The demo tracks PI objectives: predictability is actual over planned business value.
    expect(await app.textContent('[data-testid="ia-metric-predictability"]')).toMatch(/\d+%.*Actual business value \d+ of \d+ planned/);
    expect(await app.textContent('[data-testid="ia-metric-acceptance"]')).toMatch(/\d+%.*committed stories accepted/);
    const md = await app.textContent('[data-testid="ia-markdown"]');
    expect(md).toContain(`# Inspect & Adapt: ${DEMO.labels.earlierPi} (${DEMO.projectKey})`);
  });
});
