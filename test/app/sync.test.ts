import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { startEmulator } from '../../dev/emulator/server';
import { currentSettings } from '../../src/app/siteMetadata';
import { startSync, storedTrain, syncState, syncStep, syncToEnd } from '../../src/app/sync';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { MemoryStore } from '../../src/storage/memoryStore';
import { chunkKey, metaKey, type TrainMeta } from '../../src/app/trainStore';

const NOW = new Date('2026-11-20T10:00:00Z');
type Running = Awaited<ReturnType<typeof startEmulator>>;
let em: Running;

beforeEach(async () => {
  em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW });
});
afterEach(() => em.close());

async function setup() {
  const jira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }), { sleep: async () => {} });
  const store = new MemoryStore();
  const { settings, meta } = await currentSettings({ jira, store, siteUrl: em.url, accountId: null, now: () => NOW });
  return { jira, store, settings, meta };
}

describe('sync engine', () => {
  it('resumes step by step from its cursor and ends with the same numbers as one run', async () => {
    const { jira, store, settings, meta } = await setup();
    const once = await syncToEnd(jira, store, settings, meta, 'ART', 'app-a', 'full', () => NOW);
    await startSync(store, settings, meta, 'ART', 'app-b', 'full', NOW);
    let steps = 0;
    let last;
    do {
      // A zero budget: exactly one step per invocation, as if each invocation died right after.
      last = await syncStep(jira, store, settings, meta, 'ART', 'app-b', () => NOW, 0);
      steps++;
    } while (last.state.phase !== 'done' && steps < 100);
    expect(last.state.phase).toBe('done');
    expect(steps).toBeGreaterThan(5);
    expect(last.state.invocations).toBe(steps);
    expect(last.health!.train).toEqual(once.health!.train);
    expect(last.health!.sprints.map((s) => s.acceptanceRate)).toEqual(once.health!.sprints.map((s) => s.acceptanceRate));
  });

  it('starts the compute in a fresh invocation when loading used half the budget (so the compute and what follows never overrun it)', async () => {
    const { store, settings, meta } = await setup();
    // The budget is wall-clock time: a clock that moves 1 s per Jira request makes it deterministic.
    let clock = 1_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      const inner = fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } });
      const jira = new JiraClient({ send: async (req) => ((clock += 1000), inner.send(req)) }, { sleep: async () => {} });
      const run = async (who: string, budgetMs: number) => {
        await startSync(store, settings, meta, 'ART', who, 'full', NOW);
        const calls: string[] = [];
        for (let i = 0; i < 20; i++) {
          const r = await syncStep(jira, store, settings, meta, 'ART', who, () => NOW, budgetMs);
          calls.push(`${r.state.phase}${r.health ? '+health' : ''}`);
          if (r.state.phase === 'done') break;
        }
        return calls;
      };
      // The demo train loads in a handful of requests (pages, one changelog batch): 6+ s of a 10 s
      // budget, so the compute waits for the next invocation, which computes and finishes.
      const tight = await run('app-tight', 10_000);
      expect(tight).toEqual(['compute', 'done+health']);
      // With room to spare (50 s budget), one invocation loads and computes.
      expect(await run('app-roomy', 100_000)).toEqual(['done+health']);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps its cursor when Jira fails mid-run and finishes after Jira recovers', async () => {
    const { jira, store, settings, meta } = await setup();
    const clean = await syncToEnd(jira, store, settings, meta, 'ART', 'clean', 'full', () => NOW);
    await startSync(store, settings, meta, 'ART', 'faulty', 'full', NOW);
    em.emulator.faults.set({ rate5xx: 1, pathPattern: 'changelog/bulkfetch' });
    await expect(syncStep(jira, store, settings, meta, 'ART', 'faulty', () => NOW, 60_000)).rejects.toThrow(/unavailable/i);
    const stopped = (await syncState(store, 'ART', 'faulty'))!;
    expect(stopped.phase).toBe('changelogs');
    expect(stopped.error).toMatch(/unavailable/i);
    expect(stopped.issuesLoaded).toBe(clean.state.issuesLoaded);
    em.emulator.faults.clear();
    em.emulator.requests.length = 0;
    const done = await syncStep(jira, store, settings, meta, 'ART', 'faulty', () => NOW, 60_000);
    expect(done.state.phase).toBe('done');
    expect(done.state.error).toBeNull();
    // Resumed: no issue page was fetched again.
    expect(em.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql').length).toBe(0);
    expect(done.health!.train).toEqual(clean.health!.train);
  });

  it('a compute that fails after the new train was promoted keeps that train when it runs again', async () => {
    const { jira, store, settings, meta } = await setup();
    const once = await syncToEnd(jira, store, settings, meta, 'ART', 'app-a', 'full', () => NOW);
    await startSync(store, settings, meta, 'ART', 'app-b', 'full', NOW);
    const boards = jira.boards.bind(jira);
    let failed = 0;
    // The compute's first Jira read fails once, after the promote moved the loaded chunks into the train.
    jira.boards = async (p: string) => {
      if (failed++ === 0) throw new Error('Jira did not answer');
      return boards(p);
    };
    await expect(syncStep(jira, store, settings, meta, 'ART', 'app-b', () => NOW, Number.POSITIVE_INFINITY)).rejects.toThrow('Jira did not answer');
    expect((await syncState(store, 'ART', 'app-b'))!.phase).toBe('compute');
    const again = await syncStep(jira, store, settings, meta, 'ART', 'app-b', () => NOW, Number.POSITIVE_INFINITY);
    expect(again.state.phase).toBe('done');
    expect(failed).toBe(2);
    expect((await storedTrain(store, 'ART', 'app-b'))!.records.length).toBe(once.state.issuesLoaded);
    expect(again.health!.train).toEqual(once.health!.train);
  });

  it('a full run writes the set not holding the train and finishes with one write; the previous train is then deleted', async () => {
    const { jira, store, settings, meta } = await setup();
    const first = await syncToEnd(jira, store, settings, meta, 'ART', 'app', 'full', () => NOW);
    const m1 = (await store.get<TrainMeta>(metaKey('ART', 'app')))!;
    expect(m1.set).toBe('next');
    expect(m1.chunkCount).toBeGreaterThan(3);
    expect(m1.stale).toBeUndefined();
    const s2 = await startSync(store, settings, meta, 'ART', 'app', 'full', NOW);
    expect(s2.writeSet).toBe('train');
    let r;
    do r = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, 0);
    while (r.state.phase !== 'compute');
    // The previous train stays readable while the run loads.
    expect((await storedTrain(store, 'ART', 'app'))!.records.length).toBe(first.state.issuesLoaded);
    const chunkWrites: string[] = [];
    const set = store.set.bind(store);
    store.set = async (key, value) => {
      if (/:(train|next):\d+$/.test(key)) chunkWrites.push(key);
      return set(key, value);
    };
    const done = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, Number.POSITIVE_INFINITY);
    expect(done.state.phase).toBe('done');
    expect(chunkWrites).toEqual([]);
    const m2 = (await store.get<TrainMeta>(metaKey('ART', 'app')))!;
    expect(m2).toMatchObject({ set: 'train', chunkCount: m1.chunkCount });
    expect(m2.stale).toBeUndefined();
    expect((await store.list('sync:v1:ART:app:next:')).length).toBe(0);
    expect((await store.list('sync:v1:ART:app:train:')).length).toBe(m1.chunkCount);
    expect(done.health!.train).toEqual(first.health!.train);
    expect((await storedTrain(store, 'ART', 'app'))!.records.length).toBe(first.state.issuesLoaded);
  });

  it('deletes a previous train a window at a time within the budget, and a full run writes nothing into that set before it is gone', async () => {
    const { jira, store, settings, meta } = await setup();
    const first = await syncToEnd(jira, store, settings, meta, 'ART', 'app', 'full', () => NOW);
    const m1 = (await store.get<TrainMeta>(metaKey('ART', 'app')))!;
    // A previous train of 25 chunks left in the spare set ('train'), as a 2,500-issue train would leave.
    for (let n = 0; n < 25; n++) await store.set(chunkKey('ART', 'app', 'train', n), [{ id: `old-${n}` }]);
    await store.set<TrainMeta>(metaKey('ART', 'app'), { ...m1, stale: { set: 'train', count: 25 } });
    await startSync(store, settings, meta, 'ART', 'app', 'full', NOW);
    em.emulator.requests.length = 0;
    const left: number[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, 0);
      expect(r.state.chunkCount).toBe(0);
      left.push((await store.get<TrainMeta>(metaKey('ART', 'app')))!.stale!.count);
    }
    // A zero budget: one window of 10 per call, from the last chunk down; no Jira request yet.
    expect(left).toEqual([15, 5]);
    expect(em.emulator.requests.filter((q) => q.path === '/rest/api/3/search/jql')).toEqual([]);
    expect((await storedTrain(store, 'ART', 'app'))!.records.length).toBe(first.state.issuesLoaded);
    // The third call deletes the last 5 and loads the first page.
    const third = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, 0);
    expect((await store.get<TrainMeta>(metaKey('ART', 'app')))!.stale).toBeUndefined();
    expect(third.state.chunkCount).toBe(1);
    let r = third;
    while (r.state.phase !== 'done') r = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, 0);
    expect(r.health!.train).toEqual(first.health!.train);
    expect((await store.list('sync:v1:ART:app:train:')).length).toBe(m1.chunkCount);
    expect((await store.list('sync:v1:ART:app:next:')).length).toBe(0);
  });

  it('a run started before the sets alternated (no set in its state or the meta) finishes into the set it wrote', async () => {
    const { jira, store, settings, meta } = await setup();
    const first = await syncToEnd(jira, store, settings, meta, 'ART', 'app', 'full', () => NOW);
    // As an earlier version stored it: the train in 'train', no `set` in the meta.
    const m1 = (await store.get<TrainMeta>(metaKey('ART', 'app')))!;
    for (let n = 0; n < m1.chunkCount; n++) {
      await store.set(chunkKey('ART', 'app', 'train', n), await store.get(chunkKey('ART', 'app', 'next', n)));
      await store.delete(chunkKey('ART', 'app', 'next', n));
    }
    await store.set<TrainMeta>(metaKey('ART', 'app'), { chunkCount: m1.chunkCount, completedAt: m1.completedAt });
    const state = await startSync(store, settings, meta, 'ART', 'app', 'full', NOW);
    delete state.writeSet;
    await store.set('sync:v1:ART:app:state', state);
    const done = await syncStep(jira, store, settings, meta, 'ART', 'app', () => NOW, Number.POSITIVE_INFINITY);
    expect(done.state.phase).toBe('done');
    expect((await store.get<TrainMeta>(metaKey('ART', 'app')))!.set).toBe('next');
    expect((await storedTrain(store, 'ART', 'app'))!.records.length).toBe(first.state.issuesLoaded);
    expect((await store.list('sync:v1:ART:app:train:')).length).toBe(0);

    // And one whose earlier promote had already copied the chunks into 'train' before its compute failed.
    const again = await startSync(store, settings, meta, 'ART', 'legacy', 'full', NOW);
    for (let n = 0; n < m1.chunkCount; n++) await store.set(chunkKey('ART', 'legacy', 'train', n), await store.get(chunkKey('ART', 'app', 'next', n)));
    await store.set<TrainMeta>(metaKey('ART', 'legacy'), { chunkCount: m1.chunkCount, completedAt: '' });
    const { writeSet: _w, ...legacy } = again;
    await store.set('sync:v1:ART:legacy:state', { ...legacy, phase: 'compute', chunkCount: m1.chunkCount, changelogCursor: m1.chunkCount });
    const moved = await syncStep(jira, store, settings, meta, 'ART', 'legacy', () => NOW, Number.POSITIVE_INFINITY);
    expect(moved.state.phase).toBe('done');
    expect((await store.get<TrainMeta>(metaKey('ART', 'legacy')))!.set).toBeUndefined();
    expect(moved.health!.train).toEqual(first.health!.train);
  });

  it('incremental: fetches changed issues only, drops issues that left the scope, same numbers as a full run', async () => {
    const { jira, store, settings, meta } = await setup();
    await syncToEnd(jira, store, settings, meta, 'ART', 'u', 'full', () => NOW);
    const later = new Date(NOW.getTime() + 3_600_000);
    // One story is re-estimated, one is deleted from Jira.
    const stories = em.emulator.data.issues.filter((i) => i.fields.issuetype.name === 'Story' && i.fields.status.statusCategory.key === 'new');
    const changed = stories[0];
    (changed.fields as Record<string, unknown>).customfield_10016 = 13;
    changed.fields.updated = later.toISOString();
    const deleted = stories[1];
    em.emulator.data.issues.splice(em.emulator.data.issues.indexOf(deleted), 1);
    // The emulator indexes issues at start; a fresh emulator over the changed data answers searches.
    const data = em.emulator.data;
    await em.close();
    em = await startEmulator(data, { now: () => later });
    const jira2 = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }), { sleep: async () => {} });
    const heavy = () => em.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql' || r.path === '/rest/api/3/changelog/bulkfetch');
    const inc = await syncToEnd(jira2, store, settings, meta, 'ART', 'u', 'incremental', () => later);
    expect(inc.state.mode).toBe('incremental');
    expect(inc.state.issuesLoaded).toBe(1);
    // One page of changed issues, one page of ids (5000 per page), one bulk changelog call.
    expect(heavy().length).toBe(3);
    expect((heavy().find((r) => r.path.endsWith('bulkfetch'))!.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys).toEqual([changed.id]);
    em.emulator.requests.length = 0;
    const full = await syncToEnd(jira2, new MemoryStore(), settings, meta, 'ART', 'u', 'full', () => later);
    expect(heavy().length).toBe(Math.ceil(data.issues.length / 100) + 1);
    expect(inc.health!.train).toEqual(full.health!.train);
  });

  it("a person's train keeps summaries and each story's findings (the stored tab views); the app's keeps no text", async () => {
    const { jira, store, settings, meta } = await setup();
    const person = await syncToEnd(jira, store, settings, meta, 'ART', 'someone', 'full', () => NOW);
    await syncToEnd(jira, store, settings, meta, 'ART', 'app', 'full', () => NOW);
    const mine = (await storedTrain(store, 'ART', 'someone'))!.records;
    const app = (await storedTrain(store, 'ART', 'app'))!.records;
    expect(mine.length).toBe(app.length);
    expect(mine.every((r) => r.summary.length > 0 && r.description === null && r.acceptanceCriteria === null)).toBe(true);
    const stories = mine.filter((r) => r.hierarchyLevel === settings.storyHierarchyLevel && r.issueType !== settings.piObjectives?.issueType);
    expect(stories.length).toBeGreaterThan(100);
    expect(stories.every((r) => Array.isArray(r.quality.findings))).toBe(true);
    expect(stories.some((r) => (r.quality.findings ?? []).length > 0)).toBe(true);
    expect(app.every((r) => r.summary === '' && r.quality.findings === undefined && r.links.every((l) => l.other.summary === ''))).toBe(true);
    // Only a person's run hands back its train (for the tab views).
    expect(person.train?.stories.length).toBeGreaterThan(100);
  });

  it("a person's train stored before it kept text is loaded in full once, then incrementally", async () => {
    const { jira, store, settings, meta } = await setup();
    await syncToEnd(jira, store, settings, meta, 'ART', 'someone', 'full', () => NOW);
    expect((await startSync(store, settings, meta, 'ART', 'someone', 'incremental', NOW)).mode).toBe('incremental');
    await store.delete('sync:v1:ART:someone:compact');
    expect((await startSync(store, settings, meta, 'ART', 'someone', 'incremental', NOW)).mode).toBe('full');
  });
});
