/**
 * `npm run bench:ui [-- --json] [-- --sizes 1000,10000,50000] [-- --latency 0,150] [-- --runs 20] [-- --budget-s 120] [-- --ui-dir DIR] [-- --only "story panel,feature panel"]`
 *
 * What a person waits for, in a real browser (Debian's Chromium via playwright-core) against the
 * harness and its Jira emulator: from navigation to the first meaningful content of each surface,
 * p50/p95 over `--runs` runs (nearest rank, scripts/stats.ts: with 20 runs the p95 is the 19th-fastest) and the
 * slowest run (`maxMs`), plus the JavaScript each surface downloads (KB gzipped, counted from the
 * responses the app's frame received). Prints measured numbers; asserts nothing.
 *
 *   page (cards)        the project page, warm (the person's stored view exists): navigation → the cards
 *   first visit         the project page for a person without a stored view: navigation → the progress state
 *   tab <name>          on a freshly loaded page, drawn to its end and idle 1 s (IDLE_MS; after the tab before it,
 *                       likewise), a click on the tab → its content (its chunk unless prefetched, its resolver, its render)
 *   story/feature panel the issue view: navigation → the panel's content
 *   sprint action       a board backlog with the sprint selected: navigation → the readiness list
 *   gadget              the dashboard: navigation → the gadget's cards
 *
 * Each (size, latency) pair gets one browser context, so JavaScript comes from the HTTP cache after the
 * first load, as it does for a person moving between issues; jsKbGzip is what a fresh context downloads.
 * Injected latency applies to every Jira request (resolvers' and the harness's own issue view).
 *
 * Times are taken on the browser's clocks: from the host page's navigation (its timeOrigin) to the
 * first animation frame in the app's frame that has the content (`waitIn`, polling at every frame);
 * a tab from the press of the click (the pointerdown event's timeStamp) to its content, on the frame's clock. Each surface that calls a resolver on
 * load also gets a breakdown (see `Breakdown`).
 */
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { DEMO } from '../dev/demo/generateDemoTrain';
import { gzipKb, recordAppScripts } from '../dev/harness/scriptResponses';
import { startHarness, type RunningHarness } from '../dev/harness/server';
import { launchChromium } from '../test/e2e/browser';
import { trainOfSize } from '../dev/demo/trainOfSize';
import { maxOf, percentile } from './stats';

const ROOT = path.resolve(__dirname, '..');
const NOW = new Date('2026-11-20T10:00:00Z');
const WAIT_MS = 600_000;

export interface UiBenchRow {
  n: number;
  latencyMs: number;
  surface: string;
  p50Ms: number;
  /** Nearest rank (scripts/stats.ts): with 20 runs the 19th-fastest; `maxMs` is the slowest. */
  p95Ms: number;
  maxMs: number;
  jsKbGzip: number | null;
  runs: number;
  /** Why a surface has fewer runs than asked, or none (e.g. a resolver over its time limit). */
  note?: string;
  /** Where the time went (p50 over the runs, ms from the navigation), for surfaces that call a resolver on load. */
  breakdown?: Breakdown;
}

/**
 * Milestones of one load, in ms from the host page's navigation, from the app frame's own timeline:
 * the frame's document requested, its scripts run (DOMContentLoaded), the first resolver call sent
 * and its answer received (resource timing of the bridge's request), the answer parsed by the
 * harness bridge (mark `bridge:invoke-parsed:*`), and the content found. `answerKb`: the answer's size.
 */
export interface Breakdown {
  frameRequested: number;
  scriptsRun: number;
  invokeSent: number;
  answerReceived: number;
  answerParsed: number;
  content: number;
  answerKb: number;
  /** The project page only: the answer handed to the page (mark `refinery:overview-answer`) and the cards committed (`refinery:cards`). */
  appAnswer?: number;
  cardsCommitted?: number;
}

/** The browser's performance timeline as these callbacks read it (this file's `performance` is Node's, so the page's is named). */
interface PageTimeline {
  timeOrigin: number;
  getEntriesByName(name: string): { startTime: number }[];
  getEntriesByType(type: string): { name: string; startTime: number; responseEnd?: number; decodedBodySize?: number; encodedBodySize?: number; domContentLoadedEventEnd?: number }[];
}

