/**
 * `npm run bench [-- --json] [-- --sizes 1000,10000,50000,200000] [-- --latency 150]` (the default sizes; 200k alone takes about an hour)
 *
 * Drives the app's own code (the sync engine, the resolvers) against the Jira emulator over HTTP,
 * with the emulator in a child process so memory figures are the app's. Prints measured numbers;
 * it is not a test and asserts nothing.
 *
 *   requests / lowerBound  all Jira calls of a full refresh against ⌈N/100⌉ search pages +
 *                          ⌈N/1000⌉ bulk changelog calls + the constant (fields, issue types,
 *                          boards, one sprint list per board); the quality-property pass apart
 *   incrementalRequests    all Jira calls of an incremental refresh after 1% of issues changed
 *   maxInvocationS         longest queue-consumer invocation of the full refresh with injected latency
 *   peakRssMb              the consumer's peak RSS (VmHWM) in a full refresh at 0 ms latency as Forge runs it:
 *                          src/index.ts bundled by esbuild, each invocation a node process with V8 sized from
 *                          the function's memoryMB as Lambda sizes it, storage out of process (bench-memory.ts);
 *                          functionMemoryMb: that memory, which Forge stops the function beyond
 *   pageP50Ms/pageP95Ms    getProjectOverview from the stored view (resolver, over HTTP to the emulator)
 *   panelP95Ms, panelRequests  story issue panel with 0 ms latency
 *   retries429, retryWaitS, identical  a full refresh with 10% 429 + Retry-After 1 s
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { parseArgs } from 'node:util';
import { DEMO, generateDemoTrain } from '../dev/demo/generateDemoTrain';
import { benchLive } from './bench-live';
import { buildBundle, type Bundle } from './build-bundle';
import { measureMemory } from './bench-memory';
import { currentSettings } from '../src/app/siteMetadata';
import { syncToEnd } from '../src/app/sync';
import { CONSUMER_BUDGET_MS } from '../src/jobs/refreshConsumer';
import { computeHealth } from '../src/domain/health';
import { checkStory } from '../src/domain/quality';
import { textToAdf } from '../src/domain/quality/textToAdf';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { buildHandlers } from '../src/resolvers/handlers';
import { MemoryStore } from '../src/storage/memoryStore';
import { percentile } from './stats';

const ROOT = path.resolve(__dirname, '..');
const NOW = new Date('2026-11-20T10:00:00Z');

const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

async function startChildEmulator(issues: number): Promise<{ url: string; issues: number; child: ChildProcess }> {
  // The emulator is the test double, not what is measured: a heap that holds a 200,000-issue site.
  const child = spawn(process.execPath, ['--max-old-space-size=8192', TSX, path.join(ROOT, 'dev/emulator/main.ts'), '--issues', String(issues), '--now', NOW.toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { url: string; issues: number }), child };
}

async function control(url: string, path: string, method: string, body?: unknown) {
  const res = await fetch(url + path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.status === 204 ? null : res.json();
}

const quantile = (xs: number[], q: number) => Math.round(percentile(xs, q) * 10) / 10;

function appClient(url: string) {
  return new JiraClient(fetchTransport({ baseUrl: url, headers: { 'X-Refinery-As-App': '1' } }));
}

interface InvocationRun {
  invocations: number[];
  retries: number;
  retryWaitMs: number;
  snapshots: unknown[];
}

/**
 * The refresh's invocations, requests and snapshots: one bundled JavaScript file (esbuild), run by
 * plain node in its own process. Its memory is not read: it holds its store in-process (1b below
 * measures the memory as Forge runs the consumer).
 */
function bundledInvocation(): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-bench-')), 'bench-invocation.cjs');
  buildSync({ entryPoints: [path.join(ROOT, 'scripts/bench-invocation.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'error' });
  return out;
}
let invocationBundle: string | null = null;
let forgeBundle: Bundle | null = null;

/** The daily refresh through the queue-consumer code path, in its own process (its memory alone). */
function consumerRefresh(url: string, budgetMs: number): Promise<InvocationRun> {
  invocationBundle ??= bundledInvocation();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [invocationBundle!, url, String(budgetMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as InvocationRun) : reject(new Error(`bench invocation exited with ${code}`))));
  });
}

