/**
 * Tab answer sizes (issue 16): syncs the demo train at `scale` (110 -> 46,281 issues) as the POPM in
 * the harness, then calls each tab resolver through /harness/invoke twice (the second from the stored
 * views) and prints each answer's KB and ms, the Quality answer's parts, and what getFigureLinks
 * answers for every figure the Quality answer left out (linksOnDemand).
 *   npx tsx scripts/tab-size.ts 110
 * A one-off measurement (docs/PERFORMANCE.md, "Tab answers carry each key list once"), not a test.
 */
import { DEMO, generateDemoTrain } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import type { FigureView, QualitySummaryData } from '../src/contract';

const NOW = new Date('2026-11-20T10:00:00Z');
const kb = (s: string) => Math.round(Buffer.byteLength(s) / 1024);

async function main() {
  const scale = Number(process.argv[2] ?? 1);
  const data = generateDemoTrain({ now: NOW, scale });
  // Sizes, not times: a generous Jira budget so a loaded machine does not turn the 46k sync into timeouts.
  const h = await startHarness({ data, port: 0, now: () => NOW, jiraBudgetMs: 120_000 });
  const call = async (functionKey: string, payload: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`${h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId: DEMO.users.popm, functionKey, payload }) });
    const text = await res.text();
    return { text, ms: Math.round(performance.now() - t0) };
  };
  // A loaded machine can make the emulator miss the 20 s Jira timeout: a few tries, then give up.
  for (let failures = 0; ; ) {
    const r = JSON.parse((await call('refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' })).text);
    if (!r.ok && (r.error.code !== 'JIRA_UNAVAILABLE' || ++failures > 5)) throw new Error(JSON.stringify(r.error));
    if (r.ok && r.data.overview) break;
  }
  const out: Record<string, unknown> = { n: data.issues.length };
  out['getProjectOverviewTables'] = { kb: kb((await call('getProjectOverviewTables', { projectKey: DEMO.projectKey })).text) };
  // The project page's first answer (lean, as the page asks it) and its parts.
  for (const lean of [true, false]) {
    const r = await call('getProjectOverview', { projectKey: DEMO.projectKey, lean });
    out[`getProjectOverview${lean ? ' (lean)' : ''}`] = { kb: kb(r.text), ms: r.ms };
    const env = JSON.parse(r.text) as { ok: boolean; data?: Record<string, unknown> };
    if (env.ok && lean) for (const [p, v] of Object.entries(env.data!)) out[`o.${p}`] = kb(JSON.stringify(v));
  }
  let quality: QualitySummaryData | undefined;
  for (let i = 0; i < 2; i++)
    for (const k of ['getWsjfTable', 'getQualitySummary', 'getDependencies', 'getImprovement', 'getPiPlanning']) {
      const r = await call(k, { projectKey: DEMO.projectKey });
      out[`${k}${i ? '' : ' (first)'}`] = { kb: kb(r.text), ms: r.ms };
      const env = JSON.parse(r.text) as { ok: boolean; data?: unknown; error?: unknown };
      if (!env.ok) out[`${k}${i ? '' : ' (first)'} error`] = env.error;
      if (i === 1 && k === 'getQualitySummary' && env.ok) {
        quality = env.data as QualitySummaryData;
        for (const p of Object.keys(quality)) out[`q.${p}`] = kb(JSON.stringify((quality as unknown as Record<string, unknown>)[p]));
      }
      // The Improvement answer's parts (issue 16: its tab's wait is its answer).
      if (i === 1 && k === 'getImprovement' && env.ok) {
        const d = env.data as Record<string, unknown>;
        for (const [p, v] of Object.entries(d)) out[`i.${p}`] = kb(JSON.stringify(v));
        for (const [p, v] of Object.entries((d.inspectAndAdapt ?? {}) as Record<string, unknown>)) out[`i.ia.${p}`] = kb(JSON.stringify(v));
      }
      if (i === 1 && k === 'getPiPlanning' && env.ok) for (const [p, v] of Object.entries(env.data as Record<string, unknown>)) out[`p.${p}`] = kb(JSON.stringify(v));
    }
  if (quality) {
    const figures: FigureView[] = [quality.passRate, ...quality.byTeam.map((t) => t.passRate), ...quality.byRule.map((r) => r.figure)];
    const onDemand = figures.filter((f) => f.linksOnDemand);
    out['q.onDemandFigures'] = onDemand.length;
    if (onDemand.length) {
      const one = await call('getFigureLinks', { projectKey: DEMO.projectKey, figureIds: [quality.passRate.linksOnDemand ? quality.passRate.id : onDemand[0].id] });
      out['getFigureLinks (pass rate)'] = { kb: kb(one.text), ms: one.ms };
      const all = await call('getFigureLinks', { projectKey: DEMO.projectKey, figureIds: onDemand.map((f) => f.id) });
      out[`getFigureLinks (all ${onDemand.length})`] = { kb: kb(all.text), ms: all.ms };
    }
  }
  console.log(JSON.stringify(out, null, 1));
  await h.close();
  process.exit(0);
}
void main();
