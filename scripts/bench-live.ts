/**
 * The live train's benchmark (issue 18): `npx tsx scripts/bench-live.ts [--issues 50000] [--events 300]
 * [--rate 10]`, also part of `npm run bench -- --json` as its `live` entry.
 *
 * One process: the emulator (a demo train of about `issues` issues) raising Forge events with faults
 * (10% dropped, 5% duplicated, 5% reordered), the app's trigger handler on each delivered event (as
 * the app, over HTTP), and the queue consumer's recompute of the live figures whenever the trigger
 * asks for one (one at a time, as a Forge queue with one consumer would).
 *
 *   n                    issues in the train
 *   events               edits made in Jira (transitions, estimate edits, moves into the active sprint)
 *   stalenessP50S/P95S   from an edit's response to the stored live view including it (events delivered;
 *                        a dropped event is repaired by the reconciliation, not counted here)
 *   requestsPerEvent     Jira requests of the trigger handler per delivered event
 *   driftFound           records the reconciliation after the faulty stream had to fix
 *   driftAfterReconcile  records still differing from a full load of Jira after it (target 0)
 *   figuresEqualFullRecompute  every live figure equals a full load's recompute
 *   recomputeP50S        one recompute of the live figures after a burst (kept train patched)
 *   recomputeLoadP50S / recomputeComputeP50S / recomputeWriteP50S  its parts: reading the changed
 *                        records, computing every figure, writing the view
 *   recomputeModes       how many recomputes patched the kept train / loaded the stored train
 *   coldRecomputeS       the first recompute (no kept train: the whole stored train read)
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { EventBus } from '../dev/emulator/events';
import { startEmulator } from '../dev/emulator/server';
import type { JiraIssue } from '../dev/emulator/dataset';
import { effectiveTrain, recomputeLive, type TriggerOutcome } from '../src/app/events';
import { reconcileProject } from '../src/app/reconcile';
import { refreshProject } from '../src/app/refresh';
import { currentSettings } from '../src/app/siteMetadata';
import { registerProject, recordedCommitments } from '../src/app/snapshots';
import { storedTrain, syncToEnd } from '../src/app/sync';
import { assembleTrain, boardSprints, trainScope } from '../src/app/trainData';
import { healthOf } from '../src/app/trainHealth';
import { recordFingerprint } from '../src/domain/train/events';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { makeLiveTrigger } from '../src/jobs/trigger';
import { MemoryStore } from '../src/storage/memoryStore';
import { trainOfSize } from '../dev/demo/trainOfSize';

const NOW = new Date('2026-11-20T10:00:00Z');

const trainOf = (target: number) => trainOfSize(target, NOW);

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export interface LiveBench {
  n: number;
  events: number;
  delivered: number;
  dropped: number;
  stalenessP50S: number | null;
  stalenessP95S: number | null;
  requestsPerEvent: number;
  driftFound: number;
  driftAfterReconcile: number;
  figuresEqualFullRecompute: boolean;
  recomputeP50S: number | null;
  recomputeLoadP50S: number | null;
  recomputeComputeP50S: number | null;
  recomputeWriteP50S: number | null;
  recomputeModes: Record<string, number>;
  coldRecomputeS: number | null;
}

export async function benchLive(opts: { issues?: number; events?: number; rate?: number; log?: (s: string) => void } = {}): Promise<LiveBench> {
  const log = opts.log ?? (() => undefined);
  const data = trainOf(opts.issues ?? 50_000);
  const T0 = Date.now();
  const clock = () => new Date(NOW.getTime() + (Date.now() - T0));
  const bus = new EventBus({ drop: 0.1, duplicate: 0.05, reorder: 0.05, seed: 18 });
  const em = await startEmulator(data, { now: clock, events: bus });
  try {
    const app = () => new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }));
    const store = new MemoryStore();
    await registerProject(store, 'ART');
    log(`bench-live: full load of ${data.issues.length} issues…`);
    const loaded = await refreshProject(app(), store, 'ART', clock());
    if (!loaded.done) throw new Error('the first load did not finish');

    // The queue consumer: one recompute at a time; a request while one runs queues exactly one more.
    const applied = new Map<string, number>();
    const visibleAt = new Map<string, number>();
    const recomputeS: number[] = [];
    const parts = { load: [] as number[], compute: [] as number[], write: [] as number[] };
    const modes: Record<string, number> = {};
    let running: Promise<void> | null = null;
    let again = false;
    const recompute = async () => {
      do {
        again = false;
        const covered = [...applied.keys()].filter((id) => !visibleAt.has(id));
        const t = performance.now();
        const v = await recomputeLive(app(), store, 'ART', clock());
        recomputeS.push((performance.now() - t) / 1000);
        if (v?.recompute) {
          modes[v.recompute.mode] = (modes[v.recompute.mode] ?? 0) + 1;
          parts.load.push(v.recompute.loadMs / 1000);
          parts.compute.push(v.recompute.computeMs / 1000);
          parts.write.push(v.recompute.writeMs / 1000);
        }
        const at = performance.now();
        for (const id of covered) visibleAt.set(id, at);
        // In Forge the consumer is its own invocation: the trigger's Jira reads and the edits never
        // wait for it. Here they share one event loop, so let their I/O in before the next run.
        if (again) await new Promise((r) => setImmediate(r));
      } while (again);
    };
    const requestRecompute = async () => {
      if (running) {
        again = true;
        return;
      }
      running = recompute().finally(() => (running = null));
    };
    const handler = makeLiveTrigger(() => ({ jira: app(), store, now: clock, requestRecompute }));
    const outcomes: TriggerOutcome[] = [];
    bus.subscribe(async (e) => {
      const out = await handler(e);
      if (out) outcomes.push(out);
      const id = (e as { issue?: { id?: string } }).issue?.id;
      if (id && !applied.has(id)) applied.set(id, performance.now());
      // Every delivered change asks for a recompute (the trigger does so only when it changed something).
      await requestRecompute();
    });
    const cold = performance.now();
    await recomputeLive(app(), store, 'ART', clock());
    const coldRecomputeS = (performance.now() - cold) / 1000;

    // Edits through Jira's API as a POPM: each on a different story, so each is one measurable change.
    const popm = data.users.find((u) => (u.projectPermissions.ART ?? []).includes('EDIT_ISSUES') && !u.globalPermissions.includes('ADMINISTER'))!;
    const auth = { Authorization: `Basic ${Buffer.from(`${popm.emailAddress}:demo`).toString('base64')}`, 'Content-Type': 'application/json' };
    const sp = data.fields.find((f) => f.schema?.custom === 'com.pyxis.greenhopper.jira:gh-sprint')!.id;
    const points = 'customfield_10016';
    const active = data.sprints.filter((s) => s.state === 'active');
    const stories = data.issues.filter((i: JiraIssue) => i.key.startsWith('ART-') && i.fields.issuetype.name === 'Story' && i.fields.status.statusCategory.key !== 'done');
    const count = Math.min(opts.events ?? 300, stories.length);
    const editAt = new Map<string, number>();
    const gap = 1000 / (opts.rate ?? 10);
    log(`bench-live: ${count} edits at ${opts.rate ?? 10}/s with faults…`);
    for (let k = 0; k < count; k++) {
      const s = stories[(k * 7919) % stories.length];
      if (editAt.has(s.id)) continue;
      const kind = k % 3;
      const started = performance.now();
      if (kind === 0) {
        const tr = (await (await fetch(`${em.url}/rest/api/3/issue/${s.key}/transitions`, { headers: auth })).json()) as { transitions: { id: string }[] };
        await fetch(`${em.url}/rest/api/3/issue/${s.key}/transitions`, { method: 'POST', headers: auth, body: JSON.stringify({ transition: { id: tr.transitions[0].id } }) });
      } else if (kind === 1) {
        await fetch(`${em.url}/rest/api/3/issue/${s.key}`, { method: 'PUT', headers: auth, body: JSON.stringify({ fields: { [points]: 1 + (k % 8) } }) });
      } else {
        const target = active[k % active.length];
        const inOpen = ((s.fields as Record<string, unknown>)[sp] as { state: string }[] | null)?.some((x) => x.state !== 'closed');
        if (inOpen || !target) await fetch(`${em.url}/rest/api/3/issue/${s.key}`, { method: 'PUT', headers: auth, body: JSON.stringify({ fields: { [points]: 13 } }) });
        else await fetch(`${em.url}/rest/agile/1.0/sprint/${target.id}/issue`, { method: 'POST', headers: auth, body: JSON.stringify({ issues: [s.key] }) });
      }
      editAt.set(s.id, performance.now());
      const wait = gap - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    bus.flushHeld();
    await bus.settled();
    while (running) await running;

    const dropped = new Set(bus.log.filter((l) => l.fate === 'dropped').map((l) => l.seq));
    const staleness = [...editAt.entries()].filter(([id]) => visibleAt.has(id)).map(([id, at]) => (visibleAt.get(id)! - at) / 1000);
    const delivered = outcomes.length;
    const requests = outcomes.reduce((n, o) => n + o.requests, 0);

    log('bench-live: reconciliation…');
    const rec = await reconcileProject(app(), store, 'ART', clock());
    // A full load of Jira now, on its own store: the reference.
    const fresh = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira: app(), store: fresh, siteUrl: '', accountId: null, now: clock });
    await syncToEnd(app(), fresh, settings, meta, 'ART', 'app', 'full', clock);
    const full = (await storedTrain(fresh, 'ART', 'app'))!.records;
    const mine = (await effectiveTrain(store, 'ART'))!.records;
    const prints = new Map(full.map((r) => [r.id, recordFingerprint(r)]));
    let driftAfter = 0;
    for (const r of mine) if (prints.get(r.id) !== recordFingerprint(r)) driftAfter++;
    driftAfter += full.filter((r) => !mine.some((m) => m.id === r.id)).length;
    // Every figure: the live view against a full recompute of the full load (same commitments, same clock).
    const at = clock();
    const live = await recomputeLive(app(), store, 'ART', at);
    const jira = app();
    const boards = await jira.boards('ART');
    const { sprints, notes } = await boardSprints(jira, boards);
    const train = assembleTrain('ART', trainScope(settings, 'ART'), full, new Map(full.map((i) => [i.id, i.changes])), boards, sprints, settings, notes);
    const quality = new Map(full.map((i) => [i.key, i.quality]));
    const reference = healthOf(train, settings, at, await recordedCommitments(store, 'ART'), (key) => quality.get(key));
    const figuresEqual = JSON.stringify(live?.health.figures) === JSON.stringify(reference.figures);
    return {
      n: data.issues.length,
      events: editAt.size,
      delivered,
      dropped: dropped.size,
      stalenessP50S: pct(staleness, 50),
      stalenessP95S: pct(staleness, 95),
      requestsPerEvent: delivered ? Math.round((requests / delivered) * 1000) / 1000 : 0,
      driftFound: rec.drift?.drift ?? 0,
      driftAfterReconcile: driftAfter,
      figuresEqualFullRecompute: figuresEqual,
      recomputeP50S: pct(recomputeS, 50),
      recomputeLoadP50S: pct(parts.load, 50),
      recomputeComputeP50S: pct(parts.compute, 50),
      recomputeWriteP50S: pct(parts.write, 50),
      recomputeModes: modes,
      coldRecomputeS,
    };
  } finally {
    await em.close();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { issues: { type: 'string' }, events: { type: 'string' }, rate: { type: 'string' } } });
  benchLive({ issues: values.issues ? Number(values.issues) : undefined, events: values.events ? Number(values.events) : undefined, rate: values.rate ? Number(values.rate) : undefined, log: (s) => process.stderr.write(`${s}\n`) })
    .then((r) => process.stdout.write(`${JSON.stringify({ live: r })}\n`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
