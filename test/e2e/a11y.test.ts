/**
 * Accessibility in a real browser (Debian's Chromium via playwright-core, axe-core): every page of
 * the harness — every link of its navigation, a board backlog with the sprint-readiness app, the
 * project page on each of its tabs, the story and feature panels, the admin page and issue search —
 * has zero serious or critical axe violations, in the page and in the app's iframe. And the WSJF
 * form on the feature panel works with the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { costOfDelay, wsjfOf } from '../../src/domain/wsjf';
import { appFrame, browserHarness, chosen } from './browser';
import { refusedSave } from './settingsForm';

jest.setTimeout(240_000);

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const unscored = epics.find((i) => !i.properties?.['refinery.wsjf'])!;
const scored = epics.find((i) => i.properties?.['refinery.wsjf'])!;
const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;

const t = browserHarness(data, NOW);
const { as } = t;

/**
 * The app's iframe once it has rendered past its loading state. A page that should show the app and
 * does not fails here, rather than being audited without it.
 */
async function settledApp(): Promise<Frame> {
  const handle = await t.page.waitForSelector('iframe[data-testid="app-frame"]', { timeout: 30_000 });
  const frame = (await handle.contentFrame())!;
  expect(frame).toBeTruthy();
  await frame.waitForSelector('#root > *', { state: 'attached', timeout: 30_000 });
  await frame.waitForFunction(() => !document.querySelector('[data-testid="loading"]'), undefined, { timeout: 30_000 });
  // Settled = no resolver call or asset still in flight (a condition, not a fixed sleep).
  await t.page.waitForLoadState('networkidle');
  return frame;
}

const report: { page: string; violations: number; checked: number }[] = [];

/** axe over the page and, inside it, the app's iframe: no serious or critical violation. */
async function audit(name: string) {
  const results = await new AxeBuilder({ page: t.page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  report.push({ page: name, violations: bad.length, checked: results.passes.length + results.violations.length });
  expect({ page: name, bad }).toEqual({ page: name, bad: [] });
}

afterAll(() => {
  if (report.length) process.stdout.write(`axe (serious+critical) per page:\n${report.map((r) => `  ${r.page}: ${r.violations} violations, ${r.checked} rules with results`).join('\n')}\n`);
});

describe('axe: zero serious or critical violations', () => {
  it('on every page linked from the harness navigation', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const links = await t.page.$$eval('nav[aria-label="Project"] a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBeGreaterThanOrEqual(4);
    // Jira's own pages (issue search, the board list) have no app; the project page, dashboard and settings do.
    const withApp = (href: string) => /^\/(projects|dashboard|admin)\b/.test(href);
    expect(links.filter(withApp).length).toBeGreaterThanOrEqual(3);
    for (const href of links) {
      await t.page.goto(`${t.h.url}${href}`);
      if (withApp(href)) await settledApp();
      else {
        await t.page.waitForLoadState('networkidle');
        expect(await t.page.$('iframe[data-testid="app-frame"]')).toBeNull();
      }
      await audit(`nav ${href}`);
    }
  });

  it('on the project page, tab by tab', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'team-table');
    const tabs = await app.getByRole('tab').allTextContents();
    expect(tabs.length).toBeGreaterThanOrEqual(3);
    for (const name of tabs) {
      await app.getByRole('tab', { name }).click();
      await app.waitForFunction(() => !document.querySelector('[data-testid="loading"]'), undefined, { timeout: 30_000 });
      await t.page.waitForLoadState('networkidle');
      await audit(`project page, ${name} tab`);
    }
  });

  it.each<[string, string, string, string]>([
    ['story panel (POPM)', DEMO.users.popm, `/browse/${story.key}`, 'story-panel'],
    ['feature panel (POPM, editable)', DEMO.users.popm, `/browse/${unscored.key}`, 'feature-panel'],
    ['feature panel (member, read-only)', DEMO.users.member, `/browse/${scored.key}`, 'feature-panel'],
    ['admin page (admin)', DEMO.users.admin, '/admin/refinery', 'admin-page'],
    ['admin page (POPM, read-only)', DEMO.users.popm, '/admin/refinery', 'admin-page'],
  ])('on the %s', async (name, user, path, testId) => {
    await as(user, path);
    await appFrame(t.page, testId);
    await settledApp();
    await audit(name);
  });

  it('on the admin page after a refused save: each server message in its field, named by the input', async () => {
    await as(DEMO.users.admin, '/admin/refinery');
    const app = await appFrame(t.page, 'admin-page');
    await settledApp();
    const r = await refusedSave(app);
    expect(r.fields).toEqual(Object.entries(r.expected).map(([name, m]) => ({ name, inField: [m], described: [m], invalid: 'true' })));
    expect(r.others).toEqual([]);
    await audit('admin page, refused save (admin)');
  });

  it('on issue search and on a board backlog with the sprint-readiness app', async () => {
    await as(DEMO.users.popm, `/issues?jql=${encodeURIComponent(`project = ${DEMO.projectKey} ORDER BY Rank`)}`);
    await t.page.waitForSelector('[data-testid="issue-count"]');
    await audit('issue search');
    await t.page.goto(`${t.h.url}/boards`);
    const board = await t.page.getAttribute('[data-testid="board-list"] a[href^="/boards/"]', 'href');
    expect(board).toBeTruthy();
    await t.page.goto(`${t.h.url}${board}`);
    const sprint = await t.page.getAttribute('a[href*="sprint="]', 'href');
    expect(sprint).toBeTruthy();
    await t.page.goto(`${t.h.url}${sprint}`);
    await appFrame(t.page, 'sprint-readiness');
    await settledApp();
    await audit('board backlog with sprint readiness');
  });

  it('on an error state (Jira down) on the project page', async () => {
    t.h.emulator.faults.set({ rate5xx: 1, status5xx: 503 });
    try {
      await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
      await appFrame(t.page, 'error-message');
      await audit('project page, Jira down');
    } finally {
      t.h.emulator.faults.clear();
    }
  });
});