async function breakdownOf(page: Page, frame: Frame, contentMs: number): Promise<Breakdown | null> {
  const host = await page.evaluate(() => (globalThis as unknown as { performance: PageTimeline }).performance.timeOrigin);
  const m = await frame.evaluate(() => {
    const p = (globalThis as unknown as { performance: PageTimeline }).performance;
    // No named inner functions here: tsx's keepNames would wrap them in a helper the page lacks.
    const parsed = p.getEntriesByType('mark').find((e) => e.name.startsWith('bridge:invoke-parsed:'));
    const invoke = p.getEntriesByType('resource').find((r) => r.name.includes('/harness/invoke'));
    const nav = p.getEntriesByType('navigation')[0];
    return {
      origin: p.timeOrigin,
      scriptsRun: nav?.domContentLoadedEventEnd ?? null,
      invokeSent: invoke?.startTime ?? null,
      answerReceived: invoke?.responseEnd ?? null,
      answerBytes: invoke ? invoke.decodedBodySize || invoke.encodedBodySize || 0 : null,
      answerParsed: parsed?.startTime ?? null,
      appAnswer: p.getEntriesByName('refinery:overview-answer').at(-1)?.startTime ?? null,
      cardsCommitted: p.getEntriesByName('refinery:cards').at(-1)?.startTime ?? null,
    };
  });
  if (m.invokeSent === null || m.answerReceived === null || m.answerParsed === null || m.scriptsRun === null) return null;
  const at = (x: number) => Math.round(m.origin - host + x);
  return {
    frameRequested: at(0),
    scriptsRun: at(m.scriptsRun),
    invokeSent: at(m.invokeSent),
    answerReceived: at(m.answerReceived),
    answerParsed: at(m.answerParsed),
    content: Math.round(contentMs),
    answerKb: Math.round((m.answerBytes ?? 0) / 1024),
    ...(m.appAnswer !== null ? { appAnswer: at(m.appAnswer) } : {}),
    ...(m.cardsCommitted !== null ? { cardsCommitted: at(m.cardsCommitted) } : {}),
  };
}

/**
 * Garbage collections of this process (the harness: its resolvers and the emulator with the whole train),
 * so a slow sample can be told apart from a pause of the harness, which Forge's runtime would not share.
 */
const gcPauses: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, ms: e.duration });
  if (gcPauses.length > 10_000) gcPauses.splice(0, 5_000);
}).observe({ entryTypes: ['gc'] });
/** This process's GC pauses between `from` and `to` (performance.now()): how many, their sum and the longest, ms. */
function gcBetween(from: number, to: number): { count: number; totalMs: number; longestMs: number } {
  const xs = gcPauses.filter((g) => g.start + g.ms >= from && g.start <= to);
  return { count: xs.length, totalMs: Math.round(xs.reduce((a, g) => a + g.ms, 0)), longestMs: Math.round(Math.max(0, ...xs.map((g) => g.ms))) };
}

/** p50 of each milestone over the runs that have it. */
function medianBreakdown(xs: Breakdown[]): Breakdown | undefined {
  if (!xs.length) return undefined;
  const keys = [...new Set(xs.flatMap((x) => Object.keys(x)))] as (keyof Breakdown)[];
  return Object.fromEntries(keys.map((k) => [k, quantile(xs.map((x) => x[k]).filter((v): v is number => typeof v === 'number'), 0.5)])) as unknown as Breakdown;
}

const quantile = (xs: number[], q: number) => Math.round(percentile(xs, q));

/** A demo train of about `target` issues (the generator is not linear in its scale: calibrate twice, as dev/emulator/main.ts does). */
const trainOf = (target: number) => trainOfSize(target, NOW);

/**
 * The app's iframe once it has rendered `selector` (an error message counts as rendered, and fails the
 * run); `at`: when, on the frame's clock (performance.now() in the frame).
 */
async function appContent(page: Page, selector: string): Promise<{ frame: Frame; at: number }> {
  const handle = await page.waitForSelector('iframe[data-testid="app-frame"]', { timeout: WAIT_MS });
  const frame = (await handle.contentFrame())!;
  return { frame, at: await waitIn(frame, selector) };
}

