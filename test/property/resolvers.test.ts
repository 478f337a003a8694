/**
 * Random payloads into every resolver (RESOLVER_KEYS, so new ones are covered without editing this
 * file) through buildHandlers, with a context on the Jira emulator over real HTTP: never a crash,
 * never an unhandled rejection, always an envelope — `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }` with a known code and a sentence, and never INTERNAL.
 */
import fc from 'fast-check';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { startEmulator } from '../../dev/emulator/server';
import { manifestAliases } from '../../dev/emulator/manifestAliases';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { RESOLVER_KEYS, type Envelope, type ErrorCode } from '../../src/contract';
import { buildHandlers, type ResolverHandlers } from '../../src/resolvers/handlers';
import { MemoryStore } from '../../src/storage/memoryStore';

const NOW = new Date('2026-11-20T10:00:00Z');
const RUNS_PER_KEY = 60;
const CODES: ErrorCode[] = ['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED', 'JIRA_UNAVAILABLE', 'JIRA_BAD_RESPONSE', 'JIRA_REJECTED', 'INTERNAL'];

const data = generateDemoTrain({ now: NOW });
const realKeys = data.issues.filter((_, n) => n % 25 === 0).map((i) => i.key);
let emu: Awaited<ReturnType<typeof startEmulator>>;
let handlers: ResolverHandlers;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  emu = await startEmulator(data, { now: () => NOW, propertyAliases: manifestAliases() });
  const store = new MemoryStore();
  handlers = buildHandlers((req) => ({
    jira: new JiraClient(fetchTransport({ baseUrl: emu.url, headers: { 'X-Refinery-As-User': String(req.context.accountId) } }), { maxRetries: 0, deadlineMs: 10_000 }),
    store,
    siteUrl: emu.url,
    accountId: req.context.accountId ?? null,
    now: () => NOW,
  }));
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await emu?.close();
});

const user = fc.constantFrom(...Object.values(DEMO.users), 'nobody-at-all', '');
const key = fc.oneof(fc.constantFrom(...realKeys), fc.constantFrom('ART-0', 'ART-999999', 'NOPE-1', 'art-1', ' ART-1 ', 'ART-1" OR project != ART'), fc.string({ maxLength: 20 }));
const project = fc.oneof(fc.constantFrom('ART', 'NOPE', 'art', '', 'ART" OR project != ART'), fc.string({ maxLength: 12 }));
const num = fc.oneof(fc.constantFrom(1, 2, 3, 5, 8, 13, 20, 0, -1, 4, 1e308), fc.double(), fc.integer());
const scores = fc.oneof(fc.record({ businessValue: num, timeCriticality: num, riskReduction: num, jobSize: num }), fc.anything());
/** Field names resolvers use, so random payloads often get past the schema and reach Jira. */
const nearValid = fc.record(
  {
    issueKey: key,
    projectKey: project,
    scores,
    expectedVersion: fc.oneof(fc.nat(5), num, fc.anything()),
    settings: fc.oneof(fc.anything(), fc.record({ wsjfScale: fc.array(num, { maxLength: 8 }), maxStoryPoints: num, improvementLabel: fc.string(), trainScopeJql: fc.string() }, { requiredKeys: [] })),
    issueKeys: fc.array(key, { maxLength: 5 }),
    keys: fc.array(key, { maxLength: 5 }),
    idempotencyKey: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
    sprintId: fc.oneof(fc.constantFrom(...data.sprints.map((sp) => sp.id)), num, fc.string({ maxLength: 6 })),
    summaries: fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constant('<script>window.__xss=1</script>')), { maxLength: 9 }),
    component: fc.oneof(fc.constantFrom('businessValue', 'timeCriticality', 'riskReduction', 'jobSize'), fc.string({ maxLength: 10 })),
    values: fc.array(fc.record({ issueKey: key, value: num, expectedVersion: fc.oneof(fc.nat(3), num) }), { maxLength: 4 }),
    patternId: fc.oneof(fc.constantFrom('ac-missing:nebula', 'ac-missing:comet', 'x:y'), fc.string({ maxLength: 20 })),
    pi: fc.oneof(fc.constantFrom(DEMO.labels.currentPi, DEMO.labels.earlierPi, 'PI-1'), fc.string({ maxLength: 10 })),
    mode: fc.oneof(fc.constantFrom('incremental', 'full'), fc.string({ maxLength: 6 })),
    expectedCurrentOrder: fc.array(key, { maxLength: 4 }),
    expectedTargetOrder: fc.array(key, { maxLength: 4 }),
  },
  { requiredKeys: [] },
);
/** Every field present and mostly valid, so most payloads pass the schema and reach Jira. */
const scale = fc.constantFrom(1, 2, 3, 5, 8, 13, 20);
const validish = fc.record({
  issueKey: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...realKeys) }, { weight: 1, arbitrary: key }),
  projectKey: fc.oneof({ weight: 4, arbitrary: fc.constant('ART') }, { weight: 1, arbitrary: project }),
  scores: fc.oneof({ weight: 4, arbitrary: fc.record({ businessValue: scale, timeCriticality: scale, riskReduction: scale, jobSize: scale }) }, { weight: 1, arbitrary: scores }),
  expectedVersion: fc.oneof(fc.nat(2), fc.string({ maxLength: 12 })),
  settings: fc.anything(),
  idempotencyKey: fc.uuid(),
  sprintId: fc.constantFrom(...data.sprints.map((sp) => sp.id), 0, 999999),
  summaries: fc.array(fc.string({ minLength: 1, maxLength: 40 }).filter((x) => x.trim().length > 0), { minLength: 2, maxLength: 3 }),
  component: fc.constantFrom('businessValue', 'timeCriticality', 'riskReduction', 'jobSize'),
  values: fc.array(fc.record({ issueKey: fc.constantFrom(...realKeys), value: scale, expectedVersion: fc.nat(2) }), { minLength: 1, maxLength: 3 }),
  patternId: fc.constantFrom('ac-missing:nebula', 'ac-missing:comet', 'vague-ac:pulsar', 'x:y'),
  pi: fc.constantFrom(DEMO.labels.currentPi, DEMO.labels.earlierPi, 'PI-1'),
  mode: fc.constantFrom('incremental', 'full'),
  expectedCurrentOrder: fc.array(fc.constantFrom(...realKeys), { maxLength: 4 }),
  expectedTargetOrder: fc.array(fc.constantFrom(...realKeys), { maxLength: 4 }),
});
const payload = fc.oneof(validish, validish, nearValid, fc.anything(), fc.constantFrom(undefined, null, [], 'ART-1', 42, { __proto__: { issueKey: 'ART-1' } }, { constructor: 'x' }));

