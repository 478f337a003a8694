/**
 * The live train in a real browser (issue 18, "Done when"): with the project page open, a POPM
 * completes the active sprint, starts the next one, adds a story to it and completes a committed
 * story on the harness's backlog page; the project page — never reloaded, Refresh never pressed —
 * shows the new sprint in progress with the committed set from the start event, the added story
 * apart, one story done, and says it is live.
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
    expect(t.h.emulator.events.errors).toEqual([]);
    await backlog.close();
  });
});
