/**
 * Numbers an ART lead can trust, in a real browser (Debian's Chromium via playwright-core): a number
 * on the project page is clicked and the harness's Jira issue search must list exactly as many
 * issues as the number said — for an Overview card, a team-table cell, a sprint-row cell, a
 * dependency-matrix cell and an improvement count, plus a rate's denominator ("of d") and a
 * figure whose key list is split into several links.
 */
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);

async function projectPage(tab?: RegExp, testId?: string): Promise<Frame> {
  await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  if (tab && testId) {
    await app.getByRole('tab', { name: tab }).click();
    await app.waitForSelector(`[data-testid="${testId}"]`, { timeout: 30_000 });
  }
  return app;
}

/** The number a person reads in a figure (`<testId>-n`, or `-d` for the denominator). */
async function shownNumber(app: Frame, selector: string): Promise<number> {
  const text = (await app.textContent(selector))?.trim() ?? '';
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

/** The first figure under `prefix` whose shown number is above zero: its test id. */
async function firstNonZero(app: Frame, cssPrefix: string): Promise<string> {
  const candidates = await app.$$eval(`[data-testid^="${cssPrefix}"][data-testid$="-n"]`, (els) => els.map((e) => ({ id: e.getAttribute('data-testid')!, n: Number(e.textContent) })));
  expect(candidates.length).toBeGreaterThan(0);
  const hit = candidates.find((c) => c.n > 0);
  expect(hit).toBeDefined();
  return hit!.id.replace(/-n$/, '');
}

/** Clicks the link and counts the rows Jira's issue search lists (the harness's search page). */
async function rowsAfterClicking(app: Frame, linkSelector: string): Promise<number> {
  const link = await app.waitForSelector(linkSelector);
  await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), link.click()]);
  await t.page.waitForSelector('[data-testid="issue-count"]');
  const rows = await t.page.$$eval('table.results tbody tr', (trs) => trs.length);
  const said = Number((await t.page.textContent('[data-testid="issue-count"]'))!.split(' ')[0]);
  expect(said).toBe(rows);
  return rows;
}

/** The number shown, clicked: the search lists exactly that many issues. */
async function expectDrillDownMatches(app: Frame, figureTestId: string) {
  const shown = await shownNumber(app, `[data-testid="${figureTestId}-n"]`);
  // Above zero first, so an empty search page cannot pass for a match.
  expect(shown).toBeGreaterThan(0);
  expect(await rowsAfterClicking(app, `a[data-testid="${figureTestId}-numerator"]`)).toBe(shown);
}

describe('every number opens exactly the issues it counts', () => {
  it('an Overview card: the readiness numerator', async () => {
    const app = await projectPage();
    await app.waitForSelector('[data-testid="metric-card-readinessRate"]');
    await expectDrillDownMatches(app, 'card-figure-readinessRate');
  });

  it('an Overview card: a rate\'s denominator ("of d")', async () => {
    const app = await projectPage();
    await app.waitForSelector('[data-testid="metric-card-readinessRate"]');
    const d = await shownNumber(app, '[data-testid="card-figure-readinessRate-d"]');
    expect(d).toBeGreaterThan(0);
    expect(await rowsAfterClicking(app, 'a[data-testid="card-figure-readinessRate-denominator"]')).toBe(d);
  });

  it('a team-table cell', async () => {
    const app = await projectPage();
    await app.waitForSelector('[data-testid="team-table"]');
    const id = await firstNonZero(app, 'team-figure-');
    await expectDrillDownMatches(app, id);
  });

  it('a closed-sprint row cell: committed at start and accepted', async () => {
    const app = await projectPage();
    await app.waitForSelector('[data-testid="sprint-table"]');
    const id = await firstNonZero(app, 'sprint-figure-committedAccepted-');
    await expectDrillDownMatches(app, id);
  });

  it('a dependency-matrix cell: the issues on both ends of its pairs', async () => {
    const app = await projectPage(/Dependencies/, 'dependency-matrix');
    const id = await firstNonZero(app, 'matrix-figure-');
    // The cell counts pairs; its link opens the issues on both ends, and says how many.
    expect(await app.textContent(`[data-testid="${id}"]`)).toMatch(/\d+ pairs? · \d+ issues?/);
    await expectDrillDownMatches(app, id);
  });

  it('a figure whose key list is split into parts: the parts together list exactly its issues, each once', async () => {
    const app = await projectPage();
    await app.waitForSelector('[data-testid="team-table"]');
    const split = await app.$$eval('[data-testid$="-numerator-parts"]', (els) => els.map((e) => e.getAttribute('data-testid')!));
    expect(split.length).toBeGreaterThan(0);
    const id = split[0].replace(/-numerator-parts$/, '');
    const shown = await shownNumber(app, `[data-testid="${id}-n"]`);
    const hrefs = await app.$$eval(`[data-testid="${id}-numerator-part"]`, (els) => els.map((e) => (e as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(1);
    const keys: string[] = [];
    for (const href of hrefs) {
      await t.page.goto(href);
      await t.page.waitForSelector('[data-testid="issue-count"]');
      keys.push(...(await t.page.$$eval('table.results tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''))));
    }
    expect(keys.length).toBe(shown);
    expect(new Set(keys).size).toBe(shown);
  });

  it('an improvement count: items created in a PI', async () => {
    const app = await projectPage(/Improvement/, 'pi-table');
    const id = await firstNonZero(app, 'pi-figure-created-');
    await expectDrillDownMatches(app, id);
  });
});
