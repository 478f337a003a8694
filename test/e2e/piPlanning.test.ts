/**
 * The "PI planning" tab in a real browser (Debian's Chromium via playwright-core), on the demo's
 * next PI as demo-pi planned it (dev/demo/train/: Quasar over-committed in Sprint 24, ART-4 the #1
 * feature by WSJF with nothing planned, a Pulsar story in Sprint 24 blocking a Comet story in
 * Sprint 23): the board's teams and iterations, the over-committed cell, a "later" connector in the
 * danger colour with its sentence, the finding, the list view holding the same cards (axe over it), a
 * card's drill-down equal to the stories the demo put there.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Frame } from 'playwright-core';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const NEXT_PI = DEMO.labels.nextPi;

// An axe scan of the list view (~1,500 elements) takes most of this on a loaded 2-core machine.
jest.setTimeout(180_000);

const t = browserHarness(data, NOW);

async function openTab(): Promise<Frame> {
  await t.as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  await app.getByRole('tab', { name: /PI planning/ }).click();
  await app.waitForSelector('[data-testid="pi-planning-tab"]', { timeout: 60_000 });
  // The board draws the rows in view first and the others after that paint (issue 16).
  await app.waitForSelector('[data-testid="pi-board"][data-complete="true"]', { timeout: 60_000 });
  return app;
}

/** The keys a drill-down link's JQL names (`key in (ART-1, ART-2)`). */
function keysOf(href: string): string[] {
  const jql = new URL(href, 'http://x').searchParams.get('jql') ?? '';
  return [...jql.matchAll(/\b[A-Z][A-Z0-9]+-\d+\b/g)].map((m) => m[0]).sort();
}

const sprintIdsOf = (i: JiraIssue): number[] => ((i.fields[DEMO.fieldIds.sprint] as { id: number }[] | null) ?? []).map((s) => s.id);
const points = (i: JiraIssue): number => (i.fields[DEMO.fieldIds.storyPoints] as number | null) ?? 0;

