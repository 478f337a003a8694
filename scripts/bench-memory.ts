/**
 * `npm run bench:memory [-- --sizes 1000,10000,50000] [-- --latency 0] [-- --consumer-only | --person-only] [-- --heap-mb 192 | --host-heap] [-- --json]`
 *   `[-- --jira-url http://127.0.0.1:PORT --jira-issues N]`: an emulator started ahead (one size only)
 *
 * Memory and invocation times of the backend as Forge runs it (issue 16): src/index.ts bundled by
 * esbuild into one CommonJS file (scripts/build-bundle.ts), each invocation a plain `node` child
 * process under the Forge runtime stand-in (scripts/forge-runtime.ts), with Jira the emulator (its
 * own child process) and Forge storage a KVS-shaped HTTP server in this process — so the measured
 * process holds what a Forge function holds, nothing else. Each invocation's V8 heap is sized from its
 * function's `memoryMB` (manifest.yml; Forge's default 512 MB) as Lambda's Node.js bootstrap sizes it
 * (scripts/lambdaRuntime.ts: old space 90%, semi space 5% of the memory); `--heap-mb N` instead caps only the
 * old space at N MB. Per size:
 *
 *   consumer   the refresh queue consumer (`refreshConsumer`, the daily job's event) invoked until it
 *              stops re-queueing itself: invocations, longest, peak RSS (sampled every 10 ms) and
 *              VmHWM (the kernel's high-water mark) of the worst invocation, largest event payload;
 *              its Jira requests against the lower bound ⌈n/100⌉+⌈n/1000⌉+7 (quality-property pass apart)
 *   incremental the next daily consumer run after 1% of the stories were edited: its Jira requests,
 *              and their share of the full refresh's beyond the 7 constant calls
 *   refresh    the person's refresh as the page drives it (`refreshProjectOverview`, one resolver
 *              invocation per call, each ≤ its 12 s budget, until the answer has the Overview and the
 *              refresh is done: a large train's tab views come a call after its cards): calls, the call
 *              that brought the cards, longest, worst peak RSS
 *   page       `getProjectOverview` from the stored view, 20 calls in one warm invocation: p50/p95,
 *              peak RSS; `panel` the same for `getIssuePanel` of 10 stories
 *   kvs        largest stored value and the number of keys, against Forge's 240 KiB per value
 *
 * It prints measured numbers and asserts nothing (a benchmark, not a test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEMO } from '../dev/demo/generateDemoTrain';
import { buildBundle, type Bundle } from './build-bundle';
import { invocationFlags } from './lambdaRuntime';
import { percentile } from './stats';

const ROOT = path.resolve(__dirname, '..');
const NOW = new Date('2026-11-20T10:00:00Z');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export async function startChildEmulator(issues: number, now = NOW): Promise<{ url: string; issues: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--max-old-space-size=6144', TSX, path.join(ROOT, 'dev/emulator/main.ts'), '--issues', String(issues), '--now', now.toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; issues: number }), child };
}

/** Forge KVS's HTTP API as @forge/kvs calls it (/api/v1/get, set, delete, query), kept in this process. */
export async function startKvsServer(): Promise<{ url: string; data: Map<string, string>; close: () => Promise<void> }> {
  const data = new Map<string, string>();
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await read(req)) || '{}') as { key?: string; value?: unknown; limit?: number; after?: string; where?: { property: string; condition: string; values: string[] }[] };
    switch (req.url) {
      case '/api/v1/get': {
        const v = data.get(body.key!);
        return v === undefined ? send(res, 404, { code: 'KEY_NOT_FOUND', message: 'not found' }) : send(res, 200, { key: body.key, value: JSON.parse(v) });
      }
      case '/api/v1/set':
        data.set(body.key!, JSON.stringify(body.value));
        return send(res, 204);
      case '/api/v1/delete':
        data.delete(body.key!);
        return send(res, 204);
      case '/api/v1/query': {
        const prefix = body.where?.find((w) => w.property === 'key' && w.condition === 'BEGINS_WITH')?.values[0] ?? '';
        const limit = body.limit ?? 10;
        // Forge allows at most 20 results per query page.
        if (limit > 20) return send(res, 400, { code: 'INVALID_QUERY', message: 'limit above 20' });
        const keys = [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
        const start = body.after ? keys.findIndex((k) => k > body.after!) : 0;
        const page = start < 0 ? [] : keys.slice(start, start + limit);
        const last = page[page.length - 1];
        return send(res, 200, { data: page.map((key) => ({ key, value: JSON.parse(data.get(key)!) })), ...(last && keys.indexOf(last) < keys.length - 1 ? { cursor: last } : {}) });
      }
      default:
        return send(res, 404, { code: 'NOT_FOUND', message: String(req.url) });
    }
  });
  // Longer than the client's idle sockets live, so a reused connection is never closed under it (a "fetch failed" race on a loaded machine).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, data, close: () => new Promise((r) => server.close(() => r())) };
}

