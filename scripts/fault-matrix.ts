/**
 * The fault matrix: every Jira fault the app must survive × every surface a person sees, each cell
 * the envelope actually observed over the local harness (real HTTP, emulator faults, real resolvers).
 *
 *   npx tsx scripts/fault-matrix.ts            # prints the Markdown table (docs/RELIABILITY.md holds it)
 *
 * test/integration/faults.test.ts runs the same scenarios and asserts on every cell, so the table and
 * the tests cannot drift apart.
 */
import { generateDemoTrain, DEMO } from '../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue } from '../dev/emulator/dataset';
import type { Faults, LoggedRequest } from '../dev/emulator/server';
import { startHarness, type RunningHarness } from '../dev/harness/server';
import { RESOLVER_KEYS, type Envelope, type ErrorCode, type ResolverKey } from '../src/contract';
import { payloadSchemas } from '../src/resolvers/schemas';
import { proposeSplit } from '../src/domain/quality/template';

export const NOW = new Date('2026-11-20T10:00:00Z');
/** The harness's resolver time budget in the slow-Jira scenario (the product default is 20 s). */
export const SLOW_BUDGET_MS = 2000;

const STORY_FIELDS = { storyPoints: DEMO.fieldIds.storyPoints, sprint: DEMO.fieldIds.sprint, team: DEMO.fieldIds.team };

// --- surfaces -------------------------------------------------------------------------------------

export interface Surface {
  id: string;
  label: string;
  key: ResolverKey;
  payload: unknown;
}

export interface Subjects {
  story: JiraIssue;
  feature: JiraIssue;
  projectKey: string;
  /** The active sprint of the first board, for sprint-scoped resolvers. */
  sprintId: number | null;
}

/**
 * An open story under a feature, with dependency links and (so the split preview has something to
 * show) a summary that joins several goals; the first condition that no story meets is dropped.
 */
export function subjectsOf(data: DataSet): Subjects {
  const stories = data.issues.filter((i) => i.fields.issuetype.name === 'Story' && i.fields.parent && i.fields.status.statusCategory.key !== 'done');
  const splittable = (i: JiraIssue) => proposeSplit(i.fields.summary, i.fields.description) !== null;
  const linked = (i: JiraIssue) => (i.fields.issuelinks ?? []).length > 0;
  const story = stories.find((i) => splittable(i) && linked(i)) ?? stories.find(splittable) ?? stories.find(linked) ?? stories[0];
  const feature = data.issues.find((i) => i.key === story.fields.parent!.key)!;
  const sprintId = data.sprints.find((sp) => sp.state === 'active')?.id ?? data.sprints[0]?.id ?? null;
  return { story, feature, projectKey: DEMO.projectKey, sprintId };
}

/** Read resolvers: every `get…`/`list…` key; new ones join the matrix without editing this file. */
export const isReadKey = (k: string) => /^(get|list|search|find|preview|refresh)/.test(k);

/**
 * The story and feature panels, then every other read resolver in RESOLVER_KEYS with the first
 * payload its schema accepts (project, story, feature or none).
 */
/**
 * Read resolvers that answer from the app's storage alone and make no Jira request, so no Jira fault
 * can reach them (the live poll: `getTrainVersion`; test/integration/events.test.ts counts its requests).
 */
export const STORAGE_ONLY: ReadonlySet<ResolverKey> = new Set<ResolverKey>(['getTrainVersion']);

export function surfacesOf(s: Subjects): Surface[] {
  const out: Surface[] = [
    { id: 'story', label: 'Story panel', key: 'getIssuePanel', payload: { issueKey: s.story.key } },
    { id: 'feature', label: 'Feature panel', key: 'getIssuePanel', payload: { issueKey: s.feature.key } },
  ];
  const labels: Partial<Record<string, string>> = {
    getProjectOverview: 'Project overview',
    getWsjfTable: 'WSJF table',
    getQualitySummary: 'Quality summary',
    getSettings: 'Settings',
    getDependencies: 'Dependencies',
    getImprovement: 'Improvement',
    getSprintReadiness: 'Sprint readiness',
    previewAcTemplate: 'AC template preview',
    previewSplit: 'Split preview',
    previewWsjfOrder: 'WSJF re-rank preview',
    getWsjfEstimation: 'WSJF estimation',
    refreshProjectOverview: 'Overview refresh',
    getSiteCheck: 'Site check',
    getPiPlanning: 'PI planning',
    getTrainVersion: 'Train version (events poll)',
  };
  const candidates: object[] = [{ projectKey: s.projectKey }, { issueKey: s.story.key }, { issueKey: s.feature.key }, ...(s.sprintId !== null ? [{ sprintId: s.sprintId }] : []), {}];
  for (const key of RESOLVER_KEYS) {
    if (key === 'getIssuePanel' || !isReadKey(key) || STORAGE_ONLY.has(key)) continue;
    const schema = payloadSchemas[key as keyof typeof payloadSchemas] as { safeParse(x: unknown): { success: boolean } } | undefined;
    const payload = schema && candidates.find((c) => schema.safeParse(c).success);
    if (payload === undefined) continue;
    out.push({ id: key, label: labels[key] ?? key, key, payload });
  }
  return out;
}

