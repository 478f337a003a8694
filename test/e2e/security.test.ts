/**
 * Text from Jira renders inert, in a real browser (Debian's Chromium via playwright-core): a story
 * summary with `<img onerror>` and `<script>`, an ADF description with `javascript:` link marks and
 * cards, a team name with HTML. On the story panel, the feature panel, the project page (WSJF and
 * team tables) and issue search: no dialog, no `window.__xss`, the text visible literally, and no
 * `javascript:` link. The app's frames are served with Forge's real Content-Security-Policy (built by
 * `@forge/csp` from manifest.yml; test/e2e/csp.test.ts checks it), so escaping is checked where it matters
 * and not hidden by a policy: the text must be inert because React renders it as text.
 */
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { startHarness, type RunningHarness } from '../../dev/harness/server';
import { appFrame, launchChromium } from './browser';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-20T10:00:00Z');
const HOSTILE = '<img src=x onerror=alert(1)><script>window.__xss=1</script>';
const HOSTILE_TEAM = 'Comet<img src=x onerror=alert(2)>';
const HOSTILE_LINK = 'javascript:alert(3)';

function hostileTrain(): { data: DataSet; story: JiraIssue; feature: JiraIssue } {
  const data = generateDemoTrain({ now: NOW });
  const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done')!;
  const feature = data.issues.find((i) => i.key === story.fields.parent!.key)!;
  story.fields.summary = `As a POPM, I want ${HOSTILE} so that nothing runs`;
  feature.fields.summary = `Feature ${HOSTILE}`;
  // The story's embedded parent carries the summary too (the issue view's breadcrumb reads it).
  expect(story.fields.parent?.fields).toBeDefined();
  story.fields.parent!.fields!.summary = feature.fields.summary;
  story.fields.description = {
    type: 'doc',
    version: 1,
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'click me', marks: [{ type: 'link', attrs: { href: HOSTILE_LINK } }] }, { type: 'text', text: ' and ' }, { type: 'text', text: 'me too', marks: [{ type: 'link', attrs: { href: ' JavaScript:alert(4)' } }] }] },
      { type: 'paragraph', content: [{ type: 'inlineCard', attrs: { url: 'javascript:alert(5)' } }] },
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Acceptance criteria' }] },
      { type: 'paragraph', content: [{ type: 'text', text: `Given ${HOSTILE} When it renders Then it is text` }] },
    ],
  };
  const teamField = DEMO.fieldIds.team;
  const comet = data.issues.filter((i) => ((i.fields as Record<string, unknown>)[teamField] as { name?: string } | null | undefined)?.name === 'Comet');
  // The team table shows the hostile name only if some issues carry it.
  expect(comet.length).toBeGreaterThan(0);
  for (const i of comet) {
    const t = (i.fields as Record<string, unknown>)[teamField] as { name?: string; title?: string };
    (i.fields as Record<string, unknown>)[teamField] = { ...t, name: HOSTILE_TEAM, title: HOSTILE_TEAM };
  }
  return { data, story, feature };
}

const { data, story, feature } = hostileTrain();
let h: RunningHarness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dialogs: string[];

beforeAll(async () => {
  h = await startHarness({ data, port: 0, now: () => NOW });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  dialogs = [];
  // A dialog would block the page; record and dismiss it (any dialog fails the test).
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterEach(async () => {
  await context.close();
});

const as = (base: string, user: string, path: string) => page.goto(`${base}/harness/user?accountId=${encodeURIComponent(user)}&back=${encodeURIComponent(path)}`);

async function javascriptHrefs(f: Page | Frame): Promise<string[]> {
  return f.$$eval('a[href], area[href]', (as) => as.map((a) => a.getAttribute('href') ?? '').filter((href) => /^\s*javascript:/i.test(href)));
}

/** Nothing ran and no `javascript:` link exists, in the page and in the app's frame (`'no app'` only for Jira's own pages). */
async function expectInert(app: Frame | 'no app') {
  // An <img src=x> parsed as HTML would fetch x and fire onerror: let the network go quiet first.
  await page.waitForLoadState('networkidle');
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await javascriptHrefs(page)).toEqual([]);
  expect(await page.$$('img[src="x"]')).toHaveLength(0);
  if (app === 'no app') {
    expect(await page.$('iframe[data-testid="app-frame"]')).toBeNull();
  } else {
    expect(await app.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await javascriptHrefs(app)).toEqual([]);
    expect(await app.$$('img[src="x"], script:not([src])')).toHaveLength(0);
  }
}

describe('hostile text from Jira renders inert', () => {
  it('story: issue view and story panel show the summary literally; javascript: links render as text', async () => {
    await as(h.url, DEMO.users.popm, `/browse/${story.key}`);
    const app = await appFrame(page, 'story-panel');
    expect(await page.textContent('[data-testid="issue-summary"]')).toBe(story.fields.summary);
    const description = (await page.textContent('.description'))!;
    expect(description).toContain('click me');
    expect(description).toContain(`Given ${HOSTILE} When it renders`);
    expect(description).toContain('javascript:alert(5)');
    expect(await app.textContent('[data-testid="story-panel"]')).toContain(HOSTILE);
    await expectInert(app);
  });

  it('feature: the issue view shows the hostile summary literally and the WSJF panel stays inert', async () => {
    await as(h.url, DEMO.users.popm, `/browse/${feature.key}`);
    const app = await appFrame(page, 'feature-panel');
    expect(await page.textContent('[data-testid="issue-summary"]')).toBe(feature.fields.summary);
    await expectInert(app);
  });

  it('project page: the hostile team name in the team table and the feature in the WSJF table are text', async () => {
    await as(h.url, DEMO.users.popm, `/projects/${DEMO.projectKey}/refinery`);
    const app = await appFrame(page, 'team-table');
    expect(await app.textContent('[data-testid="team-table"]')).toContain(HOSTILE_TEAM);
    await expectInert(app);
    await app.getByRole('tab', { name: /WSJF/ }).click();
    await app.waitForSelector('[data-testid="wsjf-table"]');
    expect(await app.textContent('[data-testid="wsjf-table"]')).toContain(`Feature ${HOSTILE}`);
    await expectInert(app);
  });

  it('issue search: summaries in the result table are text', async () => {
    await as(h.url, DEMO.users.popm, `/issues?jql=${encodeURIComponent(`key in (${story.key}, ${feature.key})`)}`);
    const cells = await page.$$eval('table.results td', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(cells).toEqual(expect.arrayContaining([story.fields.summary, feature.fields.summary]));
    expect(cells.length).toBeGreaterThan(0);
    await expectInert('no app');
  });
});
