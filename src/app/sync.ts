/**
 * The sync engine: loads a train from Jira in resumable steps, within a time budget per
 * invocation, with progress and a cursor in storage.
 *
 *   full:        search pages (100 issues each, explicit fields, nextPageToken) → one stored chunk
 *                per page, text dropped after the quality check → bulk changelogs for 1000 issues
 *                per call (status and Sprint only) → boards and sprints → compute.
 *   incremental: only issues with `updated >= last run` (+ their changelogs), plus an id-only
 *                search (5000 ids per page) to drop issues that left the scope → merge → compute.
 *
 * The same steps run in a resolver as the user (asUser: the result is that person's view, stored
 * per person) and in the queue consumer as the app (asApp: only aggregates are kept). Nothing
 * holds an issue's description past its page: memory stays proportional to the compact records.
 */
import type { TrainHealth } from '../domain/health';
import type { Predictability } from '../domain/predictability';
import type { BacklogIssue, FieldChange } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import type { JiraClient } from '../jira/client';
import { and, jqlList } from '../jira/jql';
import { backlogFields, mapChanges, mapIssue } from '../jira/mapping';
import type { KeyValueStore } from '../storage/keyValueStore';
import { hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';
import { trainScope } from './trainData';
import { qualityInput } from './trainHealth';
import { compute, keepAppCompute } from './syncCompute';
import { APP_PRINCIPAL, base, chunkKey, idsKey, liveSet, loadChunks, metaKey, spareSet, stateKey, type TrainMeta, type TrainSet } from './trainStore';

export { storedTrain } from './trainStore';
import { checkStory, type Criterion, type Severity } from '../domain/quality';
import type { TrainData } from './trainData';
import { tabGeneration } from './tabGeneration';

/**
 * `views`: a person's run whose Overview is stored and whose stored tab views are left for the next
 * call (src/app/projectOverview.ts `refreshProjectOverview`: the compute used over half the call's budget).
 */
export type SyncPhase = 'issues' | 'changed' | 'ids' | 'changelogs' | 'merge' | 'compute' | 'views' | 'done' | 'failed';

export interface SyncState {
  version: 1;
  projectKey: string;
  /** `app`, or the accountId whose view this is. */
  principal: string;
  mode: 'full' | 'incremental';
  phase: SyncPhase;
  jql: string;
  nextPageToken: string | null;
  /** Chunks written by this run (full: the train; incremental: the changed issues). */
  chunkCount: number;
  /** Next chunk whose changelogs are still to fetch. */
  changelogCursor: number;
  idPages: number;
  total: number | null;
  issuesLoaded: number;
  since: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  requests: number;
  invocations: number;
  /** The project's tab-view generation when the run started (src/app/tabViews.ts): a write since then makes its views stale. */
  tabGeneration?: number;
  /** A full run: the chunk set it writes, the one not holding the stored train (absent in runs started before the sets alternated: 'next'). */
  writeSet?: TrainSet;
  /** Phase `views`: the "as of" (ISO) of the Overview stored, which the tab views still to build share. */
  viewsAsOf?: string;
  /** Phase `views`: the feature panel's stored children are to be built with the tab views (the compute's train had no text). */
  viewsWithChildren?: boolean;
  /** Phase `views`: how many of the tab views' groups are stored (src/app/tabViews.ts TAB_GROUP_ORDER). */
  viewsStored?: number;
}

/** One quality finding as a person's stored train keeps it: rule id, criterion, severity, message. */
export type CompactFinding = [rule: string, criterion: Criterion, severity: Severity, message: string];

export interface CompactIssue extends BacklogIssue {
  /**
   * `findings`: only in a person's stored train (`keepText`), for stories: what the Quality and
   * Improvement tabs show per rule, so their stored views need no text (src/app/tabViews.ts).
   */
  quality: { ready: boolean; pass: boolean; findings?: CompactFinding[] };
  changes: FieldChange[];
}

export interface SyncResult {
  state: SyncState;
  /** Present when the run finished in this call. */
  health?: TrainHealth;
  /** PI predictability, when PI objectives are configured or discovered. */
  predictability?: Predictability | null;
  scopeJql?: string;
  /** With `health`: sentences for the page, e.g. which boards have no sprints. */
  notes?: string[];
  /** With `health`: the assembled stored train (a person's stored tab views are built from it). */
  train?: TrainData;
  /** With `train`: loaded without its text (a large person's train, `withoutTextFromChunks`): it serves no stored tab view. */
  withoutText?: boolean;
}

const PAGE = 100;
/** What a person's compact records keep (`compact(…, { keepText })`); a train stored under another version is loaded in full. */
const COMPACT_TEXT_VERSION = 1;
const compactKey = (projectKey: string, principal: string) => `${base(projectKey, principal)}:compact`;
const CHANGELOG_BATCH = 1000;
/** Above this many changed issues an incremental run is no cheaper than a full one. */
const MAX_INCREMENTAL = 5000;

export async function syncState(store: KeyValueStore, projectKey: string, principal: string): Promise<SyncState | undefined> {
  return store.get<SyncState>(stateKey(projectKey, principal));
}

export async function lastCompleted(store: KeyValueStore, projectKey: string, principal: string): Promise<string | null> {
  return (await store.get<TrainMeta>(metaKey(projectKey, principal)))?.completedAt ?? null;
}

/** Starts (or restarts) a run. Incremental needs a completed full run to build on. */
export async function startSync(store: KeyValueStore, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string, principal: string, mode: 'full' | 'incremental', now: Date, total: number | null = null): Promise<SyncState> {
  const prev = await store.get<TrainMeta>(metaKey(projectKey, principal));
  // A person's train stored before it kept text (summaries, findings) is loaded again in full, so the
  // stored tab views can be built from it; an incremental run would keep its old records.
  const textReady = principal === APP_PRINCIPAL || (await store.get<number>(compactKey(projectKey, principal))) === COMPACT_TEXT_VERSION;
  const effective = mode === 'incremental' && prev && textReady ? 'incremental' : 'full';
  // Jira's `updated >=` works in minutes, and reads an absolute date in the user's time zone, so
  // the query uses a relative period ("-90m"), with 5 minutes' margin for clock skew between runs.
  const since = effective === 'incremental' ? new Date(Date.parse(prev!.completedAt) - 5 * 60_000) : null;
  const minutesAgo = since ? Math.max(1, Math.ceil((now.getTime() - since.getTime()) / 60_000)) : 0;
  const types = [...new Set([...typesAtLevel(meta, settings.storyHierarchyLevel), ...typesAtLevel(meta, settings.featureHierarchyLevel), ...(settings.piObjectives ? [settings.piObjectives.issueType] : [])])];
  const scope = and(trainScope(settings, projectKey), `issuetype in ${jqlList(types)}`);
  const jql = since ? `${and(scope, `updated >= "-${minutesAgo}m"`)} ORDER BY Rank ASC` : `${scope} ORDER BY Rank ASC`;
  const state: SyncState = {
    version: 1,
    projectKey,
    principal,
    mode: effective,
    phase: effective === 'full' ? 'issues' : 'changed',
    jql,
    nextPageToken: null,
    chunkCount: 0,
    changelogCursor: 0,
    idPages: 0,
    total,
    issuesLoaded: 0,
    since: since?.toISOString() ?? null,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    finishedAt: null,
    error: null,
    requests: 0,
    invocations: 0,
    tabGeneration: await tabGeneration(store),
    ...(effective === 'full' ? { writeSet: spareSet(prev) } : {}),
  };
  await store.set(stateKey(projectKey, principal), state);
  return state;
}


/**
 * Exported for the live train (src/app/events.ts), which compacts the one issue an event read.
 * `keepText`: a person's train (read as them, stored per person) keeps the summaries (its own and its
 * links') and each story's findings, which the stored tab views show; the app's train keeps no text.
 */
export function compact(raw: BacklogIssue, settings: EffectiveSettings, opts: { keepText?: boolean } = {}): CompactIssue {
  const isObjective = !!settings.piObjectives && raw.issueType.toLowerCase() === settings.piObjectives.issueType.toLowerCase();
  const report = raw.hierarchyLevel === settings.storyHierarchyLevel && !isObjective ? checkStory(qualityInput(raw, new Map()), { maxStoryPoints: settings.maxStoryPoints, maxScenarios: 8, dor: settings.dor }) : null;
  const verdict = { ready: report?.ready ?? false, pass: report ? !report.findings.some((f) => f.severity === 'error') : true };
  return {
    ...raw,
    // The description and acceptance criteria are needed for the quality check only; they are not
    // kept (the metrics never show them, and stored data should hold as little of the site's
    // content as possible).
    summary: opts.keepText ? raw.summary : '',
    description: null,
    acceptanceCriteria: null,
    links: opts.keepText ? raw.links : raw.links.map((l) => ({ ...l, other: { ...l.other, summary: '' } })),
    quality: opts.keepText && report ? { ...verdict, findings: report.findings.map((f): CompactFinding => [f.rule, f.criterion, f.severity, f.message]) } : verdict,
    changes: [],
  };
}

/**
 * Advances the run until it finishes or `budgetMs` is spent (checked between Jira calls, so one
 * call may overrun it by its own duration). The state is saved after every step, so a run that
 * dies resumes from its cursor.
 */
export async function syncStep(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string, principal: string, now: () => Date, budgetMs: number, opts: { withoutTextFromChunks?: number } = {}): Promise<SyncResult> {
  // The budget is wall-clock time of this invocation (not the app clock, which tests fix).
  const started = Date.now();
  let state = await store.get<SyncState>(stateKey(projectKey, principal));
  if (!state) throw new Error(`No refresh is running for ${projectKey}.`);
  if (state.phase === 'done' || state.phase === 'failed') return { state };
  const requestsBefore = jira.stats.requests;
  const stateRequestsAtStart = state.requests;
  const save = async () => {
    state!.updatedAt = now().toISOString();
    state!.requests = stateRequestsAtStart + (jira.stats.requests - requestsBefore);
    await store.set(stateKey(projectKey, principal), state);
  };
  state.invocations++;
  state.error = null;
  const levelOf = hierarchyLevelLookup(meta);
  const fields = backlogFields(settings.fields, { withText: true });
  const within = () => Date.now() - started < budgetMs;
  const keepText = principal !== APP_PRINCIPAL;

  // The previous train's chunks go first: a full run must not write a set still being deleted.
  const writeSet = state.writeSet ?? 'next';
  const writing = state.mode === 'full' && state.chunkCount > 0 ? writeSet : null;
  const stale = await deleteStale(store, projectKey, principal, within, writing);
  if (stale && state.mode === 'full' && stale.set === writeSet) {
    await save();
    return { state };
  }

  let first = true;
  try {
    // At least one step per call, then as many as the budget allows.
    while (first || within()) {
      const firstStep = first;
      first = false;
      if (state.phase === 'issues' || state.phase === 'changed') {
        const set = state.phase === 'issues' ? writeSet : 'delta';
        const page = await jira.searchPage(state.jql, fields, { nextPageToken: state.nextPageToken ?? undefined, maxResults: PAGE });
        const issues = (page.issues ?? []).map((r) => compact(mapIssue(r, settings.fields, levelOf), settings, { keepText }));
        if (issues.length) {
          await store.set(chunkKey(projectKey, principal, set, state.chunkCount), issues);
          state.chunkCount++;
          state.issuesLoaded += issues.length;
        }
        const more = page.isLast === false || (page.isLast === undefined && !!page.nextPageToken);
        state.nextPageToken = more ? (page.nextPageToken ?? null) : null;
        if (!more) {
          if (state.phase === 'changed' && state.issuesLoaded > MAX_INCREMENTAL) {
            // Too much changed: a full run is cheaper and simpler.
            await clearSet(store, projectKey, principal, 'delta', state.chunkCount);
            const restarted = await startSync(store, settings, meta, projectKey, principal, 'full', now());
            state = { ...restarted, invocations: state.invocations, requests: state.requests, total: state.total };
            // The next call starts the full run (its set may still hold a previous train to delete first).
            await save();
            return { state };
          }
          state.phase = state.phase === 'issues' ? 'changelogs' : 'ids';
          state.nextPageToken = null;
          if (state.phase === 'ids') state.jql = state.jql.replace(/ AND \(updated >= "[^"]*"\)/, '');
        }
        await save();
        continue;
      }
      if (state.phase === 'ids') {
        // Every id still in scope, 5000 per page, to drop issues that were deleted or moved out.
        const page = await jira.searchPage(state.jql, ['id'], { nextPageToken: state.nextPageToken ?? undefined, maxResults: 5000 });
        await store.set(
          idsKey(projectKey, principal, state.idPages),
          (page.issues ?? []).map((i) => i.id),
        );
        state.idPages++;
        const more = page.isLast === false || (page.isLast === undefined && !!page.nextPageToken);
        state.nextPageToken = more ? (page.nextPageToken ?? null) : null;
        if (!more) state.phase = 'changelogs';
        await save();
        continue;
      }
      if (state.phase === 'changelogs') {
        const set = state.mode === 'full' ? writeSet : 'delta';
        if (state.changelogCursor >= state.chunkCount) {
          state.phase = state.mode === 'full' ? 'compute' : 'merge';
          await save();
          continue;
        }
        const per = Math.max(1, Math.floor(CHANGELOG_BATCH / PAGE));
        const idxs = Array.from({ length: Math.min(per, state.chunkCount - state.changelogCursor) }, (_, i) => state!.changelogCursor + i);
        const chunks = await Promise.all(idxs.map((n) => store.get<CompactIssue[]>(chunkKey(projectKey, principal, set, n))));
        const ids = chunks.flatMap((c) => (c ?? []).map((i) => i.id));
        const logs = ids.length ? await jira.bulkChangelogs(ids, ['status', ...(settings.fields.sprintField ? [settings.fields.sprintField] : [])]) : new Map();
        for (let k = 0; k < idxs.length; k++) {
          const c = chunks[k] ?? [];
          for (const i of c) i.changes = mapChanges(logs.get(i.id) ?? [], settings.fields.sprintField);
          await store.set(chunkKey(projectKey, principal, set, idxs[k]), c);
        }
        state.changelogCursor += idxs.length;
        await save();
        continue;
      }
      if (state.phase === 'merge') {
        await mergeDelta(store, projectKey, principal, state);
        state.phase = 'compute';
        await save();
        continue;
      }
      if (state.phase === 'compute') {
        // The compute and what follows it in the caller (stored views, the quality-property pass,
        // the live recompute) take time in proportion to the train and are not budget-checked: when
        // loading already used half of this invocation's budget, they start the next invocation,
        // which has all of it (a 200k-issue consumer run otherwise overran Forge's 900 s).
        if (!firstStep && Date.now() - started > budgetMs / 2) break;
        // The train's chunks: a full run's own (promoted below), an incremental run's as merged.
        const chunks = state.mode === 'full' ? state.chunkCount : ((await store.get<TrainMeta>(metaKey(projectKey, principal)))?.chunkCount ?? 0);
        const withoutText = opts.withoutTextFromChunks !== undefined && chunks >= opts.withoutTextFromChunks;
        // A train computed without its text (a large person's train) takes most of a call's budget for
        // the compute and the Overview alone (~13 s at 200,000 issues): it starts a call of its own.
        if (!firstStep && withoutText) break;
        if (state.mode === 'full') {
          await promote(store, projectKey, principal, writeSet, state.chunkCount);
          if (keepText) await store.set(compactKey(projectKey, principal), COMPACT_TEXT_VERSION);
        }
        const at = now();
        const { health, predictability, notes, train, boards, issueCount } = await compute(jira, store, settings, projectKey, principal, at, { withoutText });
        const trainMeta = (await store.get<TrainMeta>(metaKey(projectKey, principal)))!;
        await store.set<TrainMeta>(metaKey(projectKey, principal), { ...trainMeta, completedAt: state.startedAt });
        // The app's run: the reconciliation after it stores these figures as the live view instead
        // of computing them again (src/app/events.ts, `recomputeLive` with `fromSync`).
        if (!keepText) keepAppCompute({ projectKey, base: state.startedAt, now: at.toISOString(), health: { train: health.train, figures: health.figures }, issueCount, boards });
        state.phase = 'done';
        state.finishedAt = now().toISOString();
        await save();
        // What the budget leaves goes to deleting the previous train; the next run finishes it.
        await deleteStale(store, projectKey, principal, within, null).catch(() => undefined);
        return { state, health, predictability, scopeJql: trainScope(settings, projectKey), notes, ...(keepText ? { train, withoutText } : {}) };
      }
      break;
    }
  } catch (e) {
    // The cursor is kept: the next step retries from where this one stopped.
    state.error = (e as Error).message;
    await save();
    throw e;
  }
  return { state };
}

async function clearSet(store: KeyValueStore, projectKey: string, principal: string, set: 'train' | 'delta' | 'next', count: number) {
  for (let n = 0; n < count; n++) await store.delete(chunkKey(projectKey, principal, set, n));
}

/**
 * A finished full load replaces the train: the meta record is pointed at the set the run wrote, one
 * write however long the train; the previous train stays readable until then, and its chunks are
 * left to `deleteStale`. Run again after a compute that failed, it changes nothing.
 */
async function promote(store: KeyValueStore, projectKey: string, principal: string, set: TrainSet, count: number) {
  const prev = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (prev && liveSet(prev) === set) return;
  // A train stored by an earlier version (no `set`): its promote copied each chunk into 'train', and
  // may have done so already before its compute failed.
  if (prev && prev.set === undefined && set === 'next' && count > 0 && (await store.get(chunkKey(projectKey, principal, set, 0))) === undefined) return;
  const stale = prev && prev.chunkCount > 0 ? { stale: { set: liveSet(prev), count: prev.chunkCount } } : {};
  await store.set<TrainMeta>(metaKey(projectKey, principal), { chunkCount: count, completedAt: prev?.completedAt ?? '', set, ...stale });
}

/** Deletes at once: on Forge each is a network request. */
const DELETE_WINDOW = 10;

/**
 * Deletes the previous train's chunks, from the last one down, a window at a time while `within()`
 * (at least one window per call). Answers what is left, or null once nothing is. `writing`: the set a
 * full run has begun writing, whose chunks are that run's (never deleted; a stale record for it is dropped).
 */
async function deleteStale(store: KeyValueStore, projectKey: string, principal: string, within: () => boolean, writing: TrainSet | null): Promise<TrainMeta['stale'] | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta?.stale) return null;
  const { set } = meta.stale;
  if (set === writing) {
    const { stale: _mine, ...rest } = meta;
    await store.set<TrainMeta>(metaKey(projectKey, principal), rest);
    return null;
  }
  let count = meta.stale.count;
  let first = true;
  while (count > 0 && (first || within())) {
    first = false;
    const from = Math.max(0, count - DELETE_WINDOW);
    await Promise.all(Array.from({ length: count - from }, (_, i) => store.delete(chunkKey(projectKey, principal, set, from + i))));
    count = from;
  }
  const { stale: _done, ...rest } = meta;
  await store.set<TrainMeta>(metaKey(projectKey, principal), count > 0 ? { ...rest, stale: { set, count } } : rest);
  return count > 0 ? { set, count } : null;
}