// --- faults ---------------------------------------------------------------------------------------

/** What a cell must show: the data, or a readable error with one of these codes. */
export type Expectation = { ok: true } | { ok: false; codes: ErrorCode[] } | { either: true };

export interface FaultEnv {
  h: RunningHarness;
  data: DataSet;
  subjects: Subjects;
  /** The user calling the surface (sequential scenarios): a POPM clone of its own per surface. */
  user: string;
}

export interface FaultScenario {
  id: string;
  label: string;
  /** Changes the data set before the harness starts (own harness). */
  dataSet?: (d: DataSet) => void;
  /** The harness's resolver time budget for this scenario. */
  budgetMs?: number;
  /**
   * Switches faults on or mutates the emulator's data: before each surface (sequential scenarios),
   * or once before all surfaces run at the same time (`parallel`, for stateless faults).
   */
  before?: (env: FaultEnv, surface: Surface) => Promise<void> | void;
  after?: (env: FaultEnv, surface: Surface) => Promise<void> | void;
  /** The fault holds no per-request state, so all surfaces may run at once (each as its own user). */
  parallel?: boolean;
  expect: (surface: Surface) => Expectation;
}

const OK: Expectation = { ok: true };
const faults = (f: Faults) => (env: FaultEnv) => env.h.emulator.faults.set(f);
const UNKNOWN_ADF = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'As a train engineer, I want the new widget so that PI planning is faster.' }] },
    { type: 'futureMacro', attrs: { id: 'x' }, content: [{ type: 'text', text: 'inside an unknown node' }] },
    { type: 'decisionList', content: [{ type: 'decisionItem', attrs: { state: 'DECIDED' }, content: [{ type: 'text', text: 'Decided' }] }] },
    { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'abc', type: 'file', collection: '' } }] },
    { type: 'paragraph', content: [{ type: 'status', attrs: { text: 'DONE', color: 'green' } }, { type: 'text', text: 'styled', marks: [{ type: 'textColor', attrs: { color: '#ff0000' } }, { type: 'unknownMark' }] }] },
  ],
};

/** Removes a custom field from the site and from every issue (a site without it). */
function dropField(d: DataSet, id: string) {
  d.fields = d.fields.filter((f) => f.id !== id);
  for (const i of d.issues) delete (i.fields as Record<string, unknown>)[id];
}

const removedPermissions = new Map<string, DataSet['users'][number]['projectPermissions'][string]>();