/** A tab's resolver runs within Forge's 25 s limit; past 60 s something else is wrong: count it as failed. */
const TAB_WAIT_MS = 60_000;

/**
 * Waits in the frame, checking at every animation frame (`polling: 'raf'`), and returns the frame's
 * clock at the first frame that has the content. Playwright's own waitForSelector retries from the
 * test process at growing intervals (up to 500 ms apart), which would add up to half a second that no
 * person waits; this times the content where it is painted.
 */
async function waitIn(frame: Frame, selector: string, timeout = WAIT_MS): Promise<number> {
  const found = await frame.waitForFunction(
    (sel: string) => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null; textContent: string | null } | null }; performance: { now(): number } };
      const el = g.document.querySelector(`${sel}, [data-testid="error-message"]`);
      if (!el) return null;
      return { at: g.performance.now(), error: el.getAttribute('data-testid') === 'error-message' ? (el.textContent ?? '') : null };
    },
    selector,
    { polling: 'raf', timeout },
  );
  const v = (await found.jsonValue()) as { at: number; error: string | null };
  if (v.error !== null) throw new Error(`error instead of ${selector}: ${v.error}`);
  return v.at;
}

/**
 * The page (the tab shown) has drawn everything below its first content (no spinner left in view):
 * tables, then charts, come after the cards; a tab's graph and charts after its first table.
 * Spinners in hidden tab panels (a tab not shown) do not count.
 */
const settledFrame = (frame: Frame) =>
  frame.waitForFunction(
    () => ![...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ closest(s: string): unknown }> } }).document.querySelectorAll('[data-testid="loading"]')].some((el) => !el.closest('[role="tabpanel"][hidden]')),
    undefined,
    { polling: 'raf', timeout: TAB_WAIT_MS },
  );

/** How long the page sits idle (drawn to its end) before a tab is clicked: a person reading it (see the page's tab rows in docs/PERFORMANCE.md). */
const IDLE_MS = 1000;

type PressWindow = { __pressedAt?: number | null };

/**
 * Arms the frame for one tab press. It notes when the press happens, on the frame's clock (the event's
 * own timeStamp, as the browser's interaction timing counts it): a person's wait starts when they press,
 * and Playwright's `click()` spends 60–100 ms before that (scrolling, two animation frames of stability,
 * hit-testing, round trips from this process), which is not the app's time. From the press on, it notes
 * the frame's clock at the first animation frame with `selector`, as FIRST_SEEN does for a navigation:
 * the waiter Playwright installs after click() returns can start after the content has drawn, while
 * this process serves the tab's resolver call. It uses FIRST_SEEN's watcher, so the frame's context must
 * have FIRST_SEEN as an init script. A string, so tsx's keepNames helper is not needed in the page.
 */
const armPress = (frame: Frame, selector: string) =>
  frame.evaluate(`(() => {
    window.__pressedAt = null;
    window.__shownAt = null;
    document.addEventListener('pointerdown', (e) => {
      window.__pressedAt = e.timeStamp;
      window.__refineryWatch(${JSON.stringify(selector)}, (at) => { window.__shownAt = at; });
    }, { capture: true, once: true });
  })()`);
const pressedAt = async (frame: Frame): Promise<number> => {
  const at = await frame.evaluate(() => (globalThis as unknown as PressWindow).__pressedAt ?? null);
  if (at === null) throw new Error('the click did not reach the frame');
  return at;
};
/** The first frame with the tab's content after the press (armPress), if the frame saw it. */
const shownAt = (frame: Frame): Promise<number | null> => frame.evaluate(() => (globalThis as unknown as { __shownAt?: number | null }).__shownAt ?? null);

interface Surface {
  name: string;
  path: string;
  selector: string;
  user?: string;
}

