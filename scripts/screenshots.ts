/**
 * `npm run screenshots`: starts the harness on the demo train and writes the README screenshots
 * (docs/screenshots/*.png) as a person sees the pages in the local harness.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateDemoTrain, DEMO } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import { appFrame, launchChromium } from '../test/e2e/browser';

async function main() {
  const out = path.resolve(__dirname, '../docs/screenshots');
  mkdirSync(out, { recursive: true });
  const data = generateDemoTrain();
  const harness = await startHarness({ data, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${harness.url}/harness/user?accountId=${DEMO.users.popm}&back=/projects/${DEMO.projectKey}/refinery`);
    await appFrame(page, 'project-page');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, 'project-page.png'), fullPage: true });

    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.properties?.['refinery.wsjf'])!;
    await page.goto(`${harness.url}/browse/${feature.key}`);
    await appFrame(page, 'feature-panel');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, 'feature-panel.png'), fullPage: true });

    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.summary.length < 120)!;
    await page.goto(`${harness.url}/browse/${story.key}`);
    await appFrame(page, 'story-panel');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, 'story-panel.png'), fullPage: true });
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
