/**
 * `npx tsx scripts/bundle-weights.ts [--ui-dir DIR] [--files]` (after `npm run build:ui`, or on any
 * vite build of static/ written to DIR): the gzipped JavaScript each Forge module's frame downloads
 * to show its content, counted as test/e2e/bundles.test.ts counts it — every script response from
 * the app's `/app/` in a fresh browser context until the content rendered and the network went
 * quiet, gzip -9 per file (dev/harness/scriptResponses.ts). One visit per module on the demo train,
 * as the POPM (the admin for the settings page). Then what a person's first pointer use of the story
 * panel adds (the tooltip, vendor/lazyTooltip.tsx), which the panel does not wait for.
 * Prints measured numbers; asserts nothing (the budgets are in bundles.test.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO, generateDemoTrain } from '../dev/demo/generateDemoTrain';
import { gzipKb, recordAppScripts } from '../dev/harness/scriptResponses';
import { startHarness } from '../dev/harness/server';
import { launchChromium } from '../test/e2e/browser';

const NOW = new Date('2026-11-20T10:00:00Z');

async function main() {
  const { values } = parseArgs({ options: { 'ui-dir': { type: 'string' }, files: { type: 'boolean' } } });
  const uiDir = path.resolve(values['ui-dir'] ?? path.join(__dirname, '..', 'static/build'));
  const data = generateDemoTrain({ now: NOW });
  const h = await startHarness({ data, port: 0, now: () => NOW, uiDir });
  const browser = await launchChromium();
  try {
    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.status.statusCategory.key !== 'done')!;
    const board = data.boards.find((b) => b.location.projectKey === DEMO.projectKey && data.sprints.some((s) => s.originBoardId === b.id && s.state === 'future'))!;
    const sprint = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'future')!;
    const admin = data.users.find((u) => u.globalPermissions.includes('ADMINISTER'))!.accountId;
    const modules: { name: string; path: string; content: string; user: string }[] = [
      // First: the POPM's stored view, which the gadget reads too.
      { name: 'project page', path: `/projects/${DEMO.projectKey}/refinery`, content: '[data-testid="team-table"]', user: DEMO.users.popm },
      { name: 'story panel', path: `/browse/${story.key}`, content: '[data-testid="story-panel"]', user: DEMO.users.popm },
      { name: 'feature panel', path: `/browse/${feature.key}`, content: '[data-testid="feature-panel"]', user: DEMO.users.popm },
      { name: 'sprint action', path: `/boards/${board.id}/backlog?sprint=${sprint.id}`, content: '[data-testid="sprint-readiness"]', user: DEMO.users.popm },
      { name: 'gadget', path: '/dashboard', content: '[data-testid="health-gadget"]', user: DEMO.users.popm },
      { name: 'admin page', path: '/admin/refinery', content: '[data-testid="admin-page"]', user: admin },
    ];
    process.stdout.write(`UI build: ${uiDir}\n\n| module | JS (KiB gzip) | files |\n|---|---|---|\n`);
    for (const m of modules) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const recorder = recordAppScripts(page);
      await page.goto(`${h.url}/harness/user?accountId=${encodeURIComponent(m.user)}&back=${encodeURIComponent(m.path)}`);
      const frame = await (await page.waitForSelector('iframe[data-testid="app-frame"]')).contentFrame();
      if (!frame) throw new Error('the app iframe has no frame');
      await frame.waitForSelector(m.content, { timeout: 120_000 });
      await page.waitForLoadState('networkidle');
      const scripts = await recorder.settled();
      process.stdout.write(`| ${m.name} | ${gzipKb(scripts)} | ${scripts.length} |\n`);
      if (values.files) process.stdout.write(`${scripts.map((s) => `  ${s.file} ${Math.round(s.gzipBytes / 102.4) / 10}`).join('\n')}\n`);
      if (m.name === 'project page') {
        const res = await page.evaluate(async (key) => (await fetch('/harness/gadget', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ config: { projectKey: key, refresh: 15 } }) })).status, DEMO.projectKey);
        if (res !== 204) throw new Error(`gadget configuration answered ${res}`);
      }
      if (m.name === 'story panel') {
        recorder.clear();
        const box = (await (await page.$('iframe[data-testid="app-frame"]'))!.boundingBox())!;
        await page.mouse.move(box.x + 20, box.y + 20);
        await page.mouse.move(box.x + 40, box.y + 60);
        await page.waitForLoadState('networkidle');
        await new Promise((r) => setTimeout(r, 300));
        const later = await recorder.settled();
        process.stdout.write(`| story panel, first pointer use (on demand) | +${gzipKb(later)} | ${later.length} |\n`);
      }
      recorder.stop();
      await context.close();
    }
  } finally {
    await browser.close();
    await h.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
