/**
 * One queue-consumer run of the daily refresh, in its own process:
 * `tsx scripts/bench-invocation.ts URL BUDGET_MS`. Loops invocations of `refreshProject` (each
 * within the budget, resuming from the stored cursor) until done; prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { refreshProject } from '../src/app/refresh';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { MemoryStore } from '../src/storage/memoryStore';

const NOW = new Date('2026-11-20T10:00:00Z');

async function main() {
  const [url, budget] = process.argv.slice(2);
  const jira = new JiraClient(fetchTransport({ baseUrl: url, headers: { 'X-Refinery-As-App': '1' } }));
  const store = new MemoryStore();
  const invocations: number[] = [];
  for (;;) {
    const t = performance.now();
    const r = await refreshProject(jira, store, 'ART', NOW, Number(budget));
    invocations.push((performance.now() - t) / 1000);
    if (r.done) break;
  }
  const snapshots = (await store.list('snapshot:')).map((x) => x.value);
  process.stdout.write(`${JSON.stringify({ invocations, retries: jira.stats.retries, retryWaitMs: jira.stats.retryWaitMs, snapshots })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
