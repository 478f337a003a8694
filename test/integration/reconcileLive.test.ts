/**
 * The daily reconciliation computes the health once (issue 16): its live view is the refresh's own
 * compute, stored as is, only when a recompute would give the same figures — and then it equals,
 * value for value, what `recomputeLive` computes by loading the stored train again. The first run
 * records the active sprints' commitments between the compute and the live view, so the equality
 * covers them too.
 */
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { startEmulator } from '../../dev/emulator/server';
import { forgetKeptTrain, recomputeLive, storedLiveView, storeEvent, type LiveRecord } from '../../src/app/events';
import { reconcileProject } from '../../src/app/reconcile';
import { storedTrain } from '../../src/app/sync';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { MemoryStore } from '../../src/storage/memoryStore';
import { NOW } from './harness';

describe('the reconciliation stores its own compute as the live view', () => {
  let em: Awaited<ReturnType<typeof startEmulator>>;
  const app = () => new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }));
  beforeAll(async () => {
    em = await startEmulator(generateDemoTrain({ now: NOW, seed: 7 }), { now: () => NOW });
  });
  afterAll(() => em.close());

  /** The stored live view against a recompute that loads the whole stored train, at the same time. */
  async function expectSameAsLoaded(store: MemoryStore, at: Date) {
    const stored = await storedLiveView(store, 'ART');
    expect(stored).toBeDefined();
    forgetKeptTrain();
    const loaded = await recomputeLive(app(), store, 'ART', at);
    expect(loaded?.recompute?.mode).toBe('loaded');
    const { recompute: _stats, ...view } = loaded!;
    expect(JSON.stringify(stored)).toBe(JSON.stringify(view));
    expect(stored!.health.figures.length).toBeGreaterThan(10);
    return stored!;
  }

  it('first load and the next day: the live view is the sync compute, equal to a recompute', async () => {
    const store = new MemoryStore();
    const first = await reconcileProject(app(), store, 'ART', NOW);
    expect(first.done).toBe(true);
    expect(first.live).toBe('fromSync');
    expect(first.commitmentsRecorded.length).toBeGreaterThan(0);
    const view = await expectSameAsLoaded(store, NOW);
    expect(view.issueCount).toBe((await storedTrain(store, 'ART', 'app'))!.records.length);

    const nextDay = new Date(NOW.getTime() + 86_400_000);
    const second = await reconcileProject(app(), store, 'ART', nextDay);
    expect(second.drift?.drift).toBe(0);
    expect(second.live).toBe('fromSync');
    await expectSameAsLoaded(store, nextDay);
  }, 60_000);

  it('an issue in the live layer after the load: the live view is recomputed, not taken from the sync', async () => {
    const store = new MemoryStore();
    expect((await reconcileProject(app(), store, 'ART', NOW)).live).toBe('fromSync');
    // An event the reconciliation did not fold in (it came after the start): its record is on top.
    const rec = (await storedTrain(store, 'ART', 'app'))!.records.find((r) => r.storyPoints !== null && r.hierarchyLevel === 0)!;
    const edited: LiveRecord = { ...rec, storyPoints: (rec.storyPoints ?? 0) + 13, updated: new Date(NOW.getTime() + 60_000).toISOString() };
    const later = new Date(NOW.getTime() + 120_000);
    // Seq far past the next run's start version: the next reconciliation keeps it (an event newer than what it read).
    await storeEvent(store, 'ART', { type: 'issueUpsert', issue: edited }, Number.MAX_SAFE_INTEGER);
    const again = await reconcileProject(app(), store, 'ART', later);
    expect(again.live).toBe('loaded');
    await expectSameAsLoaded(store, later);
  }, 60_000);
});
