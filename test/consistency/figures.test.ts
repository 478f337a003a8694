import fc from 'fast-check';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { DataSet } from '../../dev/emulator/dataset';
import { DEMO, NOW, invoke, ok, startDemoHarness } from '../integration/harness';
import { checkFigures } from './check';
import { collectSurfaces, searcher } from './surfaces';

/**
 * Issue 12's consistency suite: every figure of every surface, over the demo train and ≥ 20
 * generated trains, agrees across surfaces and with what its drill-down opens at the emulator.
 */
jest.setTimeout(180_000);

const checked = { pairs: 0, trains: 0, bySurface: new Map<string, number>() };
afterAll(() => {
  const by = [...checked.bySurface].map(([s, n]) => `${s} ${n}`).join('; ');
  process.stdout.write(`consistency: ${checked.pairs} (surface × figure) pairs checked over ${checked.trains} trains (${by})\n`);
});

async function verify(data: DataSet, user: string) {
  const h = await startDemoHarness(data);
  try {
    // A few stories with blocking links, for the issue panel's at-risk dependencies.
    const linked = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && ((i.fields as { issuelinks?: unknown[] }).issuelinks ?? []).length > 0).slice(0, 5);
    const shown = await collectSurfaces(h, user, DEMO.projectKey, data.sprints.filter((s) => s.state === 'future').map((s) => s.id), linked.map((i) => i.key));
    const v = await checkFigures(shown, searcher(h, user), data);
    checked.pairs += v.pairs;
    for (const x of shown) checked.bySurface.set(x.surface, (checked.bySurface.get(x.surface) ?? 0) + 1);
    checked.trains += 1;
    return { ...v, shown };
  } finally {
    await h.close();
  }
}

describe('figures agree on every surface and with their drill-downs', () => {
  it.each([
    ['the POPM', DEMO.users.popm],
    ['a contractor who cannot see some issues', DEMO.users.restricted],
  ])('demo train as %s', async (_who, user) => {
    const data = generateDemoTrain({ now: NOW });
    const v = await verify(data, user);
    expect(v.problems).toEqual([]);
    // Every surface contributed, and the CLI lists the page's figures.
    expect(new Set(v.shown.map((s) => s.surface)).size).toBeGreaterThanOrEqual(11);
    expect(v.shown.filter((s) => s.surface === 'sprint readiness action').length).toBe(3 * data.sprints.filter((s) => s.state === 'future').length);
    expect(v.shown.filter((s) => s.surface === 'issue panel').length).toBeGreaterThan(0);
    expect(v.shown.some((s) => s.metric === 'sprintCommittedSoFar' && s.numerator > 0)).toBe(true);
    expect(v.shown.filter((s) => s.surface === 'cli').length).toBeGreaterThan(100);
    expect(v.shown.some((s) => s.metric === 'sprintProgress')).toBe(true);
  });

  it('holds over 20 generated trains (fixed seed): active sprints, added scope, reopenings, done features, hidden issues', async () => {
    const seen = { added: 0, reopened: 0, doneFeatures: 0, hidden: 0, active: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.double({ min: 0.03, max: 0.08, noNaN: true }), fc.constantFrom(DEMO.users.popm, DEMO.users.restricted), async (seed, scale, user) => {
        const data = generateDemoTrain({ now: NOW, seed, scale });
        const hidden = data.users.find((u) => u.accountId === user)?.hiddenIssueKeys ?? [];
        seen.hidden += hidden.length;
        seen.active += data.sprints.filter((s) => s.state === 'active').length;
        seen.doneFeatures += data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.status.statusCategory.key === 'done').length;
        seen.reopened += data.issues.filter((i) => (i.changelog?.histories ?? []).some((hh) => hh.items.some((it) => it.field === 'status' && /done/i.test(it.fromString ?? '') && !/done/i.test(it.toString ?? '')))).length;
        const v = await verify(data, user);
        seen.added += v.shown.filter((s) => s.metric === 'sprintAddedAccepted' && (s.denominator ?? 0) > 0 && s.surface === 'cli').length;
        expect(v.problems).toEqual([]);
      }),
      { seed: 20261201, numRuns: 20 },
    );
    // The generated trains did exercise what the issue lists.
    expect(seen.active).toBeGreaterThan(0);
    expect(seen.added).toBeGreaterThan(0);
    expect(seen.reopened).toBeGreaterThan(0);
    expect(seen.doneFeatures).toBeGreaterThan(0);
    expect(seen.hidden).toBeGreaterThan(0);
  });
});

describe('the feature panel ranks a feature as the WSJF tab does', () => {
  it.each([
    ['the POPM', DEMO.users.popm],
    ['a contractor who cannot see some issues', DEMO.users.restricted],
  ])('every feature of the demo train, before and after the person\'s sync (stored job-size reference), as %s', async (_who, user) => {
    const data = generateDemoTrain({ now: NOW });
    const hidden = new Set(data.users.find((u) => u.accountId === user)?.hiddenIssueKeys ?? []);
    // The project's features: a feature's panel ranks it in its own project's train (no train scope is set).
    const features = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.project.key === DEMO.projectKey && !hidden.has(i.key));
    expect(features.length).toBeGreaterThan(10);
    const h = await startDemoHarness(data);
    try {
      const panels = async () => {
        const out = new Map<string, { rank: number | null; of: number; notRanked: unknown; suggestion: unknown; why: string | null }>();
        for (const f of features) {
          const p = ok(await invoke(h, user, 'getIssuePanel', { issueKey: f.key }));
          if (p.kind !== 'feature') throw new Error(`${f.key} is not a feature panel`);
          out.set(f.key, { rank: p.ranking.rank, of: p.ranking.of, notRanked: p.ranking.notRanked?.reason ?? null, suggestion: p.jobSizeSuggestion, why: p.jobSizeNoSuggestion });
        }
        return out;
      };
      const table = ok(await invoke(h, user, 'getWsjfTable', { projectKey: DEMO.projectKey }));
      const childSearches = () => h.emulator.requests.filter((r) => r.actor === user && /parent in/.test(JSON.stringify(r.body ?? ''))).length;
      const live = await panels();
      expect(childSearches()).toBeGreaterThan(0);
      // Before any sync the panel reads every ranked feature's children live; its rank is the table's.
      for (const row of table.rows) {
        const p = live.get(row.issue.key);
        expect(p).toBeDefined();
        expect({ key: row.issue.key, rank: p!.rank, notRanked: p!.notRanked }).toEqual({ key: row.issue.key, rank: row.wsjfRank, notRanked: row.notRanked?.reason ?? null });
        expect(p!.of).toBe(table.counts.ranked + (table.incompleteScores === 'rank-last' ? table.counts.rankedLast : 0));
      }
      expect(table.rows.map((r) => r.issue.key).sort()).toEqual([...live.keys()].sort());
      expect(table.rows.filter((r) => r.wsjfRank !== null).length).toBeGreaterThan(3);
      expect([...live.values()].filter((p) => p.suggestion !== null).length).toBeGreaterThan(0);
      // The person's sync stores the children's points; the panels then answer the same without that search.
      ok(await invoke(h, user, 'getProjectOverview', { projectKey: DEMO.projectKey }));
      expect((await h.store.list('featurepoints:')).map((k) => k.key)).toContain(`featurepoints:v1:${DEMO.projectKey}:${user}`);
      h.emulator.requests.length = 0;
      const stored = await panels();
      expect(stored).toEqual(live);
      expect(childSearches()).toBe(0);
    } finally {
      await h.close();
    }
  });
});
