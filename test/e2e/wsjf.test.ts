/**
 * The WSJF tab in a real browser: estimation mode (one column across all features, normalise,
 * save) and "Apply WSJF order" (preview, confirm, the table shows the new current ranks).
 */
import type { Frame } from 'playwright-core';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness, choose, chosen } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });

jest.setTimeout(120_000);

const t = browserHarness(data, NOW);
beforeEach(() => {
  // Each test starts from the demo train as generated (ranks and scores change here).
  t.h.emulator.reset();
});
const { as } = t;
const asApp = { 'X-Refinery-As-App': '1', 'Content-Type': 'application/json' };

const SCALE = [1, 2, 3, 5, 8, 13, 20];

async function epicsByRank(): Promise<{ key: string; done: boolean; wsjf: Record<string, number> | null; onScale: boolean }[]> {
  const res = await fetch(`${t.h.url}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: asApp,
    body: JSON.stringify({ jql: 'project = ART AND issuetype = Epic ORDER BY Rank ASC', fields: ['summary', 'status'], properties: ['refinery.wsjf'], maxResults: 100 }),
  });
  const body = (await res.json()) as { issues: { key: string; fields: { status: { statusCategory: { key: string } } }; properties?: Record<string, Record<string, number>> }[] };
  return body.issues.map((i) => {
    const wsjf = i.properties?.['refinery.wsjf'] ?? null;
    return { key: i.key, done: i.fields.status.statusCategory.key === 'done', wsjf, onScale: !!wsjf && ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'].every((c) => SCALE.includes(wsjf[c])) };
  });
}

async function wsjfTab(user: string): Promise<Frame> {
  await as(user, `/projects/${DEMO.projectKey}/refinery`);
  const app = await appFrame(t.page, 'project-page');
  await app.getByRole('tab', { name: /WSJF/ }).click();
  await app.waitForSelector('[data-testid="wsjf-table"]');
  return app;
}

describe('WSJF tab: estimation mode', () => {
  it('edits one column across features, normalises it, saves, and the table shows the new values', async () => {
    const epics = await epicsByRank();
    // Done features are not estimated (the sheet leaves them out).
    const scored = epics.filter((e) => e.wsjf && !e.done);
    expect(epics.some((e) => e.done)).toBe(true);
    const app = await wsjfTab(DEMO.users.popm);
    await app.click('[data-testid="wsjf-estimate"]');
    await app.waitForSelector('[data-testid="wsjf-estimation"]');
    for (const e of epics.filter((x) => x.done)) expect(await app.$(`[data-testid="estimation-row-${e.key}"]`)).toBeNull();
    await choose(app, 'estimation-column', 'Time criticality', 'timeCriticality');

    // Take away every 1 in the column: the sheet warns, and "normalise" brings a 1 back.
    const ones = scored.filter((e) => e.wsjf!.timeCriticality === 1);
    expect(ones.length).toBeGreaterThan(0);
    for (const e of ones) await choose(app, `estimate-${e.key}`, '2');
    await app.waitForSelector('[data-testid="estimation-no-one"]');
    await app.click('[data-testid="estimation-normalise"]');
    await app.waitForSelector('[data-testid="estimation-no-one"]', { state: 'detached' });
    expect(await chosen(app, `estimate-${ones[0].key}`)).toBe('1');
    await app.click('[data-testid="estimation-discard"]');

    // Estimate: the top feature's Time Criticality becomes 20.
    const target = scored.find((e) => e.wsjf!.timeCriticality !== 20)!;
    await choose(app, `estimate-${target.key}`, '20');
    expect(await app.textContent('[data-testid="estimation-save"]')).toMatch(/1 changed/);
    await app.click('[data-testid="estimation-save"]');
    await app.waitForSelector('[data-testid="estimation-result"]');
    expect(await app.textContent('[data-testid="estimation-result"]')).toMatch(/Saved 1 of 1 features/);
    expect(await app.textContent('[data-testid="estimation-saved"]')).toContain(`${target.key} (20)`);

    // Jira holds it, and the table behind the sheet shows it with the recomputed WSJF.
    const after = (await epicsByRank()).find((e) => e.key === target.key)!;
    const { businessValue: bv, riskReduction: rr, jobSize } = target.wsjf!;
    expect(after.wsjf).toMatchObject({ timeCriticality: 20, costOfDelay: bv + 20 + rr, version: target.wsjf!.version + 1 });
    await app.click('[data-testid="estimation-close"]');
    const row = await app.textContent(`[data-testid="wsjf-row-${target.key}"]`);
    expect(row).toContain(String(Math.round(((bv + 20 + rr) / jobSize) * 100) / 100));
  });
});

describe('WSJF tab: Apply WSJF order', () => {
  it('previews the moves, re-ranks on confirm, and the table shows the new current ranks', async () => {
    const before = await epicsByRank();
    const app = await wsjfTab(DEMO.users.popm);
    await app.click('[data-testid="wsjf-apply-order"]');
    await app.waitForSelector('[data-testid="apply-preview"]');
    const summary = await app.textContent('[data-testid="apply-summary"]');
    const moves = Number(/^(\d+) of/.exec(summary!)![1]);
    expect(moves).toBeGreaterThan(0);
    expect(await app.$$eval('[data-testid="apply-moves"] tbody tr', (rows) => rows.length)).toBe(moves);
    // Nothing changes before confirming.
    expect((await epicsByRank()).map((e) => e.key)).toEqual(before.map((e) => e.key));

    await app.click('[data-testid="apply-confirm"]');
    await app.waitForSelector('[data-testid="apply-result"]');
    expect(await app.textContent('[data-testid="apply-result"]')).toMatch(new RegExp(`Re-ranked ${moves} features[\\s\\S]*now in WSJF order`));

    // Jira's order: the ranked features (open, on the scale) by WSJF; done and left-out ones kept their relative order.
    const after = await epicsByRank();
    const ranked = after.filter((e) => !e.done && e.onScale);
    expect(ranked.length).toBeGreaterThan(1);
    const ratio = (e: (typeof after)[number]) => e.wsjf!.costOfDelay / e.wsjf!.jobSize;
    for (let i = 1; i < ranked.length; i++) expect(ratio(ranked[i])).toBeLessThanOrEqual(ratio(ranked[i - 1]));
    const others = (list: typeof after) => list.filter((e) => e.done || !e.onScale).map((e) => e.key);
    expect(others(after)).toEqual(others(before));
    // The table, read in backlog order, shows WSJF ranks 1, 2, 3, … for the ranked features.
    await app.click('[data-testid="apply-close"]');
    for (const [i, e] of ranked.slice(0, 8).entries()) expect(await app.textContent(`[data-testid="wsjf-rank-${e.key}"]`)).toBe(String(i + 1));
  });

  it('says in the preview why each left-out feature is not re-ranked, and lists done features apart, never ranked', async () => {
    const epics = await epicsByRank();
    const offScale = epics.filter((e) => !e.done && e.wsjf && !e.onScale);
    const blank = epics.filter((e) => !e.done && !e.wsjf);
    const done = epics.filter((e) => e.done);
    expect(offScale.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(0);
    const app = await wsjfTab(DEMO.users.popm);

    // The tab: done features in their own list, not in the ranked table, with no WSJF rank.
    const doneList = await app.textContent('[data-testid="wsjf-done"]');
    expect(doneList).toMatch(new RegExp(`Done, not ranked \\(${done.length}\\)`));
    for (const e of done) {
      expect(doneList).toContain(e.key);
      expect(await app.$(`[data-testid="wsjf-row-${e.key}"]`)).toBeNull();
    }
    // An off-scale feature says so where its WSJF rank would be.
    expect(await app.textContent(`[data-testid="wsjf-rank-${offScale[0].key}"]`)).toMatch(/not ranked: off scale/);

    await app.click('[data-testid="wsjf-apply-order"]');
    await app.waitForSelector('[data-testid="apply-preview"]');
    const excluded = await app.textContent('[data-testid="apply-excluded"]');
    expect(excluded).toContain(`Left out of the re-rank (they stay where they are): ${offScale.length + blank.length}`);
    for (const e of offScale) expect(await app.textContent(`[data-testid="apply-excluded-${e.key}"]`)).toMatch(/is not on the scale \(1, 2, 3, 5, 8, 13, 20\)/);
    for (const e of blank.slice(0, 3)) expect(await app.textContent(`[data-testid="apply-excluded-${e.key}"]`)).toMatch(/Not scored yet/);
    const doneLine = await app.textContent('[data-testid="apply-done"]');
    for (const e of done) expect(doneLine).toContain(e.key);
    // None of them is among the moves.
    const moved = await app.$$eval('[data-testid="apply-moves"] tbody tr td:first-child', (cells) => cells.map((c) => c.textContent?.trim() ?? ''));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.filter((k) => [...offScale, ...blank, ...done].some((e) => e.key === k))).toEqual([]);
  });

  it('opens exactly the done features from the "done" count, in Jira\'s issue search', async () => {
    const done = (await epicsByRank()).filter((e) => e.done).map((e) => e.key);
    expect(done.length).toBeGreaterThan(0);
    const app = await wsjfTab(DEMO.users.popm);
    expect(await app.textContent('[data-testid="count-done"]')).toBe(`${done.length} done`);
    const link = await app.waitForSelector('[data-testid="count-done"]');
    await Promise.all([t.page.waitForURL(/\/issues\/?\?jql=/), link.click()]);
    await t.page.waitForSelector('[data-testid="issue-count"]');
    const rows = await t.page.$$eval('table.results tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.length).toBe(done.length);
    // A whole key: ART-2 must not match ART-20 (the row's text runs the key into its summary).
    for (const k of done) expect(rows.filter((r) => new RegExp(`(^|[^A-Z0-9-])${k}(?![0-9])`).test(r)).length).toBe(1);
  });

  it('shows a team member the preview but not the re-rank, and why', async () => {
    const app = await wsjfTab(DEMO.users.member);
    await app.click('[data-testid="wsjf-apply-order"]');
    await app.waitForSelector('[data-testid="apply-preview"]');
    expect(await app.textContent('[data-testid="apply-forbidden"]')).toMatch(/Schedule Issues/);
    expect(await app.isDisabled('[data-testid="apply-confirm"]')).toBe(true);
  });
});

describe('feature panel: WSJF rank and relative job size', () => {
  it('shows the feature\'s WSJF rank and a job size relative to the smallest scored feature, with how it was derived', async () => {
    const epics = await epicsByRank();
    const ranked = epics.filter((e) => !e.done && e.onScale);
    expect(ranked.length).toBeGreaterThan(1);
    await as(DEMO.users.popm, `/browse/${ranked[0].key}`);
    const app = await appFrame(t.page, 'feature-panel');
    expect(await app.textContent('[data-testid="wsjf-ranking"]')).toMatch(new RegExp(`WSJF rank \\d+ of ${ranked.length} ranked features`));
    const basis = await app.textContent('[data-testid="job-size-basis"]');
    expect(basis).toMatch(/points of stories; (the smallest scored feature \(ART-\d+\) has \d+ → \d+\/\d+ [≈=] [\d.]+ → \d+ on the scale|this is the smallest scored feature, so it is 1 on the scale)/);
    const suggested = await app.textContent('[data-testid="job-size-suggested"]');
    expect(basis).toContain(`${suggested} on the scale`);
  });

  it('says a done feature is not ranked', async () => {
    const done = (await epicsByRank()).find((e) => e.done)!;
    await as(DEMO.users.popm, `/browse/${done.key}`);
    const app = await appFrame(t.page, 'feature-panel');
    expect(await app.textContent('[data-testid="wsjf-ranking"]')).toMatch(/Not ranked\. Done: a finished feature is not ranked/);
  });
});

describe('WSJF tab: accessibility', () => {
  const seriousOrCritical = () => t.axeSeriousOrCritical();

  it('has no serious or critical violations in estimation mode or in the re-rank preview', async () => {
    const app = await wsjfTab(DEMO.users.popm);
    await app.click('[data-testid="wsjf-estimate"]');
    await app.waitForSelector('[data-testid="wsjf-estimation"] [data-testid^="estimate-"] input');
    expect(await seriousOrCritical()).toEqual([]);
    await app.click('[data-testid="estimation-close"]');
    await app.click('[data-testid="wsjf-apply-order"]');
    await app.waitForSelector('[data-testid="apply-moves"]');
    expect(await seriousOrCritical()).toEqual([]);
  });
});
