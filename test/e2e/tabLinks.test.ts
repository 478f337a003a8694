/**
 * Issue 16: the Overview's, the Improvement and PI planning tabs' long key lists come on demand as the Quality tab's
 * do, in a real browser (Debian's Chromium), on a demo train 8 times the default (3,589 issues: the
 * smallest where both tabs leave lists out). Pointing at "N parts" loads them from getFigureLinks
 * (with the tab and its PI) and each part opens exactly the issues behind the count in the
 * harness's issue search.
 */
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness, keysOpened } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW, scale: 8 });

jest.setTimeout(240_000);

const t = browserHarness(data, NOW);

async function openTab(name: string, content: string): Promise<Frame> {
  await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  await app.getByRole('tab', { name, exact: true }).click();
  await app.waitForSelector(content, { timeout: 60_000 });
  return app;
}

/** Hovers the first "N parts" button of `scope` naming its issues; returns N, that count, and the parts' hrefs once loaded. */
async function loadFirstParts(app: Frame, scope: string) {
  // One whose label names the issues it opens (a list of points names its points, not its issues).
  const button = app.locator(`${scope} button[aria-label$="parts, load the links"][aria-label*=" issues"]`).first();
  await button.waitFor({ timeout: 60_000 });
  const label = (await button.getAttribute('aria-label'))!;
  const parts = Number(/: (\d+) parts, load the links$/.exec(label)![1]);
  // The issues the list opens, as the label names them: "N issues: …", "All N issues counted …", "… (the N issues carrying them)".
  const named = /\(the ([\d,]+) issues? carrying them\)/.exec(label) ?? /^(?:All |The )?([\d,]+) issues?\b/.exec(label);
  const count = named ? Number(named[1].replace(/,/g, '')) : NaN;
  // The span around the button stays when the parts replace it (the same element, new children).
  const wrapper = (await button.evaluateHandle((b) => b.parentElement!)).asElement()!;
  await button.hover();
  await app.waitForFunction((w) => !w.querySelector('button') && w.querySelectorAll('a').length > 0, wrapper, { timeout: 30_000 });
  const hrefs = await wrapper.$$eval('a', (els) => els.filter((e) => /^part \d+\/\d+$/.test(e.textContent ?? '')).map((e) => (e as HTMLAnchorElement).href));
  return { parts, count, label, hrefs };
}

/** Loads the first "N parts" of `scope` (more than the inline 2) and opens them: together exactly the count the label names. Returns that count. */
async function partsOpenTheCount(app: Frame, scope: string): Promise<number> {
  const { parts, count, label, hrefs } = await loadFirstParts(app, scope);
  expect(parts).toBeGreaterThan(2);
  expect(hrefs).toHaveLength(parts);
  const keys = await keysOpened(t.page, hrefs);
  expect({ label, opened: keys.length, distinct: new Set(keys).size }).toEqual({ label, opened: count, distinct: count });
  return count;
}

describe('long key lists on demand beyond the Quality tab', () => {
  it('Overview: a card\'s parts load from the stored view; together they open exactly the issues it counts', async () => {
    await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'project-page');
    await app.waitForSelector('[data-testid="metric-card-readinessRate"]', { timeout: 120_000 });
    await partsOpenTheCount(app, 'ul[aria-label="Health metrics"]');
  });

  it('PI planning: pointing at a count\'s parts loads them; together they open exactly its stories', async () => {
    const app = await openTab('PI planning', '[data-testid="pi-planning-tab"]');
    expect(await partsOpenTheCount(app, '[data-testid="pi-planning-tab"]')).toBeGreaterThan(100);
  });

  it('Improvement: the I&A summary\'s counts load their parts the same way', async () => {
    const app = await openTab('Improvement', '[data-testid="ia-summary"]');
    await partsOpenTheCount(app, '[data-testid="ia-summary"]');
  });
});
