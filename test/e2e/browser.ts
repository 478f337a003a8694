import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { startHarness, type HarnessOptions, type RunningHarness } from '../../dev/harness/server';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Without the background-networking flags Chromium tries hosts this sandbox cannot reach.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The Custom UI iframe of a harness page, once the app inside has rendered `testId`. */
export async function appFrame(page: Page, testId: string): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-testid="app-frame"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the app iframe has no frame');
  await frame.waitForSelector(`[data-testid="${testId}"]`, { timeout: 30000 });
  return frame;
}

/**
 * The shared set-up of a browser test file: a harness on the given train (port 0), one Chromium for
 * the file, a fresh context per test (axe-core needs explicit contexts), faults cleared after each
 * test. Returns live accessors, valid inside tests.
 */
export function browserHarness(data: DataSet, now: Date, options: Partial<HarnessOptions> = {}) {
  const s = {} as { h: RunningHarness; browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    s.h = await startHarness({ data, port: 0, now: () => now, ...options });
    s.browser = await launchChromium();
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.h?.close();
  });
  beforeEach(async () => {
    s.context = await s.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    s.page = await s.context.newPage();
  });
  afterEach(async () => {
    s.h.emulator.faults.clear();
    await s.context.close();
  });
  return {
    get h() {
      return s.h;
    },
    get page() {
      return s.page;
    },
    /** Opens `path` as `user` (the harness's user switcher). */
    as: (user: string, path: string) => s.page.goto(`${s.h.url}/harness/user?accountId=${encodeURIComponent(user)}&back=${encodeURIComponent(path)}`),
    /** axe-core over the page and the app's iframe: the serious and critical violations. */
    async axeSeriousOrCritical(): Promise<string[]> {
      const results = await new AxeBuilder({ page: s.page }).analyze();
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    },
  };
}

/**
 * Picks the option labelled `label` in an Atlaskit Select the app wraps in `[data-testid=testId]`
 * (static/src/components/Choice.tsx) the way a keyboard user does: type to filter, Enter to choose.
 * Waits until the wrapper's `data-value` is `value`, so a pick that did not land fails here.
 */
export async function choose(app: Frame, testId: string, label: string, value = label): Promise<void> {
  const radios = app.locator(`[data-testid="${testId}"][role="radiogroup"]`);
  if (await radios.count()) {
    // A short scale drawn as Atlaskit radios (static/src/components/ScalePick.tsx): the one labelled `label`.
    await radios.getByRole('radio', { name: label, exact: true }).check();
  } else {
    const input = app.locator(`[data-testid="${testId}"] input:not([type="hidden"])`);
    await input.click();
    await input.pressSequentially(label);
    await input.press('Enter');
  }
  await app.waitForSelector(`[data-testid="${testId}"][data-value="${value}"]`, { timeout: 10_000 });
}

/** The value an Atlaskit Select wrapped by Choice holds ('' when none). */
export async function chosen(app: Frame, testId: string): Promise<string | null> {
  return app.getAttribute(`[data-testid="${testId}"]`, 'data-value');
}

/** The keys Jira's issue search (the harness page) lists for each href, in order. */
export async function keysOpened(page: Page, hrefs: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const href of hrefs) {
    await page.goto(href);
    await page.waitForSelector('[data-testid="issue-count"]');
    keys.push(...(await page.$$eval('table.results tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''))));
  }
  return keys;
}
