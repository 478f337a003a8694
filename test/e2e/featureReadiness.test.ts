/**
 * The feature panel's "Ready for PI planning" section in a real browser: a not-ready demo feature shows each
 * failing rule's name, its quoted evidence and its hint, the unestimated stories as links, and passes axe.
 * One harness start, one page load.
 */
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import type { Envelope, FeaturePanelData } from '../../src/contract';
import { appFrame, browserHarness } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
const { as } = t;

const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const estimateFields = new Set(data.fields.filter((f) => /story point/i.test(f.name)).map((f) => f.id));
const unestimated = (key: string) =>
  data.issues
    .filter((i) => i.fields.parent?.key === key && i.fields.issuetype.hierarchyLevel === 0 && i.fields.status.statusCategory.key !== 'done')
    .filter((i) => !Object.entries(i.fields).some(([k, v]) => estimateFields.has(k) && typeof v === 'number'))
    .map((i) => i.key);
// A demo feature with open stories nobody estimated: not ready for PI planning.
const feature = epics.find((e) => unestimated(e.key).length > 0)!;

async function panelData(): Promise<FeaturePanelData> {
  const res = await fetch(`${t.h.url}/harness/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey: 'getIssuePanel', payload: { issueKey: feature.key }, context: {}, accountId: DEMO.users.popm }),
  });
  const env = (await res.json()) as Envelope<FeaturePanelData>;
  if (!env.ok) throw new Error(env.error.message);
  return env.data;
}

it('shows a not-ready feature\'s failing rules with their evidence and hints, links its unestimated stories, and passes axe', async () => {
  expect(feature).toBeDefined();
  const sent = (await panelData()).readiness;
  expect(sent.findings.length).toBeGreaterThan(0);

  await as(DEMO.users.popm, `/browse/${feature.key}`);
  const app = await appFrame(t.page, 'feature-readiness');
  await expect(app.getByRole('heading', { name: /Ready for PI planning/ }).textContent()).resolves.toMatch(/Not ready/);

  for (const f of sent.findings) {
    const item = app.locator(`[data-testid="readiness-finding-${f.rule}"]`);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain(f.name);
    expect(text).toContain(f.message);
    expect(await item.locator('[data-testid="readiness-evidence"]').textContent()).toBe(f.evidence);
    expect(await item.locator('[data-testid="readiness-hint"]').textContent()).toBe(`How to fix: ${f.hint}`);
  }

  // The unestimated stories, from the demo data itself, are each a link to the issue.
  const links = app.locator('[data-testid="readiness-finding-feature-children-unestimated"] a');
  expect((await links.allTextContents()).sort()).toEqual(unestimated(feature.key).sort());
  for (const k of unestimated(feature.key)) expect(await app.getByRole('link', { name: k, exact: true }).first().getAttribute('href')).toMatch(new RegExp(`/browse/${k}$`));

  // Every check is listed with its readable name.
  for (const c of sent.checks) await expect(app.locator(`[data-testid="readiness-check-${c.check}"] [data-testid="readiness-check-name"]`).textContent()).resolves.toBe(c.name);

  await t.page.waitForLoadState('networkidle');
  expect(await t.axeSeriousOrCritical()).toEqual([]);
});

it('says where the children come from: read now before the person\'s refresh, "as of" that refresh after it, with the same findings', async () => {
  await as(DEMO.users.popm, `/browse/${feature.key}`);
  let app = await appFrame(t.page, 'feature-panel');
  const before = await panelData();
  expect(before.childrenAsOf).toBeNull();
  expect(await app.textContent('[data-testid="children-source"]')).toBe('(children read now)');

  // The person's refresh (as the project page drives it) stores their children; the panel then says so.
  let asOf: string | null = null;
  while (!asOf) {
    const res = await fetch(`${t.h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ functionKey: 'refreshProjectOverview', payload: { projectKey: DEMO.projectKey, mode: 'full' }, context: {}, accountId: DEMO.users.popm }) });
    const env = (await res.json()) as Envelope<{ overview: { asOf: string } | null }>;
    if (!env.ok) throw new Error(env.error.message);
    asOf = env.data.overview?.asOf ?? null;
  }
  const after = await panelData();
  expect(after.childrenAsOf).toBe(asOf);
  expect(after.readiness).toEqual(before.readiness);
  await t.page.reload();
  app = await appFrame(t.page, 'feature-panel');
  expect(await app.textContent('[data-testid="children-source"]')).toMatch(/^\(children as of .+, your last refresh\)$/);
  expect(await app.getAttribute('[data-testid="children-source"] time', 'datetime')).toBe(asOf);
  expect(await app.textContent('[data-testid="children-progress"]')).toBe(`${after.children.done} of ${after.children.total} child stories done`);
  for (const f of after.readiness.findings) expect(await app.locator(`[data-testid="readiness-finding-${f.rule}"]`).textContent()).toContain(f.message);
  expect(after.readiness.findings.length).toBeGreaterThan(0);
});
