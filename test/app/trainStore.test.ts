/**
 * The stored train's readers (src/app/trainStore.ts) share repeated values among records to save
 * memory (issue 16); what they return, and every figure computed from it, must equal the records
 * as stored, read plainly.
 */
import { DEMO, generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { startEmulator } from '../../dev/emulator/server';
import { currentSettings } from '../../src/app/siteMetadata';
import { syncToEnd, type CompactIssue } from '../../src/app/sync';
import { assembleTrain, boardSprints, trainScope, type TrainData } from '../../src/app/trainData';
import { healthOf } from '../../src/app/trainHealth';
import { chunkKey, eachStoredRecord, liveSet, loadChunks, loadPackedChunks, metaKey, PackedChanges, storedTrain, type TrainMeta } from '../../src/app/trainStore';
import { recordedCommitments } from '../../src/app/snapshots';
import { foldedVerdicts, storedVerdicts } from '../../src/app/tabViews';
import { dependenciesView } from '../../src/app/dependencies';
import { childrenByFeature, featureChild } from '../../src/app/featureChildren';
import { loadFeaturesWithText, piHealth, piPlanningView, planFrom } from '../../src/app/piPlanning';
import { storedTrainData, trainLoadText } from '../../src/app/syncCompute';
import { RULES } from '../../src/domain/quality';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { MemoryStore } from '../../src/storage/memoryStore';
import { buildTimeline, sprintsEverIn } from '../../src/domain/health/timeline';

const NOW = new Date('2026-11-20T10:00:00Z');

/** The stored chunks parsed as stored, nothing shared: the in-memory reference. */
async function plainRecords(store: MemoryStore, principal: string): Promise<CompactIssue[]> {
  const meta = (await store.get<TrainMeta>(metaKey('ART', principal)))!;
  const out: CompactIssue[] = [];
  for (let n = 0; n < meta.chunkCount; n++) out.push(...((await store.get<CompactIssue[]>(chunkKey('ART', principal, liveSet(meta), n))) ?? []));
  return out;
}

describe.each([
  ['the demo train', {}],
  ['a generated train (scale 2, another seed)', { scale: 2, seed: 7 }],
])('stored train readers on %s', (_name, gen) => {
  let em: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    em = await startEmulator(generateDemoTrain({ now: NOW, ...gen }), { now: () => NOW });
  });
  afterAll(() => em.close());

  it('read the same records as stored, share repeated values, and the sync computes the same figures as an in-memory compute over them', async () => {
    const jira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }), { sleep: async () => {} });
    const store = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira, store, siteUrl: em.url, accountId: null, now: () => NOW });
    const synced = await syncToEnd(jira, store, settings, meta, 'ART', 'app', 'full', () => NOW);

    const plain = await plainRecords(store, 'app');
    expect(plain.length).toBeGreaterThan(300);
    expect(plain.some((r) => r.changes.length > 0)).toBe(true);
    const stored = (await storedTrain(store, 'ART', 'app'))!;
    expect(stored.records).toEqual(plain);
    expect(JSON.stringify(stored.records)).toBe(JSON.stringify(plain));

    // Shared: records in the same status hold one status object, and equal sprint lists one array.
    const inStatus = stored.records.filter((r) => r.status.id === stored.records[0].status.id);
    expect(inStatus.length).toBeGreaterThan(1);
    expect(new Set(inStatus.map((r) => r.status)).size).toBe(1);
    const sprintLists = stored.records.filter((r) => r.sprints.length > 0).map((r) => JSON.stringify(r.sprints));
    expect(new Set(stored.records.filter((r) => r.sprints.length > 0).map((r) => r.sprints)).size).toBe(new Set(sprintLists).size);
    expect(new Set(sprintLists).size).toBeLessThan(sprintLists.length);

    // The folding reader sees every record once, in order.
    const ids: string[] = [];
    const folded = await eachStoredRecord(store, 'ART', 'app', (r) => ids.push(r.id));
    expect(folded!.count).toBe(plain.length);
    expect(ids).toEqual(plain.map((r) => r.id));
    expect(await loadChunks(store, 'ART', 'app', 'train', 0)).toEqual([]);

    // The sync's figures (computed from the shared records) equal the in-memory compute over the plain records.
    const boards = await jira.boards('ART');
    const { sprints, notes } = await boardSprints(jira, boards);
    const train = assembleTrain('ART', trainScope(settings, 'ART'), plain, new Map(plain.map((i) => [i.id, i.changes])), boards, sprints, settings, notes);
    const quality = new Map(plain.map((i) => [i.key, i.quality]));
    const inMemory = healthOf(train, settings, NOW, await recordedCommitments(store, 'ART'), (key) => quality.get(key));
    expect(inMemory.figures.length).toBeGreaterThan(50);
    expect(synced.health).toEqual(inMemory);

    // The health's sprint candidates (sprintsEverIn, without a timeline) are each story's timeline's everIn.
    const withSprintChanges = plain.filter((r) => r.changes.some((c) => c.field === 'sprint'));
    expect(withSprintChanges.length).toBeGreaterThan(10);
    const undated = { ...withSprintChanges[0], changes: [...withSprintChanges[0].changes, { at: 'not a time', field: 'sprint' as const, from: null, to: '987654', fromString: null, toString: 'Never' }] };
    for (const r of [...plain, undated]) expect([...sprintsEverIn(r, r.changes)].sort()).toEqual([...buildTimeline(r, r.changes, () => null).everIn].sort());
    expect(sprintsEverIn(undated, undated.changes).has(987654)).toBe(false);

    // The app's compute holds the changelogs packed: each record's changes read back equal to the stored ones.
    const packed = await loadPackedChunks(store, 'ART', 'app', (await store.get<TrainMeta>(metaKey('ART', 'app')))!);
    expect(packed.records.length).toBe(plain.length);
    expect(packed.changes.size).toBe(plain.length);
    expect(plain.filter((r) => r.changes.length > 0).length).toBeGreaterThan(100);
    for (const r of plain) expect(packed.changes.get(r.id)).toEqual(r.changes);
    expect(packed.records.every((r) => r.changes.length === 0)).toBe(true);
  });

  it("read a person's train with its findings shared, and without them (summaries kept) for the views that show none", async () => {
    const popm = DEMO.users.popm;
    const jira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-User': popm } }), { sleep: async () => {} });
    const store = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira, store, siteUrl: em.url, accountId: popm, now: () => NOW });
    await syncToEnd(jira, store, settings, meta, 'ART', popm, 'full', () => NOW);
    const plain = await plainRecords(store, popm);
    const withFindings = plain.filter((r) => r.quality.findings?.length);
    expect(withFindings.length).toBeGreaterThan(100);
    const trainMeta = (await store.get<TrainMeta>(metaKey('ART', popm)))!;

    // With the findings: equal to the stored records, and equal verdicts are one object.
    const whole = await loadPackedChunks(store, 'ART', popm, trainMeta);
    expect(whole.records.map((r) => r.quality)).toEqual(plain.map((r) => r.quality));
    const verdicts = whole.records.map((r) => JSON.stringify(r.quality));
    expect(new Set(whole.records.map((r) => r.quality)).size).toBe(new Set(verdicts).size);
    expect(new Set(verdicts).size).toBeLessThan(verdicts.length);

    // Without the findings: every other value as stored (summaries, links' summaries), the verdict's ready and pass kept.
    const lean = await loadPackedChunks(store, 'ART', popm, trainMeta, { withoutFindings: true });
    expect(lean.records.every((r) => r.quality.findings === undefined)).toBe(true);
    expect(lean.records.map((r) => ({ ...r, quality: undefined, changes: undefined }))).toEqual(whole.records.map((r) => ({ ...r, quality: undefined, changes: undefined })));
    expect(lean.records.map((r) => [r.quality.ready, r.quality.pass])).toEqual(plain.map((r) => [r.quality.ready, r.quality.pass]));
    expect(lean.records.every((r) => r.summary.length > 0)).toBe(true);

    // The Quality view's verdicts folded chunk by chunk equal those made from the whole train, the
    // "blocked by an open issue" messages made again with the blockers' teams and sprints included.
    const boards = await jira.boards('ART');
    const { sprints, notes } = await boardSprints(jira, boards);
    const train = assembleTrain('ART', trainScope(settings, 'ART'), whole.records, whole.changes, boards, sprints, settings, notes);
    const fromTrain = [...storedVerdicts(train)!];
    const { verdicts: folded, objectives } = (await foldedVerdicts(store, settings, 'ART', popm))!;
    // Its PI objectives as stored (the packed load's have their changelog apart).
    expect(objectives.map((o) => o.key)).toEqual(train.objectives.map((o) => o.key));
    expect(objectives.map((o) => ({ ...o, changes: [] }))).toEqual(train.objectives);
    expect(fromTrain.length).toBe(train.stories.length);
    expect(fromTrain.filter(([, v]) => v.findings.some((f) => f.rule === RULES.blockedOpen)).length).toBeGreaterThan(0);
    expect([...folded]).toEqual(fromTrain);
    for (const [key, v] of fromTrain) expect(folded.get(key)).toEqual(v);
    expect(folded.get(train.features[0].key)).toBeUndefined();
  });

  it("load a person's train with only the Dependencies, feature children and PI planning views' fields, and those views equal the ones from the whole records", async () => {
    const popm = DEMO.users.popm;
    const jira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-User': popm } }), { sleep: async () => {} });
    const store = new MemoryStore();
    const ctx = { jira, store, siteUrl: em.url, accountId: popm, now: () => NOW };
    const { settings, meta } = await currentSettings(ctx);
    await syncToEnd(jira, store, settings, meta, 'ART', popm, 'full', () => NOW);
    const whole = await storedTrainData(jira, store, settings, 'ART', popm, trainLoadText('withoutFindings', settings));
    const slim = await storedTrainData(jira, store, settings, 'ART', popm, trainLoadText('viewFields', settings));
    const stories = slim.train.stories;
    expect(stories.length).toBe(whole.train.stories.length);
    expect(stories.length).toBeGreaterThan(100);
    // The stories lose what those views do not read, and no record keeps a changelog; features and objectives are whole.
    const dropped = { id: '', rank: null, created: '', updated: '', resolutionDate: null, assignee: null, fixVersions: [] };
    expect(stories.every((s) => Object.entries(dropped).every(([k, v]) => JSON.stringify(s[k as keyof typeof s]) === JSON.stringify(v)))).toBe(true);
    expect(stories.map((s) => ({ ...s, ...dropped, changes: [] }))).toEqual(whole.train.stories.map((s) => ({ ...s, ...dropped, changes: [] })));
    expect(whole.train.stories.filter((s) => s.created && s.rank && s.assignee).length).toBeGreaterThan(100);
    expect(slim.train.features).toEqual(whole.train.features);
    expect(slim.train.objectives).toEqual(whole.train.objectives);
    expect(slim.train.changes.size).toBe(0);
    expect([...slim.train.teamOfSprint]).toEqual([...whole.train.teamOfSprint]);

    // The views built from it equal the ones from the whole records (the dependencies and the PI board non-empty).
    const deps = dependenciesView(em.url, whole.train, NOW);
    expect(deps.dependencies.length).toBeGreaterThan(0);
    expect(dependenciesView(em.url, slim.train, NOW)).toEqual(deps);
    const children = (t: TrainData) => [...childrenByFeature(t)].map(([k, list]) => [k, list.map(featureChild)]);
    expect(children(whole.train).length).toBeGreaterThan(0);
    expect(children(slim.train)).toEqual(children(whole.train));
    const health = piHealth(healthOf(whole.train, settings, NOW, await recordedCommitments(store, 'ART'), () => undefined));
    const features = await loadFeaturesWithText(ctx, settings, meta, 'ART');
    const board = (t: TrainData) => piPlanningView(em.url, 'ART', planFrom('ART', { train: t, health, features, settings }, NOW), NOW);
    const fromWhole = board(whole.train);
    expect(fromWhole.teams.flatMap((t) => t.cells.flatMap((c) => c.cards)).length).toBeGreaterThan(0);
    expect(board(slim.train)).toEqual(fromWhole);
  });

  it('packed changes read back every time format and value as added', () => {
    const p = new PackedChanges();
    const changes = [
      { at: '2026-03-02T09:15:00.000+0000', field: 'status' as const, from: '10000', to: '3', fromString: 'To Do', toString: 'In Progress' },
      { at: '2026-03-02T09:15:00.000Z', field: 'sprint' as const, from: null, to: '12, 13', fromString: null, toString: 'Sprint 12, Sprint 13' },
      { at: '2026-03-02T10:15:00.000+0100', field: 'status' as const, from: '3', to: '10001', fromString: 'In Progress', toString: 'Done' },
      { at: 'not a time', field: 'sprint' as const, from: '', to: null, fromString: '', toString: null },
    ];
    p.add('1', changes);
    p.add('2', []);
    for (let i = 0; i < 3000; i++) p.add(`x${i}`, changes.slice(0, 1));
    expect(p.get('1')).toEqual(changes);
    expect(p.get('2')).toEqual([]);
    expect(p.get('x2999')).toEqual(changes.slice(0, 1));
    expect(p.get('3')).toBeUndefined();
    expect(p.has('2')).toBe(true);
    expect(p.size).toBe(3002);
    // Past several of its blocks (32,768 changes each), records whose changes straddle a block's end included.
    const three = (i: number) => [0, 1, 2].map((j) => ({ ...changes[(i + j) % 3], to: `${i}.${j}` }));
    for (let i = 0; i < 25_000; i++) p.add(`y${i}`, three(i));
    for (let i = 0; i < 25_000; i++) expect(p.get(`y${i}`)).toEqual(three(i));
    expect(p.get('1')).toEqual(changes);
  });
});
