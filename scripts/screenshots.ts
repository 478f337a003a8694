/**
 * `npm run screenshots`: starts the harness on the demo train and writes the README screenshots
 * (docs/screenshots/*.png) as a person sees the pages in the local harness, at 1440×900 (issue 17):
 * the project page (Overview, each other tab, the PI planning list view), the story and feature panels,
 * the settings page and a refused save on it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { generateDemoTrain, DEMO } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import { appFrame, launchChromium } from '../test/e2e/browser';

/** The app rendered past its loading state with nothing in flight. */
async function settled(page: Page, testId: string): Promise<Frame> {
  const app = await appFrame(page, testId);
  await app.waitForFunction(() => !document.querySelector('[data-testid="loading"]'), undefined, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  return app;
}

async function main() {
  const out = path.resolve(__dirname, '../docs/screenshots');
  mkdirSync(out, { recursive: true });
  const data = generateDemoTrain();
  const harness = await startHarness({ data, port: 0 });
  const browser = await launchChromium();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${harness.url}/harness/user?accountId=${DEMO.users.popm}&back=/projects/${DEMO.projectKey}/refinery`);
    const app = await settled(page, 'team-table');
    await shot(page, 'project-page');
    // Each other tab of the project page, named after it (wsjf, quality, dependencies, improvement, pi-planning).
    for (const name of (await app.getByRole('tab').allTextContents()).slice(1)) {
      await app.getByRole('tab', { name }).click();
      await app.waitForFunction(() => !document.querySelector('[data-testid="loading"]'), undefined, { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await shot(page, `project-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`);
    }
    // The PI planning tab's list view (the board as headings and tables).
    await app.getByRole('tab', { name: /PI planning/ }).click();
    await app.click('[data-testid="pi-view-list"]');
    await app.waitForSelector('[data-testid="pi-list"]');
    await shot(page, 'project-pi-planning-list');

    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.properties?.['refinery.wsjf'])!;
    await page.goto(`${harness.url}/browse/${feature.key}`);
    await settled(page, 'feature-panel');
    await shot(page, 'feature-panel');

    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.summary.length < 120)!;
    await page.goto(`${harness.url}/browse/${story.key}`);
    await settled(page, 'story-panel');
    await shot(page, 'story-panel');

    await page.goto(`${harness.url}/harness/user?accountId=${encodeURIComponent(DEMO.users.admin)}&back=/admin/refinery`);
    const admin = await settled(page, 'admin-page');
    await shot(page, 'admin-page');
    // A refused save: the server's message by each wrong value (nothing is stored).
    await admin.fill('[data-testid="setting-wsjfScale"]', '1, 2, 2, 5');
    await admin.click('[data-testid="settings-save"]');
    await admin.waitForSelector('[data-testid="field-error"]');
    await shot(page, 'admin-page-refused-save');
    console.log(`Screenshots written to ${out}`);
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
