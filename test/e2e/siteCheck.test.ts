/**
 * The admin page's site check in a real browser: a Jira admin runs it for the demo train and sees
 * every check pass; a team member sees what will not work for them, each with its fix.
 */
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { SITE_CHECK_IDS } from '../../src/app/siteCheck';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);

async function runSiteCheck(user: string) {
  await t.as(user, '/admin/refinery');
  const app = await appFrame(t.page, 'site-check');
  await app.fill('[data-testid="site-check-project"]', DEMO.projectKey);
  await app.click('[data-testid="site-check-run"]');
  await app.waitForSelector('[data-testid="site-check-results"]', { timeout: 60_000 });
  return app;
}

describe('admin page: site check', () => {
  it('shows a Jira admin every check of the demo train passing, one row per check', async () => {
    const app = await runSiteCheck(DEMO.users.admin);
    expect(await app.textContent('[data-testid="site-check-results"]')).toContain('Everything Refinery needs works');
    const rows = await app.$$eval('[data-testid="site-check-table--table"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(SITE_CHECK_IDS.length);
    for (const row of rows) expect(row).toMatch(/^Works/);
    const boards = await app.textContent('[data-testid="site-check-boards"]');
    expect(boards).toContain('ART has');
    expect(boards).toContain('scrum board');
    expect(await t.axeSeriousOrCritical()).toEqual([]);
  });

  it('shows a team member what will not work for them, with the fix in the row', async () => {
    const app = await runSiteCheck(DEMO.users.member);
    expect(await app.textContent('[data-testid="site-check-results"]')).toContain('4 of 17 checks found something that will not work');
    const schedule = await app.textContent('[data-testid="site-check-permission.scheduleIssues"]');
    expect(schedule).toContain('Will not work');
    expect(schedule).toContain('You do not have Schedule Issues in ART: Apply WSJF order is refused.');
    expect(schedule).toContain('Ask a Jira administrator to grant Schedule Issues');
  });

  it('refuses a malformed project key in the form with a sentence', async () => {
    await t.as(DEMO.users.admin, '/admin/refinery');
    const app = await appFrame(t.page, 'site-check');
    await app.fill('[data-testid="site-check-project"]', '1 bad');
    await app.click('[data-testid="site-check-run"]');
    expect(await app.textContent('#site-check-project-error')).toMatch(/project key/);
    expect(await app.$('[data-testid="site-check-results"]')).toBeNull();
  });
});