describe('keyboard only', () => {
  /** Presses Tab until the focused element in the app frame has `data-testid` or `id` equal to `target` (at most `max` times). */
  async function tabTo(app: Frame, target: string, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await app.evaluate((t) => { const a = document.activeElement; return !!a && (a.getAttribute('data-testid') === t || a.id === t || a.getAttribute('name') === t); }, target))) return;
      await t.page.keyboard.press('Tab');
    }
    throw new Error(`${target} cannot be reached with Tab`);
  }

  it('a POPM scores a feature with Tab, arrow keys and Enter; the score is saved', async () => {
    await as(DEMO.users.popm, `/browse/${unscored.key}`);
    const app = await appFrame(t.page, 'feature-panel');
    // Start from the top of the page, as a keyboard user does.
    await t.page.focus('body');
    const picks: Record<string, string> = {};
    for (const c of ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize']) {
      const id = `wsjf-input-${c}`;
      // Each component is a group of Atlaskit radios named after it (components/ScalePick.tsx): Tab
      // lands on the group, each arrow key moves to the next value and picks it.
      await tabTo(app, `wsjf-${c}`);
      const before = await chosen(app, id);
      await t.page.keyboard.press('ArrowDown');
      await t.page.keyboard.press('ArrowDown');
      picks[c] = (await chosen(app, id))!;
      expect(picks[c]).not.toBe(before);
      expect(picks[c]).not.toBe('');
    }
    // The live Cost of Delay and WSJF follow the keyboard's choices (looked up from the backend's values per choice).
    const [bv, tc, rr, js] = ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'].map((c) => Number(picks[c]));
    const cod = costOfDelay({ businessValue: bv, timeCriticality: tc, riskReduction: rr });
    expect(await app.textContent('[data-testid="cod-value"]')).toBe(String(cod));
    expect(await app.textContent('[data-testid="wsjf-value"]')).toBe(String(wsjfOf(cod, js)));
    await tabTo(app, 'wsjf-save');
    expect(await app.isDisabled('[data-testid="wsjf-save"]')).toBe(false);
    await t.page.keyboard.press('Enter');
    await app.waitForSelector('[data-testid="wsjf-saved"]');

    // The saved values are what the keyboard chose.
    const stored = await (await fetch(`${t.h.url}/rest/api/3/issue/${unscored.key}/properties/refinery.wsjf`, { headers: { 'X-Refinery-As-App': '1' } })).json() as { value: Record<string, number> };
    for (const [c, v] of Object.entries(picks)) expect(String(stored.value[c])).toBe(v);
  });

  it('the project page tabs switch with the arrow keys', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(t.page, 'team-table');
    await t.page.focus('body');
    for (let i = 0; i < 40; i++) {
      if (await app.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')) break;
      await t.page.keyboard.press('Tab');
    }
    expect(await app.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    await t.page.keyboard.press('ArrowRight');
    await t.page.keyboard.press('Enter');
    await app.waitForSelector('[data-testid="wsjf-table"]', { timeout: 30_000 });
    expect(await app.evaluate(() => document.activeElement?.textContent)).toMatch(/WSJF/);
  });
});
