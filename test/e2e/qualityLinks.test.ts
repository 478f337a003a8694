/**
 * Issue 16: the Quality tab's long key lists come on demand (getFigureLinks) in a real browser
 * (Debian's Chromium): pointing at "3 parts" loads them and each part opens exactly the counted
 * issues in the harness's issue search; a keyboard user gets them on focus (focus moves to the first
 * part, Enter opens it); a failed call says so in a sentence and the next try loads them.
 */
import type { Frame, Route } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness, keysOpened } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);

async function qualityTab(): Promise<Frame> {
  await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  await app.getByRole('tab', { name: /Quality/ }).click();
  await app.waitForSelector('[data-testid="quality-pass"]', { timeout: 30_000 });
  return app;
}

describe('Quality tab: key lists on demand', () => {
  it('pointing at the pass rate\'s "of N" parts loads them; together they open exactly the N stories', async () => {
    const app = await qualityTab();
    const load = app.locator('[data-testid="quality-pass-denominator-load"]');
    expect(await load.textContent()).toMatch(/^\d+ parts$/);
    const parts = Number((await load.textContent())!.split(' ')[0]);
    expect(parts).toBeGreaterThan(2);
    const shown = Number(await app.textContent('[data-testid="quality-pass-d"]'));
    expect(shown).toBeGreaterThan(200);
    await load.hover();
    await app.waitForSelector('[data-testid="quality-pass-denominator-part"]');
    const hrefs = await app.$$eval('[data-testid="quality-pass-denominator-part"]', (els) => els.map((e) => (e as HTMLAnchorElement).href));
    expect(hrefs).toHaveLength(parts);
    for (const href of hrefs) expect(href).toMatch(new RegExp(`^${t.h.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/issues/?\\?jql=key(%20|\\+)in`));
    // The number still reads the same after the links came.
    expect(Number(await app.textContent('[data-testid="quality-pass-d"]'))).toBe(shown);
    const keys = await keysOpened(t.page, hrefs);
    expect(keys.length).toBe(shown);
    expect(new Set(keys).size).toBe(shown);
  });

  it('a keyboard user: focus loads a rule\'s parts, focus moves to part 1, Enter opens it in the issue search', async () => {
    const app = await qualityTab();
    const load = app.locator('[data-testid^="quality-rule-"][data-testid$="-denominator-load"]').first();
    await load.waitFor();
    const id = (await load.getAttribute('data-testid'))!.replace(/-denominator-load$/, '');
    await load.focus();
    await app.waitForSelector(`[data-testid="${id}-denominator-part"]`);
    const focused = await app.evaluate(() => ({ testId: document.activeElement?.getAttribute('data-testid'), href: (document.activeElement as HTMLAnchorElement | null)?.href }));
    expect(focused.testId).toBe(`${id}-denominator-part`);
    const first = await app.getAttribute(`[data-testid="${id}-denominator-part"] >> nth=0`, 'href');
    expect(focused.href).toBe(first);
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), t.page.keyboard.press('Enter')]);
    expect(decodeURIComponent(t.page.url()).replace(/\+/g, ' ')).toContain(decodeURIComponent(first!.split('jql=')[1]).replace(/\+/g, ' '));
    await t.page.waitForSelector('[data-testid="issue-count"]');
    expect(await t.page.$$eval('table.results tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
  });

  it('a failed call says why in a sentence; the next click loads the links', async () => {
    const app = await qualityTab();
    const fail = (route: Route) => (route.request().postDataJSON()?.functionKey === 'getFigureLinks' ? route.fulfill({ status: 502, body: 'Bad gateway' }) : route.fallback());
    await t.page.context().route('**/harness/invoke', fail);
    await app.click('[data-testid="quality-pass-denominator-load"]');
    const error = await app.waitForSelector('[data-testid="quality-pass-denominator-links-error"]');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/^The links could not be loaded: Refinery could not reach its backend/);
    expect(await app.$('[data-testid="quality-pass-denominator-part"]')).toBeNull();
    await t.page.context().unroute('**/harness/invoke', fail);
    await app.click('[data-testid="quality-pass-denominator-load"]');
    await app.waitForSelector('[data-testid="quality-pass-denominator-part"]');
    expect(await app.$('[data-testid="quality-pass-denominator-links-error"]')).toBeNull();
  });
});
