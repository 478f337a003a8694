import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { ResolverContract, ResolverKey } from '../../src/contract';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * The stored tab views (src/app/tabViews.ts) over HTTP: the Quality, Dependencies and Improvement
 * tabs answer from the person's stored views after their sync, with the same data the live path
 * computes, in the constant calls only; per person; stale after a write.
 */
const data: DataSet = generateDemoTrain({ now: NOW });
let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
jest.setTimeout(120_000);

const P = DEMO.projectKey;
const TABS = [
  ['getQualitySummary', { projectKey: P }],
  ['getDependencies', { projectKey: P }],
  ['getImprovement', { projectKey: P }],
  ['getImprovement', { projectKey: P, pi: DEMO.labels.earlierPi }],
  ['getPiPlanning', { projectKey: P }],
] as const;

/** A resolver's answer and the Jira requests it made (as that user). */
async function measured<K extends ResolverKey>(user: string, key: K, payload: unknown): Promise<{ data: ResolverContract[K]['result']; requests: string[] }> {
  const before = h.emulator.requests.length;
  const data = ok(await invoke(h, user, key, payload));
  return { data, requests: h.emulator.requests.slice(before).filter((r) => r.actor === user).map((r) => `${r.method} ${r.path}`) };
}
const isTrainRead = (r: string) => /\/search\/jql$|\/changelog\/bulkfetch$|\/agile\//.test(r);

