/**
 * Story-quality actions and sprint readiness in a real browser (Debian's Chromium), through the
 * harness's Jira-like pages and the app's iframe.
 */
import type { Frame } from 'playwright-core';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { checkStory } from '../../src/domain/quality';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const F = DEMO.fieldIds;
const data: DataSet = generateDemoTrain({ now: NOW });
const report = (i: JiraIssue) =>
  checkStory({ id: i.key, summary: i.fields.summary, description: i.fields.description, acceptanceCriteria: i.fields[F.acceptanceCriteria], storyPoints: i.fields[F.storyPoints] as number | null });
const open = data.issues.filter((i) => i.fields.issuetype.name === 'Story' && i.fields.status.statusCategory.key !== 'done');
const withoutAc = open.filter((i) => !report(i).hasAcceptanceCriteria);
const nonAtomic = open.find((i) => !report(i).atomic && i.fields.parent)!;
// Ready but for one thing: every acceptance criterion is vague ("No bugs.").
const vagueOnly = open.find((i) => i.fields.parent && !(i.fields.issuelinks ?? []).length && report(i).dor.filter((d) => !d.passed).map((d) => d.rule).join() === 'rejectVagueOnlyCriteria')!;
const futureSprint = data.sprints.find((s) => s.state === 'future')!;

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
const { as } = t;
const acCheck = (app: Frame) => app.locator('[data-testid="dor-check"]', { hasText: 'Has acceptance criteria' });
const axeSeriousOrCritical = () => t.axeSeriousOrCritical();

