/**
 * The Custom UI under Forge's own Content-Security-Policy, in a real browser (Debian's Chromium via
 * playwright-core). The harness serves `/app` with the policy Atlassian's `@forge/csp` builds from
 * manifest.yml; this file rebuilds it here from the manifest with the same package (not through the
 * harness's code), so a manifest change or a hand-written policy cannot diverge silently. Then every
 * module loads with zero violations, counted by a `securitypolicyviolation` listener in every frame
 * and by the policy's report-uri; a deliberate violation in each frame proves both are listening.
 * The evidence for `permissions.content.styles: ['unsafe-inline']` (README "Content security"):
 * without it the policy blocks the `<style>` element emotion inserts for Atlaskit's pagination.
 * And the app's frame keeps its height when nothing changes (issue 17).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import type { Frame } from 'playwright-core';
import { parse } from 'yaml';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { startHarness, type RunningHarness } from '../../dev/harness/server';
import { appFrame, browserHarness } from './browser';

jest.setTimeout(180_000);

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const unscored = epics.find((i) => !i.properties?.['refinery.wsjf'])!;
const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;
const manifestPermissions = (parse(readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8')) as { permissions: Permissions }).permissions;

const t = browserHarness(data, NOW);
const { as } = t;

/** What Forge would send for this HTML and these permissions, built here with Atlassian's package. */
function forgePolicy(html: string, permissions: Permissions, h: RunningHarness): string {
  const details = new CSPProcessingService({ info: () => undefined }, load).getCspDetails(html, permissions);
  return new CSPInjectionService().getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod', hostname: h.url, tunnelCSPReporterUri: `${h.url}/harness/csp-report` }).join('; ');
}

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Runs in every frame before any of its scripts, so nothing is missed from the first byte. */
function listenForViolations() {
  const w = window as unknown as { __cspViolations: Violation[] };
  w.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => w.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile }),
    true,
  );
}

const CONTROL = 'https://csp-control.invalid/deliberate.png';
const isControl = (v: { blocked?: string; 'blocked-uri'?: string }) => (v.blocked ?? v['blocked-uri']) === CONTROL;

/** The app frame once it has rendered past its loading state. */
async function settled(app: Frame): Promise<Frame> {
  await app.waitForSelector('#root > *', { state: 'attached', timeout: 30_000 });
  await app.waitForFunction(() => !document.querySelector('[data-testid="loading"]'), undefined, { timeout: 30_000 });
  return app;
}

let reportsFrom = 0;

/**
 * The violations since the test began, as the frame's listener saw them and as the policy's
 * report-uri received them. First a deliberate one (an image from a host the policy does not
 * allow) must reach both, or a count of zero would prove nothing.
 */
async function violationsIn(h: RunningHarness, app: Frame): Promise<{ listener: Violation[]; reports: string[] }> {
  await app.evaluate((src) => {
    const img = document.createElement('img');
    img.alt = '';
    img.src = src;
    img.dataset.cspControl = '1';
    document.body.appendChild(img);
  }, CONTROL);
  await app.waitForFunction((src) => (window as unknown as { __cspViolations: Violation[] }).__cspViolations.some((v) => v.blocked === src), CONTROL, { timeout: 10_000 });
  // Reports are posted in order, so once the deliberate one is in, any earlier one is too.
  const from = reportsFrom;
  await h.waitForCspReport((r) => isControl(r) && h.cspReports.indexOf(r) >= from);
  await app.evaluate(() => document.querySelectorAll('img[data-csp-control]').forEach((i) => i.remove()));
  const listener = (await app.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)).filter((v) => !isControl(v));
  const reports = h.cspReports.slice(reportsFrom).filter((r) => !isControl(r)).map((r) => `${r['effective-directive']} ${r['blocked-uri']} ${r['source-file']}`);
  return { listener, reports };
}

const summary: string[] = [];
afterAll(() => {
  if (summary.length) process.stdout.write(`CSP violations per module under the manifest's policy:\n${summary.map((s) => `  ${s}`).join('\n')}\n`);
});