async function mergeDelta(store: KeyValueStore, projectKey: string, principal: string, state: SyncState) {
  const meta = (await store.get<TrainMeta>(metaKey(projectKey, principal)))!;
  const train = await loadChunks(store, projectKey, principal, liveSet(meta), meta.chunkCount);
  const delta = await loadChunks(store, projectKey, principal, 'delta', state.chunkCount);
  const live = new Set<string>();
  for (let n = 0; n < state.idPages; n++) for (const id of (await store.get<string[]>(idsKey(projectKey, principal, n))) ?? []) live.add(id);
  const changed = new Map(delta.map((i) => [i.id, i]));
  const merged = train.filter((i) => live.has(i.id) && !changed.has(i.id));
  merged.push(...delta.filter((i) => live.has(i.id)));
  merged.sort((a, b) => ((a.rank ?? '\uffff') < (b.rank ?? '\uffff') ? -1 : (a.rank ?? '\uffff') > (b.rank ?? '\uffff') ? 1 : 0));
  const count = Math.ceil(merged.length / PAGE);
  const set = liveSet(meta);
  for (let n = 0; n < count; n++) await store.set(chunkKey(projectKey, principal, set, n), merged.slice(n * PAGE, (n + 1) * PAGE));
  for (let n = count; n < meta.chunkCount; n++) await store.delete(chunkKey(projectKey, principal, set, n));
  await clearSet(store, projectKey, principal, 'delta', state.chunkCount);
  for (let n = 0; n < state.idPages; n++) await store.delete(idsKey(projectKey, principal, n));
  await store.set<TrainMeta>(metaKey(projectKey, principal), { ...meta, chunkCount: count });
}