async function measureSize(targetIssues: number, latencyMs: number) {
  const em = await startChildEmulator(targetIssues);
  try {
    // The sync's own calls: issue pages (no entity properties asked) and bulk changelogs. The daily
    // job's refinery.quality pass (its own search of open stories with the property, then bulk
    // property writes) is counted apart.
    const isPropertyPass = (r: { path: string; body: unknown }) => r.path === '/rest/api/3/issue/properties/multi' || r.path.startsWith('/rest/api/3/task/') || (r.path === '/rest/api/3/search/jql' && !!(r.body as { properties?: unknown } | null)?.properties);
    const heavy = (log: { path: string; body: unknown }[]) => log.filter((r) => !isPropertyPass(r) && (r.path === '/rest/api/3/search/jql' || r.path === '/rest/api/3/changelog/bulkfetch')).length;
    // 1. Full refresh through the consumer path with injected latency.
    await control(em.url, '/__emulator/faults', 'PUT', latencyMs ? { latencyMs } : {});
    await control(em.url, '/__emulator/requests', 'DELETE');
    const full = await consumerRefresh(em.url, CONSUMER_BUDGET_MS);
    const log = (await control(em.url, '/__emulator/requests', 'GET')) as { path: string; body: unknown }[];
    const n = em.issues;
    // ⌈n/100⌉ search pages + ⌈n/1000⌉ bulk changelog calls + the constant: fields, issue types, the
    // board list and one sprint list per board (one board per team).
    const constantFloor = 3 + DEMO.teams.length;
    const lowerBound = Math.ceil(n / 100) + Math.ceil(n / 1000) + constantFloor;
    const fullHeavy = heavy(log);
    await control(em.url, '/__emulator/faults', 'DELETE');
    // 1b. The consumer's memory as Forge runs it (scripts/bench-memory.ts): src/index.ts bundled, each
    // invocation its own node process with V8 sized from the function's memoryMB as Lambda sizes it, and
    // storage out of that process. The run above keeps its store in its own process, so its RSS is not this.
    forgeBundle ??= buildBundle();
    const memory = await measureMemory(forgeBundle, n, { latencyMs: 0, consumerOnly: true, emulator: { url: em.url, issues: n } });
    if (!('consumerVmHwmMb' in memory)) throw new Error('bench:memory measured no consumer run');

    // 2. Incremental after 1% of the issues changed (edited through Jira's API, so `updated` moves).
    const app = appClient(em.url);
    const stories = await app.searchAll('project = ART AND issuetype = Story ORDER BY key ASC', ['id']);
    const toEdit = Math.round(n * 0.01);
    const step = Math.max(1, Math.floor(stories.length / Math.max(1, toEdit)));
    // The incremental run builds on a completed full run of its own store; then 1% of the issues change.
    const incJira = appClient(em.url);
    const store = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira: incJira, store, siteUrl: em.url, accountId: null, now: () => NOW });
    await syncToEnd(incJira, store, settings, meta, 'ART', 'app', 'full', () => new Date());
    for (let i = 0, edited = 0; i < stories.length && edited < toEdit; i += step, edited++) await app.editIssue(stories[i].key, { update: { labels: [{ add: 'bench-touched' }] } });
    const before = incJira.stats.requests;
    await syncToEnd(incJira, store, settings, meta, 'ART', 'app', 'incremental', () => new Date());
    const incrementalRequests = incJira.stats.requests - before;

    // 3. 10% 429 with Retry-After 1 s: same numbers, every Retry-After honoured.
    await control(em.url, '/__emulator/faults', 'PUT', { rate429: 0.1, retryAfterSeconds: 1, seed: 5 });
    const noisy = await consumerRefresh(em.url, CONSUMER_BUDGET_MS);
    await control(em.url, '/__emulator/faults', 'DELETE');
    const clean = await consumerRefresh(em.url, CONSUMER_BUDGET_MS);
    const identical = JSON.stringify(noisy.snapshots) === JSON.stringify(clean.snapshots);

    // 4. A person's page from their stored view, and the story panel.
    const userStore = new MemoryStore();
    const popm = DEMO.users.popm;
    const userJira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-User': popm } }));
    const handlers = buildHandlers(() => ({ jira: userJira, store: userStore, siteUrl: em.url, accountId: popm, now: () => NOW }));
    for (;;) {
      const r = await handlers.refreshProjectOverview({ payload: { projectKey: 'ART', mode: 'full' }, context: { accountId: popm } });
      if (!r.ok) throw new Error(r.error.message);
      if (r.data.overview) break;
    }
    const pageTimes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const r = await handlers.getProjectOverview({ payload: { projectKey: 'ART' }, context: { accountId: popm } });
      pageTimes.push(performance.now() - t);
      if (!r.ok || !r.data.cards.length) throw new Error('page did not render from the stored view');
    }
    const panelTimes: number[] = [];
    const panelRequests: number[] = [];
    for (const s of stories.slice(0, 40)) {
      const before2 = userJira.stats.requests;
      const t = performance.now();
      const r = await handlers.getIssuePanel({ payload: { issueKey: s.key }, context: { accountId: popm } });
      panelTimes.push(performance.now() - t);
      panelRequests.push(userJira.stats.requests - before2);
      if (!r.ok) throw new Error(r.error.message);
    }
    const propertyRequests = log.filter(isPropertyPass).length;
    return {
      n,
      requests: log.length - propertyRequests,
      propertyRequests,
      searchAndBulk: fullHeavy,
      lowerBound,
      ratio: Math.round(((log.length - propertyRequests) / lowerBound) * 1000) / 1000,
      constantRequests: log.length - propertyRequests - fullHeavy,
      incrementalRequests,
      incrementalShare: Math.round((incrementalRequests / (log.length - propertyRequests)) * 1000) / 1000,
      latencyMs,
      maxInvocationS: Math.round(Math.max(...full.invocations) * 10) / 10,
      invocations: full.invocations.length,
      peakRssMb: memory.consumerVmHwmMb,
      functionMemoryMb: memory.consumerMemoryMb,
      pageP50Ms: quantile(pageTimes, 0.5),
      pageP95Ms: quantile(pageTimes, 0.95),
      panelP95Ms: quantile(panelTimes, 0.95),
      panelRequests: Math.max(...panelRequests),
      retries429: noisy.retries,
      retryWaitS: Math.round(noisy.retryWaitMs / 100) / 10,
      identical,
    };
  } finally {
    em.child.kill('SIGTERM');
  }
}

