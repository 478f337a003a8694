import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { FigureLinksTab, FigureView, ImprovementData, PiPlanningData } from '../../src/contract';
import { FIGURE_INLINE_PARTS, PI_PLANNING_INLINE_PARTS } from '../../src/contract';
import { figuresIn } from '../../src/app/figureWire';
import { keyListLinks } from '../../src/app/figureViews';
import { keysNamedBy, searcher } from '../consistency/surfaces';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * Issue 16: the Improvement and PI planning answers leave long key lists out as the Quality answer
 * does (at 46k issues: 1.7 MB -> 0.4 MB and 5.1 MB -> 0.7 MB), and getFigureLinks answers them with
 * `tab` (and the PI the tab shows). Over HTTP with the emulator, on a demo train 8 times the default
 * (3,589 issues: the smallest the generator makes where both tabs have lists beyond the inline parts):
 * live and stored path, the links the digest announced, exactly the counted issues, another PI than
 * the stored one, the error path and the restricted user.
 */
const data: DataSet = generateDemoTrain({ now: NOW, scale: 8 });
const P = DEMO.projectKey;
const hidden = data.users.find((u) => u.accountId === DEMO.users.restricted)!.hiddenIssueKeys ?? [];
let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
jest.setTimeout(300_000);

const keysOf = (links: { jql: string }[]) => links.flatMap((l) => keysNamedBy(l.jql));
const onDemand = (view: unknown) => [...new Map(figuresIn(view).filter((f) => f.linksOnDemand).map((f) => [f.id, f])).values()];
const searches = (from: number) => h.emulator.requests.slice(from).filter((r) => /\/search\/jql$/.test(r.path)).length;

/** A full sync as the POPM, to its end: their tab views are stored. */
async function syncAsPopm() {
  for (;;) {
    const r = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: P, mode: 'full' }));
    if (r.overview) return;
  }
}

/** How many parts of a list a tab's answer carries inline (the PI planning board keeps fewer, src/contract). */
const inlinePartsOf = (tab: FigureLinksTab) => (tab === 'piPlanning' ? PI_PLANNING_INLINE_PARTS : FIGURE_INLINE_PARTS);

/** getFigureLinks for every figure `view` left out: the announced parts, the digest, the counts; the parts' union is the members, each once. */
async function checkLinks(user: string, tab: FigureLinksTab, pi: string | null, figures: FigureView[]) {
  const r = ok(await invoke(h, user, 'getFigureLinks', { projectKey: P, figureIds: figures.map((f) => f.id), tab, ...(pi ? { pi } : {}) }));
  expect(r.figures.map((f) => f.id)).toEqual(figures.map((f) => f.id));
  for (const [i, f] of figures.entries()) {
    const l = r.figures[i];
    const want = f.linksOnDemand!;
    expect({ id: l.id, numerator: l.numerator, denominator: l.denominator, memberCount: l.memberCount, digest: l.digest }).toEqual({ id: f.id, numerator: f.numerator, denominator: f.denominator, memberCount: f.memberCount, digest: want.digest });
    if (want.links !== undefined) {
      expect(l.links.length).toBe(want.links);
      expect(want.links).toBeGreaterThan(inlinePartsOf(tab));
      const keys = keysOf(l.links);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(f.memberCount);
      expect(l.links).toEqual(keyListLinks(h.url, keys));
    }
    if (want.denominatorLinks !== undefined) expect(l.denominatorLinks!.length).toBe(want.denominatorLinks);
  }
  return r;
}

describe('the Overview (cards, team and sprint rows) leaves long lists out too: stored view only', () => {
  it('before a sync there is nothing to answer from: NOT_FOUND with a sentence, the train not read', async () => {
    const before = h.emulator.requests.length;
    const r = await invoke(h, DEMO.users.restricted, 'getFigureLinks', { projectKey: P, figureIds: ['qualityPassRate|train||||'], tab: 'overview' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(!r.ok && r.error.message).toMatch(/Overview has no stored numbers now.*Press Refresh/);
    // At most the project check's one search: no page of the train (3,589 issues) is read.
    expect(searches(before)).toBeLessThanOrEqual(1);
  });

  it('after the sync: the lean answer, the deferred rows and the whole answer announce lists getFigureLinks answers exactly', async () => {
    await syncAsPopm();
    const lean = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: P, lean: true }));
    const tables = ok(await invoke(h, DEMO.users.popm, 'getProjectOverviewTables', { projectKey: P }));
    const whole = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: P }));
    expect(tables.asOf).toBe(lean.asOf);
    const cards = onDemand(lean.cards);
    const rows = onDemand(tables);
    expect(cards.length).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThan(0);
    // The whole answer is the lean one plus the rows, each list announced the same way.
    expect(onDemand(whole).map((f) => f.id).sort()).toEqual(onDemand({ ...lean, tables }).map((f) => f.id).sort());
    for (const f of figuresIn(whole)) expect(f.links.length).toBeLessThanOrEqual(FIGURE_INLINE_PARTS);
    const before = h.emulator.requests.length;
    await checkLinks(DEMO.users.popm, 'overview', null, [...cards, ...rows.slice(0, 49 - cards.length)]);
    expect(searches(before)).toBe(0);
  });
});

