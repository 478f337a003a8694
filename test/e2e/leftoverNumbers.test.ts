/**
 * Issue 12 leftovers in a real browser: the numbers that used to be plain or counted by the UI —
 * an active sprint's "Committed at start", the story panel's at-risk dependencies and the sprint
 * action's not-ready stories — are clicked, and Jira's issue search must list exactly that many.
 */
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);

type Raw = DataSet['issues'][number];
const byKey = new Map(data.issues.map((i) => [i.key, i]));
const sprintsOf = (i: Raw) => ((i.fields as Record<string, unknown>).customfield_10020 as { id: number }[] | null | undefined) ?? [];
// "is blocked by" ends of Blocks links (other link types are not dependencies).
const blockers = (i: Raw) =>
  ((i.fields as { issuelinks?: { type?: { name?: string }; inwardIssue?: { key: string } }[] }).issuelinks ?? [])
    .filter((l) => l.type?.name === 'Blocks')
    .map((l) => l.inwardIssue?.key)
    .filter((k): k is string => !!k);
// A story blocked by an open, unscheduled issue: at risk by DOMAIN.md's rule.
const atRiskStory = data.issues.find(
  (i) => i.fields.issuetype.name === 'Story' && blockers(i).some((k) => { const b = byKey.get(k); return !!b && b.fields.status.statusCategory.key !== 'done' && sprintsOf(b).length === 0; }),
);
const futureSprint = data.sprints.find((s) => s.state === 'future')!;

async function shownNumber(app: Frame, selector: string): Promise<number> {
  const text = (await app.textContent(selector))?.trim() ?? '';
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

/** Clicks the link and counts the rows Jira's issue search lists. */
async function rowsAfterClicking(app: Frame, linkSelector: string): Promise<number> {
  const link = await app.waitForSelector(linkSelector);
  await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), link.click()]);
  await t.page.waitForSelector('[data-testid="issue-count"]');
  const rows = await t.page.$$eval('table.results tbody tr', (trs) => trs.length);
  expect(Number((await t.page.textContent('[data-testid="issue-count"]'))!.split(' ')[0])).toBe(rows);
  return rows;
}

async function expectDrillDownMatches(app: Frame, figureTestId: string) {
  const shown = await shownNumber(app, `[data-testid="${figureTestId}-n"]`);
  expect(shown).toBeGreaterThan(0);
  expect(await rowsAfterClicking(app, `a[data-testid="${figureTestId}-numerator"]`)).toBe(shown);
}

describe('the leftover numbers open exactly what they count', () => {
  it('an active sprint\'s "Committed at start" on the Overview', async () => {
    await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'in-progress');
    const ids = await app.$$eval('[data-testid^="active-committed-"][data-testid$="-n"]', (els) => els.map((e) => ({ id: e.getAttribute('data-testid')!, n: Number(e.textContent) })));
    expect(ids.length).toBeGreaterThan(0);
    const hit = ids.find((c) => c.n > 0);
    expect(hit).toBeDefined();
    await expectDrillDownMatches(app, hit!.id.replace(/-n$/, ''));
  });

  it("the story panel's at-risk dependencies (the issues on both ends)", async () => {
    expect(atRiskStory).toBeDefined();
    await t.as(DEMO.users.popm, `/browse/${atRiskStory!.key}`);
    const app = await appFrame(t.page, 'story-panel');
    await app.waitForSelector('[data-testid="dependency-risk-summary"]');
    await expectDrillDownMatches(app, 'dependency-risk-figure');
  });

  it("the sprint action's not-ready stories", async () => {
    await t.as(DEMO.users.popm, `/boards/${futureSprint.originBoardId}/backlog?sprint=${futureSprint.id}`);
    const app = await appFrame(t.page, 'sprint-readiness');
    const listed = await app.locator('[data-testid="not-ready-story"]').count();
    expect(await shownNumber(app, '[data-testid="not-ready-count-n"]')).toBe(listed);
    await expectDrillDownMatches(app, 'not-ready-count');
  });
});
