/**
 * The live train (issue 18): Forge product events → the event reducer (src/domain/train/events.ts)
 * → the app's stored train, per project, as a live layer over the last full/incremental load.
 *
 * Per event at most one Jira request, as the app (there is no user in a trigger):
 *   issue created/updated  one search `scope AND id = X` (fields the payload lacks: estimates, Sprint,
 *                          team, rank, parent, links; and whether the issue is in the train's scope);
 *                          the payload's changelog items become the record's status/Sprint changes
 *   issue deleted          none (a tombstone)
 *   link created/deleted   one search `scope AND id in (source, destination)`
 *   sprint started         one search `sprint = X`: the committed set (keys + points) at that moment
 *   sprint closed          one search `sprint = X`: the accepted set (done stories) at that moment
 *   sprint updated         one GET of the sprint (the payload has no time to order two updates by)
 *   sprint created/deleted, board created/updated/deleted: none
 * Then the project's live version moves on (the page polls it: `getTrainVersion`) and one queue
 * event asks for the app's live figures to be recomputed, so the trigger stays far inside its time
 * limit (Forge: 25 s for a function without `timeoutSeconds`).
 *
 * Storage: one key per issue / sprint / board / set record, so two events on different issues never
 * overwrite each other, and a recompute lists only the live prefix.
 */
