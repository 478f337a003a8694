/**
 * A stand-in for the Forge Node runtime, for measuring the bundled app (scripts/build-bundle.ts) as
 * Forge runs it: one invocation per process. It installs the two globals the `@forge/*` packages
 * call — `__forge_runtime__` (app context, metrics) and `__forge_fetch__` (the egress proxy) —
 * and routes the proxy's calls:
 *   - product requests (`requestJira`, asApp / asUser) → the Jira emulator, with the emulator's
 *     principal header;
 *   - `kvs` → a Forge-KVS-shaped HTTP server (scripts/bench-memory.ts runs it in its own process, so
 *     the stored data is outside this process, as Forge storage is outside the function);
 *   - the queue's publish call (`@forge/events` Queue.push) → recorded, with its payload size.
 * Then it calls the handler, samples `process.memoryUsage().rss` every 10 ms and reads VmHWM from
 * /proc/self/status at the end, and prints one line `@@forge-runtime {json}` (the app's own logs go
 * to stderr).
 *
 *   REFINERY_JIRA_URL=… REFINERY_KVS_URL=… node forge-runtime.js BUNDLE '{"handler":"refreshConsumer","event":{…}}'
 *   … '{"handler":"resolver","accountId":"…","calls":[{"functionKey":"getProjectOverview","payload":{…}}]}'
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

interface Invocation {
  handler: string;
  event?: unknown;
  accountId?: string;
  calls?: { functionKey: string; payload: unknown }[];
}

const jiraUrl = process.env.REFINERY_JIRA_URL ?? '';
const kvsUrl = process.env.REFINERY_KVS_URL ?? '';
const out = { jiraRequests: 0, kvsRequests: 0, pushes: [] as { bytes: number; payload: unknown }[] };
let accountId: string | undefined;

const noop = { incr() {}, measure: () => ({ stop() {} }), stop() {} };
(globalThis as Record<string, unknown>).__forge_runtime__ = {
  appContext: { appId: 'refinery-bench', appVersion: '1.0.0', environmentId: 'bench', environmentType: 'DEVELOPMENT', invocationId: 'bench', installationId: 'bench', moduleKey: 'bench' },
  proxy: { token: 'bench', url: 'http://proxy.invalid' },
  lambdaContext: { getRemainingTimeInMillis: () => 900_000 },
  metrics: { counter: () => noop, timing: () => noop, gauge: () => noop },
  tracing: { traceId: 'bench', spanId: 'bench' },
};
/**
 * One retry on a connection-level failure ("fetch failed": a reused local socket closed under it,
 * seen on the loaded machine); an artefact of this stand-in, not of the app.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return fetch(url, init);
  }
}

(globalThis as Record<string, unknown>).__forge_fetch__ = async (target: { type: string; provider?: string; remote?: string; accountId?: string }, path: string, init: RequestInit = {}) => {
  if (target.type === 'kvs') {
    out.kvsRequests++;
    return send(kvsUrl + path, init);
  }
  if (target.remote === 'jira') {
    out.jiraRequests++;
    const headers = new Headers(init.headers);
    if (target.provider === 'app') headers.set('X-Refinery-As-App', '1');
    else headers.set('X-Refinery-As-User', target.accountId ?? accountId ?? '');
    return send(jiraUrl + path, { ...init, headers });
  }
  if (target.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
    const body = String(init.body ?? '');
    const parsed = JSON.parse(body) as { payload: unknown };
    // Forge's limit is on the event payload: 200 KB for the queue API, 100 KB for long-running consumers.
    out.pushes.push({ bytes: Buffer.byteLength(JSON.stringify(parsed.payload), 'utf8'), payload: parsed.payload });
    return new Response('{}', { status: 202, headers: { 'content-type': 'application/json' } });
  }
  return new Response(JSON.stringify({ message: `forge-runtime stand-in: no route for ${JSON.stringify(target)} ${path}` }), { status: 502 });
};

function vmHwmKb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function main() {
  const [bundle, json] = process.argv.slice(2);
  const inv = JSON.parse(json) as Invocation;
  accountId = inv.accountId;
  // The app's logs are not this script's output.
  console.log = (...a: unknown[]) => process.stderr.write(`${a.map(String).join(' ')}\n`);
  let peak = process.memoryUsage().rss;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
  }, 10);
  const t0 = performance.now();
  const app = require(bundle) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const loadMs = performance.now() - t0;
  const results: { ms: number; ok: boolean; bytes: number; error?: string }[] = [];
  if (inv.handler === 'resolver') {
    for (const c of inv.calls ?? []) {
      const t = performance.now();
      const r = (await app.resolver({ call: { functionKey: c.functionKey, payload: c.payload }, context: {} }, { principal: { accountId: inv.accountId } })) as { ok?: boolean; error?: { message?: string } };
      results.push({ ms: performance.now() - t, ok: r?.ok === true, bytes: Buffer.byteLength(JSON.stringify(r) ?? '', 'utf8'), ...(r?.ok ? {} : { error: r?.error?.message }), result: c.functionKey === 'refreshProjectOverview' ? r : undefined } as never);
    }
  } else {
    const t = performance.now();
    await app[inv.handler](inv.event);
    results.push({ ms: performance.now() - t, ok: true, bytes: 0 });
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`@@forge-runtime ${JSON.stringify({ loadMs, results, peakRssMb: Math.round(peak / 1048576), peakHeapMb: Math.round(peakHeap / 1048576), vmHwmMb: Math.round(vmHwmKb() / 1024), ...out })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