describe.each([
  ['improvement', 'getImprovement'],
  ['piPlanning', 'getPiPlanning'],
] as const)('the %s answer leaves long lists out; getFigureLinks answers them', (tab, resolver) => {
  const piOf = (v: ImprovementData | PiPlanningData) => ('inspectAndAdapt' in v ? (v.inspectAndAdapt?.pi ?? null) : v.pi);
  let live: ImprovementData | PiPlanningData;

  it('live (before a sync): every list within the inline parts or announced; the links open exactly the counted issues', async () => {
    live = ok(await invoke(h, DEMO.users.popm, resolver, { projectKey: P }));
    const withheld = onDemand(live);
    expect(withheld.length).toBeGreaterThan(0);
    for (const f of figuresIn(live)) {
      expect(f.links.length).toBeLessThanOrEqual(inlinePartsOf(tab));
      expect(f.denominatorLinks?.length ?? 0).toBeLessThanOrEqual(inlinePartsOf(tab));
    }
    const r = await checkLinks(DEMO.users.popm, tab, piOf(live), withheld);
    // Jira's issue search opens exactly the parts' keys (one figure: each search is a call).
    const first = r.figures.find((f) => f.links.length > inlinePartsOf(tab))!;
    const opened = new Set<string>();
    for (const link of first.links) for (const k of await searcher(h, DEMO.users.popm)(link.jql)) opened.add(k);
    expect([...opened].sort()).toEqual(keysOf(first.links).sort());
  });

  it('after the sync: the stored answer announces the same lists and getFigureLinks answers them without a search', async () => {
    await syncAsPopm();
    const stored = ok(await invoke(h, DEMO.users.popm, resolver, { projectKey: P }));
    const withheld = onDemand(stored);
    expect(withheld.map((f) => [f.id, f.linksOnDemand])).toEqual(onDemand(live).map((f) => [f.id, f.linksOnDemand]));
    const before = h.emulator.requests.length;
    await checkLinks(DEMO.users.popm, tab, piOf(stored), withheld);
    expect(searches(before)).toBe(0);
  });

  it('the restricted user: their own lists, no hidden issue', async () => {
    expect(hidden.length).toBeGreaterThan(0);
    const mine = ok(await invoke(h, DEMO.users.restricted, resolver, { projectKey: P }));
    const withheld = onDemand(mine);
    expect(withheld.length).toBeGreaterThan(0);
    const r = await checkLinks(DEMO.users.restricted, tab, piOf(mine), withheld);
    const keys = r.figures.flatMap((f) => [...keysOf(f.links), ...keysOf(f.denominatorLinks ?? [])]);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => hidden.includes(k))).toEqual([]);
  });

  it('a figure the tab does not show: NOT_FOUND naming the tab; a bad tab: BAD_REQUEST', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: ['piLoad|pi||||PI-1999.1'], tab });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(!r.ok && r.error.message).toMatch(new RegExp(`The ${tab === 'improvement' ? 'Improvement' : 'PI planning'} tab has no such list of issues now .*Press Refresh`));
    const bad = await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: ['piLoad|pi||||PI-1999.1'], tab: 'sprint' });
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST');
  });
});

describe('PI planning of another PI than the stored one', () => {
  it('its links are planned live, the ones its board announced', async () => {
    await syncAsPopm();
    const def = ok(await invoke(h, DEMO.users.popm, 'getPiPlanning', { projectKey: P }));
    const other = def.pis.map((p) => p.pi).find((p) => p !== def.pi)!;
    expect(other).toBeDefined();
    const board = ok(await invoke(h, DEMO.users.popm, 'getPiPlanning', { projectKey: P, pi: other }));
    expect(board.pi).toBe(other);
    const withheld = onDemand(board);
    expect(withheld.length).toBeGreaterThan(0);
    const before = h.emulator.requests.length;
    await checkLinks(DEMO.users.popm, 'piPlanning', other, withheld);
    expect(searches(before)).toBeGreaterThan(0);
  });
});