import { z } from 'zod';
import type { TrainHealth } from '../domain/health';
import type { FieldChange, Sprint } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import { PatchableTrain } from '../domain/train/patchable';
import { applyEvent, emptyLiveTrain, overlaySprints, overlayTrain, type LiveTrain, type SeenBoard, type SeenSprint, type SprintSetRecord, type TrainEvent } from '../domain/train/events';
import type { JiraClient } from '../jira/client';
import { and, jqlList } from '../jira/jql';
import { backlogFields, mapChanges, mapIssue, mapSprint } from '../jira/mapping';
import type { JiraBoard, JiraSprint } from '../jira/types';
import type { KeyValueStore } from '../storage/keyValueStore';
import { getLarge, putLarge } from '../storage/sharded';
import { currentSettings, hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';
import { recordedCommitments, registeredProjects } from './snapshots';
import { compact, storedTrain, type CompactIssue } from './sync';
import { assembleTrain, boardSprints, trainScope } from './trainData';
import { healthOf } from './trainHealth';
import type { AppCompute } from './syncCompute';
import { APP_PRINCIPAL, metaKey, type TrainMeta } from './trainStore';

/** The app's train (aggregates only are shown from it), as src/app/refresh.ts keeps it. */
const APP = APP_PRINCIPAL;

// --- Forge payloads (docs: developer.atlassian.com/platform/forge/events-reference/jira, …/jira-software) ---
const changelogItem = z.object({ field: z.string().optional(), fieldtype: z.string().optional(), fieldId: z.string().optional(), from: z.string().nullable().optional(), fromString: z.string().nullable().optional(), to: z.string().nullable().optional(), toString: z.string().nullable().optional() }).passthrough();
const issuePayload = z.object({
  eventType: z.enum(['avi:jira:created:issue', 'avi:jira:updated:issue', 'avi:jira:deleted:issue']),
  issue: z.object({ id: z.string(), key: z.string(), fields: z.object({ updated: z.string().optional(), project: z.object({ key: z.string() }).passthrough().optional() }).passthrough().optional() }).passthrough(),
  changelog: z.object({ id: z.string().optional(), items: z.array(changelogItem).optional() }).passthrough().optional(),
  atlassianId: z.string().optional(),
}).passthrough();
const linkPayload = z.object({
  eventType: z.enum(['avi:jira:created:issuelink', 'avi:jira:deleted:issuelink']),
  issueLink: z.object({ id: z.union([z.string(), z.number()]), sourceIssueId: z.union([z.string(), z.number()]), destinationIssueId: z.union([z.string(), z.number()]) }).passthrough(),
}).passthrough();
const sprintObject = z.object({ id: z.number(), name: z.string().optional(), state: z.enum(['future', 'active', 'closed']).optional(), startDate: z.string().nullable().optional(), endDate: z.string().nullable().optional(), completeDate: z.string().nullable().optional(), originBoardId: z.number().optional() }).passthrough();
const sprintPayload = z.object({
  eventType: z.enum(['avi:jira-software:created:sprint', 'avi:jira-software:updated:sprint', 'avi:jira-software:deleted:sprint', 'avi:jira-software:started:sprint', 'avi:jira-software:closed:sprint']),
  sprint: sprintObject,
}).passthrough();
const boardPayload = z.object({
  eventType: z.enum(['avi:jira-software:created:board', 'avi:jira-software:updated:board', 'avi:jira-software:deleted:board']),
  board: z.object({ id: z.union([z.string(), z.number()]), name: z.string().optional(), type: z.string().optional() }).passthrough(),
}).passthrough();
export const forgeEventSchema = z.union([issuePayload, linkPayload, sprintPayload, boardPayload]);
export type ForgeEvent = z.infer<typeof forgeEventSchema>;

/** Every event the manifest's trigger subscribes to (manifest.yml `refinery-live-train`). */
export const LIVE_EVENTS = [
  'avi:jira:created:issue',
  'avi:jira:updated:issue',
  'avi:jira:deleted:issue',
  'avi:jira:created:issuelink',
  'avi:jira:deleted:issuelink',
  'avi:jira-software:created:sprint',
  'avi:jira-software:updated:sprint',
  'avi:jira-software:deleted:sprint',
  'avi:jira-software:started:sprint',
  'avi:jira-software:closed:sprint',
  'avi:jira-software:created:board',
  'avi:jira-software:updated:board',
  'avi:jira-software:deleted:board',
] as const;

// --- storage ------------------------------------------------------------------------------------
const prefix = (p: string) => `live:v1:${p}:`;
const k = {
  issue: (p: string, id: string) => `${prefix(p)}issue:${id}`,
  deleted: (p: string, id: string) => `${prefix(p)}deleted:${id}`,
  sprint: (p: string, id: string) => `${prefix(p)}sprint:${id}`,
  sprintDeleted: (p: string, id: string) => `${prefix(p)}sprintdel:${id}`,
  board: (p: string, id: string) => `${prefix(p)}board:${id}`,
  boardDeleted: (p: string, id: string) => `${prefix(p)}boarddel:${id}`,
  accepted: (p: string, id: string) => `${prefix(p)}accepted:${id}`,
  version: (p: string) => `livemeta:v1:${p}:version`,
  pending: (p: string) => `livemeta:v1:${p}:pending`,
  view: (p: string) => `livemeta:v1:${p}:view`,
  boards: (p: string) => `livemeta:v1:${p}:boards`,
  drift: (p: string) => `livemeta:v1:${p}:drift`,
  /** Which recompute last consumed the dirty marks (a random token): a kept train is good only if it was this process's. */
  generation: (p: string) => `livemeta:v1:${p}:generation`,
  /** One key per issue an event changed since the last recompute (`<id>:<seq>`), so concurrent triggers never overwrite each other's. */
  dirty: (p: string, id: string, seq: number) => `livedirty:v1:${p}:${id}:${seq}`,
};
const dirtyPrefix = (p: string) => `livedirty:v1:${p}:`;
/** The daily job's commitment records live here too (src/app/snapshots.ts); an event's record replaces them. */
const commitmentKey = (p: string, sprintId: number) => `commitment:${p}:${sprintId}`;

/** A compact record an event saw; `outOfScope` when the read found the issue no longer in the train. */
export type LiveRecord = CompactIssue & { outOfScope?: true };

interface Versioned<T> {
  seq: number;
  value: T;
}

export interface LiveVersion {
  version: number;
  at: string;
}

export async function liveVersion(store: KeyValueStore, projectKey: string): Promise<LiveVersion> {
  return (await store.get<LiveVersion>(k.version(projectKey))) ?? { version: 0, at: '' };
}

async function bumpVersion(store: KeyValueStore, projectKey: string, now: Date): Promise<number> {
  const prev = await liveVersion(store, projectKey);
  // Monotonic even if two triggers race on the read: a clock-based floor.
  const version = Math.max(prev.version + 1, now.getTime());
  await store.set<LiveVersion>(k.version(projectKey), { version, at: now.toISOString() });
  return version;
}

/** The whole live layer of a project, as the reducer's state. */
export async function loadLive(store: KeyValueStore, projectKey: string): Promise<LiveTrain<LiveRecord>> {
  const live = emptyLiveTrain<LiveRecord>();
  const pre = prefix(projectKey);
  for (const { key, value } of await store.list<Versioned<unknown>>(pre)) {
    const [kind, id] = key.slice(pre.length).split(':');
    const v = value.value;
    if (kind === 'issue') live.issues[id] = v as LiveRecord;
    else if (kind === 'deleted') live.deletedIssues[id] = v as string;
    else if (kind === 'sprint') live.sprints[id] = v as SeenSprint;
    else if (kind === 'sprintdel') live.deletedSprints[id] = v as string;
    else if (kind === 'board') live.boards[id] = v as SeenBoard;
    else if (kind === 'boarddel') live.deletedBoards[id] = v as string;
    else if (kind === 'accepted') live.accepted[id] = v as SprintSetRecord;
  }
  for (const [id, r] of Object.entries(await commitmentRecords(store, projectKey))) live.committed[id] = r;
  return live;
}

async function commitmentRecords(store: KeyValueStore, projectKey: string): Promise<Record<string, SprintSetRecord>> {
  const out: Record<string, SprintSetRecord> = {};
  for (const { value } of await store.list<{ sprintId: number; keys: string[]; recordedAt: string; source?: string; points?: number }>(`commitment:${projectKey}:`)) {
    if (value.source === 'event') out[String(value.sprintId)] = { sprintId: value.sprintId, keys: value.keys, points: value.points ?? 0, at: value.recordedAt, source: 'event' };
  }
  return out;
}

/** Sprint id → where its committed set came from: a start event, or the daily job's record. */
export async function commitmentSources(store: KeyValueStore, projectKey: string): Promise<Record<number, 'event' | 'daily'>> {
  const out: Record<number, 'event' | 'daily'> = {};
  for (const { value } of await store.list<{ sprintId: number; source?: string }>(`commitment:${projectKey}:`)) out[value.sprintId] = value.source === 'event' ? 'event' : 'daily';
  return out;
}

/**
 * Applies one normalised event to the stored live layer: loads only the keys it touches, runs the
 * reducer, writes back what changed. Returns whether anything changed (a duplicate changes nothing).
 */
export async function storeEvent(store: KeyValueStore, projectKey: string, ev: TrainEvent<LiveRecord>, seq: number): Promise<boolean> {
  const state = emptyLiveTrain<LiveRecord>();
  const get = async <T>(key: string) => (await store.get<Versioned<T>>(key))?.value;
  const put = <T>(key: string, value: T) => store.set<Versioned<T>>(key, { seq, value });
  switch (ev.type) {
    case 'issueUpsert':
    case 'issueDeleted': {
      const id = ev.type === 'issueUpsert' ? ev.issue.id : ev.issueId;
      const [rec, del] = await Promise.all([get<LiveRecord>(k.issue(projectKey, id)), get<string>(k.deleted(projectKey, id))]);
      if (rec) state.issues[id] = rec;
      if (del) state.deletedIssues[id] = del;
      const next = applyEvent(state, ev);
      if (next === state) return false;
      if (next.deletedIssues[id]) {
        await put(k.deleted(projectKey, id), next.deletedIssues[id]);
        await store.delete(k.issue(projectKey, id));
      } else await put(k.issue(projectKey, id), next.issues[id]);
      // After the record: a recompute that sees the mark reads a record at least this new.
      await store.set(k.dirty(projectKey, id, seq), 1);
      return true;
    }
    case 'sprintSeen':
    case 'sprintDeleted': {
      const id = String(ev.type === 'sprintSeen' ? ev.sprint.id : ev.sprintId);
      const [s, del] = await Promise.all([get<SeenSprint>(k.sprint(projectKey, id)), get<string>(k.sprintDeleted(projectKey, id))]);
      if (s) state.sprints[id] = s;
      if (del) state.deletedSprints[id] = del;
      const next = applyEvent(state, ev);
      if (next === state) return false;
      if (next.deletedSprints[id]) {
        await put(k.sprintDeleted(projectKey, id), next.deletedSprints[id]);
        await store.delete(k.sprint(projectKey, id));
      } else await put(k.sprint(projectKey, id), next.sprints[id]);
      return true;
    }
    case 'boardSeen':
    case 'boardDeleted': {
      const id = String(ev.type === 'boardSeen' ? ev.board.id : ev.boardId);
      const [b, del] = await Promise.all([get<SeenBoard>(k.board(projectKey, id)), get<string>(k.boardDeleted(projectKey, id))]);
      if (b) state.boards[id] = b;
      if (del) state.deletedBoards[id] = del;
      const next = applyEvent(state, ev);
      if (next === state) return false;
      if (next.deletedBoards[id]) {
        await put(k.boardDeleted(projectKey, id), next.deletedBoards[id]);
        await store.delete(k.board(projectKey, id));
      } else await put(k.board(projectKey, id), next.boards[id]);
      return true;
    }
    case 'sprintCommitted': {
      const id = String(ev.record.sprintId);
      const existing = (await commitmentRecords(store, projectKey))[id];
      if (existing) state.committed[id] = existing;
      const next = applyEvent(state, ev);
      if (next === state) return false;
      const r = next.committed[id];
      // Same key and shape as the daily job's record (which it replaces: the event saw the start).
      await store.set(commitmentKey(projectKey, r.sprintId), { sprintId: r.sprintId, keys: r.keys, recordedAt: r.at, source: 'event', points: r.points });
      return true;
    }
    case 'sprintAccepted': {
      const id = String(ev.record.sprintId);
      const existing = await get<SprintSetRecord>(k.accepted(projectKey, id));
      if (existing) state.accepted[id] = existing;
      const next = applyEvent(state, ev);
      if (next === state) return false;
      await put(k.accepted(projectKey, id), next.accepted[id]);
      return true;
    }
  }
}

// --- the trigger's work -------------------------------------------------------------------------
/** A recompute asked for longer ago than a queue consumer can run was lost (push failed, consumer died). */
const PENDING_STALE_MS = 900_000;

export interface TriggerDeps {
  jira: JiraClient;
  store: KeyValueStore;
  now: () => Date;
  /** Asks for the app's live figures to be recomputed (production: one queue event). */
  requestRecompute?: (projectKey: string) => Promise<void>;
}

export interface TriggerOutcome {
  eventType: string;
  projects: string[];
  changed: boolean;
  requests: number;
  ignored?: string;
}

function storyTypes(settings: EffectiveSettings, meta: SiteMetadata): string[] {
  return [...new Set([...typesAtLevel(meta, settings.storyHierarchyLevel), ...typesAtLevel(meta, settings.featureHierarchyLevel), ...(settings.piObjectives ? [settings.piObjectives.issueType] : [])])];
}

const projectOfKey = (key: string) => key.split('-')[0];

/** The changelog items of an issue event as the record's status/Sprint changes. */
function eventChanges(items: z.infer<typeof changelogItem>[] | undefined, at: string | undefined, sprintField: string | null): FieldChange[] {
  if (!items?.length || !at) return [];
  return mapChanges([{ id: '', created: at, items: items.map((i) => ({ field: i.field ?? '', fieldtype: i.fieldtype ?? '', fieldId: i.fieldId, from: i.from ?? null, fromString: i.fromString ?? null, to: i.to ?? null, toString: i.toString ?? null })) }] as never, sprintField);
}

/**
 * One Forge event, end to end. Never throws on a payload it does not know (logged and ignored);
 * a Jira failure throws, so Forge's retry (or the daily reconciliation) repairs it.
 */
export async function handleForgeEvent(deps: TriggerDeps, raw: unknown): Promise<TriggerOutcome> {
  const before = deps.jira.stats.requests;
  const parsed = forgeEventSchema.safeParse(raw);
  const eventType = String((raw as { eventType?: unknown })?.eventType ?? '');
  if (!parsed.success) return { eventType, projects: [], changed: false, requests: 0, ignored: `unknown payload: ${parsed.error.issues[0]?.message ?? ''}` };
  const ev = parsed.data;
  const registered = await registeredProjects(deps.store);
  if (!registered.length) return { eventType, projects: [], changed: false, requests: 0, ignored: 'no project page opened yet' };
  const now = deps.now();
  const { settings, meta } = await currentSettings({ jira: deps.jira, store: deps.store, siteUrl: '', accountId: null, now: deps.now });
  const levelOf = hierarchyLevelLookup(meta);
  const fields = backlogFields(settings.fields, { withText: true });
  const scopeOf = (p: string) => and(trainScope(settings, p), `issuetype in ${jqlList(storyTypes(settings, meta))}`);
  const touched = new Set<string>();
  let changed = false;
  const apply = async (p: string, e: TrainEvent<LiveRecord>, seq: number) => {
    if (await storeEvent(deps.store, p, e, seq)) {
      changed = true;
      touched.add(p);
    }
  };
  const seq = now.getTime();

  const issueEv = issuePayload.safeParse(raw);
  const linkEv = linkPayload.safeParse(raw);
  const sprintEv = sprintPayload.safeParse(raw);
  const boardEv = boardPayload.safeParse(raw);
  void ev;

  if (issueEv.success) {
    const ev = issueEv.data;
    const p = ev.issue.fields?.project?.key ?? projectOfKey(ev.issue.key);
    // A custom train scope may span projects: then every registered project's scope decides.
    const candidates = settings.trainScopeJql ? registered : registered.filter((x) => x === p);
    if (!candidates.length) return { eventType, projects: [], changed: false, requests: 0, ignored: `project ${p} has no stored train` };
    if (ev.eventType === 'avi:jira:deleted:issue') {
      for (const c of candidates) await apply(c, { type: 'issueDeleted', issueId: ev.issue.id, at: ev.issue.fields?.updated ?? now.toISOString() }, seq);
    } else {
      for (const c of candidates) {
        const page = await deps.jira.searchPage(and(scopeOf(c), `id = ${Number(ev.issue.id)}`), fields, { maxResults: 1, reconcileIssues: [Number(ev.issue.id)] });
        const hit = page.issues?.[0];
        if (hit) {
          const rec: LiveRecord = compact(mapIssue(hit, settings.fields, levelOf), settings);
          rec.changes = eventChanges(ev.changelog?.items, ev.issue.fields?.updated, settings.fields.sprintField);
          await apply(c, { type: 'issueUpsert', issue: rec }, seq);
        } else {
          // Left the train (moved, retyped, or now restricted for the app): out of scope, not deleted.
          const rec = { id: ev.issue.id, key: ev.issue.key, updated: ev.issue.fields?.updated ?? now.toISOString(), changes: [], outOfScope: true } as unknown as LiveRecord;
          await apply(c, { type: 'issueUpsert', issue: rec }, seq);
        }
      }
    }
  } else if (linkEv.success) {
    const ev = linkEv.data;
    const ids = [Number(ev.issueLink.sourceIssueId), Number(ev.issueLink.destinationIssueId)].filter((n) => Number.isFinite(n));
    for (const c of registered) {
      const page = await deps.jira.searchPage(and(scopeOf(c), `id in ${jqlList(ids)}`), fields, { maxResults: 2, reconcileIssues: ids });
      for (const hit of page.issues ?? []) await apply(c, { type: 'issueUpsert', issue: compact(mapIssue(hit, settings.fields, levelOf), settings) }, seq);
      if (registered.length > 1 && page.issues?.length) break;
    }
  } else if (sprintEv.success) {
    const ev = sprintEv.data;
    const s = ev.sprint;
    const sprint: Sprint = mapSprint({ ...(s as Partial<JiraSprint>), id: s.id, state: s.state ?? (ev.eventType === 'avi:jira-software:started:sprint' ? 'active' : ev.eventType === 'avi:jira-software:closed:sprint' ? 'closed' : 'future') } as JiraSprint);
    if (ev.eventType === 'avi:jira-software:deleted:sprint') {
      for (const c of registered) await apply(c, { type: 'sprintDeleted', sprintId: s.id, at: now.toISOString() }, seq);
    } else if (ev.eventType === 'avi:jira-software:updated:sprint') {
      const fresh = mapSprint(await deps.jira.sprint(s.id));
      for (const c of registered) await apply(c, { type: 'sprintSeen', sprint: fresh, seenAt: deps.now().toISOString() }, seq);
    } else if (ev.eventType === 'avi:jira-software:started:sprint' || ev.eventType === 'avi:jira-software:closed:sprint') {
      // One search of the sprint's issues, grouped by project (an issue key names its project).
      const hits = (await deps.jira.searchAll(`sprint = ${s.id}`, fields)).map((r) => mapIssue(r, settings.fields, levelOf));
      for (const c of registered) {
        const own = hits.filter((i) => projectOfKey(i.key) === c && i.hierarchyLevel === settings.storyHierarchyLevel);
        const mine = own.length || registered.length === 1;
        if (!mine) continue;
        await apply(c, { type: 'sprintSeen', sprint, seenAt: now.toISOString() }, seq);
        const points = (xs: typeof own) => xs.reduce((n, i) => n + (i.storyPoints ?? 0), 0);
        if (ev.eventType === 'avi:jira-software:started:sprint') {
          await apply(c, { type: 'sprintCommitted', record: { sprintId: s.id, keys: own.map((i) => i.key), points: points(own), at: sprint.startDate ?? now.toISOString(), source: 'event' } }, seq);
        } else {
          const done = own.filter((i) => i.status.category === 'done');
          await apply(c, { type: 'sprintAccepted', record: { sprintId: s.id, keys: done.map((i) => i.key), points: points(done), at: sprint.completeDate ?? now.toISOString(), source: 'event' } }, seq);
        }
      }
    } else {
      for (const c of registered) await apply(c, { type: 'sprintSeen', sprint, seenAt: now.toISOString() }, seq);
    }
  } else if (boardEv.success) {
    const ev = boardEv.data;
    const id = Number(ev.board.id);
    for (const c of registered) {
      if (ev.eventType === 'avi:jira-software:deleted:board') await apply(c, { type: 'boardDeleted', boardId: id, at: now.toISOString() }, seq);
      else await apply(c, { type: 'boardSeen', board: { id, name: ev.board.name ?? '', type: ev.board.type ?? 'scrum' }, seenAt: now.toISOString() }, seq);
    }
  }

  for (const p of touched) {
    await bumpVersion(deps.store, p, now);
    // One recompute queued per burst: the flag is set until the recompute starts. A flag older than
    // a consumer's 900 s is a push that failed or a consumer that died, not a queued run.
    const pending = await deps.store.get<number | boolean>(k.pending(p));
    if (deps.requestRecompute && !(typeof pending === 'number' && now.getTime() - pending < PENDING_STALE_MS)) {
      await deps.store.set(k.pending(p), now.getTime());
      await deps.requestRecompute(p);
    }
  }
  return { eventType, projects: [...touched], changed, requests: deps.jira.stats.requests - before };
}

// --- the app's live figures -----------------------------------------------------------------------
export interface LiveView {
  /** The live version these figures include. */
  version: number;
  computedAt: string;
  /** When the stored train under the live layer was loaded from Jira. */
  loadedAt: string;
  health: Pick<TrainHealth, 'train' | 'figures'>;
  issueCount: number;
  /** Returned by `recomputeLive` only (not stored). */
  recompute?: RecomputeStats;
}

interface CachedBoards {
  at: string;
  boards: Pick<JiraBoard, 'id' | 'name' | 'type'>[];
  sprints: JiraSprint[];
  notes: string[];
}

/** The board list and their sprints, read once and then kept (the live layer adds sprint changes; the reconciliation re-reads them). */
async function boardsOf(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date, fresh = false): Promise<CachedBoards> {
  const cached = fresh ? undefined : await store.get<CachedBoards>(k.boards(projectKey));
  if (cached) return cached;
  const boards = (await jira.boards(projectKey)).map((b) => ({ id: b.id, name: b.name, type: b.type }));
  const { sprints, notes } = await boardSprints(jira, boards);
  const value = { at: now.toISOString(), boards, sprints, notes };
  await store.set(k.boards(projectKey), value);
  return value;
}

/** The stored train (app) with the live layer on top, as compact records and sprints. */
export async function effectiveTrain(store: KeyValueStore, projectKey: string): Promise<{ records: CompactIssue[]; live: LiveTrain<LiveRecord>; loadedAt: string } | null> {
  const base = await storedTrain(store, projectKey, APP);
  if (!base) return null;
  const live = await loadLive(store, projectKey);
  const records = overlayTrain<LiveRecord>(base.records, live).filter((r) => !r.outOfScope);
  return { records, live, loadedAt: base.completedAt };
}

/** The live layer's sprints only: what a recompute reads of it besides the issues events changed. */
async function liveSprints(store: KeyValueStore, projectKey: string): Promise<LiveTrain<never>> {
  const live = emptyLiveTrain<never>();
  const pre = prefix(projectKey);
  for (const { key, value } of await store.list<Versioned<SeenSprint>>(`${pre}sprint:`)) live.sprints[key.slice(`${pre}sprint:`.length)] = value.value;
  for (const { key, value } of await store.list<Versioned<string>>(`${pre}sprintdel:`)) live.deletedSprints[key.slice(`${pre}sprintdel:`.length)] = value.value;
  return live;
}

/** How a recompute got its records, and where its time went (the bench reports these). */
export interface RecomputeStats {
  /**
   * `patched`: the train kept from this process's previous recompute, with only the issues events
   * changed since read and patched in; `loaded`: the whole stored train read and the live layer
   * overlaid (first run, another process ran in between, or a reload/reconciliation replaced the
   * stored train); `fromSync`: the daily reconciliation's own compute stored as is (nothing loaded
   * or computed here, see `recomputeLive`).
   */
  mode: 'patched' | 'loaded' | 'fromSync';
  /** Issues read and patched in (`patched`), or records loaded (`loaded`). */
  records: number;
  loadMs: number;
  computeMs: number;
  writeMs: number;
}

interface KeptTrain {
  projectKey: string;
  /** The stored train it was built on (its meta's completedAt). */
  base: string;
  /** The token this process wrote when it last consumed the dirty marks. */
  generation: string;
  train: PatchableTrain<LiveRecord>;
}

/**
 * The train of the last project recomputed in this process (a warm Forge instance keeps module
 * state between invocations; a cold one starts without it and loads). One project at most, so a
 * consumer's memory holds one train beyond the invocation, and the reconciliation drops it first.
 */
let kept: KeptTrain | null = null;
const running = new Map<string, Promise<unknown>>();

/** Drops the kept train (the reconciliation, before it loads a train of its own; tests). */
export function forgetKeptTrain(): void {
  kept = null;
}

/**
 * Recomputes the app's live figures from storage alone (no Jira request once the boards are
 * known). What the queue consumer runs after events; the bench measures the staleness through it.
 *
 * Incremental as far as the figures allow: the records are the train kept from the previous
 * recompute with the issues events changed since (their dirty marks) read and patched in, so a
 * burst of k events reads k records, not the stored train; the whole train is read only when the
 * kept one cannot be trusted (see `RecomputeStats.mode`). The figures are then computed over the
 * whole train: every story event touches a train-scope figure, and the train figures are ratios
 * of sums over every team's backlog and sprints, which the health domain computes in one pass
 * (computeHealth); per-scope partial figures would need that pass split per team and sprint.
 * One recompute per project at a time in a process; a burst while one runs is one more run.
 */
export function recomputeLive(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date, fromSync: AppCompute | null = null): Promise<LiveView | null> {
  const next = (running.get(projectKey) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => recomputeOnce(jira, store, projectKey, now, fromSync));
  running.set(projectKey, next);
  const done = () => {
    if (running.get(projectKey) === next) running.delete(projectKey);
  };
  next.then(done, done);
  return next;
}

async function recomputeOnce(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date, fromSync: AppCompute | null): Promise<LiveView | null> {
  const t0 = Date.now();
  await store.delete(k.pending(projectKey));
  const version = (await liveVersion(store, projectKey)).version;
  const meta = await store.get<TrainMeta>(metaKey(projectKey, APP));
  if (!meta) return null;
  // Listed before anything is read: a mark written after this stays for the next run.
  const dirty = await store.list<number>(dirtyPrefix(projectKey));
  const generation = await store.get<string>(k.generation(projectKey));
  if (fromSync && (await sameAsSync(store, projectKey, meta, now, fromSync))) {
    // The reconciliation's compute is this recompute's result (see `sameAsSync`): stored as is, so
    // the consumer's run computes the health once. No train is kept: the next recompute loads one.
    kept = null;
    for (const d of dirty) await store.delete(d.key);
    await store.set(k.generation(projectKey), `${now.getTime()}-${Math.random().toString(36).slice(2)}`);
    if (!(await store.get<CachedBoards>(k.boards(projectKey)))) await store.set<CachedBoards>(k.boards(projectKey), { at: now.toISOString(), ...fromSync.boards });
    const loadMs = Date.now() - t0;
    const t2 = Date.now();
    const view: LiveView = { version, computedAt: now.toISOString(), loadedAt: meta.completedAt, health: fromSync.health, issueCount: fromSync.issueCount };
    await putLarge(store, k.view(projectKey), view, `${now.getTime()}`);
    return { ...view, recompute: { mode: 'fromSync', records: 0, loadMs, computeMs: 0, writeMs: Date.now() - t2 } };
  }
  let held = kept && kept.projectKey === projectKey && generation && kept.generation === generation && kept.base === meta.completedAt ? kept : null;
  let mode: RecomputeStats['mode'];
  let records: number;
  if (held) {
    const ids = [...new Set(dirty.map((d) => d.key.slice(dirtyPrefix(projectKey).length).split(':')[0]))];
    for (const id of ids) {
      const [rec, del] = await Promise.all([store.get<Versioned<LiveRecord>>(k.issue(projectKey, id)), store.get<Versioned<string>>(k.deleted(projectKey, id))]);
      held.train.patch(id, rec?.value, del !== undefined);
    }
    mode = 'patched';
    records = ids.length;
  } else {
    kept = null;
    const base = await storedTrain(store, projectKey, APP);
    if (!base) return null;
    const train = PatchableTrain.from(base.records, await loadLive(store, projectKey));
    held = { projectKey, base: base.completedAt, generation: '', train };
    mode = 'loaded';
    records = base.records.length;
  }
  for (const d of dirty) await store.delete(d.key);
  const token = `${now.getTime()}-${Math.random().toString(36).slice(2)}`;
  await store.set(k.generation(projectKey), token);
  held.generation = token;
  const loadMs = Date.now() - t0;

  const t1 = Date.now();
  const recs = held.train.records().filter((r) => !r.outOfScope);
  const { settings } = await currentSettings({ jira, store, siteUrl: '', accountId: null, now: () => now });
  const b = await boardsOf(jira, store, projectKey, now);
  const sprints = overlaySprints(b.sprints.map(mapSprint), held.base || b.at, await liveSprints(store, projectKey));
  const asJira = sprints.map((s) => ({ id: s.id, name: s.name, state: s.state, startDate: s.startDate ?? undefined, endDate: s.endDate ?? undefined, completeDate: s.completeDate ?? undefined, originBoardId: s.boardId ?? undefined }) as JiraSprint);
  const train = assembleTrain(projectKey, trainScope(settings, projectKey), recs, new Map(recs.map((i) => [i.id, i.changes])), b.boards, asJira, settings, b.notes);
  const quality = new Map(recs.map((i) => [i.key, i.quality]));
  const health = healthOf(train, settings, now, await recordedCommitments(store, projectKey), (key) => quality.get(key));
  const computeMs = Date.now() - t1;

  const t2 = Date.now();
  const view: LiveView = { version, computedAt: now.toISOString(), loadedAt: held.base, health: { train: health.train, figures: health.figures }, issueCount: recs.length };
  // Figures carry their members: sharded, as the stored overviews are.
  await putLarge(store, k.view(projectKey), view, `${now.getTime()}`);
  kept = held;
  return { ...view, recompute: { mode, records, loadMs, computeMs, writeMs: Date.now() - t2 } };
}

/**
 * Whether a recompute now would compute exactly the figures of the app's sync compute `c`: the same
 * stored train (its meta.completedAt, which only a finished load or merge moves), nothing on top of
 * it (no issue, tombstone, sprint or sprint deletion in the live layer: `accepted` records and
 * boards are not read by the recompute), the same boards and sprints (the cached ones, when cached,
 * are the sync's), the same `now`, and so the same settings' figures. The recorded commitments may
 * have grown since the compute by the refresh's records of the active sprints, which are the
 * committed sets that compute found: a recorded set wins over the changelog only for the committed
 * set (src/domain/health/sprintCommitment.ts), which is then the same one, and the active sprints
 * show no `recorded` flag. test/integration/reconcileLive.test.ts checks the two against each other.
 */
async function sameAsSync(store: KeyValueStore, projectKey: string, meta: TrainMeta, now: Date, c: AppCompute): Promise<boolean> {
  if (c.projectKey !== projectKey || c.base !== meta.completedAt || c.now !== now.toISOString()) return false;
  const pre = prefix(projectKey);
  for (const kind of ['issue:', 'deleted:', 'sprint:', 'sprintdel:']) if ((await store.list<unknown>(`${pre}${kind}`)).length) return false;
  const cached = await store.get<CachedBoards>(k.boards(projectKey));
  return !cached || JSON.stringify({ boards: cached.boards, sprints: cached.sprints, notes: cached.notes }) === JSON.stringify(c.boards);
}

export async function storedLiveView(store: KeyValueStore, projectKey: string): Promise<LiveView | undefined> {
  return getLarge<LiveView>(store, k.view(projectKey));
}

/** For tests and the reconciliation: the compute() of a full recompute over given records. */
export function healthOfRecords(records: CompactIssue[], boards: CachedBoards, settings: EffectiveSettings, projectKey: string, now: Date, recorded: Record<number, string[]>): TrainHealth {
  const train = assembleTrain(projectKey, trainScope(settings, projectKey), records, new Map(records.map((i) => [i.id, i.changes])), boards.boards, boards.sprints, settings, boards.notes);
  const quality = new Map(records.map((i) => [i.key, i.quality]));
  return healthOf(train, settings, now, recorded, (key) => quality.get(key));
}

/** Clears the live layer after a reconciliation folded it into the stored train. */
export async function clearLive(store: KeyValueStore, projectKey: string, upToSeq: number): Promise<number> {
  let n = 0;
  for (const { key, value } of await store.list<Versioned<unknown>>(prefix(projectKey))) {
    // Events that arrived after the reconciliation started stay: they may be newer than what it read.
    // A sprint's accepted set is a record of a moment, not a copy of Jira: it stays.
    if (key.slice(prefix(projectKey).length).startsWith('accepted:')) continue;
    if (value.seq <= upToSeq) {
      await store.delete(key);
      n++;
    }
  }
  await store.delete(k.boards(projectKey));
  return n;
}

export interface DriftRecord {
  at: string;
  drift: number;
  compared: number;
  /** Live-layer entries folded in. */
  folded: number;
}

export async function recordDrift(store: KeyValueStore, projectKey: string, d: DriftRecord): Promise<void> {
  await store.set(k.drift(projectKey), d);
}

export async function lastDrift(store: KeyValueStore, projectKey: string): Promise<DriftRecord | undefined> {
  return store.get<DriftRecord>(k.drift(projectKey));
}

