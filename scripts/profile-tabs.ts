/**
 * `npx tsx scripts/profile-tabs.ts [--size 50000] [--runs 3] [--idle-ms 1000] [--ui-dir DIR] [--tabs Quality,WSJF]`
 *
 * Where a tab's first opening spends its time (issue 16), in Chromium against the harness: the page
 * is loaded as the POPM (stored view), drawn to its end and left idle `--idle-ms`, then each tab is
 * clicked in turn. For each click, on the app frame's clock, from the click: the tab's chunks fetched
 * after the click (or before it, by a prefetch), the resolver call sent and answered, the long tasks
 * (> 50 ms, the main thread busy) in between and the content found. Prints one line per tab and run;
 * asserts nothing. A diagnostic, not the benchmark (scripts/bench-ui.ts is).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame } from 'playwright-core';
import { DEMO } from '../dev/demo/generateDemoTrain';
import { trainOfSize } from '../dev/demo/trainOfSize';
import { startHarness } from '../dev/harness/server';
import { launchChromium } from '../test/e2e/browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const TABS: [string, string][] = [
  ['WSJF', '[data-testid="wsjf-table"]'],
  ['Quality', '[data-testid="quality-tab"]'],
  ['Dependencies', '[data-testid="dependency-matrix"]'],
  ['Improvement', '[data-testid="improvement-tab"]'],
];

interface G {
  document: { querySelector(s: string): unknown };
  performance: { now(): number; getEntriesByType(t: string): { name: string; startTime: number; responseEnd: number; duration: number }[] };
  __longTasks: { startTime: number; duration: number }[];
  PerformanceObserver: new (cb: (l: { getEntries(): { startTime: number; duration: number }[] }) => void) => { observe(o: { type: string; buffered?: boolean }): void };
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string' }, runs: { type: 'string' }, 'idle-ms': { type: 'string' }, 'ui-dir': { type: 'string' }, tabs: { type: 'string' } } });
  // --tabs Quality,WSJF: which tabs, in that order (the first one clicked is the first switch away from the Overview).
  const tabs = values.tabs ? values.tabs.split(',').map((name) => TABS.find(([t]) => t === name.trim()) ?? (() => { throw new Error(`no tab ${name}`); })()) : TABS;
  const target = Number(values.size ?? 50000);
  const runs = Number(values.runs ?? 3);
  const idleMs = Number(values['idle-ms'] ?? 1000);
  const data = trainOfSize(target, NOW);
  const h = await startHarness({ data, port: 0, now: () => NOW, uiDir: path.resolve(values['ui-dir'] ?? 'static/build') });
  const browser = await launchChromium();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await ctx.newPage();
    const projectPath = `/projects/${DEMO.projectKey}/refinery`;
    await page.goto(`${h.url}/harness/user?accountId=${encodeURIComponent(DEMO.users.popm)}&back=${encodeURIComponent(projectPath)}`);
    const frameOf = async (): Promise<Frame> => (await (await page.waitForSelector('iframe[data-testid="app-frame"]', { timeout: 600_000 })).contentFrame())!;
    let frame = await frameOf();
    await frame.waitForSelector('[data-testid="metric-card-readinessRate"]', { timeout: 600_000 });
    process.stderr.write(`profile: ${data.issues.length} issues synced\n`);
    for (let r = 0; r <= runs; r++) {
      await page.goto(`${h.url}${projectPath}`);
      frame = await frameOf();
      await frame.waitForSelector('[data-testid="metric-card-readinessRate"]', { timeout: 600_000 });
      await frame.evaluate(() => {
        const g = globalThis as unknown as G;
        g.__longTasks = [];
        new g.PerformanceObserver((l) => void g.__longTasks.push(...l.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
      });
      await frame.waitForFunction(() => !(globalThis as unknown as G).document.querySelector('[data-testid="loading"]'), undefined, { polling: 'raf', timeout: 120_000 });
      await page.waitForTimeout(idleMs);
      for (const [tab, selector] of tabs) {
        const t0 = await frame.evaluate(() => (globalThis as unknown as G).performance.now());
        await frame.getByRole('tab', { name: tab, exact: true }).click();
        const found = await frame.waitForFunction(
          (sel: string) => {
            const g = globalThis as unknown as G;
            return g.document.querySelector(`[role="tabpanel"] ${sel}, [data-testid="error-message"]`) ? g.performance.now() : null;
          },
          selector,
          { polling: 'raf', timeout: 120_000 },
        );
        const at = (await found.jsonValue()) as number;
        const m = await frame.evaluate(([from, to]: number[]) => {
          const g = globalThis as unknown as G;
          const res = g.performance.getEntriesByType('resource');
          const chunks = res.filter((e) => e.name.includes('/assets/') && e.name.endsWith('.js'));
          const invokes = res.filter((e) => e.name.includes('/harness/invoke') && e.startTime >= from);
          return {
            chunksAfterClick: chunks.filter((e) => e.startTime >= from).map((e) => `${e.name.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '')}@${Math.round(e.responseEnd - from)}`),
            invoke: invokes[0] ? [Math.round(invokes[0].startTime - from), Math.round(invokes[0].responseEnd - from)] : null,
            longTasks: g.__longTasks.filter((t) => t.startTime >= from && t.startTime <= to).map((t) => `${Math.round(t.startTime - from)}+${Math.round(t.duration)}`),
          };
        }, [t0, at]);
        if (r === 0) continue; // warm-up (first download of each chunk)
        process.stdout.write(`run ${r} tab ${tab}: content ${Math.round(at - t0)} ms; invoke sent/answered ${m.invoke?.join('/') ?? '-'} ms; chunks after click ${m.chunksAfterClick.join(' ') || 'none'}; long tasks (start+ms) ${m.longTasks.slice(0, 8).join(' ') || 'none'}\n`);
        await page.waitForTimeout(300);
      }
    }
  } finally {
    await browser.close();
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