const TABS: [string, string][] = [
  ['WSJF', '[data-testid="wsjf-table"]'],
  ['Quality', '[data-testid="quality-tab"]'],
  ['Dependencies', '[data-testid="dependency-matrix"]'],
  ['Improvement', '[data-testid="improvement-tab"]'],
  // The board (what a person plans on; the tables below it follow after its paint), or why there is none.
  ['PI planning', '[data-testid="pi-board"], [data-testid="pi-empty"]'],
];
const CARDS = '[data-testid="metric-card-readinessRate"]';
/** Where the user switcher lands before a measured navigation: a static file, no Jira call. */
const BLANK = '/harness/bridge.js';
/** The sessionStorage key FIRST_SEEN reads the awaited selector from. */
const WANT_KEY = 'refinery-bench-want';

/** Waits until the POPM's sync state has not changed for 2 s (a resolver call in flight has ended). */
async function settledSync(h: RunningHarness) {
  const key = `sync:v1:${DEMO.projectKey}:${DEMO.users.popm}:state`;
  let last = '';
  let stableSince = performance.now();
  for (;;) {
    const now = JSON.stringify(await h.store.get(key));
    if (now !== last) {
      last = now;
      stableSince = performance.now();
    } else if (performance.now() - stableSince > 2000) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function asUser(page: Page, h: RunningHarness, user: string, where: string) {
  await page.goto(`${h.url}/harness/user?accountId=${encodeURIComponent(user)}&back=${encodeURIComponent(where)}`);
}

/**
 * In every app frame, from its first script on: the frame's clock at the first animation frame that
 * has the content the bench is waiting for (the selector in sessionStorage, set before the navigation),
 * or an error message. The waiter in appContent() is installed by Playwright from this process, a few
 * round trips after the navigation, while this same process serves the host page and the resolver
 * call: at 50k issues that installed it ~100 ms after the panel had drawn, and it timed its own start
 * (2026-12-02, marks taken in the frame by a MutationObserver against the old waiter: story panel ~210 vs 311 ms
 * from the host's navigation; docs/PERFORMANCE.md).
 * A string, not a function, so tsx's keepNames helper is not needed in the page.
 */
const FIRST_SEEN = `(() => {
  // The one watcher, for a navigation's content here and for a tab's from its press (armPress).
  window.__refineryWatch = (want, seen) => {
    const give = performance.now() + ${TAB_WAIT_MS};
    const look = () => {
      if (document.querySelector(want + ', [data-testid="error-message"]')) return seen(performance.now());
      if (performance.now() < give) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  };
  if (window === window.top) return;
  let want = null;
  try { want = sessionStorage.getItem(${JSON.stringify(WANT_KEY)}); } catch (e) { return; }
  if (want) window.__refineryWatch(want, (at) => { window.__refineryFirstSeen = at; });
})();`;

/**
 * Navigation → content, with the session cookie already set (so the redirect is not in the time), on
 * the browser's clocks: from the host page's navigation (its timeOrigin) to the frame's first
 * animation frame with the content (FIRST_SEEN; the context must have it as an init script).
 */
async function timedLoad(page: Page, h: RunningHarness, where: string, selector: string): Promise<{ ms: number; frame: Frame }> {
  await page.evaluate(([k, sel]) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(k, sel), [WANT_KEY, selector] as const);
  await page.goto(`${h.url}${where}`, { waitUntil: 'commit' });
  const { frame, at } = await appContent(page, selector);
  const [host, own, seen] = await Promise.all([
    page.evaluate(() => (globalThis as unknown as { performance: { timeOrigin: number } }).performance.timeOrigin),
    frame.evaluate(() => (globalThis as unknown as { performance: { timeOrigin: number } }).performance.timeOrigin),
    frame.evaluate(() => (globalThis as unknown as { __refineryFirstSeen?: number }).__refineryFirstSeen ?? null),
  ]);
  return { ms: own + Math.min(at, seen ?? at) - host, frame };
}

/** JS a fresh browser context downloads for one surface (and, for the page, for each tab opened after it). */
async function jsWeights(context: () => Promise<BrowserContext>, h: RunningHarness, surfaces: Surface[]): Promise<Map<string, number>> {
  const kb = new Map<string, number>();
  for (const s of surfaces) {
    const ctx = await context();
    const page = await ctx.newPage();
    await asUser(page, h, s.user ?? DEMO.users.popm, BLANK);
    const rec = recordAppScripts(page);
    await page.goto(`${h.url}${s.path}`);
    const { frame } = await appContent(page, s.selector);
    // The page's charts load after its cards: count them for the page, not for the first tab.
    if (s.name === 'page (cards)') await settledFrame(frame);
    await page.waitForLoadState('networkidle');
    kb.set(s.name, gzipKb(await rec.settled()));
    if (s.name === 'page (cards)') {
      // The page then prefetches the tabs' code while idle (issue 16): logged, not counted in the
      // page's row (what it needs to draw) nor in the first tab's (what its click downloads).
      rec.clear();
      await page.waitForTimeout(IDLE_MS);
      await page.waitForLoadState('networkidle');
      process.stderr.write(`bench:ui: the page's idle prefetch downloaded ${gzipKb(await rec.settled())} KB gzip\n`);
      for (const [tab, selector] of TABS) {
        rec.clear();
        await frame.getByRole('tab', { name: tab, exact: true }).click();
        // A tab whose resolver fails still downloaded its code: count it either way.
        await waitIn(frame, selector, TAB_WAIT_MS).catch(() => undefined);
        await page.waitForLoadState('networkidle');
        kb.set(`tab ${tab}`, gzipKb(await rec.settled()));
      }
    }
    rec.stop();
    await ctx.close();
  }
  return kb;
}

async function benchSize(target: number, latencies: number[], runs: number, budgetMs: number, uiDir: string, log: (s: string) => void, only: string[] | null = null): Promise<UiBenchRow[]> {
  const data = trainOf(target);
  const n = data.issues.length;
  const h = await startHarness({ data, port: 0, now: () => NOW, uiDir });
  const browser = await launchChromium();
  const rows: UiBenchRow[] = [];
  try {
    const newContext = async () => {
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await ctx.addInitScript({ content: FIRST_SEEN });
      return ctx;
    };
    const projectPath = `/projects/${DEMO.projectKey}/refinery`;
    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.status.statusCategory.key !== 'done')!;
    const board = data.boards.find((b) => b.location.projectKey === DEMO.projectKey && data.sprints.some((s) => s.originBoardId === b.id && s.state === 'future'))!;
    const sprint = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'future')!;

    // Warm: the POPM's stored view, by the page itself (first visit → the page drives the refresh).
    log(`bench:ui: ${n} issues: first load of the project page (the sync)…`);
    {
      const ctx = await newContext();
      const page = await ctx.newPage();
      const t = performance.now();
      await asUser(page, h, DEMO.users.popm, projectPath);
      const { frame } = await appContent(page, CARDS);
      // A large train's tab views are stored a call after its cards (phase `views`): the page goes on until then.
      await frame.waitForSelector('[data-testid="refresh-progress"]', { state: 'detached', timeout: WAIT_MS });
      log(`bench:ui: ${n} issues: synced in ${Math.round((performance.now() - t) / 1000)} s`);
      // The gadget reads the same stored view; configure it for the POPM.
      const res = await page.evaluate(async (key) => (await fetch('/harness/gadget', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ config: { projectKey: key, refresh: 15 } }) })).status, DEMO.projectKey);
      if (res !== 204) throw new Error(`gadget configuration answered ${res}`);
      await ctx.close();
    }
    const wanted = (name: string) => !only || only.includes(name);
    const surfaces: Surface[] = (<Surface[]>[
      { name: 'page (cards)', path: projectPath, selector: CARDS },
      { name: 'story panel', path: `/browse/${story.key}`, selector: '[data-testid="story-panel"]' },
      { name: 'feature panel', path: `/browse/${feature.key}`, selector: '[data-testid="feature-panel"]' },
      { name: 'sprint action', path: `/boards/${board.id}/backlog?sprint=${sprint.id}`, selector: '[data-testid="sprint-readiness"]' },
      { name: 'gadget', path: '/dashboard', selector: `[data-testid="health-gadget"] ${CARDS}` },
    ]).filter((s) => wanted(s.name));
    const kb = await jsWeights(newContext, h, surfaces);

    for (const latencyMs of latencies) {
      h.emulator.faults.set(latencyMs ? { latencyMs } : {});
      const ctx = await newContext();
      const page = await ctx.newPage();
      await asUser(page, h, DEMO.users.popm, BLANK);
      const times = new Map<string, number[]>();
      const breakdowns = new Map<string, Breakdown[]>();
      const notes = new Map<string, string>();
      const add = (name: string, ms: number) => {
        times.set(name, [...(times.get(name) ?? []), ms]);
        // Each sample on stderr, so a tail in the p95 can be read run by run.
        log(`bench:ui sample: ${n} issues, ${latencyMs} ms, ${name}: ${Math.round(ms)} ms`);
      };
      const failed = (name: string, e: unknown) => {
        notes.set(name, `stopped: ${(e as Error).message.split('\n')[0].slice(0, 160)}`);
        if (!times.has(name)) times.set(name, []);
      };
      for (const s of surfaces) {
        log(`bench:ui: ${n} issues, ${latencyMs} ms: ${s.name}…`);
        const brokenTabs = new Set<string>();
        try {
          await timedLoad(page, h, s.path, s.selector); // warm-up, not counted
        } catch (e) {
          failed(s.name, e);
          continue;
        }
        const began = performance.now();
        for (let r = 0; r < runs; r++) {
          if (r >= 3 && performance.now() - began > budgetMs) {
            notes.set(s.name, `${r} runs: the time budget per surface (${Math.round(budgetMs / 1000)} s) ran out`);
            break;
          }
          let loaded: { ms: number; frame: Frame };
          const from = performance.now();
          try {
            loaded = await timedLoad(page, h, s.path, s.selector);
          } catch (e) {
            failed(s.name, e);
            break;
          }
          add(s.name, loaded.ms);
          const to = performance.now();
          const b = s.name === 'gadget' ? null : await breakdownOf(page, loaded.frame, loaded.ms).catch((e: Error) => (log(`breakdown: ${e.message.split('\n')[0]}`), null));
          if (b) breakdowns.set(s.name, [...(breakdowns.get(s.name) ?? []), b]);
          // With its sample, so a slow run says where its time went.
          if (b) log(`bench:ui breakdown: ${n} issues, ${latencyMs} ms, ${s.name}: ${JSON.stringify({ ...b, harnessGc: gcBetween(from, to) })}`);
          if (s.name !== 'page (cards)') continue;
          // A tab is opened on a page that has finished drawing (its tables and charts come after the
          // cards) and then sat idle for a second, as a person reads the page before moving on; that
          // idle time is when the page prefetches the tabs' code (issue 16).
          await settledFrame(loaded.frame);
          await page.waitForTimeout(IDLE_MS);
          // Each tab's first opening on this page load: its chunk (cached after the first run) and its resolver.
          for (const [tab, selector] of TABS) {
            if (brokenTabs.has(tab)) continue;
            try {
              await armPress(loaded.frame, `[role="tabpanel"] ${selector}`);
              const clicked = performance.now();
              await loaded.frame.getByRole('tab', { name: tab, exact: true }).click();
              const shown = await waitIn(loaded.frame, `[role="tabpanel"] ${selector}`, TAB_WAIT_MS);
              const seen = await shownAt(loaded.frame);
              add(`tab ${tab}`, Math.min(shown, seen ?? shown) - (await pressedAt(loaded.frame)));
              log(`bench:ui breakdown: ${n} issues, ${latencyMs} ms, tab ${tab}: ${JSON.stringify({ harnessGc: gcBetween(clicked, performance.now()) })}`);
              // The next tab is clicked once this one has drawn its later parts (graph, charts) and a second has passed.
              await settledFrame(loaded.frame);
              await page.waitForTimeout(IDLE_MS);
            } catch (e) {
              failed(`tab ${tab}`, e);
              brokenTabs.add(tab);
            }
          }
        }
      }
      // A person with no stored view: a fresh principal each run would need fresh users, so the
      // POPM's view is dropped before each run; the page must show progress, not wait for the sync.
      const firstRuns = wanted('first visit (progress)') ? Math.max(5, Math.ceil(runs / 4)) : 0;
      const began = performance.now();
      if (firstRuns) log(`bench:ui: ${n} issues, ${latencyMs} ms: first visit…`);
      try {
        for (let r = 0; r < firstRuns; r++) {
          if (r >= 3 && performance.now() - began > budgetMs) {
            notes.set('first visit (progress)', `${r} runs: the time budget per surface ran out`);
            break;
          }
          for (const k of await h.store.list('overview:')) await h.store.delete(k.key);
          for (const k of await h.store.list(`sync:v1:${DEMO.projectKey}:${DEMO.users.popm}:state`)) await h.store.delete(k.key);
          const { ms } = await timedLoad(page, h, projectPath, '[data-testid="refresh-progress"]');
          add('first visit (progress)', ms);
          // Leave the page (its refresh loop stops), then let the refresh call in flight finish
          // before dropping its state again: the sync state stops moving.
          await page.goto(`${h.url}${BLANK}`);
          await settledSync(h);
        }
      } catch (e) {
        failed('first visit (progress)', e);
      }
      await ctx.close();
      h.emulator.faults.clear();
      for (const [surface, xs] of times) {
        const jsKbGzip = kb.get(surface) ?? (surface.startsWith('first visit') ? (kb.get('page (cards)') ?? null) : null);
        const breakdown = medianBreakdown(breakdowns.get(surface) ?? []);
        const row = { n, latencyMs, surface, p50Ms: xs.length ? quantile(xs, 0.5) : NaN, p95Ms: xs.length ? quantile(xs, 0.95) : NaN, maxMs: xs.length ? Math.round(maxOf(xs)) : NaN, jsKbGzip, runs: xs.length, ...(notes.has(surface) ? { note: notes.get(surface) } : {}), ...(breakdown ? { breakdown } : {}) };
        rows.push(row);
        // Each row as it is measured, so a long run that is stopped keeps what it has.
        log(`bench:ui row ${JSON.stringify(row)}`);
      }
    }
  } finally {
    await browser.close();
    await h.close();
  }
  return rows;
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, sizes: { type: 'string' }, latency: { type: 'string' }, runs: { type: 'string' }, 'budget-s': { type: 'string' }, 'ui-dir': { type: 'string' }, only: { type: 'string' } } });
  const sizes = (values.sizes ?? '1000,10000,50000').split(',').map(Number).filter((x) => x > 0);
  const latencies = (values.latency ?? '0,150').split(',').map(Number).filter((x) => x >= 0);
  const runs = Math.max(1, Number(values.runs ?? 20));
  // Per surface and (size, latency): past it (and at least 3 runs), a surface stops early and says so.
  const budgetMs = Number(values['budget-s'] ?? 120) * 1000;
  const uiDir = path.resolve(values['ui-dir'] ?? path.join(ROOT, 'static/build'));
  const log = (s: string) => void process.stderr.write(`${s}\n`);
  const ui: UiBenchRow[] = [];
  // --only "story panel,feature panel": just those surfaces (names as in the table; the tabs come with "page (cards)").
  const only = values.only ? values.only.split(',').map((x) => x.trim()) : null;
  for (const size of sizes) ui.push(...(await benchSize(size, latencies, runs, budgetMs, uiDir, log, only)));
  if (values.json) {
    // NaN (no run finished) prints as null.
    process.stdout.write(`${JSON.stringify({ ui: ui.map(({ n, latencyMs, surface, p50Ms, p95Ms, maxMs, jsKbGzip, runs: done, note, breakdown }) => ({ n, latencyMs, surface, p50Ms, p95Ms, maxMs, jsKbGzip, runs: done, ...(note ? { note } : {}), ...(breakdown ? { breakdown } : {}) })) })}\n`);
    return;
  }
  console.log(`What a person waits for: navigation → first meaningful content, ${runs} runs each (first visit: fewer), Chromium, harness + emulator in this process`);
  console.table(ui.map(({ breakdown: _b, ...row }) => row));
  const withBreakdown = ui.filter((r) => r.breakdown);
  if (withBreakdown.length) {
    console.log('Where the time went (p50, ms from navigation): frame requested → its scripts run → resolver call sent → answer received → parsed by the bridge → [page: handed to the page → cards committed] → content found');
    console.table(withBreakdown.map((r) => ({ n: r.n, latencyMs: r.latencyMs, surface: r.surface, ...r.breakdown })));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
