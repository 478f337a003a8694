/**
 * The demo in a real browser (Debian's Chromium via playwright-core): what a person sees on the
 * project page, the story panel, the feature panel and the admin page, including error paths.
 */
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness, choose, chosen } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const scored = epics.find((i) => i.properties?.['refinery.wsjf'])!;
const unscored = epics.find((i) => !i.properties?.['refinery.wsjf'])!;
const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
const { as } = t;
const axeSeriousOrCritical = () => t.axeSeriousOrCritical();

describe('project health page', () => {
  it('shows the train cards with values, bands and links; a card link opens the issues behind it', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'project-page');
    await app.waitForSelector('[data-testid="metric-card-acceptanceRateLastSprint"]');
    const value = await app.textContent('[data-testid="metric-card-acceptanceRateLastSprint"] [data-testid="metric-value"]');
    expect(value).toMatch(/^\d{1,3}%$/);
    const readiness = await app.textContent('[data-testid="metric-card-readinessRate"]');
    expect(readiness).toMatch(/readiness/i);
    expect(await app.textContent('[data-testid="as-of"]')).toMatch(/2026/);
    // The tables render after the cards have painted (issue 16): wait for them.
    await app.waitForSelector('[data-testid="team-table"]');
    const teamTable = await app.textContent('[data-testid="team-table"]');
    for (const t of DEMO.teams) expect(teamTable).toContain(t);
    expect(await app.$$eval('[data-testid="sprint-table"] tbody tr', (rows) => rows.length)).toBeGreaterThan(8);
    // The active sprint of each team is in progress, not among the closed sprints.
    const active = await app.$$eval('[data-testid="in-progress-sprint"]', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(active).toHaveLength(DEMO.teams.length);
    const activeName = /Sprint \d+/.exec(active[0])![0];
    expect(await app.textContent('[data-testid="sprint-table"]')).not.toContain(activeName);
    // Trends: daily snapshots and the train sprint by sprint (closed sprints only), drawn by recharts
    // (its chunk loads after the cards: wait for the charts to be drawn).
    await app.waitForSelector('[data-testid="train-sprint-chart"] .recharts-line');
    await app.waitForSelector('[data-testid="acceptance-chart"] .recharts-bar');
    expect(await app.$('[data-testid="trend-chart"]')).not.toBeNull();
    expect(await app.$$eval('[data-testid="train-sprint-chart"] .recharts-line', (l) => l.length)).toBe(2);
    // One small chart per team (issue 17), each with its two series.
    const acceptanceCharts = await app.$$eval('[data-testid="acceptance-chart-team"]', (c) => c.length);
    expect(acceptanceCharts).toBeGreaterThan(0);
    expect(await app.$$eval('[data-testid="acceptance-chart"] .recharts-bar', (b) => b.length)).toBe(2 * acceptanceCharts);

    // Drill down: the dependencies card counts pairs and opens exactly the issues on both ends.
    expect(await app.textContent('[data-testid="card-figure-dependenciesAtRisk"]')).toMatch(/\d+ pairs? · \d+ issues?/);
    const count = Number(await app.textContent('[data-testid="card-figure-dependenciesAtRisk-n"]'));
    expect(count).toBeGreaterThan(0);
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), app.click('a[data-testid="card-figure-dependenciesAtRisk-numerator"]')]);
    const shown = await t.page.textContent('[data-testid="issue-count"]');
    expect(Number(shown!.split(' ')[0])).toBe(count);
  });

  it('switches to the WSJF and Quality tabs', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'project-page');
    await app.getByRole('tab', { name: /WSJF/ }).click();
    await app.waitForSelector('[data-testid="wsjf-table"]');
    expect(await app.textContent('[data-testid="wsjf-table"]')).toContain(scored.key);
    await app.getByRole('tab', { name: /Quality/ }).click();
    await app.waitForSelector('[data-testid="quality-table"]');
    expect(await app.textContent('[data-testid="quality-table"]')).toMatch(/\d+%/);
  });

  it('shows a readable error, not a blank page, when Jira is down during a refresh, and keeps the last numbers', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'team-table');
    t.h.emulator.faults.set({ rate5xx: 1, status5xx: 503, pathPattern: 'search/jql' });
    await app.click('[data-testid="refresh-full"]');
    await app.waitForSelector('[data-testid="error-message"]');
    expect(await app.textContent('[data-testid="error-message"]')).toMatch(/Jira is unavailable/);
    expect(await app.$('[data-testid="metric-card-acceptanceRateLastSprint"]')).not.toBeNull();
    t.h.emulator.faults.clear();
    await app.click('[data-testid="refresh"]');
    await app.waitForSelector('[data-testid="error-message"]', { state: 'detached' });
  });

  it('shows PI predictability from the train\'s PI objectives', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'predictability-table');
    const text = await app.textContent('[data-testid="predictability-table"]');
    expect(text).toContain('PI-2026.3');
    expect(text).toMatch(/\d+%/);
    expect(text).toContain('not assessed yet');
  });

  it('has no serious or critical accessibility violations', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    await appFrame(t.page, 'team-table');
    expect(await axeSeriousOrCritical()).toEqual([]);
  });
});

