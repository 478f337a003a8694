/**
 * A large train's first visit in a real browser: the harness treats the demo train as a 200,000-issue
 * one is treated (`withoutTextFromChunks: 1`: computed without its text, the tab views a call after the
 * cards) and gives every refresh call no budget to spare (`syncBudgetMs: 0`: each step its own call).
 * What a person sees: progress, then the cards while the tabs are still being prepared, and the page
 * goes on driving the refresh until the tab views are stored; a tab opened then reads no issues.
 */
import { TAB_GROUP_ORDER } from '../../src/app/tabViews';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import type { DataSet } from '../../dev/emulator/dataset';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW, { withoutTextFromChunks: 1, syncBudgetMs: 0 });
const PAGE = `/projects/${DEMO.projectKey}/refinery`;

describe('a large train on the project page', () => {
  it('shows the cards before the tab views are stored, goes on until they are, and the tabs then answer from them', async () => {
    const refreshCalls: { overview: boolean; phase: string | null }[] = [];
    t.page.on('response', async (r) => {
      if (!r.url().endsWith('/harness/invoke') || (r.request().postDataJSON() as { functionKey?: string }).functionKey !== 'refreshProjectOverview') return;
      const body = (await r.json().catch(() => null)) as { data?: { overview: unknown; refresh: { phase: string | null } } } | null;
      if (body?.data) refreshCalls.push({ overview: !!body.data.overview, phase: body.data.refresh.phase });
    });
    await t.as(DEMO.users.popm, PAGE);
    const app = await appFrame(t.page, 'overview-tab');
    await app.waitForSelector('[data-testid="metric-card-readinessRate"]', { timeout: 60_000 });
    // The refresh ends: its progress line goes away once the last group of tab views is stored.
    await app.waitForSelector('[data-testid="refresh-progress"]', { state: 'detached', timeout: 60_000 });
    await t.page.waitForTimeout(200);
    // The cards came with a call that still had the tab views to prepare, and the page called on.
    const firstCards = refreshCalls.findIndex((c) => c.overview);
    expect(firstCards).toBeGreaterThan(0);
    expect(refreshCalls[firstCards].phase).toBe('views');
    // The call with the cards, then one per group of tab views (TAB_GROUP_ORDER: four groups).
    expect(refreshCalls.length - firstCards).toBe(1 + TAB_GROUP_ORDER.length);
    expect(refreshCalls.at(-1)).toEqual({ overview: true, phase: null });

    const before = t.h.emulator.requests.length;
    await app.getByRole('tab', { name: 'Quality', exact: true }).click();
    await app.waitForSelector('[role="tabpanel"] [data-testid="quality-tab"]', { timeout: 30_000 });
    await app.getByRole('tab', { name: 'Dependencies', exact: true }).click();
    await app.waitForSelector('[role="tabpanel"] [data-testid="dependency-matrix"]', { timeout: 30_000 });
    const trainReads = t.h.emulator.requests.slice(before).filter((r) => /\/search\/jql$|\/changelog\/bulkfetch$|\/agile\//.test(r.path));
    expect(trainReads.map((r) => r.path)).toEqual([]);
  });
});
