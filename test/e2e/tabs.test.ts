/**
 * The project page's tabs in a real browser (issue 16: a tab switch as quick as a native app's):
 * the tabs' code is asked for while the page sits idle after drawing, before any tab is clicked;
 * pointing at a tab asks for its code; the team and sprint sections show their placeholder until
 * their rows arrive, then the tables; the WSJF table shows its first page of several.
 */
import type { Request, Route } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
const PAGE = `/projects/${DEMO.projectKey}/refinery`;
const TAB_CHUNKS = ['WsjfTab', 'QualityTab', 'DependenciesTab', 'ImprovementTab', 'PiPlanningTab'];
const chunkOf = (r: Request) => /\/assets\/([A-Za-z]+)-[\w-]+\.js$/.exec(new URL(r.url()).pathname)?.[1];

describe('project page tabs', () => {
  it('asks for every tab chunk once the page has drawn, before any tab is clicked, and a click then loads no tab code', async () => {
    const requested: string[] = [];
    t.page.on('request', (r) => {
      const c = chunkOf(r);
      if (c) requested.push(c);
    });
    await t.as(DEMO.users.popm, PAGE);
    const app = await appFrame(t.page, 'team-table');
    // The prefetch runs in idle periods after the charts have painted: wait for all five requests.
    await app.waitForSelector('[data-testid="sprint-table"]');
    for (let i = 0; i < 100 && !TAB_CHUNKS.every((c) => requested.includes(c)); i++) await t.page.waitForTimeout(100);
    expect(TAB_CHUNKS.filter((c) => !requested.includes(c))).toEqual([]);
    expect(await app.getByRole('tab', { name: 'Overview', exact: true }).getAttribute('aria-selected')).toBe('true');

    const before = requested.length;
    await app.getByRole('tab', { name: 'WSJF', exact: true }).click();
    await app.waitForSelector('[role="tabpanel"] [data-testid="wsjf-table"]');
    expect(requested.slice(before).filter((c) => TAB_CHUNKS.includes(c))).toEqual([]);
    // Back to the Overview: still mounted, its tables at once (no spinner, no new call).
    await app.getByRole('tab', { name: 'Overview', exact: true }).click();
    expect(await app.locator('[role="tabpanel"]:not([hidden]) [data-testid="team-table"]').count()).toBe(1);
    expect(await app.locator('[role="tabpanel"]:not([hidden]) [data-testid="loading"]').count()).toBe(0);
  });

  it('asks for a tab chunk when a person points at the tab, before the page has finished drawing', async () => {
    // Hold the team and sprint rows: the page stays undrawn, so no idle prefetch has run.
    const held: Route[] = [];
    await t.page.route('**/harness/invoke', (route) => {
      if ((route.request().postDataJSON() as { functionKey?: string }).functionKey === 'getProjectOverviewTables') held.push(route);
      else void route.continue();
    });
    const requested: string[] = [];
    t.page.on('request', (r) => {
      const c = chunkOf(r);
      if (c) requested.push(c);
    });
    await t.as(DEMO.users.popm, PAGE);
    const app = await appFrame(t.page, 'metric-card-readinessRate');
    for (let i = 0; i < 100 && !held.length; i++) await t.page.waitForTimeout(100);
    expect(held.length).toBe(1);

    // The placeholders of the deferred sections, with their headings, and no tables yet.
    expect(await app.locator('section:has(#teams-heading) [data-testid="loading"]').textContent()).toContain('Loading teams');
    expect(await app.locator('section:has(#sprints-heading) [data-testid="loading"]').textContent()).toContain('Loading closed sprints');
    expect(await app.locator('[data-testid="team-table"], [data-testid="sprint-table"]').count()).toBe(0);
    expect(requested.filter((c) => TAB_CHUNKS.includes(c))).toEqual([]);

    await app.getByRole('tab', { name: 'Dependencies', exact: true }).hover();
    for (let i = 0; i < 100 && !requested.includes('DependenciesTab'); i++) await t.page.waitForTimeout(100);
    expect(requested).toContain('DependenciesTab');
    expect(requested).not.toContain('ImprovementTab');

    // The rows arrive: the tables replace the placeholders.
    await held[0].continue();
    await app.waitForSelector('[data-testid="team-table"] table');
    await app.waitForSelector('[data-testid="sprint-table"] table');
    expect(await app.locator('section:has(#teams-heading) [data-testid="loading"]').count()).toBe(0);
  });

  it('shows the WSJF table one page at a time: page 1 of several', async () => {
    await t.as(DEMO.users.popm, PAGE);
    const app = await appFrame(t.page, 'project-page');
    await app.getByRole('tab', { name: 'WSJF', exact: true }).click();
    await app.waitForSelector('[data-testid="wsjf-table"] tbody tr');
    // The demo's train has 30 open features: 25 on page 1, the rest on page 2.
    expect(await app.locator('[data-testid="wsjf-table"] tbody tr').count()).toBe(25);
    const pages = app.locator('[data-testid="wsjf-table"] nav button[aria-label^="Page "]');
    expect(await pages.count()).toBeGreaterThanOrEqual(2);
    expect(await app.locator('[data-testid="wsjf-table"] nav button[aria-label="Page 1"]').getAttribute('aria-current')).toBe('page');
  });

  it("starts a tab's first resolver call on the press, before the click, and the tab uses that answer: one call per tab", async () => {
    const calls: string[] = [];
    t.page.on('request', (r) => {
      if (r.url().endsWith('/harness/invoke')) calls.push((r.postDataJSON() as { functionKey?: string }).functionKey ?? '');
    });
    await t.as(DEMO.users.popm, PAGE);
    const app = await appFrame(t.page, 'team-table');
    const tabs: [string, string, string][] = [
      ['WSJF', 'getWsjfTable', 'wsjf-table'],
      ['Quality', 'getQualitySummary', 'quality-tab'],
      ['Dependencies', 'getDependencies', 'dependency-matrix'],
      ['Improvement', 'getImprovement', 'improvement-tab'],
      ['PI planning', 'getPiPlanning', 'pi-planning-tab'],
    ];
    for (const [name, functionKey, testId] of tabs) {
      const tab = app.getByRole('tab', { name, exact: true });
      const box = (await tab.boundingBox())!;
      await t.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await t.page.mouse.down();
      // Pressed, not yet clicked: the call has left and the tab is not selected yet.
      for (let i = 0; i < 100 && !calls.includes(functionKey); i++) await t.page.waitForTimeout(20);
      expect(`${name}: ${calls.filter((c) => c === functionKey).length} call(s), selected ${await tab.getAttribute('aria-selected')}`).toBe(`${name}: 1 call(s), selected false`);
      await t.page.mouse.up();
      await app.waitForSelector(`[role="tabpanel"] [data-testid="${testId}"]`, { timeout: 30_000 });
      expect(await tab.getAttribute('aria-selected')).toBe('true');
    }
    // Each tab opened once made its call once (the tab took the press's answer), and opening them again makes none.
    for (const [name] of tabs) await app.getByRole('tab', { name, exact: true }).click();
    await t.page.waitForTimeout(300);
    expect(tabs.map(([, k]) => `${k} ×${calls.filter((c) => c === k).length}`)).toEqual(tabs.map(([, k]) => `${k} ×1`));
  });
});