describe('issue panel', () => {
  it('on a story: score, INVEST rows, findings with evidence and hints, the DoR checklist', async () => {
    await as(DEMO.users.popm, `/browse/${story.key}`);
    const app = await appFrame(t.page, 'story-panel');
    expect(await app.textContent('[data-testid="quality-score"]')).toMatch(/\d+%/);
    for (const l of ['I', 'N', 'V', 'E', 'S', 'T']) expect(await app.$(`[data-testid="invest-row-${l}"]`)).not.toBeNull();
    const dor = await app.$$eval('[data-testid="dor-check"]', (els) => els.map((e) => e.textContent ?? ''));
    expect(dor.length).toBeGreaterThan(2);
    // People's words: no parser route ids ("found (taskList)"), no "1 points".
    expect(dor.join('\n')).not.toMatch(/\((field|heading|gherkin|taskList|table)\)|\b1 points\b/);
    expect(await app.textContent('[data-testid="parent-feature"]')).toContain(story.fields.parent!.key);
  });

  it('on a feature: a POPM scores it, sees CoD and WSJF at once, saves, and the score persists', async () => {
    await as(DEMO.users.popm, `/browse/${unscored.key}`);
    let app = await appFrame(t.page, 'feature-panel');
    // Save is off until all four are picked, and says so (a disabled action says why).
    expect(await app.isDisabled('[data-testid="wsjf-save"]')).toBe(true);
    expect(await app.textContent('[data-testid="wsjf-save-reason"]')).toBe('Pick a value for all four to save.');
    await choose(app, 'wsjf-input-businessValue', '8');
    await choose(app, 'wsjf-input-timeCriticality', '5');
    await choose(app, 'wsjf-input-riskReduction', '3');
    await choose(app, 'wsjf-input-jobSize', '8');
    expect(await app.textContent('[data-testid="cod-value"]')).toBe('16');
    expect(await app.textContent('[data-testid="wsjf-value"]')).toBe('2');
    expect(await app.$('[data-testid="wsjf-save-reason"]')).toBeNull();
    await app.click('[data-testid="wsjf-save"]');
    await app.waitForSelector('[data-testid="wsjf-saved"]');
    await t.page.reload();
    app = await appFrame(t.page, 'feature-panel');
    await app.waitForSelector('[data-testid="scored-by"]');
    expect(await chosen(app, 'wsjf-input-businessValue')).toBe('8');
    expect(await app.textContent('[data-testid="scored-by"]')).toMatch(/\w/);
    expect(await app.textContent('[data-testid="wsjf-save-reason"]')).toBe('Change a value to save a new score.');
  });

  it('on a feature: a team member without Edit Issues sees read-only values and why', async () => {
    await as(DEMO.users.member, `/browse/${scored.key}`);
    const app = await appFrame(t.page, 'feature-panel');
    expect(await app.textContent('[data-testid="read-only"]')).toMatch(/Edit Issues/);
    expect(await app.isDisabled('[data-testid="wsjf-input-businessValue"] input:not([type="hidden"])')).toBe(true);
  });

  it('has no serious or critical accessibility violations on the story panel', async () => {
    await as(DEMO.users.popm, `/browse/${story.key}`);
    await appFrame(t.page, 'story-panel');
    expect(await axeSeriousOrCritical()).toEqual([]);
  });
});

describe('dashboard gadget', () => {
  it('is configured for a project in edit mode and then shows that train\'s cards', async () => {
    await as(DEMO.users.popm, '/dashboard');
    const edit = await appFrame(t.page, 'gadget-edit');
    await edit.fill('[data-testid="gadget-project"]', 'art" OR 1=1');
    await edit.click('[data-testid="gadget-save"]');
    expect(await edit.textContent('[role="alert"]')).toMatch(/project key/);
    await edit.fill('[data-testid="gadget-project"]', DEMO.projectKey.toLowerCase());
    await Promise.all([t.page.waitForURL(/\/dashboard$/), edit.click('[data-testid="gadget-save"]')]);
    const app = await appFrame(t.page, 'health-gadget');
    expect(await app.textContent('[data-testid="health-gadget"]')).toContain('Aurora Release Train');
    expect(await app.textContent('[data-testid="metric-card-acceptanceRateLastSprint"] [data-testid="metric-value"]')).toMatch(/^\d{1,3}%$/);
  });
});

describe('admin page', () => {
  it('lets a Jira admin save settings and rejects a bad value with a message', async () => {
    await as(DEMO.users.admin, '/admin/refinery');
    const app = await appFrame(t.page, 'admin-page');
    await app.fill('[data-testid="setting-wsjfScale"]', '1, 2, 2, 5');
    await app.click('[data-testid="settings-save"]');
    await app.waitForSelector('[data-testid="error-message"], [data-testid="settings-field-errors"]');
    expect(await app.textContent('body')).toMatch(/increasing/);
    await app.fill('[data-testid="setting-wsjfScale"]', '1, 2, 3, 5, 8, 13, 20, 40');
    await app.click('[data-testid="settings-save"]');
    await app.waitForSelector('[data-testid="settings-saved"]');
  });

  it('shows a POPM the settings read-only with the reason', async () => {
    await as(DEMO.users.popm, '/admin/refinery');
    const app = await appFrame(t.page, 'admin-page');
    expect(await app.textContent('[data-testid="read-only"]')).toMatch(/admin/i);
    expect(await app.$('[data-testid="settings-save"]')).toBeNull();
  });
});