export const SCENARIOS: FaultScenario[] = [
  { id: 'baseline', label: 'No fault', parallel: true, expect: () => OK },
  {
    id: '429-transient',
    label: '429 with Retry-After: 1 (twice, then OK)',
    before: faults({ rate429: 1, retryAfterSeconds: 1, maxFaults: 2 }),
    expect: () => OK,
  },
  {
    id: '429-long',
    parallel: true,
    label: '429 with Retry-After: 60 (longer than the budget)',
    before: faults({ rate429: 1, retryAfterSeconds: 60 }),
    expect: () => ({ ok: false, codes: ['RATE_LIMITED'] }),
  },
  ...([500, 502, 503] as const).map(
    (status): FaultScenario => ({
      id: `${status}-transient`,
      label: `HTTP ${status} (twice, then OK)`,
      before: faults({ rate5xx: 1, status5xx: status, maxFaults: 2 }),
      expect: () => OK,
    }),
  ),
  {
    id: '503-persistent',
    parallel: true,
    label: 'HTTP 503 on every request',
    before: faults({ rate5xx: 1, status5xx: 503 }),
    expect: () => ({ ok: false, codes: ['JIRA_UNAVAILABLE'] }),
  },
  {
    id: 'changelog-down',
    parallel: true,
    label: 'HTTP 503 on changelog bulk fetch only',
    before: faults({ rate5xx: 1, status5xx: 503, pathPattern: 'changelog/bulkfetch' }),
    expect: () => ({ either: true }),
  },
  {
    id: 'slow-within',
    parallel: true,
    label: 'Every response 300 ms late (within budget)',
    before: faults({ latencyMs: 300 }),
    expect: () => OK,
  },
  {
    id: 'slow-past-budget',
    parallel: true,
    label: `Every response 3 s late (budget ${SLOW_BUDGET_MS / 1000} s)`,
    budgetMs: SLOW_BUDGET_MS,
    before: faults({ latencyMs: 3000 }),
    expect: () => ({ ok: false, codes: ['JIRA_UNAVAILABLE'] }),
  },
  {
    id: 'truncated',
    parallel: true,
    label: 'JSON bodies cut in half',
    before: faults({ truncateBody: true }),
    expect: () => ({ ok: false, codes: ['JIRA_BAD_RESPONSE'] }),
  },
  {
    id: 'html',
    parallel: true,
    label: 'HTML login page instead of JSON',
    before: faults({ htmlBody: true }),
    expect: () => ({ ok: false, codes: ['JIRA_BAD_RESPONSE'] }),
  },
  {
    id: 'malformed-adf',
    parallel: true,
    label: 'Malformed ADF in every description',
    before: faults({ malformedAdf: true }),
    // With the story's text destroyed there is no "As a …, I want …" left to split: a readable refusal.
    expect: (s) => (s.key === 'previewSplit' ? { either: true } : OK),
  },
  {
    id: 'unknown-adf',
    parallel: true,
    label: 'Unknown ADF nodes and marks in stories',
    dataSet: (d) => {
      for (const i of d.issues.filter((x) => x.fields.issuetype.hierarchyLevel === 0).slice(0, 60)) i.fields.description = structuredClone(UNKNOWN_ADF);
      const s = subjectsOf(d).story;
      s.fields.description = structuredClone(UNKNOWN_ADF);
    },
    expect: () => OK,
  },
  {
    id: 'deleted-mid-call',
    label: 'Issue deleted between search and changelog',
    before: (env) => {
      // The first search returns the story; right after it, the story is gone (Jira omits it from
      // changelog bulk fetch and answers 404 on a direct read).
      env.h.emulator.faults.set({ latencyMs: 150, pathPattern: 'changelog/bulkfetch|/issue/|properties' });
      const victim = env.subjects.story.key;
      const user = env.data.users.find((u) => u.accountId === env.user)!;
      const log = env.h.emulator.requests as LoggedRequest[] & { push: (...x: LoggedRequest[]) => number };
      const push = Array.prototype.push;
      log.push = function (this: LoggedRequest[], ...entries: LoggedRequest[]) {
        if (entries.some((e) => e.path === '/rest/api/3/search/jql' && e.actor === env.user)) {
          user.hiddenIssueKeys = [...(user.hiddenIssueKeys ?? []), victim];
          delete (log as { push?: unknown }).push;
        }
        return push.apply(this, entries);
      };
    },
    after: (env) => {
      delete (env.h.emulator.requests as { push?: unknown }).push;
      const user = env.data.users.find((u) => u.accountId === env.user)!;
      user.hiddenIssueKeys = (user.hiddenIssueKeys ?? []).filter((k) => k !== env.subjects.story.key);
    },
    expect: () => ({ either: true }),
  },
  {
    id: 'no-story-points',
    parallel: true,
    label: 'Site without a Story Points field',
    dataSet: (d) => dropField(d, STORY_FIELDS.storyPoints),
    expect: () => OK,
  },
  {
    id: 'no-sprint-field',
    parallel: true,
    label: 'Site without the Sprint field',
    dataSet: (d) => dropField(d, STORY_FIELDS.sprint),
    expect: () => OK,
  },
  {
    id: 'sprint-no-start',
    parallel: true,
    label: 'Sprints without start date',
    dataSet: (d) => {
      for (const s of d.sprints) if (s.state !== 'closed') delete s.startDate;
      const closed = d.sprints.filter((s) => s.state === 'closed');
      for (const s of closed.slice(0, 2)) delete s.startDate;
    },
    expect: () => OK,
  },
  {
    id: 'team-no-sprints',
    parallel: true,
    label: 'A team with no board and no sprints',
    dataSet: (d) => {
      const stories = d.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && i.fields.status.statusCategory.key !== 'done').slice(0, 12);
      for (const i of stories) {
        (i.fields as Record<string, unknown>)[STORY_FIELDS.team] = { id: 'a1b2c3d4-0099-4e5f-8a9b-c0d1e2f3a4b5', name: 'Orbit', title: 'Orbit', avatarUrl: '', isVisible: true, isVerified: false, isShared: true };
        (i.fields as Record<string, unknown>)[STORY_FIELDS.sprint] = null;
      }
    },
    expect: () => OK,
  },
  {
    id: 'empty-project',
    parallel: true,
    label: 'Empty project (no issues, no boards)',
    dataSet: (d) => {
      // The whole train moves to another project; ART keeps its name and nothing else.
      d.projects.push({ ...d.projects[0], id: '10999', key: 'OLD', name: 'Archived train' });
      for (const i of d.issues) i.fields.project = { ...i.fields.project, id: '10999', key: 'OLD', name: 'Archived train' };
      d.boards = [];
      d.sprints = [];
      for (const u of d.users) if (u.projectPermissions.ART) u.projectPermissions.OLD = [...u.projectPermissions.ART];
    },
    expect: (s) => (s.id === 'story' || s.id === 'feature' ? { either: true } : OK),
  },
  {
    id: 'lost-browse',
    label: 'User loses Browse Projects mid-session',
    before: async (env, surface) => {
      // First call as the user succeeds; then an admin removes the permission.
      const first = await callSurface(env.h, env.user, surface);
      if (!first.ok) throw new Error(`${surface.id} failed before the permission was removed: ${first.error.message}`);
      const u = env.data.users.find((x) => x.accountId === env.user)!;
      removedPermissions.set(u.accountId, u.projectPermissions[DEMO.projectKey] ?? []);
      u.projectPermissions[DEMO.projectKey] = [];
    },
    after: (env) => {
      const u = env.data.users.find((x) => x.accountId === env.user)!;
      u.projectPermissions[DEMO.projectKey] = removedPermissions.get(u.accountId) ?? [];
    },
    // Settings are site-wide (not project data): they stay readable, read-only.
    expect: (s) => (s.key === 'getSettings' ? OK : { ok: false, codes: ['NOT_FOUND', 'FORBIDDEN'] }),
  },
];

