/**
 * The live train over the emulator's Forge events (issue 18): a sprint closed → its accepted set
 * recorded; a sprint started → its committed set is exactly the sprint's stories at that moment,
 * even after stories are added later; each event costs at most one Jira request; the recomputed
 * live figures show the active sprint's committed/added apart.
 */
import { startEmulator } from '../../dev/emulator/server';
import { EventBus } from '../../dev/emulator/events';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { effectiveTrain, forgetKeptTrain, liveVersion, loadLive, recomputeLive, type TriggerOutcome } from '../../src/app/events';
import { refreshProject } from '../../src/app/refresh';
import { reconcileProject } from '../../src/app/reconcile';
import { lastDrift } from '../../src/app/events';
import { recordFingerprint } from '../../src/domain/train/events';
import { syncToEnd } from '../../src/app/sync';
import { currentSettings } from '../../src/app/siteMetadata';
import { registerProject } from '../../src/app/snapshots';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { makeLiveTrigger } from '../../src/jobs/trigger';
import { MemoryStore } from '../../src/storage/memoryStore';
import { NOW } from './harness';

const T0 = Date.now();
/** A clock that moves (from the demo's fixed "now"), so Jira's `updated` orders the edits. */
const clock = () => new Date(NOW.getTime() + (Date.now() - T0));