describe("the Custom UI is served with Forge's Content-Security-Policy", () => {
  it('the /app policy is exactly what @forge/csp builds from manifest.yml, in the HTTP response and in the browser', async () => {
    const res = await fetch(`${t.h.url}/app/`);
    const html = await res.text();
    const served = res.headers.get('content-security-policy');
    expect(served).toBe(forgePolicy(html, manifestPermissions, t.h));
    // The parts the app relies on, so a reader of a failure sees which directive moved.
    const styleSrc = served!.split('; ').find((d) => d.startsWith('style-src '))!;
    expect(styleSrc.includes("'unsafe-inline'")).toBe((manifestPermissions.content?.styles ?? []).includes('unsafe-inline'));
    expect(served).toContain("script-src 'self' ");
    expect(served).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(served).toMatch(/; sandbox [^;]*allow-scripts/);

    // The iframe's own document gets the same header (the module pages load /app/?context=…).
    const [frameResponse] = await Promise.all([
      t.page.waitForResponse((r) => new URL(r.url()).pathname === '/app/' && r.request().resourceType() === 'document'),
      as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`),
    ]);
    expect(await frameResponse.headerValue('content-security-policy')).toBe(served);
  });

  it("the issue panel's own resource (/app/panel/) gets the policy built from its own index.html, in the issue view's frame", async () => {
    const res = await fetch(`${t.h.url}/app/panel/`);
    const html = await res.text();
    expect(html).not.toBe(await (await fetch(`${t.h.url}/app/`)).text());
    const served = res.headers.get('content-security-policy');
    expect(served).toBe(forgePolicy(html, manifestPermissions, t.h));
    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story')!;
    const [frameResponse] = await Promise.all([
      t.page.waitForResponse((r) => new URL(r.url()).pathname === '/app/panel/' && r.request().resourceType() === 'document'),
      as(DEMO.users.popm, `/browse/${story.key}`),
    ]);
    expect(await frameResponse.headerValue('content-security-policy')).toBe(served);
  });
});

describe("zero CSP violations in every module under the manifest's policy", () => {
  beforeEach(async () => {
    reportsFrom = t.h.cspReports.length;
    await t.page.context().addInitScript(listenForViolations);
  });

  it('the project page, tab by tab', async () => {
    await as(DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await settled(await appFrame(t.page, 'team-table'));
    const tabs = await app.getByRole('tab').allTextContents();
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    for (const name of tabs) {
      await app.getByRole('tab', { name }).click();
      await app.waitForSelector('[role="tabpanel"] *', { state: 'attached' });
      await settled(app);
    }
    // DynamicTable's pagination is the component styled at run time (see the evidence test below).
    expect(await app.locator('nav button[aria-label="Page 2"]').count()).toBeGreaterThan(0);
    const found = await violationsIn(t.h, app);
    summary.push(`project page (${tabs.join(', ')}): ${found.listener.length} seen, ${found.reports.length} reported`);
    expect(found).toEqual({ listener: [], reports: [] });
  });

  it.each<[string, string, string, string]>([
    ['story panel', DEMO.users.popm, `/browse/${story.key}`, 'story-panel'],
    ['feature panel (editable)', DEMO.users.popm, `/browse/${unscored.key}`, 'feature-panel'],
    ['admin page', DEMO.users.admin, '/admin/refinery', 'admin-page'],
  ])('the %s', async (name, user, where, testId) => {
    await as(user, where);
    const app = await settled(await appFrame(t.page, testId));
    const found = await violationsIn(t.h, app);
    summary.push(`${name}: ${found.listener.length} seen, ${found.reports.length} reported`);
    expect(found).toEqual({ listener: [], reports: [] });
  });

  it("the dashboard gadget: edit view with its select's menu open, save, then the view", async () => {
    await as(DEMO.users.popm, '/dashboard?edit=1');
    const edit = await settled(await appFrame(t.page, 'gadget-edit'));
    await edit.focus('#gadget-refresh');
    await t.page.keyboard.press('ArrowDown');
    await edit.waitForSelector('[role="option"]');
    const inEdit = await violationsIn(t.h, edit);
    reportsFrom = t.h.cspReports.length;
    await t.page.keyboard.press('Escape');
    await edit.fill('[data-testid="gadget-project"]', DEMO.projectKey);
    // Saving moves the host page: under the policy's sandbox only the host may navigate itself.
    await Promise.all([t.page.waitForURL(/\/dashboard$/), edit.click('[data-testid="gadget-save"]')]);
    const view = await settled(await appFrame(t.page, 'health-gadget'));
    const inView = await violationsIn(t.h, view);
    summary.push(`gadget: edit ${inEdit.listener.length} seen, ${inEdit.reports.length} reported; view ${inView.listener.length} seen, ${inView.reports.length} reported`);
    expect({ edit: inEdit, view: inView }).toEqual({ edit: { listener: [], reports: [] }, view: { listener: [], reports: [] } });
  });

  it('the sprint action on a board backlog', async () => {
    await as(DEMO.users.popm, '/boards');
    const board = await t.page.getAttribute('[data-testid="board-list"] a[href^="/boards/"]', 'href');
    expect(board).toBeTruthy();
    await t.page.goto(`${t.h.url}${board}`);
    const sprint = await t.page.getAttribute('a[href*="sprint="]', 'href');
    expect(sprint).toBeTruthy();
    await t.page.goto(`${t.h.url}${sprint}`);
    const app = await settled(await appFrame(t.page, 'sprint-readiness'));
    const found = await violationsIn(t.h, app);
    summary.push(`sprint action: ${found.listener.length} seen, ${found.reports.length} reported`);
    expect(found).toEqual({ listener: [], reports: [] });
  });
});

describe('the evidence for permissions.content.styles: unsafe-inline', () => {
  let strict: RunningHarness;
  beforeAll(async () => {
    // The manifest as it would be without the declaration.
    const { content: _content, ...withoutContent } = manifestPermissions;
    strict = await startHarness({ data, port: 0, now: () => NOW, cspPermissions: withoutContent });
  });
  afterAll(() => strict?.close());

  /** Atlaskit pagination's page buttons: emotion's rules make them display:flex; blocked, they keep the browser's default. */
  async function pagerDisplay(base: string): Promise<{ found: Violation[]; display: string }> {
    await t.page.goto(`${base}/harness/user?accountId=${encodeURIComponent(DEMO.users.popm)}&back=${encodeURIComponent(`/projects/${DEMO.projectKey}/refinery`)}`);
    const app = await settled(await appFrame(t.page, 'team-table'));
    const display = await app.locator('nav button[aria-label="Page 1"]').first().evaluate((b) => getComputedStyle(b).display);
    return { found: (await app.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)), display };
  }

  it("without it, Forge's policy blocks the <style> element Atlaskit's pagination is styled by, and the pagination renders unstyled", async () => {
    await t.page.context().addInitScript(listenForViolations);
    const res = await fetch(`${strict.url}/app/`);
    expect(res.headers.get('content-security-policy')).not.toMatch(/style-src[^;]*'unsafe-inline'/);

    const without = await pagerDisplay(strict.url);
    const declared = await pagerDisplay(t.h.url);
    process.stdout.write(
      `without content.styles: ${without.found.length} violation(s) on the project page: ${[...new Set(without.found.map((v) => `${v.directive} ${v.blocked} ${v.source.replace(/^.*\/assets\//, 'assets/')}`))].join('; ')}; pagination button display=${without.display}\n` +
        `with content.styles unsafe-inline: ${declared.found.length} violation(s); pagination button display=${declared.display}\n`,
    );
    // If this fails because nothing is blocked any more, the declaration is no longer needed: drop it.
    expect(without.found.length).toBeGreaterThan(0);
    for (const v of without.found) expect(v).toEqual({ directive: 'style-src-elem', blocked: 'inline', source: expect.stringMatching(/\/app\/assets\/[^/]+\.js$/) });
    expect(declared.found).toEqual([]);
    expect(declared.display).toBe('flex');
    expect(without.display).not.toBe('flex');
  });
});

describe('the app frame keeps its height when nothing changes (issue 17)', () => {
  /** The frame's height on each of `frames` animation frames of the host page, and how many resize messages arrived meanwhile. */
  async function idleHeights(frames: number): Promise<{ heights: string[]; messages: number }> {
    return t.page.evaluate(
      (n) =>
        new Promise<{ heights: string[]; messages: number }>((resolve) => {
          const frame = document.querySelector<HTMLIFrameElement>('iframe.app-frame')!;
          const heights: string[] = [];
          let messages = 0;
          const count = (e: MessageEvent) => {
            if (e.data && typeof e.data.refineryHeight === 'number') messages++;
          };
          window.addEventListener('message', count);
          const step = () => {
            heights.push(frame.style.height);
            if (heights.length < n) return void requestAnimationFrame(step);
            window.removeEventListener('message', count);
            resolve({ heights, messages });
          };
          requestAnimationFrame(step);
        }),
      frames,
    );
  }

  it.each<[string, string, string]>([
    ['project page', `/projects/${DEMO.projectKey}/refinery`, 'team-table'],
    ['story panel', `/browse/${story.key}`, 'story-panel'],
  ])('the %s: sized to its content, then the same height over 180 animation frames (~3 s) of idle', async (_name, where, testId) => {
    await as(DEMO.users.popm, where);
    await settled(await appFrame(t.page, testId));
    // The host applied the app's measure: the frame is its content's height plus the 16 px spare.
    const sizedToContent = () => {
      const f = document.querySelector<HTMLIFrameElement>('iframe.app-frame')!;
      const root = f.contentDocument!.getElementById('root')!;
      return parseFloat(f.style.height) === Math.ceil(root.getBoundingClientRect().bottom + f.contentWindow!.scrollY) + 16;
    };
    await t.page.waitForFunction(sizedToContent, undefined, { timeout: 10_000 });
    const { heights, messages } = await idleHeights(180);
    expect(heights).toHaveLength(180);
    expect(new Set(heights)).toEqual(new Set([heights[0]]));
    expect(messages).toBe(0);
    expect(await t.page.evaluate(sizedToContent)).toBe(true);
  });
});