// --- running --------------------------------------------------------------------------------------

export interface Cell {
  scenario: string;
  surface: string;
  envelope: Envelope<unknown>;
  ms: number;
  /** Requests the emulator answered with a 429/5xx fault during the call. */
  faulted: number;
  requests: number;
}

export async function callSurface(h: RunningHarness, accountId: string, s: Surface): Promise<Envelope<unknown>> {
  const res = await fetch(`${h.url}/harness/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey: s.key, payload: s.payload, context: {}, accountId }),
  });
  if (res.status !== 200) throw new Error(`harness answered HTTP ${res.status}`);
  return (await res.json()) as Envelope<unknown>;
}

/** A POPM clone per surface, so requests can be told apart per surface when surfaces run at once. */
// A valid Forge storage key fragment (the store refuses `~`), like a real Atlassian accountId.
export const surfaceUser = (i: number) => `${DEMO.users.popm}-s${i}`;

export function withSurfaceUsers(data: DataSet, n = 40): DataSet {
  const popm = data.users.find((u) => u.accountId === DEMO.users.popm)!;
  for (let i = 0; i < n; i++) if (!data.users.some((u) => u.accountId === surfaceUser(i))) data.users.push({ ...structuredClone(popm), accountId: surfaceUser(i) });
  return data;
}

export function matrixData(sc?: FaultScenario): DataSet {
  const data = generateDemoTrain({ now: NOW });
  sc?.dataSet?.(data);
  return withSurfaceUsers(data);
}

async function startFor(data: DataSet, budgetMs?: number): Promise<RunningHarness> {
  return startHarness({ data, port: 0, now: () => NOW, ...(budgetMs ? { jiraBudgetMs: budgetMs } : {}) });
}

/**
 * Runs one scenario over every surface, each surface as its own POPM clone with a cold metadata
 * cache: one after another, or all at once for stateless faults.
 */
export async function runScenario(sc: FaultScenario, shared?: { h: RunningHarness; data: DataSet }): Promise<Cell[]> {
  const own = !shared || !!sc.dataSet || !!sc.budgetMs;
  const data = own ? matrixData(sc) : shared.data;
  const h = own ? await startFor(data, sc.budgetMs) : shared.h;
  const subjects = subjectsOf(data);
  const surfaces = surfacesOf(subjects);
  const envFor = (i: number): FaultEnv => ({ h, data, subjects, user: surfaceUser(i) });
  const call = async (surface: Surface, i: number): Promise<Cell> => {
    const user = surfaceUser(i);
    const mark = h.emulator.requests.length;
    const t0 = Date.now();
    const envelope = await callSurface(h, user, surface);
    const ms = Date.now() - t0;
    const during = h.emulator.requests.slice(mark).filter((r) => r.actor === user);
    return { scenario: sc.id, surface: surface.id, envelope, ms, faulted: during.filter((r) => r.fault).length, requests: during.length };
  };
  const cells: Cell[] = [];
  try {
    h.emulator.faults.clear();
    await h.store.delete('site:metadata:v1');
    if (sc.parallel) {
      await sc.before?.(envFor(0), surfaces[0]);
      try {
        cells.push(...(await Promise.all(surfaces.map((surface, i) => call(surface, i)))));
      } finally {
        h.emulator.faults.clear();
        await sc.after?.(envFor(0), surfaces[0]);
      }
    } else {
      for (const [i, surface] of surfaces.entries()) {
        h.emulator.faults.clear();
        await h.store.delete('site:metadata:v1');
        await sc.before?.(envFor(i), surface);
        try {
          cells.push(await call(surface, i));
        } finally {
          h.emulator.faults.clear();
          await sc.after?.(envFor(i), surface);
        }
      }
    }
  } finally {
    // A resolver that failed fast may leave sibling requests on the wire; let them land first, so
    // they do not use up the next scenario's faults.
    await settle(h);
    if (own) await h.close();
  }
  return cells;
}

/** Waits until the emulator has logged no request for `quietMs`. */
async function settle(h: RunningHarness, quietMs = 150): Promise<void> {
  for (let n = -1; n !== h.emulator.requests.length; ) {
    n = h.emulator.requests.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

export async function runFaultMatrix(scenarios: FaultScenario[] = SCENARIOS): Promise<{ scenarios: FaultScenario[]; surfaces: Surface[]; cells: Cell[] }> {
  const data = matrixData();
  const h = await startFor(data);
  const cells: Cell[] = [];
  try {
    for (const sc of scenarios) cells.push(...(await runScenario(sc, { h, data })));
  } finally {
    await h.close();
  }
  return { scenarios, surfaces: surfacesOf(subjectsOf(data)), cells };
}

// --- checks and rendering -------------------------------------------------------------------------

/** Resolvers that report Jira's refusals as failed checks in their data instead of an error envelope. */
const DIAGNOSES_FAULTS: ReadonlySet<ResolverKey> = new Set<ResolverKey>(['getSiteCheck']);

const STACK = /\n\s+at\s|\bat .+\(.+:\d+:\d+\)|\.(ts|js):\d+|TypeError|ReferenceError|SyntaxError|undefined is not|Cannot read prop/;

/** Problems with one cell: envelope shape, readability, and the scenario's expectation. */
export function cellProblems(sc: FaultScenario, surface: Surface, e: Envelope<unknown>): string[] {
  const p: string[] = [];
  if (e.ok) {
    if (e.data === undefined || e.data === null) p.push('ok without data');
  } else {
    const { code, message } = e.error ?? ({} as { code?: string; message?: string });
    if (typeof code !== 'string' || typeof message !== 'string') p.push('error without code and message');
    else {
      if (code === 'INTERNAL') p.push(`INTERNAL: ${message}`);
      if (message.length < 20 || !/[.!?)]$/.test(message.trim())) p.push(`not a sentence: "${message}"`);
      if (STACK.test(message)) p.push(`stack-like text: "${message}"`);
    }
  }
  const want = sc.expect(surface);
  // The site check is a diagnosis: a Jira refusal is one of its answers (a failed check saying what
  // Jira did and how to fix it), not an error envelope. Under a fault it must show such a check.
  if (DIAGNOSES_FAULTS.has(surface.key) && 'ok' in want && !want.ok && e.ok) {
    const checks = (e.data as { checks?: { ok: boolean; message: string; fix?: string }[] }).checks ?? [];
    const failed = checks.filter((c) => !c.ok);
    if (!failed.length) p.push(`expected a failed check naming the fault (${want.codes.join('/')}), got every check passing`);
    else if (!failed.some((c) => c.fix)) p.push('failed checks without a fix');
    for (const c of failed) if (STACK.test(c.message) || c.message.trim().length < 20) p.push(`check message not a sentence: "${c.message}"`);
    return p;
  }
  if ('ok' in want && want.ok && !e.ok) p.push(`expected data, got ${e.error.code}: ${e.error.message}`);
  if ('ok' in want && !want.ok) {
    if (e.ok) p.push(`expected ${want.codes.join('/')}, got data`);
    else if (!want.codes.includes(e.error.code)) p.push(`expected ${want.codes.join('/')}, got ${e.error.code}: ${e.error.message}`);
  }
  return p;
}

function short(c: Cell, problems: string[]): string {
  const retried = c.faulted ? ` (${c.faulted}× ${c.envelope.ok ? 'retried' : '429/5xx'})` : '';
  const mark = c.envelope.ok ? `✅ data${retried}` : `⚠️ \`${c.envelope.error.code}\`${retried}`;
  return problems.length ? `${mark} ❌ ${problems.join('; ').replace(/\|/g, '\\|')}` : mark;
}

export function cellOf(m: { cells: Cell[] }, scenario: string, surface: string): Cell | undefined {
  return m.cells.find((x) => x.scenario === scenario && x.surface === surface);
}

/** The matrix (one row per fault, one column per surface), then the sentences a person saw per fault. */
export function toMarkdown(m: { scenarios: FaultScenario[]; surfaces: Surface[]; cells: Cell[] }): string {
  const head = `| Fault | ${m.surfaces.map((s) => s.label).join(' | ')} |`;
  const sep = `|---|${m.surfaces.map(() => '---').join('|')}|`;
  const rows = m.scenarios.map((sc) => {
    const cells = m.surfaces.map((s) => {
      const c = cellOf(m, sc.id, s.id);
      return c ? short(c, cellProblems(sc, s, c.envelope)) : 'n/a';
    });
    return `| ${sc.label} | ${cells.join(' | ')} |`;
  });
  const messages: string[] = [];
  for (const sc of m.scenarios) {
    const seen = new Map<string, string[]>();
    for (const s of m.surfaces) {
      const c = cellOf(m, sc.id, s.id);
      if (!c || c.envelope.ok) continue;
      const line = `\`${c.envelope.error.code}\` “${c.envelope.error.message}”`;
      seen.set(line, [...(seen.get(line) ?? []), s.label]);
    }
    for (const [line, where] of seen) messages.push(`- **${sc.label}** — ${line} (${where.join(', ')})`);
  }
  const slowest = m.scenarios.map((sc) => {
    const times = m.cells.filter((c) => c.scenario === sc.id).map((c) => c.ms);
    return `${sc.label}: ${Math.max(...times)} ms`;
  });
  return [
    head,
    sep,
    ...rows,
    '',
    '✅ data = the surface rendered its data; (n× retried) = the emulator answered n requests with 429/5xx and the client retried them. ⚠️ `CODE` = the envelope carried this code and the sentence below; the UI shows it in an `ErrorMessage` with a retry button.',
    '',
    '**Sentences shown** (exactly as the envelope carried them):',
    '',
    ...messages,
    '',
    `**Slowest surface per fault** (wall clock over the local harness): ${slowest.join('; ')}.`,
  ].join('\n');
}

if (require.main === module) {
  runFaultMatrix()
    .then((m) => {
      console.log(`<!-- generated by \`npx tsx scripts/fault-matrix.ts\` on the demo train (seed default, clock ${NOW.toISOString()}) -->`);
      console.log(toMarkdown(m));
      const bad = m.cells.filter((c) => {
        const sc = m.scenarios.find((s) => s.id === c.scenario)!;
        const s = m.surfaces.find((x) => x.id === c.surface)!;
        return cellProblems(sc, s, c.envelope).length > 0;
      });
      console.log(`\n${m.cells.length} cells, ${bad.length} with problems.`);
      process.exitCode = bad.length ? 1 : 0;
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 2;
    });
}