function domainBench() {
  const data = generateDemoTrain({ now: NOW, scale: 25 });
  const stories = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0).slice(0, 10000);
  const inputs = stories.map((s) => ({ id: s.key, summary: s.fields.summary, description: s.fields.description, acceptanceCriteria: (s.fields as Record<string, unknown>).customfield_10050, storyPoints: (s.fields as Record<string, unknown>).customfield_10016 as number | null }));
  const t0 = performance.now();
  for (const i of inputs) checkStory(i);
  const qualityMs = performance.now() - t0;

  // 50,000 stories through the health aggregation (domain objects; no I/O).
  const sprints = Array.from({ length: 40 }, (_, k) => ({ id: k + 1, name: `S${k + 1}`, state: (k < 36 ? 'closed' : 'active') as 'closed' | 'active', startDate: new Date(Date.UTC(2025, 0, 1 + 14 * k)).toISOString(), endDate: new Date(Date.UTC(2025, 0, 15 + 14 * k)).toISOString(), completeDate: k < 36 ? new Date(Date.UTC(2025, 0, 15 + 14 * k)).toISOString() : null, boardId: (k % 4) + 1 }));
  const teams = ['Comet', 'Nebula', 'Pulsar', 'Quasar'];
  const issues = Array.from({ length: 50000 }, (_, k) => {
    const s = sprints[k % 40];
    return { id: String(k), key: `ART-${k}`, summary: 'x', issueType: 'Story', hierarchyLevel: 0, status: { id: k % 3 ? '10001' : '3', name: k % 3 ? 'Done' : 'In Progress', category: (k % 3 ? 'done' : 'indeterminate') as 'done' | 'indeterminate' }, team: teams[k % 4], storyPoints: (k % 8) + 1, parentKey: null, sprints: [s], labels: [], fixVersions: [], rank: String(k).padStart(8, '0'), created: '2024-12-01T00:00:00Z', updated: '2025-06-01T00:00:00Z', resolutionDate: null, assignee: null, description: null, acceptanceCriteria: null, links: [] };
  });
  const changes = new Map(issues.map((i, k) => [i.id, [{ at: new Date(Date.parse(sprints[k % 40].startDate) - 86400000).toISOString(), field: 'sprint' as const, from: null, to: String(sprints[k % 40].id), fromString: null, toString: sprints[k % 40].name }, { at: new Date(Date.parse(sprints[k % 40].startDate) + 5 * 86400000).toISOString(), field: 'status' as const, from: '10000', to: i.status.id, fromString: 'To Do', toString: i.status.name }]]));
  const t1 = performance.now();
  computeHealth({ stories: issues, features: [], changes, sprints, teamOfSprint: new Map(sprints.map((s) => [s.id, teams[(s.boardId - 1) % 4]])), statusCategoryById: { '10001': 'done', '3': 'indeterminate', '10000': 'new' }, ready: () => true, qualityPass: () => true, improvementLabel: 'improvement', now: NOW.toISOString() });
  const aggregateMs = performance.now() - t1;
  return { qualityStoriesPerSec: Math.round(inputs.length / (qualityMs / 1000)), quality10kMs: Math.round(qualityMs), aggregate50kMs: Math.round(aggregateMs) };
}