export interface InvocationMeasure {
  loadMs: number;
  results: { ms: number; ok: boolean; bytes: number; error?: string; result?: unknown }[];
  peakRssMb: number;
  /** Peak heapUsed + external + arrayBuffers (sampled): the live objects plus garbage not yet collected. */
  peakHeapMb: number;
  vmHwmMb: number;
  jiraRequests: number;
  kvsRequests: number;
  pushes: { bytes: number; payload: unknown }[];
  /** The function's memory (manifest.yml), which V8's heap was sized from as Lambda sizes it (scripts/lambdaRuntime.ts). */
  memoryMb: number;
}

/** One Forge invocation of the bundle in its own `node` process. */
export function invoke(bundle: Bundle, jiraUrl: string, kvsUrl: string, invocation: unknown): Promise<InvocationMeasure> {
  return new Promise((resolve, reject) => {
    const heap = process.env.REFINERY_HEAP;
    const { memoryMb, flags } = invocationFlags((invocation as { handler: string }).handler, heap === 'host' ? 'host' : heap ? Number(heap) : 'lambda');
    const child = spawn(process.execPath, [...flags, bundle.runtime, bundle.index, JSON.stringify(invocation)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REFINERY_JIRA_URL: jiraUrl, REFINERY_KVS_URL: kvsUrl } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (err = (err + c).slice(-4000)));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@forge-runtime '));
      if (code === 0 && line) resolve({ ...(JSON.parse(line.slice('@@forge-runtime '.length)) as InvocationMeasure), memoryMb });
      else reject(new Error(`invocation exited with ${code}${/heap out of memory/i.test(err) ? ` (out of memory in a ${memoryMb} MB function: ${flags.join(' ')})` : ''}: ${err}`));
    });
  });
}

interface JiraCall {
  path: string;
  body: unknown;
}
/** The daily job's `refinery.quality` property pass (its own search with `properties`, bulk writes, task polls). */
const isPropertyPass = (r: JiraCall) => r.path === '/rest/api/3/issue/properties/multi' || r.path.startsWith('/rest/api/3/task/') || (r.path === '/rest/api/3/search/jql' && !!(r.body as { properties?: unknown } | null)?.properties);

