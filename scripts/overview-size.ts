/**
 * Bytes of the project page's answers (issue 16): the whole overview, the lean first answer and the
 * tables call, for the POPM after a full sync, at each size: `npx tsx scripts/overview-size.ts 10000 50000`.
 * Prints one JSON line per size (KB of each response and of the whole answer's parts; ms under any load).
 */
import { DEMO } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import { trainOfSize } from '../dev/demo/trainOfSize';
const NOW = new Date('2026-11-20T10:00:00Z');
const trainOf = (target: number) => trainOfSize(target, NOW);
async function main() {
  for (const n of process.argv.slice(2).map(Number)) {
    const data = trainOf(n);
    const h = await startHarness({ data, port: 0, now: () => NOW });
    const call = async (functionKey: string, payload: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId: DEMO.users.popm, functionKey, payload }) });
      const text = await res.text();
      return { text, ms: Math.round(performance.now() - t0) };
    };
    for (;;) {
      const r = JSON.parse((await call('refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' })).text);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      if (r.data.overview) break;
    }
    const out: Record<string, unknown> = { n: data.issues.length };
    for (let i = 0; i < 3; i++) {
      const full = await call('getProjectOverview', { projectKey: DEMO.projectKey });
      const lean = await call('getProjectOverview', { projectKey: DEMO.projectKey, lean: true });
      const sprints = await call('getProjectOverviewTables', { projectKey: DEMO.projectKey });
      const o = JSON.parse(full.text).data;
      const part = (k: string) => Math.round(Buffer.byteLength(JSON.stringify(o[k])) / 1024);
      Object.assign(out, { fullKB: Math.round(Buffer.byteLength(full.text) / 1024), leanKB: Math.round(Buffer.byteLength(lean.text) / 1024), tablesKB: Math.round(Buffer.byteLength(sprints.text) / 1024), fullMs: full.ms, leanMs: lean.ms, tablesMs: sprints.ms, cardsKB: part('cards'), teamsKB: part('teams'), sprintRowsKB: part('sprints'), activeKB: part('activeSprints'), predictabilityKB: part('predictability') });
    }
    console.log(JSON.stringify(out));
    await h.close();
  }
}
void main();
