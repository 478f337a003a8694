/**
 * Jira calls and time of one feature panel (issue 16): the bench:ui's feature (the first not-done
 * feature, as scripts/bench-ui.ts picks it) for the POPM after a full sync, at each size:
 * `npx tsx scripts/panel-calls.ts 1000 50000`. Prints one JSON line per size: the Jira requests one
 * `getIssuePanel` made (search pages by query), the resolver's time over a few calls (ms under any
 * load), and the answer's children total. Asserts nothing.
 */
import { DEMO } from '../dev/demo/generateDemoTrain';
import { startHarness } from '../dev/harness/server';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { trainOfSize } from '../dev/demo/trainOfSize';
const NOW = new Date('2026-11-20T10:00:00Z');
const trainOf = (target: number) => trainOfSize(target, NOW);
async function main() {
  const runs = Number(process.env.RUNS ?? 5);
  for (const n of process.argv.slice(2).map(Number)) {
    const data = trainOf(n);
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.status.statusCategory.key !== 'done')!;
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
    const ms: number[] = [];
    let requests: { path: string; jql?: string; fields?: number; pages: number }[] = [];
    let answer: Record<string, unknown> = {};
    let answerKb = 0;
    for (let i = 0; i < runs; i++) {
      const before = h.emulator.requests.length;
      const r = await call('getIssuePanel', { issueKey: feature.key });
      ms.push(r.ms);
      answerKb = Math.round(Buffer.byteLength(r.text) / 1024);
      const parsed = JSON.parse(r.text);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      answer = parsed.data;
      const mine = h.emulator.requests.slice(before);
      const byQuery = new Map<string, { path: string; jql?: string; fields?: number; pages: number }>();
      for (const q of mine) {
        const body = (q.body ?? {}) as { jql?: string; fields?: string[] };
        const jql = typeof body.jql === 'string' ? body.jql.slice(0, 80) : undefined;
        const k = `${q.method} ${q.path.split('?')[0]} ${jql ?? ''}`;
        const e = byQuery.get(k) ?? { path: `${q.method} ${q.path.split('?')[0]}`, jql, fields: body.fields?.length, pages: 0 };
        e.pages++;
        byQuery.set(k, e);
      }
      requests = [...byQuery.values()];
    }
    // Each of the panel's Jira reads alone (DETAIL=1): the same queries with the same fields, as the POPM.
    const detail: Record<string, number> = {};
    if (process.env.DETAIL) {
      const jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
      const fields = (requests.find((r) => r.jql?.startsWith('parent'))?.fields ?? 18);
      const seen = h.emulator.requests.filter((q) => ((q.body ?? {}) as { jql?: string }).jql?.startsWith('parent')).at(-1);
      const f = ((seen?.body ?? {}) as { fields?: string[] }).fields ?? [];
      const time = async (name: string, fn: () => Promise<unknown>) => {
        const t: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          await fn();
          t.push(performance.now() - t0);
        }
        detail[name] = Math.round(t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
      };
      await time(`children ${fields} fields`, () => jira.searchAll(`parent = "${feature.key}"`, f));
      await time('children keys only', () => jira.searchAll(`parent = "${feature.key}"`, ['key']));
      await time('children 6 fields', () => jira.searchAll(`parent = "${feature.key}"`, ['summary', 'status', 'issuetype', 'parent', 'customfield_10016', 'customfield_10028']));
      await time('getIssue', () => jira.getIssue(feature.key, { fields: f }));
      await time('features', () => jira.searchAll(`(project = "ART") AND (issuetype in ("Epic")) ORDER BY Rank ASC`, f));
    }
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(JSON.stringify({ n: data.issues.length, feature: feature.key, calls: requests.reduce((s, r) => s + r.pages, 0), requests, ms, p50: sorted[Math.floor(sorted.length / 2)], children: answer.children, answerKb, detail, childrenAsOf: answer.childrenAsOf ?? null }));
    await h.close();
  }
  process.exit(0);
}
void main();
