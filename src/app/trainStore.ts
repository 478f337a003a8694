/**
 * Where the sync keeps a stored train: the storage keys of its state, its chunks (one search page
 * each, compact records) and its meta record, and the readers of the stored chunks. The sync
 * (src/app/sync.ts) writes them; the compute phase (src/app/syncCompute.ts), the live train and
 * the reconciliation read them.
 *
 * Memory (issue 16, docs/PERFORMANCE.md "Memory"): a stored chunk parses into fresh objects and a
 * fresh string for every value, so 50,000 records of about 1 KB of JSON took about 1.5 KB each as
 * JavaScript objects. The readers below read one chunk at a time and share what records repeat
 * (`RecordSharing`): each distinct status, sprint, assignee, label list and short string (status
 * names and ids, teams, issue types, changelog values, timestamps) is held once per load. The
 * records' values are unchanged (the same JSON, the same fingerprints); only identical values
 * become one object. Nothing in the app mutates a stored record's nested values (records are
 * replaced, not edited), so sharing them is safe.
 */
import type { FieldChange, IssueLinkRef } from '../domain/model';
import type { KeyValueStore } from '../storage/keyValueStore';
import type { CompactIssue } from './sync';

/** The app's own (aggregate-only) train is kept under this principal; a person's under their accountId. */
export const APP_PRINCIPAL = 'app';

export type ChunkSet = 'train' | 'delta' | 'next';

export const base = (projectKey: string, principal: string) => `sync:v1:${projectKey}:${principal}`;
export const stateKey = (p: string, who: string) => `${base(p, who)}:state`;
export const chunkKey = (p: string, who: string, set: ChunkSet, n: number) => `${base(p, who)}:${set}:${String(n).padStart(6, '0')}`;
export const idsKey = (p: string, who: string, n: number) => `${base(p, who)}:ids:${String(n).padStart(6, '0')}`;
export const metaKey = (p: string, who: string) => `${base(p, who)}:meta`;

export interface TrainMeta {
  chunkCount: number;
  completedAt: string;
}

/** Strings longer than this are rarely repeated (keys and ranks are unique); they are kept as read. */
const MAX_SHARED_STRING = 64;

/**
 * Equal values of many records held once: strings up to 64 characters, and small objects and
 * arrays by their JSON (statuses, sprints, assignees, label lists, quality verdicts).
 */
export class RecordSharing {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();

  str<T>(v: T): T {
    if (typeof v !== 'string' || v.length > MAX_SHARED_STRING) return v;
    const s = this.strings.get(v);
    if (s !== undefined) return s as T;
    this.strings.set(v, v);
    return v;
  }

  /** `v` (a small JSON value: a status, a sprint list, an assignee) or the equal one seen before. */
  value<T>(v: T): T {
    if (v === null || typeof v !== 'object') return this.str(v);
    const k = JSON.stringify(v);
    const seen = this.values.get(k);
    if (seen !== undefined) return seen as T;
    this.values.set(k, v);
    return v;
  }

  /**
   * The record (freshly parsed, referenced by nobody else) with its repeated values replaced by the
   * shared ones, in place: a parsed object keeps its compact shape when its properties are only
   * reassigned (a rebuilt object of the same values took more memory than the parsed one).
   */
  record<R extends CompactIssue>(r: R): R {
    r.issueType = this.str(r.issueType);
    r.team = this.str(r.team);
    r.parentKey = this.str(r.parentKey);
    r.resolutionDate = this.str(r.resolutionDate);
    r.status = this.value(r.status);
    r.sprints = this.value(r.sprints);
    r.labels = this.value(r.labels);
    r.fixVersions = this.value(r.fixVersions);
    r.assignee = this.value(r.assignee);
    if (r.objective !== undefined) r.objective = this.value(r.objective);
    // A person's train keeps each story's findings (text): those stay the story's own.
    if (r.quality && !r.quality.findings) r.quality = this.value(r.quality);
    if (Array.isArray(r.links)) for (const l of r.links) this.link(l);
    if (Array.isArray(r.changes)) for (const c of r.changes) this.change(c);
    return r;
  }

  private change(c: FieldChange): void {
    c.field = this.str(c.field);
    c.from = this.str(c.from);
    c.to = this.str(c.to);
    c.fromString = this.str(c.fromString);
    c.toString = this.str(c.toString);
  }

  private link(l: IssueLinkRef): void {
    l.direction = this.str(l.direction);
    l.typeName = this.str(l.typeName);
    l.other.statusCategory = this.str(l.other.statusCategory);
    l.other.statusName = this.str(l.other.statusName);
    l.other.summary = this.str(l.other.summary);
  }
}

/**
 * Each stored chunk of a set in order, one at a time, its records shared through `sharing`: a
 * caller that folds them keeps only what it needs of each record, never the whole set.
 */
export async function eachChunk(store: KeyValueStore, projectKey: string, principal: string, set: 'train' | 'delta', count: number, fn: (records: CompactIssue[], n: number) => void | Promise<void>, sharing = new RecordSharing()): Promise<void> {
  for (let n = 0; n < count; n++) {
    const chunk = (await store.get<CompactIssue[]>(chunkKey(projectKey, principal, set, n))) ?? [];
    await fn(
      chunk.map((r) => sharing.record(r)),
      n,
    );
  }
}

/** Every record of a stored chunk set, in chunk order. */
export async function loadChunks(store: KeyValueStore, projectKey: string, principal: string, set: 'train' | 'delta', count: number, sharing = new RecordSharing()): Promise<CompactIssue[]> {
  const out: CompactIssue[] = [];
  await eachChunk(
    store,
    projectKey,
    principal,
    set,
    count,
    (records) => {
      for (const r of records) out.push(r);
    },
    sharing,
  );
  return out;
}

/** The stored train's compact records and when its last run started (the live train and the reconciliation read it). */
export async function storedTrain(store: KeyValueStore, projectKey: string, principal: string): Promise<{ records: CompactIssue[]; completedAt: string } | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta) return null;
  return { records: await loadChunks(store, projectKey, principal, 'train', meta.chunkCount), completedAt: meta.completedAt };
}

/** The stored train one chunk at a time (for a fold that needs each record once, e.g. fingerprints); false when there is none. */
export async function eachStoredRecord(store: KeyValueStore, projectKey: string, principal: string, fn: (r: CompactIssue) => void): Promise<{ completedAt: string; count: number } | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta) return null;
  let count = 0;
  await eachChunk(store, projectKey, principal, 'train', meta.chunkCount, (records) => {
    for (const r of records) fn(r);
    count += records.length;
  });
  return { completedAt: meta.completedAt, count };
}