/**
 * Story quality on real text (../shared/stories, README there): the one-line stories of the 15 backlogs, repeated to
 * at least 10,000 checks, and the 300 GitLab descriptions as Markdown text and as the ADF Jira stores (converted
 * beforehand, outside the timing). A warm-up as long as the run first, so the figures are a warm function's steady state.
 */
function qualityTextBench() {
  const dir = path.resolve(ROOT, '../shared/stories');
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, string>) : []);
  const oneLiners = read('dalpiaz-dev.jsonl').map((r) => ({ id: r.id, summary: r.text }));
  const descriptions = read('gitlab-descriptions-dev.jsonl').map((r) => ({ id: r.id, summary: r.summary, description: r.description as unknown }));
  if (!oneLiners.length || !descriptions.length) return { qualityTextBench: `skipped: no ${dir}` };
  const asAdf = descriptions.map((d) => ({ ...d, description: textToAdf(d.description as string, 'markdown') }));
  const perSec = (inputs: { id: string; summary: string; description?: unknown }[], minChecks: number) => {
    const rounds = Math.max(1, Math.ceil(minChecks / inputs.length));
    // Warm-up as long as the measured run: the first passes are the JIT and compromise's lexicon, not the rules.
    for (let r = 0; r < rounds; r++) for (const i of inputs) checkStory(i);
    const t = performance.now();
    for (let r = 0; r < rounds; r++) for (const i of inputs) checkStory(i);
    return Math.round((rounds * inputs.length) / ((performance.now() - t) / 1000));
  };
  const sizes = descriptions.map((d) => (d.description as string).length).sort((a, b) => a - b);
  return {
    oneLinerStoriesPerSec: perSec(oneLiners, 10_000),
    descriptionsPerSecMarkdown: perSec(descriptions, 3_000),
    descriptionsPerSecAdf: perSec(asAdf, 3_000),
    descriptionMedianChars: sizes[Math.floor(sizes.length / 2)],
  };
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, sizes: { type: 'string' }, latency: { type: 'string' } } });
  // 200k (issue 16: large ARTs keep years of history) takes about an hour here; `--sizes` picks fewer.
  const sizes = (values.sizes ?? '1000,10000,50000,200000').split(',').map(Number).filter((x) => x > 0);
  const latency = Number(values.latency ?? 150);
  const results = [];
  for (const size of sizes) {
    if (!values.json) process.stderr.write(`bench: train of about ${size} issues…\n`);
    results.push(await measureSize(size, latency));
  }
  const qualityText = qualityTextBench();
  const domain = domainBench();
  // Issue 18: the live train at 50k issues (scripts/bench-live.ts).
  const live = await benchLive({ log: (s) => (values.json ? undefined : process.stderr.write(`${s}\n`)) });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ sizes: results, domain, qualityText, live })}\n`);
    return;
  }
  console.log('Live train (issue 18)');
  console.table([live]);
  console.log(`Full refresh through the queue-consumer code path, ${latency} ms injected latency per Jira call; emulator in a child process`);
  console.table(results.map(({ n, requests, searchAndBulk, lowerBound, ratio, constantRequests, propertyRequests, incrementalRequests, incrementalShare, maxInvocationS, invocations, peakRssMb, functionMemoryMb }) => ({ n, requests, searchAndBulk, lowerBound, ratio, constantRequests, propertyRequests, incrementalRequests, incrementalShare, maxInvocationS, invocations, peakRssMb, functionMemoryMb })));
  console.log('A person: project page from the stored view, story panel (0 ms latency); 10% 429 with Retry-After 1 s');
  console.table(results.map(({ n, pageP50Ms, pageP95Ms, panelP95Ms, panelRequests, retries429, retryWaitS, identical }) => ({ n, pageP50Ms, pageP95Ms, panelP95Ms, panelRequests, retries429, retryWaitS, identical })));
  console.log('Domain (one core, no I/O)');
  console.table([domain]);
  console.log('Story quality on real text (one core, warm): one-line stories of 15 backlogs, 300 GitLab descriptions as Markdown and as ADF');
  console.table([qualityText]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
