/**
 * A person's refresh, invocation by invocation, counted in storage calls (issue 16 item 4: every
 * resolver invocation within Forge's limits). On Forge each storage call is a network request, so an
 * invocation that makes thousands of them cannot fit in a resolver's 25 s however fast the app's own
 * code is.
 *
 *     npx tsx scripts/sync-storage.ts --sizes 10000,50000 --kvs-ms 20 [--json]
 *
 * For each size: the demo train in the emulator, the harness over it (the same resolvers), and the
 * POPM's refresh driven as the project page drives it: `refreshProjectOverview` call after call, each
 * one resolver invocation, until the answer has the cards. First with no stored train (a first visit),
 * then again with `mode: 'full'` (a previous train to replace). Storage is the harness's MemoryStore
 * behind a wrapper that counts each call and waits `--kvs-ms` before answering it (an assumed network
 * round trip; calls made together wait together). A failed call is tried again, as the page does, and
 * five failures in a row end the refresh unfinished. Prints, per refresh, whether it finished, the
 * invocations (and failures), the longest one, the storage calls, and the invocation that finished it.
 * Asserts nothing.
 */
import { DEMO } from '../dev/demo/generateDemoTrain';
import { trainOfSize } from '../dev/demo/trainOfSize';
import { startHarness } from '../dev/harness/server';
import type { KeyValueStore } from '../src/storage/keyValueStore';
import { MemoryStore } from '../src/storage/memoryStore';

const NOW = new Date('2026-11-20T10:00:00Z');

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

class CountingStore implements KeyValueStore {
  calls = { get: 0, set: 0, delete: 0, list: 0 };
  constructor(
    private readonly inner: MemoryStore,
    private readonly ms: number,
  ) {}
  private wait = () => (this.ms > 0 ? new Promise((r) => setTimeout(r, this.ms)) : Promise.resolve());
  async get<T>(key: string) {
    this.calls.get++;
    await this.wait();
    return this.inner.get<T>(key);
  }
  async set<T>(key: string, value: T) {
    this.calls.set++;
    await this.wait();
    return this.inner.set(key, value);
  }
  async delete(key: string) {
    this.calls.delete++;
    await this.wait();
    return this.inner.delete(key);
  }
  async list<T>(prefix: string) {
    this.calls.list++;
    await this.wait();
    return this.inner.list<T>(prefix);
  }
  total = () => this.calls.get + this.calls.set + this.calls.delete + this.calls.list;
}

interface Invocation {
  storage: number;
  gets: number;
  sets: number;
  deletes: number;
  jira: number;
  ms: number;
  phase: string | null;
}

async function run(n: number, kvsMs: number) {
  const data = trainOfSize(n, NOW);
  const store = new CountingStore(new MemoryStore(), kvsMs);
  const h = await startHarness({ data, port: 0, now: () => NOW, store });
  try {
    const call = async (payload: unknown): Promise<{ ok: boolean; data?: { overview?: unknown; refresh?: { phase?: string } }; error?: unknown }> => {
      const res = await fetch(`${h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId: DEMO.users.popm, functionKey: 'refreshProjectOverview', payload }) });
      return res.json();
    };
    const refresh = async (mode: 'full' | 'incremental') => {
      const calls: Invocation[] = [];
      const failures: string[] = [];
      let finished = false;
      // As the page drives it: a failed call is tried again, and five failures in a row end the refresh.
      for (let i = 0, failedInARow = 0; i < 2_000 && failedInARow < 5; i++) {
        const before = { ...store.calls, total: store.total(), jira: h.emulator.requests.length };
        const t0 = performance.now();
        const r = await call({ projectKey: DEMO.projectKey, mode });
        calls.push({
          storage: store.total() - before.total,
          gets: store.calls.get - before.get,
          sets: store.calls.set - before.set,
          deletes: store.calls.delete - before.delete,
          jira: h.emulator.requests.length - before.jira,
          ms: Math.round(performance.now() - t0),
          phase: r.data?.refresh?.phase ?? null,
        });
        if (!r.ok) {
          failures.push((r.error as { message?: string })?.message ?? JSON.stringify(r.error));
          failedInARow++;
          continue;
        }
        failedInARow = 0;
        // Finished when the Overview is there and nothing is left to do (a large train's tab views come a call after its cards).
        if (r.data?.overview && !(r.data.refresh as { running?: boolean } | undefined)?.running) {
          finished = true;
          break;
        }
      }
      const last = calls[calls.length - 1];
      return { finished, invocations: calls.length, failed: failures.length, firstFailure: failures[0] ?? null, longestMs: Math.max(...calls.map((c) => c.ms)), storageCalls: calls.reduce((a, c) => a + c.storage, 0), finishing: finished ? last : null, every: calls };
    };
    const firstVisit = await refresh('full');
    const again = await refresh('full');
    return { n: data.issues.length, kvsMs, firstVisit, again };
  } finally {
    await h.close();
  }
}

async function main() {
  const sizes = arg('sizes', '10000').split(',').map(Number);
  const kvsMs = Number(arg('kvs-ms', '20'));
  const json = process.argv.includes('--json');
  const out = [];
  for (const n of sizes) {
    const r = await run(n, kvsMs);
    out.push(r);
    if (!json) {
      for (const [name, x] of [['first visit', r.firstVisit], ['full refresh again', r.again]] as const) {
        const f = x.finishing;
        console.log(`${r.n} issues, ${kvsMs} ms per storage call, ${name}: ${x.finished ? 'finished' : 'did NOT finish'} in ${x.invocations} invocations (${x.failed} failed), longest ${x.longestMs} ms, ${x.storageCalls} storage calls`);
        if (x.firstFailure) console.log(`  first failure: ${x.firstFailure}`);
        if (f) console.log(`  the invocation that finished it: ${f.storage} storage calls (${f.gets} get, ${f.sets} set, ${f.deletes} delete), ${f.jira} Jira requests, ${f.ms} ms`);
      }
    }
  }
  const brief = ({ every: _every, ...x }: Awaited<ReturnType<typeof run>>['firstVisit']) => x;
  if (json) console.log(JSON.stringify({ sync: out.map((r) => ({ n: r.n, kvsMs: r.kvsMs, firstVisit: brief(r.firstVisit), again: brief(r.again) })) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