/** Outcome counts per key, printed at the end: how many random payloads got how far. */
const outcomes = new Map<string, Record<string, number>>();
function count(k: string, e: Envelope<unknown>) {
  const o = outcomes.get(k) ?? {};
  const label = e.ok ? 'ok' : e.error.code;
  o[label] = (o[label] ?? 0) + 1;
  outcomes.set(k, o);
}

function checkEnvelope(e: Envelope<unknown>): void {
  expect(typeof e).toBe('object');
  expect(typeof e.ok).toBe('boolean');
  if (e.ok) {
    expect(e.data).toBeDefined();
    return;
  }
  expect(Object.keys(e)).toEqual(expect.arrayContaining(['ok', 'error']));
  expect(CODES).toContain(e.error.code);
  expect(typeof e.error.message).toBe('string');
  expect(e.error.message.length).toBeGreaterThan(10);
  expect(e.error.message).not.toMatch(/\n\s+at\s|\.(ts|js):\d+/);
  // INTERNAL is the code for a bug: random input must never reach one.
  expect(`${e.error.code}: ${e.error.message}`).not.toMatch(/^INTERNAL/);
}

describe('every resolver on random payloads (fast-check)', () => {
  it.each([...RESOLVER_KEYS])(`%s answers an envelope for ${RUNS_PER_KEY} random payloads`, async (k) => {
    await fc.assert(
      fc.asyncProperty(payload, user, async (p, accountId) => {
        const e = await handlers[k]({ payload: p, context: { accountId } });
        count(k, e as Envelope<unknown>);
        checkEnvelope(e as Envelope<unknown>);
      }),
      { numRuns: RUNS_PER_KEY, seed: 9 },
    );
    expect(unhandled).toEqual([]);
    // A generous ceiling, not a speed claim: 60 project refreshes on a loaded 2-core CI machine.
  }, 180_000);

  afterAll(() => {
    const total = [...outcomes.values()].reduce((n, o) => n + Object.values(o).reduce((a, b) => a + b, 0), 0);
    const lines = [...outcomes].map(([k, o]) => `${k}: ${Object.entries(o).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    process.stdout.write(`random resolver payloads: ${total} runs\n${lines.join('\n')}\n`);
  });
});