describe('live train over the emulator events', () => {
  let data: DataSet;
  let em: Awaited<ReturnType<typeof startEmulator>>;
  const bus = new EventBus({});
  const store = new MemoryStore();
  const outcomes: TriggerOutcome[] = [];
  const app = () => new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }));
  const asPriya = (path: string, method: string, body?: unknown) =>
    fetch(`${em.url}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${priya}:demo`).toString('base64')}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  let priya = '';
  let sprintField = '';

  beforeAll(async () => {
    data = generateDemoTrain({ now: NOW });
    em = await startEmulator(data, { now: clock, events: bus });
    priya = data.users.find((u) => (u.projectPermissions.ART ?? []).includes('EDIT_ISSUES') && !u.globalPermissions.includes('ADMINISTER'))!.emailAddress!;
    sprintField = data.fields.find((f) => f.schema?.custom === 'com.pyxis.greenhopper.jira:gh-sprint')!.id;
    await registerProject(store, 'ART');
    const r = await refreshProject(app(), store, 'ART', clock());
    expect(r.done).toBe(true);
    const handler = makeLiveTrigger(() => ({ jira: app(), store, now: clock }));
    bus.subscribe(async (e) => {
      const out = await handler(e);
      if (out) outcomes.push(out);
    });
  }, 60_000);
  afterAll(() => em.close());

  const storyType = (i: JiraIssue) => i.fields.issuetype.name === 'Story';
  const inSprint = (i: JiraIssue, id: number) => ((i.fields as Record<string, unknown>)[sprintField] as { id: number }[] | null)?.some((s) => s.id === id) ?? false;
  const artBoard = () => data.boards.find((b) => b.location.projectKey === 'ART' && b.type === 'scrum')!;

  it('closing the active sprint records its accepted stories (the done ones) from the closed event', async () => {
    const board = artBoard();
    const active = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'active')!;
    expect(active).toBeDefined();
    const expected = data.issues.filter((i) => storyType(i) && i.key.startsWith('ART-') && inSprint(i, active.id) && i.fields.status.statusCategory.key === 'done').map((i) => i.key).sort();
    expect(expected.length).toBeGreaterThan(0);
    const res = await asPriya(`/rest/agile/1.0/sprint/${active.id}`, 'POST', { state: 'closed' });
    expect(res.status).toBe(200);
    await bus.settled();
    const live = await loadLive(store, 'ART');
    expect(live.accepted[String(active.id)].keys).toEqual(expected);
    expect(live.sprints[String(active.id)].sprint.state).toBe('closed');
  });

  it('starting a sprint records its committed set at that moment; a story added later is not in it but counts as added', async () => {
    const board = artBoard();
    const next = data.sprints.find((s) => s.originBoardId === board.id && s.state === 'future')!;
    const atStart = data.issues.filter((i) => storyType(i) && i.key.startsWith('ART-') && inSprint(i, next.id)).map((i) => i.key).sort();
    expect(atStart.length).toBeGreaterThan(0);
    const start = clock();
    const res = await asPriya(`/rest/agile/1.0/sprint/${next.id}`, 'POST', { state: 'active', startDate: start.toISOString(), endDate: new Date(start.getTime() + 14 * 86_400_000).toISOString() });
    expect(res.status).toBe(200);
    await bus.settled();
    const committed = await store.get<{ keys: string[]; source: string; points: number }>(`commitment:ART:${next.id}`);
    expect(committed?.source).toBe('event');
    expect(committed?.keys).toEqual(atStart);

    // A backlog story not in any open sprint, added after the start.
    const late = data.issues.find((i) => storyType(i) && i.key.startsWith('ART-') && i.fields.status.statusCategory.key === 'new' && !((i.fields as Record<string, unknown>)[sprintField] as { state: string }[] | null)?.some((s) => s.state !== 'closed'))!;
    expect(late).toBeDefined();
    await new Promise((r) => setTimeout(r, 5));
    expect((await asPriya(`/rest/agile/1.0/sprint/${next.id}/issue`, 'POST', { issues: [late.key] })).status).toBe(204);
    // And one committed story completed.
    const doneKey = atStart[0];
    const transitions = (await (await asPriya(`/rest/api/3/issue/${doneKey}/transitions`, 'GET')).json()) as { transitions: { id: string; to: { statusCategory: { key: string } } }[] };
    const toDone = transitions.transitions.find((t) => t.to.statusCategory.key === 'done')!;
    expect((await asPriya(`/rest/api/3/issue/${doneKey}/transitions`, 'POST', { transition: { id: toDone.id } })).status).toBe(204);
    await bus.settled();

    expect((await store.get<{ keys: string[] }>(`commitment:ART:${next.id}`))?.keys).toEqual(atStart);
    const t = await effectiveTrain(store, 'ART');
    const lateRec = t!.records.find((r) => r.key === late.key)!;
    expect(lateRec.sprints.map((s) => s.id)).toContain(next.id);
    expect(lateRec.changes.some((c) => c.field === 'sprint' && (c.to ?? '').split(',').map((x) => Number(x.trim())).includes(next.id))).toBe(true);

    const view = await recomputeLive(app(), store, 'ART', clock());
    expect(view?.version).toBe((await liveVersion(store, 'ART')).version);
    const fig = (metric: string) => view!.health.figures.find((f) => f.metric === metric && f.sprintId === next.id)!;
    expect(fig('sprintCommittedSoFar').members).toEqual(atStart);
    expect(fig('sprintAddedSoFar').members).toEqual([late.key]);
    expect(fig('sprintProgress').members).toEqual([doneKey]);
  });

  it('costs at most one Jira request per event, and no event failed', () => {
    expect(bus.errors).toEqual([]);
    expect(outcomes.map((o) => o.eventType)).toEqual(['avi:jira-software:closed:sprint', 'avi:jira-software:started:sprint', 'avi:jira:updated:issue', 'avi:jira:updated:issue']);
    for (const o of outcomes) expect(o.requests).toBeLessThanOrEqual(1);
  });

  it('a recompute after events patches only the changed issues into the kept train, and its figures equal a recompute that loads the whole stored train', async () => {
    const warmUp = await recomputeLive(app(), store, 'ART', clock());
    expect(warmUp?.recompute?.mode).toBeDefined();
    const stories = data.issues.filter((i) => storyType(i) && i.key.startsWith('ART-') && i.fields.status.statusCategory.key !== 'done');
    const [a, b] = [stories[3], stories[4]];
    expect((await asPriya(`/rest/api/3/issue/${a.key}`, 'PUT', { fields: { customfield_10016: 21 } })).status).toBe(204);
    expect((await asPriya(`/rest/api/3/issue/${b.key}`, 'PUT', { fields: { customfield_10016: 34 } })).status).toBe(204);
    await bus.settled();
    const at = clock();
    const patched = await recomputeLive(app(), store, 'ART', at);
    expect(patched?.recompute).toMatchObject({ mode: 'patched', records: 2 });
    forgetKeptTrain();
    const loaded = await recomputeLive(app(), store, 'ART', at);
    expect(loaded?.recompute?.mode).toBe('loaded');
    expect(loaded!.recompute!.records).toBeGreaterThan(100);
    expect(JSON.stringify(patched!.health)).toBe(JSON.stringify(loaded!.health));
    expect(patched!.issueCount).toBe(loaded!.issueCount);
    // Nothing changed since: the next recompute patches nothing and still computes the same figures.
    const again = await recomputeLive(app(), store, 'ART', at);
    expect(again?.recompute).toMatchObject({ mode: 'patched', records: 0 });
    expect(JSON.stringify(again!.health)).toBe(JSON.stringify(loaded!.health));
    // Another store (another site, or this one after another process recomputed) holds another
    // token: the kept train is not used there.
    const other = new MemoryStore();
    for (const { key, value } of await store.list<unknown>('')) if (key !== 'livemeta:v1:ART:generation') await other.set(key, value);
    expect((await recomputeLive(app(), other, 'ART', at))?.recompute?.mode).toBe('loaded');
  });

  it('a burst of events asks for one recompute; an event after the recompute started asks again; a request lost long ago does not block', async () => {
    const asked: string[] = [];
    const h = makeLiveTrigger(() => ({ jira: app(), store, now: clock, requestRecompute: async (p) => void asked.push(p) }));
    // Deletes of issues the train never had: each changes the live layer (a tombstone), no Jira read.
    const del = (id: string) => h({ eventType: 'avi:jira:deleted:issue', issue: { id, key: `ART-${id}`, fields: { updated: clock().toISOString(), project: { key: 'ART' } } } });
    for (const id of ['990001', '990002', '990003']) expect((await del(id))?.changed).toBe(true);
    expect(asked).toEqual(['ART']);
    await recomputeLive(app(), store, 'ART', clock());
    await del('990004');
    expect(asked).toEqual(['ART', 'ART']);
    await store.set('livemeta:v1:ART:pending', clock().getTime() - 901_000);
    await del('990005');
    expect(asked).toEqual(['ART', 'ART', 'ART']);
    expect((await recomputeLive(app(), store, 'ART', clock()))?.recompute).toMatchObject({ mode: 'patched', records: 2 });
  });

  it('deleting an issue removes it from the live train for good', async () => {
    const victim = data.issues.find((i) => storyType(i) && i.key.startsWith('ART-') && !(i.fields.issuelinks ?? []).length)!;
    const admin = data.users.find((u) => u.globalPermissions.includes('ADMINISTER'))!.emailAddress!;
    const res = await fetch(`${em.url}/rest/api/3/issue/${victim.key}`, { method: 'DELETE', headers: { Authorization: `Basic ${Buffer.from(`${admin}:demo`).toString('base64')}` } });
    expect(res.status).toBe(204);
    await bus.settled();
    const t = await effectiveTrain(store, 'ART');
    expect(t!.records.some((r) => r.id === victim.id)).toBe(false);
    expect(t!.live.deletedIssues[victim.id]).toBeDefined();
  });

  it('events dropped: the next reconciliation repairs the train to a full load and records the drift; the one after finds none', async () => {
    bus.setFaults({ drop: 1 });
    const victim = data.issues.find((i) => storyType(i) && i.key.startsWith('ART-') && i.fields.status.statusCategory.key === 'new')!;
    const transitions = (await (await asPriya(`/rest/api/3/issue/${victim.key}/transitions`, 'GET')).json()) as { transitions: { id: string; to: { statusCategory: { key: string } } }[] };
    const toProgress = transitions.transitions.find((t) => t.to.statusCategory.key === 'indeterminate')!;
    expect((await asPriya(`/rest/api/3/issue/${victim.key}/transitions`, 'POST', { transition: { id: toProgress.id } })).status).toBe(204);
    await bus.settled();
    bus.setFaults({});
    const stale = await effectiveTrain(store, 'ART');
    expect(stale!.records.find((r) => r.key === victim.key)!.status.category).toBe('new');

    const r = await reconcileProject(app(), store, 'ART', clock());
    expect(r.done).toBe(true);
    expect(r.drift?.drift).toBe(1);
    expect((await lastDrift(store, 'ART'))?.drift).toBe(1);

    // Equal to a full load of Jira now (another store, same reader).
    const fresh = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira: app(), store: fresh, siteUrl: '', accountId: null, now: clock });
    await syncToEnd(app(), fresh, settings, meta, 'ART', 'app', 'full', clock);
    const full = (await (await import('../../src/app/sync')).storedTrain(fresh, 'ART', 'app'))!.records;
    const mine = (await effectiveTrain(store, 'ART'))!.records;
    const prints = (rs: typeof full) => rs.map((x) => `${x.id}:${recordFingerprint(x)}`).sort();
    expect(prints(mine)).toEqual(prints(full));

    const again = await reconcileProject(app(), store, 'ART', clock());
    expect(again.drift?.drift).toBe(0);
  }, 60_000);
});
