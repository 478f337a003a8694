/**
 * `npm run bench [-- --json] [-- --sizes 1000,10000,50000]`: drives the same code as the health
 * page against the emulator over HTTP with generated trains, and prints measured numbers:
 * Jira requests against the lower bound ⌈N/100⌉ search pages + ⌈N/1000⌉ bulk changelog calls,
 * time, peak RSS, retries under 10% 429s, and domain throughput. Not a test: it prints numbers.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { generateDemoTrain } from '../dev/demo/generateDemoTrain';
import { startEmulator } from '../dev/emulator/server';
import { trainHealth } from '../src/app/trainHealth';
import { currentSettings } from '../src/app/siteMetadata';
import { checkStory } from '../src/domain/quality';
import { computeHealth } from '../src/domain/health';
import { JiraClient } from '../src/jira/client';
import { fetchTransport } from '../src/jira/transport';
import { MemoryStore } from '../src/storage/memoryStore';

const NOW = new Date('2026-11-20T10:00:00Z');

async function measureSize(targetStories: number) {
  const base = generateDemoTrain({ now: NOW, scale: 1 });
  const baseStories = base.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0).length;
  const data = generateDemoTrain({ now: NOW, scale: Math.max(1, targetStories / baseStories) });
  const n = data.issues.length;
  const em = await startEmulator(data, { now: () => NOW });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const jira = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }), { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const store = new MemoryStore();
    const ctx = { jira, store, siteUrl: em.url, accountId: null, now: () => NOW };
    const { settings, meta } = await currentSettings(ctx);
    em.emulator.requests.length = 0;
    const t0 = performance.now();
    const result = await trainHealth(jira, store, settings, meta, data.projects[0].key, NOW);
    const fullMs = performance.now() - t0;
    const reqs = em.emulator.requests.length;
    const searches = em.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql').length;
    const bulk = em.emulator.requests.filter((r) => r.path === '/rest/api/3/changelog/bulkfetch').length;
    const loaded = result.train.stories.length + result.train.features.length;
    const lowerBound = Math.ceil(loaded / 100) + Math.ceil(loaded / 1000);
    const constant = reqs - searches - bulk;

    // 10% 429s with Retry-After 0: same numbers, counted retries.
    em.emulator.faults.set({ rate429: 0.1, retryAfterSeconds: 0, seed: 11 });
    const noisy = new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-App': '1' } }));
    const t1 = performance.now();
    const again = await trainHealth(noisy, store, settings, meta, data.projects[0].key, NOW);
    const noisyMs = performance.now() - t1;
    em.emulator.faults.clear();
    const identical = JSON.stringify(again.health.train) === JSON.stringify(result.health.train);

    return {
      n,
      requests: reqs,
      searchCalls: searches,
      bulkChangelogCalls: bulk,
      constantCalls: constant,
      lowerBound,
      ratio: Math.round(((searches + bulk) / lowerBound) * 100) / 100,
      fullRefreshMs: Math.round(fullMs),
      peakRssMb: Math.round(peakRss / 1048576),
      retries429: noisy.stats.retries,
      retryIdenticalNumbers: identical,
      timeLostTo429Ms: Math.round(noisyMs - fullMs),
    };
  } finally {
    clearInterval(sampler);
    await em.close();
  }
}

function domainBench() {
  const data = generateDemoTrain({ now: NOW, scale: 25 });
  const stories = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0).slice(0, 10000);
  const inputs = stories.map((s) => ({ id: s.key, summary: s.fields.summary, description: s.fields.description, acceptanceCriteria: (s.fields as Record<string, unknown>).customfield_10050, storyPoints: (s.fields as Record<string, unknown>).customfield_10016 as number | null }));
  const t0 = performance.now();
  for (const i of inputs) checkStory(i);
  const qualityMs = performance.now() - t0;

  // 50,000 stories through the health aggregation (synthetic domain objects; no I/O).
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
  return { qualityStoriesPerSec: Math.round(inputs.length / (qualityMs / 1000)), quality10kMs: Math.round(qualityMs), aggregate50kMs: Math.round(aggregateMs), qualityStories: inputs.length };
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, sizes: { type: 'string' } } });
  const sizes = (values.sizes ?? '1000,10000').split(',').map(Number).filter((x) => x > 0);
  const results = [];
  for (const size of sizes) results.push(await measureSize(size));
  const domain = domainBench();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ sizes: results, domain })}\n`);
    return;
  }
  console.log('Full refresh of a train through the emulator over HTTP (same code as the health page)');
  console.table(results);
  console.log('Domain (one core, no I/O)');
  console.table([domain]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
