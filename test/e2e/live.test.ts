/**
 * The live train in a real browser (issue 18, "Done when"): with the project page open, a POPM
 * completes the active sprint, starts the next one, adds a story to it and completes a committed
 * story on the harness's backlog page; the project page — never reloaded, Refresh never pressed —
 * shows the new sprint in progress with the committed set from the start event, the added story
 * apart, one story done, and says it is live; closing that sprint adds its row to the sprint table,
 * which says each row's commitment source. The gadget and an issue panel say how fresh they are.
 */
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const T0 = Date.now();
// A moving clock: the edits below happen one after another, as in Jira.
const t = browserHarness(data, NOW, { now: () => new Date(NOW.getTime() + (Date.now() - T0)) });

jest.setTimeout(150_000);

const sprintOf = (i: JiraIssue) => ((i.fields as Record<string, unknown>)[DEMO.fieldIds.sprint] as { id: number; state: string }[] | null) ?? [];
const isArtStory = (i: JiraIssue) => i.key.startsWith('ART-') && i.fields.issuetype.name === 'Story';

describe('project page: live from Jira events', () => {
  it('start a sprint, add a story, complete one: the page shows it without Refresh, committed set from the start event', async () => {
    await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'overview-tab');
    await app.waitForSelector('[data-testid="as-of"]', { timeout: 60_000 });
    // A marker that a reload would lose.
    await app.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));

    const board = data.boards.find((b) => b.location.projectKey === 'ART' && b.type === 'scrum')!;
    const active = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'active')!;
    const next = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'future')!;
    const committed = data.issues.filter((i) => isArtStory(i) && sprintOf(i).some((s) => s.id === next.id) && i.fields.status.statusCategory.key !== 'done');
    expect(committed.length).toBeGreaterThan(1);
    const committedCount = data.issues.filter((i) => isArtStory(i) && sprintOf(i).some((s) => s.id === next.id)).length;
    const late = data.issues.find((i) => isArtStory(i) && i.fields.status.statusCategory.key === 'new' && !sprintOf(i).some((s) => s.state !== 'closed'))!;
    expect(late).toBeDefined();

    // The backlog page, in a second tab, as a person would use Jira beside the app.
    const backlog = await t.page.context().newPage();
    await backlog.goto(`${t.h.url}/boards/${board.id}/backlog`);
    await backlog.click(`button:has-text("Complete ${active.name}")`);
    await backlog.click(`button:has-text("Start ${next.name}")`);
    await backlog.fill(`[data-testid="add-story-${next.id}"]`, late.key);
    await backlog.click(`li[data-sprint-id="${next.id}"] form[action$="/add"] button`);
    await backlog.fill(`[data-testid="complete-story-${next.id}"]`, committed[0].key);
    await backlog.click(`li[data-sprint-id="${next.id}"] form[action$="/issue/done"] button`);
    expect(t.h.emulator.events.log.map((e) => e.eventType)).toEqual(['avi:jira-software:closed:sprint', 'avi:jira-software:started:sprint', 'avi:jira:updated:issue', 'avi:jira:updated:issue']);

    // The open project page catches up by itself.
    // The active sprint's row is keyed by its team and sprint id.
    const row = await app.waitForSelector(`[data-testid^="active-committed-"][data-testid$="-${next.id}"]`, { timeout: 60_000 });
    const testId = (await row.getAttribute('data-testid'))!;
    const team = testId.slice('active-committed-'.length, -`-${next.id}`.length);
    const progressN = `[data-testid="active-progress-${team}-${next.id}-n"]`;
    // Only the story completed after the start counts as done so far.
    await app.waitForFunction((sel) => document.querySelector(sel)?.textContent === '1', progressN, { timeout: 45_000 }).catch(async (e) => {
      throw new Error(`${(e as Error).message}; progress reads ${JSON.stringify(await app.textContent(`[data-testid="active-progress-${team}-${next.id}"]`))}`);
    });
    expect(await app.textContent(`[data-testid="active-committed-${team}-${next.id}-n"]`)).toBe(String(committedCount));
    expect(await app.textContent(`[data-testid="active-added-${team}-${next.id}-n"]`)).toBe('1');
    await app.waitForSelector('[data-testid="as-of"][data-live="true"]', { timeout: 15_000 });
    expect(await app.textContent('[data-testid="as-of"]')).toMatch(/^Live · updated /);
    expect(await app.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(1);

    // Closing the new sprint: the closed-sprint table gets its row, still without Refresh, and says
    // where each row's commitment came from: this one from its start event, the sprint that started
    // before the app saw it from the daily record or the changelog.
    await backlog.click(`button:has-text("Complete ${next.name}")`);
    await app.waitForSelector(`[data-testid="active-committed-${team}-${next.id}"]`, { state: 'detached', timeout: 45_000 });
    // Oldest end first, 25 a page: the two sprints closed now are on the last page.
    const pages = app.locator('[data-testid="sprint-table"] nav button').filter({ hasText: /^\d+$/ });
    const lastPage = await pages.count();
    expect(`${lastPage} pages: ${await app.locator('[data-testid="sprint-table"]').evaluate((el) => el.querySelector('nav')?.outerHTML.slice(0, 400) ?? 'no nav')}`).toMatch(/^[2-9] pages/);
    await pages.last().click();
    const onPage = () => app.$$eval('[data-testid="sprint-table"] [data-testid^="sprint-figure-commitmentSource-"]', (xs) => xs.map((x) => x.getAttribute('data-testid')));
    const source = (id: number) =>
      app.textContent(`[data-testid="sprint-figure-commitmentSource-${team}-${id}"]`, { timeout: 10_000 }).catch(async (e) => {
        throw new Error(`${(e as Error).message}; ${lastPage} pages; on this page: ${JSON.stringify(await onPage())}`);
      });
    expect(await source(next.id)).toBe('from the start event');
    expect(['from the daily record', 'rebuilt from the changelog']).toContain(await source(active.id));
    // Every row on the page says it.
    const rows = await app.$$('[data-testid="sprint-table"] tbody tr');
    expect(rows.length).toBeGreaterThan(1);
    const sources = await app.$$eval('[data-testid="sprint-table"] tbody [data-testid^="sprint-figure-commitmentSource-"]', (xs) => xs.map((x) => x.textContent ?? ''));
    expect(sources).toHaveLength(rows.length);
    for (const text of sources) expect(['from the start event', 'from the daily record', 'rebuilt from the changelog']).toContain(text);
    await app.waitForSelector('[data-testid="as-of"][data-live="true"]', { timeout: 15_000 });
    const pageAsOf = await app.getAttribute('[data-testid="as-of"] time', 'datetime');
    expect(t.h.emulator.events.errors).toEqual([]);
    await backlog.close();

    // The other surfaces say how fresh they are: the dashboard gadget shows the same view as the
    // page (not an older one), and an issue panel says when it read Jira.
    await t.page.evaluate((projectKey) => fetch('/harness/gadget', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ config: { projectKey } }) }), DEMO.projectKey);
    await t.page.goto(`${t.h.url}/dashboard`);
    const gadget = await appFrame(t.page, 'health-gadget');
    expect(await gadget.textContent('[data-testid="gadget-as-of"]')).toMatch(/^as of \S/);
    expect(await gadget.getAttribute('[data-testid="gadget-as-of"] time', 'datetime')).toBe(pageAsOf);
    await t.page.goto(`${t.h.url}/browse/${late.key}`);
    const panel = await appFrame(t.page, 'panel-as-of');
    expect(await panel.textContent('[data-testid="panel-as-of"]')).toMatch(/^As of \S/);
    // On the app's clock (the harness's, as the page's "as of"), not the browser's.
    const panelAt = Date.parse((await panel.getAttribute('[data-testid="panel-as-of"] time', 'datetime'))!);
    expect(panelAt).toBeGreaterThanOrEqual(Date.parse(pageAsOf!));
    expect(panelAt).toBeLessThanOrEqual(NOW.getTime() + (Date.now() - T0));
  });
});