describe('PI planning tab', () => {
  it("shows the next PI's board: teams, iterations, an over-committed cell, a late dependency, the top feature nobody planned, and a list view with the same cards", async () => {
    const app = await openTab();
    // The default PI is the next one (the earliest PI that has not started).
    expect(await app.getAttribute('[data-testid="pi-planning-tab"]', 'data-pi')).toBe(NEXT_PI);

    // One row per team (the four scrum teams and the kanban one), one column per iteration + Unplanned.
    const teams = await app.$$eval('[data-testid="pi-team"]', (els) => els.map((e) => e.getAttribute('data-team')));
    expect(teams).toEqual(expect.arrayContaining([...DEMO.teams, DEMO.kanbanTeam]));
    const columns = await app.$$eval('[data-testid="pi-column"]', (els) => els.map((e) => e.textContent ?? ''));
    // The demo's next PI: Sprint 21..25 of each team (25 is the IP iteration), then the unplanned column.
    expect(columns).toHaveLength(6);
    expect(columns[5]).toMatch(/^Unplanned/);

    // Over-committed, in words and not colour alone: Quasar's Sprint 24, as the demo planned it.
    const quasar24 = data.sprints.find((s) => s.name === 'Quasar Sprint 24');
    expect(quasar24).toBeDefined();
    const cell = app.locator(`[data-testid="pi-cell"][data-sprint-id="${quasar24!.id}"]`);
    expect(await cell.getAttribute('data-over-committed')).toBe('true');
    expect(await cell.locator('[data-testid="pi-cell-overcommitted"]').textContent()).toMatch(/^Over-committed .*\d+ points? planned against/);
    expect(await cell.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');

    // A "later" dependency: a Pulsar blocker planned after the Comet story it blocks, drawn in the danger colour.
    await app.waitForSelector('[data-testid="pi-connector"]');
    const later = app.locator('[data-testid="pi-connector"][data-risk="later"]');
    expect(await later.count()).toBeGreaterThan(0);
    const connector = await later.first().evaluate((p) => ({ stroke: getComputedStyle(p).stroke, title: p.querySelector('title')?.textContent ?? '', id: p.getAttribute('data-dependency-id') }));
    const danger = await app.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.color = 'var(--ds-border-danger, #E2483D)';
      document.body.appendChild(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(connector.stroke).toBe(danger);
    expect(connector.title).toMatch(/^Lands later: .+/);

    // The top feature by WSJF that no team planned: a finding, not just a missing card.
    const top = app.locator(`[data-testid="pi-top-feature"][data-key="ART-4"]`);
    expect(await top.getAttribute('data-nothing-planned')).toBe('true');
    expect(await top.locator('[data-testid="pi-top-feature-finding"]').textContent()).toMatch(/Nothing planned.*ART-4/);
    expect(await app.textContent('[data-testid="pi-findings"]')).toContain('ART-4');

    const boardCards = await app.$$eval('[data-testid="pi-card"]', (els) => els.map((e) => e.getAttribute('data-card-id')).sort());
    expect(boardCards.length).toBeGreaterThan(10);
    // axe over the board view (the tab's default) runs in test/e2e/a11y.test.ts's tab-by-tab scan; here, the list view.

    // The list view holds the same cards, and the late dependency's sentence as text.
    await app.click('[data-testid="pi-view-list"]');
    await app.waitForSelector('[data-testid="pi-list"]');
    expect(await app.$$eval('[data-testid="pi-card"]', (els) => els.length)).toBe(0);
    const listCards = await app.$$eval('[data-testid="pi-list-card"]', (els) => els.map((e) => e.getAttribute('data-card-id')).sort());
    expect(listCards).toEqual(boardCards);
    const row = app.locator(`[data-testid="pi-dependency"][data-dependency-id="${connector.id}"]`);
    expect(await row.getAttribute('data-risk')).toBe('later');
    const sentence = (await row.locator('[data-testid="pi-dependency-sentence"]').textContent())!;
    expect(connector.title).toBe(`Lands later: ${sentence}`);
    const blocker = (await row.locator('td').nth(1).textContent())!;
    const blocked = (await row.locator('td').nth(2).textContent())!;
    expect(blocker).toContain('team Pulsar');
    expect(blocked).toContain('team Comet');
    // The list view, the board's accessible form: axe over its region only (the board view: a11y.test.ts).
    const listScan = await new AxeBuilder({ page: t.page }).include(['iframe[data-testid="app-frame"]', '[data-testid="pi-list"]']).analyze();
    expect(listScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it("opens exactly a card's stories: the demo's stories of that feature in that sprint, and their points", async () => {
    const app = await openTab();
    const cards = app.locator('[data-testid="pi-card"][data-feature^="ART-"]');
    expect(await cards.count()).toBeGreaterThan(0);
    const card = cards.first();
    const [feature, , sprintPart] = (await card.getAttribute('data-card-id'))!.split('|');
    const sprintId = Number(sprintPart);
    expect(Number.isInteger(sprintId)).toBe(true);

    // Independently of the app: the demo's level-0 issues under the feature whose Sprint field holds the sprint.
    const expected = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && (i.fields.parent as { key?: string } | undefined)?.key === feature && sprintIdsOf(i).includes(sprintId));
    expect(expected.length).toBeGreaterThan(0);

    const storiesHref = (await card.locator('a[data-testid="pi-card-stories-numerator"]').getAttribute('href'))!;
    expect(keysOf(storiesHref)).toEqual(expected.map((i) => i.key).sort());
    expect(Number(await card.locator('[data-testid="pi-card-stories-n"]').textContent())).toBe(expected.length);
    expect(Number(await card.locator('[data-testid="pi-card-points-n"]').textContent())).toBe(expected.reduce((n, i) => n + points(i), 0));

    // And Jira's issue search, opened from the link, shows exactly those issues.
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), card.locator('a[data-testid="pi-card-stories-numerator"]').click()]);
    expect(await t.page.textContent('[data-testid="issue-count"]')).toMatch(new RegExp(`^${expected.length} issues?`));
  });
});
