import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { ResolverContract, ResolverKey } from '../../src/contract';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * A person's refresh over many calls (src/app/projectOverview.ts `refreshProjectOverview`), over
 * HTTP: with a budget of 0 every step is a call of its own, so the call that stores the Overview
 * leaves the tab views for the next one (phase `views`), as a 200,000-issue train's does within the
 * 12 s budget. The Overview comes first, the tabs never show a view older than it, and the tab views
 * stored one call later are the ones the live path computes.
 */
const data: DataSet = generateDemoTrain({ now: NOW });
let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data, { syncBudgetMs: 0 });
});
afterAll(() => h.close());
jest.setTimeout(180_000);

const P = DEMO.projectKey;
const USER = DEMO.users.popm;
const TABS = [
  ['getQualitySummary', { projectKey: P }],
  ['getDependencies', { projectKey: P }],
  ['getImprovement', { projectKey: P }],
  ['getPiPlanning', { projectKey: P }],
] as const;

async function measured<K extends ResolverKey>(key: K, payload: unknown): Promise<{ data: ResolverContract[K]['result']; trainReads: number }> {
  const before = h.emulator.requests.length;
  const answer = ok(await invoke(h, USER, key, payload));
  const trainReads = h.emulator.requests.slice(before).filter((r) => r.actor === USER && /\/search\/jql$|\/changelog\/bulkfetch$|\/agile\//.test(r.path)).length;
  return { data: answer, trainReads };
}

type Answer = ResolverContract['refreshProjectOverview']['result'];

/** Calls refreshProjectOverview as the page does until the Overview is there; answers every call's answer. */
async function driveToOverview(mode: 'full' | 'incremental'): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let first = true; ; first = false) {
    const a = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: first ? mode : 'incremental' }));
    answers.push(a);
    if (a.overview) return answers;
    expect(a.refresh.running).toBe(true);
    if (answers.length > 200) throw new Error('the refresh did not finish');
  }
}