describe('stored tab views', () => {
  const live = new Map<string, unknown>();

  it('before any sync the tabs read live (the train from Jira)', async () => {
    for (const [key, payload] of TABS) {
      const r = await measured(DEMO.users.popm, key, payload);
      expect(r.requests.filter(isTrainRead).length).toBeGreaterThan(2);
      live.set(`${key} ${JSON.stringify(payload)}`, r.data);
    }
    expect(live.size).toBe(TABS.length);
    // The default PI's plan is the plan asked by its label (the stored views keep it once).
    const plan = live.get(`getPiPlanning ${JSON.stringify({ projectKey: P })}`) as { pi: string | null };
    expect(plan.pi).toMatch(/^PI-/);
    expect(ok(await invoke(h, DEMO.users.popm, 'getPiPlanning', { projectKey: P, pi: plan.pi! }))).toEqual(plan);
  });

  it('after the person’s sync: the same data as the live path (as of the Overview), in the constant calls only', async () => {
    const overview = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: P }));
    expect(overview.cards.length).toBeGreaterThan(0);
    for (const [key, payload] of TABS) {
      const r = await measured(DEMO.users.popm, key, payload);
      // The project check (and, for Improvement, the Create Issues permission): nothing reads the train.
      expect({ key, trainReads: r.requests.filter(isTrainRead) }).toEqual({ key, trainReads: [] });
      expect({ key, requests: r.requests.length <= (key === 'getImprovement' ? 2 : 1) }).toEqual({ key, requests: true });
      expect((r.data as { asOf: string }).asOf).toBe(overview.asOf);
      expect(r.data).toEqual(live.get(`${key} ${JSON.stringify(payload)}`));
    }
    const plan = live.get(`getPiPlanning ${JSON.stringify({ projectKey: P })}`) as { pi: string };
    const byLabel = await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P, pi: plan.pi.toLowerCase() });
    expect(byLabel.requests.filter(isTrainRead)).toEqual([]);
    expect(byLabel.data).toEqual(plan);
    // Not vacuous: the demo's Quality tab has rules with "blocked by an open issue" examples made from the whole train.
    const q = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: P }));
    expect(q.byRule.length).toBeGreaterThan(3);
    expect(q.byRule.find((r) => r.rule === 'blocked-by-open-issue')?.example).toMatch(/\(team [^,]+, (sprint|no sprint)/);
    const deps = ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: P }));
    expect(deps.dependencies.length).toBeGreaterThan(0);
    expect(deps.dependencies.every((d) => d.blocker.summary.length > 0)).toBe(true);
  });

  it('an unknown PI is still NOT_FOUND naming the known ones', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P, pi: 'PI-1999.9' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(!r.ok && r.error.message).toContain(DEMO.labels.currentPi);
    // Another PI than the default: planned live (only the default PI's plan is stored).
    const other = await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P, pi: DEMO.labels.earlierPi });
    expect(other.data.pi).toBe(DEMO.labels.earlierPi);
    expect(other.requests.filter(isTrainRead).length).toBeGreaterThan(2);
    const plan = await invoke(h, DEMO.users.popm, 'getPiPlanning', { projectKey: P, pi: 'PI-1999.9' });
    expect(!plan.ok && plan.error.code).toBe('NOT_FOUND');
    expect(!plan.ok && plan.error.message).toMatch(/Known PIs: PI-/);
  });

  it('per person: another person without a sync of their own reads live, never the first person’s views', async () => {
    const mine = await measured(DEMO.users.restricted, 'getQualitySummary', { projectKey: P });
    expect(mine.requests.filter(isTrainRead).length).toBeGreaterThan(2);
    const popm = live.get(`getQualitySummary ${JSON.stringify({ projectKey: P })}`) as { storyCount: number };
    expect((mine.data as { storyCount: number }).storyCount).toBeLessThan(popm.storyCount);
    // After their own sync, their stored view equals what they read live.
    ok(await invoke(h, DEMO.users.restricted, 'getProjectOverview', { projectKey: P }));
    const stored = await measured(DEMO.users.restricted, 'getQualitySummary', { projectKey: P });
    expect(stored.requests.filter(isTrainRead)).toEqual([]);
    expect(stored.data).toEqual({ ...mine.data, asOf: stored.data.asOf });
  });

  it('a new improvement item makes the stored views stale: the tab shows it at once', async () => {
    const before = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P }));
    const pattern = before.patterns.find((p) => p.tracking.state === 'untracked')!;
    expect(pattern).toBeDefined();
    const created = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: pattern.id, idempotencyKey: `tabviews-${process.pid}-1` }));
    expect(created.created).toBe(true);
    const after = await measured(DEMO.users.popm, 'getImprovement', { projectKey: P });
    // Read live again (the train from Jira), with the new item tracking its pattern.
    expect(after.requests.filter(isTrainRead).length).toBeGreaterThan(2);
    const tracked = after.data.patterns.find((p) => p.id === pattern.id)!;
    expect(tracked.tracking.items.map((i) => i.key)).toContain(created.issue.key);
    // The other person's views are stale too (the write changed their train).
    const other = await measured(DEMO.users.restricted, 'getQualitySummary', { projectKey: P });
    expect(other.requests.filter(isTrainRead).length).toBeGreaterThan(2);
    // The next sync stores fresh views that hold the item.
    ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: P, mode: 'full' }));
    const fresh = await measured(DEMO.users.popm, 'getImprovement', { projectKey: P });
    expect(fresh.requests.filter(isTrainRead)).toEqual([]);
    expect(fresh.data.patterns.find((p) => p.id === pattern.id)!.tracking.items.map((i) => i.key)).toContain(created.issue.key);
  });

  it('a WSJF score saved: the PI planning view is stale, the tab reads live', async () => {
    ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: P, mode: 'full' }));
    const stored = await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P });
    expect(stored.requests.filter(isTrainRead)).toEqual([]);
    const wsjf = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: P }));
    const row = wsjf.rows.find((x) => Object.keys(x.scores).length === 0 && x.issue.statusCategory !== 'done')!;
    expect(row).toBeDefined();
    const [a, b, c, d] = wsjf.scale;
    ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: row.issue.key, scores: { businessValue: d, timeCriticality: c, riskReduction: b, jobSize: a }, expectedVersion: 0 }));
    const after = await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P });
    expect(after.requests.filter(isTrainRead).length).toBeGreaterThan(2);
  });

  it('other PI planning settings: the stored views are not used', async () => {
    ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: P, mode: 'full' }));
    expect((await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P })).requests.filter(isTrainRead)).toEqual([]);
    const settings = ok(await invoke(h, DEMO.users.admin, 'getSettings', {}));
    const pi = settings.settings.piPlanning ?? { velocitySprints: 3, overCommitShare: 1, topWsjf: 5, capacityOverrides: [], calendar: [] };
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...settings.settings, piPlanning: { ...pi, topWsjf: pi.topWsjf + 2 } } }));
    const r = await measured(DEMO.users.popm, 'getPiPlanning', { projectKey: P });
    expect(r.requests.filter(isTrainRead).length).toBeGreaterThan(2);
    expect(r.data.topN).toBe(pi.topWsjf + 2);
    const d = await measured(DEMO.users.popm, 'getDependencies', { projectKey: P });
    expect(d.requests.filter(isTrainRead).length).toBeGreaterThan(2);
  });
});
