/**
 * One-off profile of a whole-train live recompute's phases (issue 18):
 * `npx tsx scripts/profile-live.ts <demo scale>` (scale 21 ≈ 9.2k issues, 106 ≈ 44k). Loads the
 * demo train into the emulator and the app's store, then three times: read the stored train, the
 * live layer, overlay, assemble, health, and write the view — the phases `recomputeLive` runs in its
 * `loaded` mode (its `patched` mode skips the first three).
 */
import { performance } from 'node:perf_hooks';
import { generateDemoTrain } from '../dev/demo/generateDemoTrain';
import { startEmulator } from '../dev/emulator/server';
import { loadLive, type LiveRecord } from '../src/app/events';
import { refreshProject } from '../src/app/refresh';
import { registerProject, recordedCommitments } from '../src/app/snapshots';
import { currentSettings } from '../src/app/siteMetadata';
import { storedTrain } from '../src/app/sync';
import { assembleTrain, boardSprints, trainScope } from '../src/app/trainData';
import { healthOf } from '../src/app/trainHealth';
import { overlayTrain } from '../src/domain/train/events';
import { putLarge } from '../src/storage/sharded';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { MemoryStore } from '../src/storage/memoryStore';
const NOW = new Date('2026-11-20T10:00:00Z');
async function main() {
  const scale = Number(process.argv[2] ?? 1);
  const data = generateDemoTrain({ now: NOW, scale });
  console.log('issues', data.issues.length);
  const em = await startEmulator(data, { now: () => NOW });
  const app = () => new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }));
  const store = new MemoryStore();
  await registerProject(store, 'ART');
  const t = performance.now();
  await refreshProject(app(), store, 'ART', NOW);
  console.log('load', ((performance.now() - t) / 1000).toFixed(2));
  const jira = app();
  const boards = await jira.boards('ART');
  const { sprints, notes } = await boardSprints(jira, boards);
  const { settings } = await currentSettings({ jira, store, siteUrl: '', accountId: null, now: () => NOW });
  for (let i = 0; i < 3; i++) {
    const T: Record<string, number> = {};
    let t0 = performance.now();
    const lap = (k: string) => { const n = performance.now(); T[k] = Math.round(n - t0); t0 = n; };
    const b = (await storedTrain(store, 'ART', 'app'))!; lap('storedTrain');
    const live = await loadLive(store, 'ART'); lap('loadLive');
    const records = overlayTrain<LiveRecord>(b.records, live).filter((r) => !r.outOfScope); lap('overlay');
    const train = assembleTrain('ART', trainScope(settings, 'ART'), records, new Map(records.map((i) => [i.id, i.changes])), boards, sprints, settings, notes); lap('assemble');
    const quality = new Map(records.map((i) => [i.key, i.quality]));
    const rec = await recordedCommitments(store, 'ART'); lap('recorded');
    const health = healthOf(train, settings, NOW, rec, (key) => quality.get(key)); lap('healthOf');
    const view = { health: { train: health.train, figures: health.figures } };
    const s = JSON.stringify(view).length; lap('stringify');
    await putLarge(store, 'x:view', view, String(i)); lap('putLarge');
    console.log(JSON.stringify(T), 'viewBytes', s);
  }
  await em.close();
}
void main();