describe('story panel actions', () => {
  it('a POPM previews the Gherkin template, inserts it, and the panel says the criteria are not written yet (still Not ready)', async () => {
    const story = withoutAc[0];
    await as(DEMO.users.popm, `/browse/${story.key}`);
    const app = await appFrame(t.page, 'story-panel');
    expect(await acCheck(app).getAttribute('data-passed')).toBe('false');

    await app.click('[data-testid="ac-template-button"]');
    await app.waitForSelector('[data-testid="ac-preview"]');
    const lines = await app.locator('[data-testid="ac-preview-line"]').allTextContents();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Given /);
    expect(lines[1]).toMatch(/^When /);
    expect(lines[2]).toMatch(/^Then /);
    expect(await app.textContent('[data-testid="ac-preview"]')).toMatch(/add this to the "Acceptance criteria" field/);
    expect(await axeSeriousOrCritical()).toEqual([]);

    await app.click('[data-testid="ac-insert-confirm"]');
    await app.waitForSelector('[data-testid="ac-inserted"]');
    expect(await app.textContent('[data-testid="ac-inserted"]')).toMatch(/stays not ready until you replace its lines with the real criteria/);
    // What was shown is what Jira now holds.
    const field = JSON.stringify(t.h.emulator.data.issues.find((i) => i.key === story.key)!.fields[F.acceptanceCriteria]);
    for (const l of lines) expect(field).toContain(JSON.stringify(l).slice(1, -1));
    // The panel (refreshed after the insert) still says Not ready, and why: the template is not criteria.
    expect(await app.textContent('[data-testid="ready-lozenge"]')).toBe('Not ready');
    expect(await acCheck(app).getAttribute('data-passed')).toBe('false');
    expect(await acCheck(app).textContent()).toContain('not written yet');
    const reasons = await app.textContent('[data-testid="not-ready-reasons"]');
    expect(reasons).toContain('Why this story is not ready');
    expect(reasons).toContain('Has acceptance criteria: not met (not written yet:');
    const criteria = await app.textContent('[data-testid="not-ready-criteria"][data-rule="ac-not-written"]');
    expect(criteria).toContain('Acceptance criteria not written yet');
    expect(criteria).toContain(`"${lines[0]}"`);
    expect(criteria).toContain('How to fix: Replace');
    expect(await app.getAttribute('[data-testid="finding"][data-rule="ac-not-written"]', 'data-severity')).toBe('error');
    // A second insert is refused in the preview, and says what to do instead.
    await app.click('[data-testid="ac-template-button"]');
    await app.waitForSelector('[data-testid="ac-preview-blocked"]');
    expect(await app.textContent('[data-testid="ac-preview-blocked"]')).toMatch(/template is already in this story .* Replace its lines with the real criteria/);
    expect(await app.$('[data-testid="ac-insert-confirm"]')).toBeNull();
    expect(await axeSeriousOrCritical()).toEqual([]);
  });

  it('vague-only criteria: Not ready by default with the reason; an admin can make them a warning only', async () => {
    expect(vagueOnly).toBeDefined();
    await as(DEMO.users.popm, `/browse/${vagueOnly.key}`);
    let app = await appFrame(t.page, 'story-panel');
    expect(await app.textContent('[data-testid="ready-lozenge"]')).toBe('Not ready');
    expect(await app.textContent('[data-testid="not-ready-reason"][data-rule="rejectVagueOnlyCriteria"]')).toMatch(/not met \(every criterion is vague: ".+"\)/);
    expect(await app.textContent('[data-testid="not-ready-criteria"][data-rule="ac-vague"]')).toMatch(/^Every acceptance criterion is vague/);

    const choose = async (label: string) => {
      await as(DEMO.users.admin, '/admin/refinery');
      const admin = await appFrame(t.page, 'admin-page');
      await admin.focus('#setting-dor-rejectVagueOnlyCriteria');
      await t.page.keyboard.press('ArrowDown');
      await admin.getByText(label, { exact: true }).click();
      await admin.click('[data-testid="settings-save"]');
      await admin.waitForSelector('[data-testid="settings-saved"]');
    };
    await choose('Ready, with a warning on the story');
    try {
      await as(DEMO.users.popm, `/browse/${vagueOnly.key}`);
      app = await appFrame(t.page, 'story-panel');
      expect(await app.textContent('[data-testid="ready-lozenge"]')).toBe('Ready');
      expect(await app.$('[data-testid="not-ready-reasons"]')).toBeNull();
      expect(await app.getAttribute('[data-testid="finding"][data-rule="ac-vague"]', 'data-severity')).toBe('warning');
    } finally {
      await choose('Not ready: the story fails the Definition of Ready');
    }
  });

  it('a team member sees the actions disabled, with the reason', async () => {
    const story = withoutAc[1];
    await as(DEMO.users.member, `/browse/${story.key}`);
    const app = await appFrame(t.page, 'story-panel');
    expect(await app.isDisabled('[data-testid="ac-template-button"]')).toBe(true);
    expect(await app.textContent('[data-testid="ac-template-reason"]')).toMatch(/You do not have the Edit Issues permission/);
    expect(await app.getAttribute('[data-testid="ac-template-button"]', 'aria-describedby')).toBe('ac-template-reason');
    expect(await app.$('[data-testid="ac-preview"]')).toBeNull();
  });

  it('a POPM splits a non-atomic story: edits a summary in the preview and the stories are created under the feature', async () => {
    await as(DEMO.users.popm, `/browse/${nonAtomic.key}`);
    const app = await appFrame(t.page, 'story-panel');
    await app.click('[data-testid="split-button"]');
    await app.waitForSelector('[data-testid="split-preview"]');
    const inputs = app.locator('[data-testid="split-summary"]');
    // The preview's editable summaries load with their own chunk (issue 16): wait for them, then count.
    await inputs.first().waitFor();
    const n = await inputs.count();
    expect(n).toBeGreaterThanOrEqual(2);
    await inputs.nth(0).fill('As a finance administrator, I want to draft a credit note (browser test)');
    await app.click('[data-testid="split-confirm"]');
    await app.waitForSelector('[data-testid="split-result"]');
    const created = await app.locator('[data-testid="split-created"]').allTextContents();
    expect(created).toHaveLength(n);
    expect(created[0]).toContain('(browser test)');
    const key = /ART-\d+/.exec(created[0])![0];
    const child = t.h.emulator.data.issues.find((i) => i.key === key)!;
    expect(child.fields.summary).toBe('As a finance administrator, I want to draft a credit note (browser test)');
    expect(child.fields.parent?.key).toBe(nonAtomic.fields.parent!.key);
  });
});

describe('sprint readiness on the backlog (jira:sprintAction)', () => {
  it('lists the not-ready stories of a future sprint with their findings', async () => {
    await as(DEMO.users.popm, `/boards/${futureSprint.originBoardId}/backlog?sprint=${futureSprint.id}`);
    const app = await appFrame(t.page, 'sprint-readiness');
    expect(await app.textContent('h2')).toContain(futureSprint.name);
    const rows = app.locator('[data-testid="not-ready-story"]');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await app.textContent('[data-testid="not-ready-count-n"]')).toBe(String(await rows.count()));
    expect(await rows.first().locator('[data-testid="failed-check"]').count()).toBeGreaterThan(0);
    expect(await app.textContent('[data-testid="readiness-summary"]')).toMatch(/^\d+ of \d+ issues are ready$/);
    expect(await axeSeriousOrCritical()).toEqual([]);

    // The issue-search link opens exactly those stories.
    const count = await rows.count();
    const link = app.locator('[data-testid="not-ready-count-numerator"]');
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), link.click()]);
    expect(await t.page.textContent('[data-testid="issue-count"]')).toBe(`${count} issue${count === 1 ? '' : 's'}`);
  });
});