/** `count` issue keys of `jql`, every `step`-th of its first pages (as the app, over HTTP). */
async function searchKeys(url: string, jql: string, count: number, step: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  for (let i = 0; keys.length < count; ) {
    const page = (await (await fetch(`${url}/rest/api/3/search/jql`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Refinery-As-App': '1' }, body: JSON.stringify({ jql, fields: ['id'], maxResults: 5000, ...(token ? { nextPageToken: token } : {}) }) })).json()) as { issues: { key: string }[]; nextPageToken?: string; isLast?: boolean };
    for (const is of page.issues) if (i++ % step === 0 && keys.length < count) keys.push(is.key);
    if (page.isLast !== false || !page.nextPageToken) break;
    token = page.nextPageToken;
  }
  return keys;
}

const quantile = (xs: number[], q: number) => Math.round(percentile(xs, q) * 10) / 10;
const s1 = (ms: number) => Math.round(ms / 100) / 10;

async function control(url: string, p: string, method: string, body?: unknown) {
  const res = await fetch(url + p, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.status === 204 ? null : res.json();
}

export interface MemoryOptions {
  latencyMs: number;
  /** Only the consumer's full refresh (the 200k run: the rest takes long on a shared machine). */
  consumerOnly?: boolean;
  /** Only a person's refresh and what reads its stored view (page, panel, storage): no consumer or incremental run before it. */
  personOnly?: boolean;
  /**
   * An emulator already listening (`tsx dev/emulator/main.ts --issues N --now <NOW>` prints its url
   * and issue count): generating 200k issues takes about 15 minutes, so it can be started ahead.
   * It is used as found (a consumer run before may have written quality properties into it).
   */
  emulator?: { url: string; issues: number };
}

export async function measureMemory(bundle: Bundle, targetIssues: number, opts: MemoryOptions, log: (s: string) => void = () => {}) {
  const { latencyMs } = opts;
  const em = opts.emulator ? { ...opts.emulator, child: null } : await startChildEmulator(targetIssues);
  const kvs = await startKvsServer();
  try {
    log(`emulator up with ${em.issues} issues`);
    const worst = (ms: InvocationMeasure[]) => ms.reduce((a, b) => (b.vmHwmMb > a.vmHwmMb ? b : a));
    const consumerAndIncremental = async () => {
      // 1. The queue consumer, chained through the queue until it stops re-queueing.
      const consumer: InvocationMeasure[] = [];
      let events: unknown[] = [{ body: { projectKey: 'ART' } }];
      while (events.length) {
        const m = await invoke(bundle, em.url, kvs.url, { handler: 'refreshConsumer', event: events.shift() });
        consumer.push(m);
        log(`consumer invocation ${consumer.length}: ${s1(m.results[0].ms)} s, peak RSS ${m.peakRssMb} MB, VmHWM ${m.vmHwmMb} MB, peak JS heap ${m.peakHeapMb} MB, ${m.jiraRequests} Jira calls`);
        events.push(...m.pushes.flatMap((p) => p.payload as unknown[]));
        if (consumer.length > 50) throw new Error('the consumer re-queued itself more than 50 times');
      }
      const consumerLog = (await control(em.url, '/__emulator/requests', 'GET')) as JiraCall[];
      await control(em.url, '/__emulator/faults', 'DELETE');
      // Requests against the lower bound, as `npm run bench` counts them: ⌈n/100⌉ search pages +
      // ⌈n/1000⌉ bulk changelog calls + the constant (fields, issue types, boards, one sprint list per
      // board); the daily quality-property pass is counted apart.
      const fullRequests = consumerLog.filter((r) => !isPropertyPass(r)).length;
      const consumerPart = {
        n: em.issues,
        latencyMs,
        consumerInvocations: consumer.length,
        consumerLongestS: s1(Math.max(...consumer.map((m) => m.results[0].ms))),
        consumerPeakRssMb: Math.max(...consumer.map((m) => m.peakRssMb)),
        consumerVmHwmMb: worst(consumer).vmHwmMb,
        consumerPeakHeapMb: Math.max(...consumer.map((m) => m.peakHeapMb)),
        // The function's memory: Lambda stops an invocation whose memory goes over it.
        consumerMemoryMb: consumer[0].memoryMb,
        requests: fullRequests,
        lowerBound,
        ratio: Math.round((fullRequests / lowerBound) * 1000) / 1000,
        largestEventKb: Math.round((Math.max(0, ...consumer.flatMap((m) => m.pushes.map((p) => p.bytes))) / 1024) * 10) / 10,
        // Each re-queued event's payload, in bytes (Forge: ≤ 100 KB for an async event), and each invocation's duration.
        requeuedEventBytes: consumer.flatMap((m) => m.pushes.map((p) => p.bytes)),
        consumerInvocationS: consumer.map((m) => s1(m.results[0].ms)),
      };
      log(JSON.stringify(consumerPart));
      if (opts.consumerOnly) return consumerPart;

      // 1b. The next day: 1% of the stories edited through Jira's API, then the daily consumer run
      // again (an incremental reconciliation of the stored train).
      const stories1 = await searchKeys(em.url, 'project = ART AND issuetype = Story ORDER BY key ASC', Math.max(1, Math.round(em.issues * 0.01)), Math.max(1, Math.floor(em.issues / Math.max(1, Math.round(em.issues * 0.01)) / 2)));
      for (const key of stories1) await fetch(`${em.url}/rest/api/3/issue/${key}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Refinery-As-App': '1' }, body: JSON.stringify({ update: { labels: [{ add: 'bench-touched' }] } }) });
      await control(em.url, '/__emulator/requests', 'DELETE');
      const incremental: InvocationMeasure[] = [];
      events = [{ body: { projectKey: 'ART' } }];
      while (events.length) {
        const m = await invoke(bundle, em.url, kvs.url, { handler: 'refreshConsumer', event: events.shift() });
        incremental.push(m);
        events.push(...m.pushes.flatMap((p) => p.payload as unknown[]));
        if (incremental.length > 50) throw new Error('the incremental consumer re-queued itself more than 50 times');
      }
      const incLog = (await control(em.url, '/__emulator/requests', 'GET')) as JiraCall[];
      const incrementalRequests = incLog.filter((r) => !isPropertyPass(r)).length;
      log(`incremental after ${stories1.length} stories changed: ${incrementalRequests} Jira calls (share beyond the constant calls ${(Math.max(0, incrementalRequests - (3 + DEMO.teams.length)) / Math.max(1, fullRequests - (3 + DEMO.teams.length))).toFixed(3)}), ${incremental.length} invocation(s), longest ${s1(Math.max(...incremental.map((m) => m.results[0].ms)))} s, VmHWM ${Math.max(...incremental.map((m) => m.vmHwmMb))} MB`);
      return {
        ...consumerPart,
        edited: stories1.length,
        incrementalRequests,
        // Beyond the constant calls (fields, issue types, boards, sprint lists), against the full refresh's.
        incrementalShareBeyondConstant: Math.round((Math.max(0, incrementalRequests - (3 + DEMO.teams.length)) / Math.max(1, fullRequests - (3 + DEMO.teams.length))) * 1000) / 1000,
        incrementalVmHwmMb: worst(incremental).vmHwmMb,
        incrementalLongestS: s1(Math.max(...incremental.map((m) => m.results[0].ms))),
      };
    };
    // The consumer's runs with the injected latency (they clear it after themselves); the person's
    // refresh always runs without it.
    await control(em.url, '/__emulator/faults', opts.personOnly ? 'DELETE' : 'PUT', opts.personOnly ? undefined : latencyMs ? { latencyMs } : {});
    await control(em.url, '/__emulator/requests', 'DELETE');
    const lowerBound = Math.ceil(em.issues / 100) + Math.ceil(em.issues / 1000) + 3 + DEMO.teams.length;
    const consumerRuns = opts.personOnly ? { n: em.issues, latencyMs } : await consumerAndIncremental();
    if (opts.consumerOnly) return consumerRuns;
    // 2. A person's refresh as the page drives it, one resolver invocation per call.
    const popm = DEMO.users.popm;
    const refresh: InvocationMeasure[] = [];
    let refreshErrors = 0;
    let callsToCards = 0;
    for (;;) {
      const m = await invoke(bundle, em.url, kvs.url, { handler: 'resolver', accountId: popm, calls: [{ functionKey: 'refreshProjectOverview', payload: { projectKey: 'ART', mode: 'full' } }] });
      refresh.push(m);
      const r = m.results[0];
      log(`person's refresh call ${refresh.length}: ${s1(r.ms)} s, VmHWM ${m.vmHwmMb} MB, peak JS heap ${m.peakHeapMb} MB, ${m.jiraRequests} Jira calls, ${m.kvsRequests} storage calls${r.ok ? '' : `, error: ${r.error}`}`);
      // The page calls again after an error (the cursor is stored); on a loaded machine Jira's answer can pass the 20 s deadline.
      if (!r.ok && ++refreshErrors > 5) throw new Error(`refreshProjectOverview: ${r.error}`);
      if (!r.ok) {
        log(`refreshProjectOverview answered an error (${r.error}); calling again as the page does`);
        continue;
      }
      const answer = (r.result as { data?: { overview?: unknown; refresh?: { running?: boolean; phase?: string | null } } }).data;
      // The cards come with the Overview; a large train's tab views are stored one call later (phase `views`), as the page drives it.
      if (answer?.overview && callsToCards === 0) callsToCards = refresh.length;
      if (answer?.overview && !answer.refresh?.running) break;
      if (refresh.length > 2000) throw new Error('refresh did not finish');
    }
    log(`person's refresh: ${refresh.length} resolver calls, longest ${s1(Math.max(...refresh.map((m) => m.results[0].ms)))} s, worst VmHWM ${Math.max(...refresh.map((m) => m.vmHwmMb))} MB`);
    // 3. The page from the stored view and the story panel, each in one warm invocation.
    const page = await invoke(bundle, em.url, kvs.url, { handler: 'resolver', accountId: popm, calls: Array.from({ length: 20 }, () => ({ functionKey: 'getProjectOverview', payload: { projectKey: 'ART' } })) });
    if (!page.results.every((r) => r.ok)) throw new Error(`getProjectOverview: ${page.results.find((r) => !r.ok)?.error}`);
    log(`page from the stored view: p50 ${quantile(page.results.map((r) => r.ms), 0.5)} ms, p95 ${quantile(page.results.map((r) => r.ms), 0.95)} ms, ${Math.round(Math.max(...page.results.map((r) => r.bytes)) / 1024)} KB, VmHWM ${page.vmHwmMb} MB`);
    const stories = (await (await fetch(`${em.url}/rest/api/3/search/jql`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Refinery-As-App': '1' }, body: JSON.stringify({ jql: 'project = ART AND issuetype = Story ORDER BY key ASC', fields: ['id'], maxResults: 10 }) })).json()) as { issues: { key: string }[] };
    const panel = await invoke(bundle, em.url, kvs.url, { handler: 'resolver', accountId: popm, calls: stories.issues.map((s) => ({ functionKey: 'getIssuePanel', payload: { issueKey: s.key } })) });
    if (!panel.results.every((r) => r.ok)) throw new Error(`getIssuePanel: ${panel.results.find((r) => !r.ok)?.error}`);
    let largest = 0;
    for (const v of kvs.data.values()) largest = Math.max(largest, Buffer.byteLength(v, 'utf8'));
    return {
      ...consumerRuns,
      refreshCalls: refresh.length,
      // The call whose answer had the cards (the Overview stored); the rest stored the tab views.
      refreshCallsToCards: callsToCards,
      refreshErrors,
      refreshLongestS: s1(Math.max(...refresh.map((m) => m.results[0].ms))),
      refreshVmHwmMb: worst(refresh).vmHwmMb,
      pageP50Ms: quantile(page.results.map((r) => r.ms), 0.5),
      pageP95Ms: quantile(page.results.map((r) => r.ms), 0.95),
      pageVmHwmMb: page.vmHwmMb,
      pageKb: Math.round(Math.max(...page.results.map((r) => r.bytes)) / 1024),
      panelP95Ms: quantile(panel.results.map((r) => r.ms), 0.95),
      panelVmHwmMb: panel.vmHwmMb,
      bundleLoadMs: Math.round(page.loadMs),
      kvsKeys: kvs.data.size,
      kvsLargestKb: Math.round(largest / 1024),
    };
  } finally {
    em.child?.kill('SIGTERM');
    await kvs.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, sizes: { type: 'string' }, latency: { type: 'string' }, 'consumer-only': { type: 'boolean' }, 'person-only': { type: 'boolean' }, 'heap-mb': { type: 'string' }, 'host-heap': { type: 'boolean' }, 'jira-url': { type: 'string' }, 'jira-issues': { type: 'string' } } });
  // Each invocation's heap is sized from its function's memory as Lambda sizes it (scripts/lambdaRuntime.ts).
  // `--heap-mb N` instead: only the old space capped at N MB; `--host-heap`: no flags at all, V8 sized from
  // this machine's memory, collecting garbage late (what this bench measured before 2026-12-03).
  if (values['consumer-only'] && values['person-only']) throw new Error('--consumer-only and --person-only leave nothing to run together: give one');
  if (values['heap-mb'] && values['host-heap']) throw new Error('--heap-mb and --host-heap size the heap two ways: give one');
  if (values['heap-mb']) process.env.REFINERY_HEAP = String(Number(values['heap-mb']));
  if (values['host-heap']) process.env.REFINERY_HEAP = 'host';
  const sizes = (values.sizes ?? '1000,10000,50000').split(',').map(Number).filter((x) => x > 0);
  const latency = Number(values.latency ?? 0);
  const bundle = buildBundle();
  const log = (s: string) => process.stderr.write(`bench:memory: ${s}\n`);
  log(`bundle ${Math.round(bundle.indexBytes / 1024)} KB (${Math.round(bundle.indexGzipBytes / 1024)} KB gzip) at ${bundle.index}`);
  const results = [];
  for (const size of sizes) {
    log(`train of about ${size} issues, ${latency} ms injected latency…`);
    const emulator = values['jira-url'] ? { url: values['jira-url'], issues: Number(values['jira-issues'] ?? size) } : undefined;
    const r = await measureMemory(bundle, size, { latencyMs: latency, consumerOnly: values['consumer-only'], personOnly: values['person-only'], emulator }, log);
    log(JSON.stringify(r));
    results.push(r);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ memory: results, bundleKb: Math.round(bundle.indexBytes / 1024), bundleKbGzip: Math.round(bundle.indexGzipBytes / 1024) })}\n`);
    return;
  }
  console.log(`The bundled backend (esbuild, node22, ${Math.round(bundle.indexBytes / 1024)} KB) under plain node, one process per invocation; Forge storage out of process`);
  console.table(results);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