describe('a person’s refresh in budgeted calls', () => {
  const live = new Map<string, unknown>();

  it('before any refresh the tabs read live', async () => {
    for (const [key, payload] of TABS) {
      const r = await measured(key, payload);
      expect(r.trainReads).toBeGreaterThan(0);
      live.set(key, r.data);
    }
  });

  it('the Overview comes first with the tab views still to prepare; the next call stores them, the same as the live path', async () => {
    const answers = await driveToOverview('full');
    // Every step apart: search pages, changelogs, compute.
    expect(answers.length).toBeGreaterThan(3);
    const withOverview = answers.at(-1)!;
    expect(withOverview.refresh).toMatchObject({ running: true, phase: 'views' });
    expect(withOverview.overview!.cards.length).toBeGreaterThan(0);
    // The page's first call after a reload sees the cards and the refresh to drive (OverviewTab's needsDriving).
    const reloaded = ok(await invoke(h, USER, 'getProjectOverview', { projectKey: P, returnProgress: true, lean: true }));
    expect(reloaded.cards.length).toBeGreaterThan(0);
    expect(reloaded.refresh).toMatchObject({ running: true, phase: 'views' });
    // Until the views are stored the tabs read live.
    expect((await measured('getQualitySummary', { projectKey: P })).trainReads).toBeGreaterThan(0);

    // With no budget to spare, each group of tab views is a call of its own: Dependencies first (the
    // others still live), then Quality, then Improvement, then PI planning.
    const deps = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    expect(deps.refresh).toMatchObject({ running: true, phase: 'views' });
    expect(deps.overview!.asOf).toBe(withOverview.overview!.asOf);
    expect((await measured('getDependencies', { projectKey: P })).trainReads).toBe(0);
    expect((await measured('getQualitySummary', { projectKey: P })).trainReads).toBeGreaterThan(0);
    const agileReads = (from: number) => h.emulator.requests.slice(from).filter((r) => r.actor === USER && /\/agile\//.test(r.path)).length;
    // The Overview's call kept the health parts the Quality, Improvement and PI planning calls read; each call takes its own.
    const kept = async () => (await h.store.list(`tabs:v5:${P}:${USER}:`)).map((e) => e.key.split(':').at(-1)!).filter((k) => !k.includes('#') && k.endsWith('Health')).sort();
    expect(await kept()).toEqual(['improvementHealth', 'piPlanningHealth', 'qualityHealth']);
    const beforeQuality = h.emulator.requests.length;
    const quality = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    expect(quality.refresh).toMatchObject({ running: true, phase: 'views' });
    // Quality from the health the Overview's call kept and the verdicts folded from the stored chunks:
    // the train is not assembled again (no board or sprint read), as it is for PI planning below.
    expect(agileReads(beforeQuality)).toBe(0);
    expect(await kept()).toEqual(['improvementHealth', 'piPlanningHealth']);
    expect((await measured('getQualitySummary', { projectKey: P })).trainReads).toBe(0);
    expect((await measured('getImprovement', { projectKey: P })).trainReads).toBeGreaterThan(0);
    const beforeImprovement = h.emulator.requests.length;
    const improvement = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    expect(improvement.refresh).toMatchObject({ running: true, phase: 'views' });
    expect(agileReads(beforeImprovement)).toBe(0);
    expect((await measured('getImprovement', { projectKey: P })).trainReads).toBe(0);
    expect((await measured('getPiPlanning', { projectKey: P })).trainReads).toBeGreaterThan(0);
    const beforePlanning = h.emulator.requests.length;
    const next = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    expect(agileReads(beforePlanning)).toBeGreaterThan(0);
    expect(await kept()).toEqual([]);
    expect(next.refresh.running).toBe(false);
    expect(next.refresh.error).toBeNull();
    expect(next.overview!.asOf).toBe(withOverview.overview!.asOf);
    expect(next.overview!.cards).toEqual(withOverview.overview!.cards);
    for (const [key, payload] of TABS) {
      const r = await measured(key, payload);
      expect({ key, trainReads: r.trainReads }).toEqual({ key, trainReads: 0 });
      expect((r.data as { asOf: string }).asOf).toBe(next.overview!.asOf);
      expect(r.data).toEqual(live.get(key));
    }
  });

  it('a later refresh drops the stored tab views when its Overview is stored, so no tab is older than the Overview', async () => {
    expect((await measured('getDependencies', { projectKey: P })).trainReads).toBe(0);
    const answers = await driveToOverview('full');
    expect(answers.at(-1)!.refresh.phase).toBe('views');
    for (const [key, payload] of TABS) expect({ key, live: (await measured(key, payload)).trainReads > 0 }).toEqual({ key, live: true });
    for (let i = 0; i < 3; i++) expect(ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' })).refresh.running).toBe(true);
    const done = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    expect(done.refresh.running).toBe(false);
    for (const [key, payload] of TABS) expect({ key, stored: (await measured(key, payload)).trainReads === 0 }).toEqual({ key, stored: true });
  });

  it('a full reload asked while the tab views wait starts a new full refresh', async () => {
    await driveToOverview('full');
    for (let i = 0; ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' })).refresh.running; i++) expect(i).toBeLessThan(4);
    // Now an incremental run (views pending) and a full reload asked over it.
    const incremental = await driveToOverview('incremental');
    expect(incremental.at(-1)!.refresh).toMatchObject({ running: true, phase: 'views', mode: 'incremental' });
    const full = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'full' }));
    expect(full.refresh).toMatchObject({ running: true, mode: 'full' });
    expect(full.refresh.phase).not.toBe('views');
  });

  it('a group whose views fail to build is left on the live path, and the refresh still ends', async () => {
    await driveToOverview('full');
    // Dependencies, Quality, Improvement; then PI planning, whose feature search Jira now fails.
    for (let i = 0; i < 3; i++) expect(ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' })).refresh.running).toBe(true);
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503, pathPattern: 'search/jql' });
    let last: Answer;
    try {
      last = ok(await invoke(h, USER, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' }));
    } finally {
      h.emulator.faults.clear();
    }
    expect(last.refresh).toMatchObject({ running: false, error: null });
    expect((await measured('getPiPlanning', { projectKey: P })).trainReads).toBeGreaterThan(0);
    for (const [key, payload] of TABS.filter(([k]) => k !== 'getPiPlanning')) expect({ key, stored: (await measured(key, payload)).trainReads === 0 }).toEqual({ key, stored: true });
  });
});

describe('a large person’s train: computed without its text, the tab views and feature children a call later', () => {
  // withoutTextFromChunks 1: the demo train is treated as a 200,000-issue one is (WITHOUT_TEXT_FROM_CHUNKS).
  let lean: RunningHarness;
  let whole: RunningHarness;
  beforeAll(async () => {
    [lean, whole] = await Promise.all([startDemoHarness(data, { withoutTextFromChunks: 1 }), startDemoHarness(data)]);
  });
  afterAll(async () => {
    await Promise.all([lean.close(), whole.close()]);
  });
  const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.project.key === P && i.fields.status.statusCategory.key !== 'done')!;
  const childSearches = (hh: RunningHarness) => hh.emulator.requests.filter((r) => r.actor === USER && /parent = /.test(JSON.stringify(r.body ?? ''))).length;
  /** The feature panel's search of the other ranked features' children (its job-size reference), made only without the stored feature points. */
  const referenceSearches = (hh: RunningHarness) => hh.emulator.requests.filter((r) => r.actor === USER && /parent in /.test(JSON.stringify(r.body ?? ''))).length;

  /** The two harnesses' site URLs differ (their ports): compared with each one's URL as SITE. */
  const site = (hh: RunningHarness, x: unknown): unknown => JSON.parse(JSON.stringify(x).split(hh.url).join('SITE'));

  async function refreshed(hh: RunningHarness): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let first = true; ; first = false) {
      const a = ok(await invoke(hh, USER, 'refreshProjectOverview', { projectKey: P, mode: first ? 'full' : 'incremental' }));
      answers.push(a);
      if (a.overview && !a.refresh.running) return answers;
      if (answers.length > 50) throw new Error('the refresh did not finish');
    }
  }

  it('shows the same Overview, tab views and feature panel as a train computed whole', async () => {
    const [a, b] = [await refreshed(lean), await refreshed(whole)];
    // The whole train: one call. The lean one: the load, then the compute in a call of its own with
    // the Overview, then the views.
    expect(b.length).toBe(1);
    expect(a.length).toBe(3);
    expect(a[0].overview).toBeNull();
    expect(a[0].refresh).toMatchObject({ running: true, phase: 'compute' });
    expect(a[1].refresh).toMatchObject({ running: true, phase: 'views' });
    expect(site(lean, a[1].overview!.cards)).toEqual(site(whole, b[0].overview!.cards));
    expect(site(lean, a[1].overview!.teams)).toEqual(site(whole, b[0].overview!.teams));
    expect(a[2].overview!.asOf).toBe(a[1].overview!.asOf);
    for (const [key, payload] of TABS) {
      const reads = lean.emulator.requests.length;
      const [x, y] = [ok(await invoke(lean, USER, key, payload)), ok(await invoke(whole, USER, key, payload))];
      // From the stored view: nothing read the train.
      expect({ key, trainReads: lean.emulator.requests.slice(reads).filter((r) => /\/search\/jql$|\/changelog\/bulkfetch$|\/agile\//.test(r.path)).length }).toEqual({ key, trainReads: 0 });
      expect({ key, same: JSON.stringify(site(lean, x)) === JSON.stringify(site(whole, y)) }).toEqual({ key, same: true });
    }
    const [before, referencesBefore] = [childSearches(lean), referenceSearches(lean)];
    const [px, py] = [ok(await invoke(lean, USER, 'getIssuePanel', { issueKey: feature.key })), ok(await invoke(whole, USER, 'getIssuePanel', { issueKey: feature.key }))];
    // Its children and the other features' children's points from the person's stored train (the
    // points kept by the Overview's call before it let the train go).
    expect(childSearches(lean)).toBe(before);
    expect(referenceSearches(lean)).toBe(referencesBefore);
    expect(JSON.stringify(site(lean, px)) === JSON.stringify(site(whole, py))).toBe(true);
    expect((px as { childrenAsOf?: string | null }).childrenAsOf).toBe(a[1].overview!.asOf);
  });
});