/**
 * A finished run whose stored tab views are left for the next call: it waits in phase `views`, as of
 * `asOf` (the Overview's), until `viewsDone`. Its train and "completed at" are the finished run's already.
 */
export async function viewsPending(store: KeyValueStore, projectKey: string, principal: string, asOf: Date, withChildren: boolean): Promise<SyncState> {
  const state = (await store.get<SyncState>(stateKey(projectKey, principal)))!;
  const waiting: SyncState = { ...state, phase: 'views', viewsAsOf: asOf.toISOString(), ...(withChildren ? { viewsWithChildren: true } : {}), finishedAt: null };
  await store.set(stateKey(projectKey, principal), waiting);
  return waiting;
}

/** A run in phase `views` stored `groups` of its tab views: the next call goes on from there. */
export async function viewsProgress(store: KeyValueStore, state: SyncState, groups: number, now: Date): Promise<SyncState> {
  const { viewsWithChildren: _children, ...rest } = state;
  const next: SyncState = { ...rest, viewsStored: groups, invocations: state.invocations + 1, updatedAt: now.toISOString(), error: null };
  await store.set(stateKey(state.projectKey, state.principal), next);
  return next;
}

/** The tab views of a run in phase `views` are stored: the run is done. */
export async function viewsDone(store: KeyValueStore, state: SyncState, now: Date): Promise<SyncState> {
  const { viewsAsOf: _asOf, viewsWithChildren: _children, viewsStored: _stored, ...rest } = state;
  const done: SyncState = { ...rest, phase: 'done', invocations: state.invocations + 1, updatedAt: now.toISOString(), finishedAt: now.toISOString(), error: null };
  await store.set(stateKey(state.projectKey, state.principal), done);
  return done;
}

/** Runs a whole sync in one go (small trains, tests, the CLI). */
export async function syncToEnd(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string, principal: string, mode: 'full' | 'incremental', now: () => Date): Promise<SyncResult> {
  await startSync(store, settings, meta, projectKey, principal, mode, now());
  for (;;) {
    const r = await syncStep(jira, store, settings, meta, projectKey, principal, now, Number.POSITIVE_INFINITY);
    if (r.state.phase === 'done') return r;
  }
}
