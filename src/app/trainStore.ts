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
  /**
   * Which of the two chunk sets holds the train (absent: 'train', as every train stored before the
   * sets alternated). A full run writes the other set and then only points this at it, so finishing
   * a run is one write however long the train (a move of 2,013 chunks took a resolver's whole 20 s
   * at 200k issues; on Forge each storage call is a network request).
   */
  set?: TrainSet;
  /** Chunks of the other set left to delete (the previous train); deleted in budgeted steps before that set is written again. */
  stale?: { set: TrainSet; count: number };
}

/** The two sets a train alternates between. */
export type TrainSet = 'train' | 'next';
/** The set holding the stored train. */
export const liveSet = (meta: Pick<TrainMeta, 'set'> | undefined): TrainSet => meta?.set ?? 'train';
/** The set a full run writes (the one not holding the train). */
export const spareSet = (meta: Pick<TrainMeta, 'set'> | undefined): TrainSet => (liveSet(meta) === 'train' ? 'next' : 'train');

/** Stored chunks read at once: a bounded window (on Forge each read is a network request; memory stays a few chunks). */
const READ_AHEAD = 8;

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
    // A verdict with its findings too (a person's train): on a person's 19,189 stored records
    // (2026-12-04) 6,144 distinct verdicts, and live heap 980 → 845 bytes per record shared.
    if (r.quality) r.quality = this.value(r.quality);
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
export async function eachChunk(store: KeyValueStore, projectKey: string, principal: string, set: ChunkSet, count: number, fn: (records: CompactIssue[], n: number) => void | Promise<void>, sharing = new RecordSharing()): Promise<void> {
  // Up to READ_AHEAD reads in flight; `fn` sees the chunks one at a time, in order.
  const reads: Promise<CompactIssue[] | undefined>[] = [];
  const ask = (n: number) => {
    if (n < count) reads[n] = store.get<CompactIssue[]>(chunkKey(projectKey, principal, set, n));
  };
  for (let n = 0; n < Math.min(READ_AHEAD, count); n++) ask(n);
  for (let n = 0; n < count; n++) {
    const chunk = (await reads[n]) ?? [];
    delete reads[n];
    ask(n + READ_AHEAD);
    await fn(
      chunk.map((r) => sharing.record(r)),
      n,
    );
  }
}

/** Every record of a stored chunk set, in chunk order. */
export async function loadChunks(store: KeyValueStore, projectKey: string, principal: string, set: ChunkSet, count: number, sharing = new RecordSharing()): Promise<CompactIssue[]> {
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
  return { records: await loadChunks(store, projectKey, principal, liveSet(meta), meta.chunkCount), completedAt: meta.completedAt };
}

/** The stored train one chunk at a time (for a fold that needs each record once, e.g. fingerprints); false when there is none. */
export async function eachStoredRecord(store: KeyValueStore, projectKey: string, principal: string, fn: (r: CompactIssue) => void): Promise<{ completedAt: string; count: number } | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta) return null;
  let count = 0;
  await eachChunk(store, projectKey, principal, liveSet(meta), meta.chunkCount, (records) => {
    for (const r of records) fn(r);
    count += records.length;
  });
  return { completedAt: meta.completedAt, count };
}

/**
 * The changelogs of a loaded train, packed (issue 16, docs/PERFORMANCE.md "Memory"): the app's
 * compute reads each record's status and Sprint changes only through `changes.get(id)`, so they
 * are held here instead of as one object per change (~120 bytes each, 2.8 per record): per change
 * its time as a number (8 bytes; the original string when it does not print back the same), and
 * its field and four values as indexes into the load's strings (20 bytes). `get` builds the
 * record's FieldChange[] again, equal to the stored ones (same values, same order), for each call.
 * The numbers are held in blocks of 32,768 changes (896 KB), added as they fill: no array is copied
 * to grow, and at most one block is partly empty (a doubled array was up to half empty, and both
 * were held while copying: ~44 MB at once at 201,287 issues).
 */
const BLOCK_BITS = 15;
const BLOCK = 1 << BLOCK_BITS;

export class PackedChanges extends Map<string, FieldChange[]> {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly times: Float64Array[] = [];
  private readonly ints: Int32Array[] = [];
  /** Times kept as read (change index → string) when neither format below prints them back. */
  private readonly oddTimes = new Map<number, string>();
  /** id → first change index * 2^13 + count; records with more changes than that are kept as read. */
  private readonly spans = new Map<string, number>();
  private readonly large = new Map<string, FieldChange[]>();
  private count = 0;

  private idx(s: string | null): number {
    if (s === null) return -1;
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  private str(i: number): string | null {
    return i < 0 ? null : this.strings[i];
  }

  /** Adds one record's changes (the array itself is not kept). */
  add(id: string, changes: readonly FieldChange[]): void {
    if (changes.length >= 8192) {
      this.large.set(id, [...changes]);
      return;
    }
    const start = this.count;
    for (const c of changes) {
      const n = this.count++;
      const i = n & (BLOCK - 1);
      if (i === 0) {
        this.times.push(new Float64Array(BLOCK));
        this.ints.push(new Int32Array(5 * BLOCK));
      }
      const times = this.times[n >> BLOCK_BITS];
      const ints = this.ints[n >> BLOCK_BITS];
      const t = Date.parse(c.at);
      let format = 2;
      if (!Number.isNaN(t)) {
        const iso = new Date(t).toISOString();
        if (iso === c.at) format = 0;
        else if (`${iso.slice(0, -1)}+0000` === c.at) format = 1;
      }
      times[i] = format === 2 ? NaN : t;
      if (format === 2) this.oddTimes.set(n, c.at);
      const o = i * 5;
      ints[o] = (c.field === 'sprint' ? 1 : 0) | (format << 1);
      ints[o + 1] = this.idx(c.from);
      ints[o + 2] = this.idx(c.to);
      ints[o + 3] = this.idx(c.fromString);
      ints[o + 4] = this.idx(c.toString);
    }
    this.spans.set(id, start * 8192 + changes.length);
  }

  override get(id: string): FieldChange[] | undefined {
    const big = this.large.get(id);
    if (big) return big;
    const span = this.spans.get(id);
    if (span === undefined) return undefined;
    const start = Math.floor(span / 8192);
    const out: FieldChange[] = [];
    for (let n = start; n < start + (span % 8192); n++) {
      const i = n & (BLOCK - 1);
      const time = this.times[n >> BLOCK_BITS][i];
      const ints = this.ints[n >> BLOCK_BITS];
      const o = i * 5;
      const format = ints[o] >> 1;
      const at = format === 2 ? this.oddTimes.get(n)! : format === 0 ? new Date(time).toISOString() : `${new Date(time).toISOString().slice(0, -1)}+0000`;
      out.push({ at, field: ints[o] & 1 ? 'sprint' : 'status', from: this.str(ints[o + 1]), to: this.str(ints[o + 2]), fromString: this.str(ints[o + 3]), toString: this.str(ints[o + 4]) });
    }
    return out;
  }

  override has(id: string): boolean {
    return this.spans.has(id) || this.large.has(id);
  }

  override get size(): number {
    return this.spans.size + this.large.size;
  }

  override set(): this {
    throw new Error('PackedChanges: use add()');
  }

  override forEach(): void {
    throw new Error('PackedChanges: get(id) only');
  }

  override entries(): MapIterator<[string, FieldChange[]]> {
    throw new Error('PackedChanges: get(id) only');
  }

  override keys(): MapIterator<string> {
    throw new Error('PackedChanges: get(id) only');
  }

  override values(): MapIterator<FieldChange[]> {
    throw new Error('PackedChanges: get(id) only');
  }

  override [Symbol.iterator](): MapIterator<[string, FieldChange[]]> {
    throw new Error('PackedChanges: get(id) only');
  }
}

/** What a packed record's `changes` is: its changelog is in the load's PackedChanges. */
const PACKED: FieldChange[] = Object.freeze([]) as unknown as FieldChange[];

/**
 * A person's record as the health reads it (`withoutText`): no summary, no linked issue's summary, no
 * finding (the verdict's ready/pass stay) — as the app's records are kept. Measured on a person's stored
 * 19,189 records (2026-12-04): 971 bytes of live heap per record with them, 526 without.
 */
function dropText(r: CompactIssue, keepSummary?: (r: CompactIssue) => boolean): void {
  if (!keepSummary?.(r)) r.summary = '';
  if (r.links.some((l) => l.other.summary)) r.links = r.links.map((l) => ({ ...l, other: { ...l.other, summary: '' } }));
  dropFindings(r);
}
/** The empty list every record `viewFieldsOnly` (or a view load's changelog) leaves: frozen, as nothing edits a stored record's values. */
const NONE = Object.freeze([]) as unknown as never[];

/**
 * A story as the Dependencies, feature children and PI planning views read it (key, summary, type,
 * level, status, team, points, parent, sprints, labels, links): no id, rank, dates, assignee or fix
 * versions, in place (the parsed object keeps its shape). Measured on a person's 19,189 stored records
 * (2026-12-04, scripts as in docs/PERFORMANCE.md): 573 bytes of live heap per record loaded without
 * findings, 338 so.
 */
function viewFieldsOnly(r: CompactIssue): void {
  r.id = '';
  r.rank = null;
  r.created = '';
  r.updated = '';
  r.resolutionDate = null;
  r.assignee = null;
  r.fixVersions = NONE;
  if (!r.links.length) r.links = NONE;
}

/** The record's verdict without its findings (ready/pass kept): the views but Quality's and Improvement's do not read them (370 of a person's 980 bytes per record). */
function dropFindings(r: CompactIssue): void {
  if (r.quality.findings) r.quality = VERDICTS[Number(r.quality.ready) * 2 + Number(r.quality.pass)];
}
/** The four verdicts without findings, shared by every record `dropText` leaves one. */
const VERDICTS: CompactIssue['quality'][] = [
  { ready: false, pass: false },
  { ready: false, pass: true },
  { ready: true, pass: false },
  { ready: true, pass: true },
];

/**
 * What of a person's text a load leaves out: `withoutText` all of it (the health's compute),
 * `withoutFindings` the stories' findings only (the views that show summaries but no finding).
 */
export interface LoadText {
  withoutText?: boolean;
  withoutFindings?: boolean;
  /** With `withoutText`: the records whose own summary is kept (the improvement items, which the Improvement view shows from the health). */
  keepSummaryOf?: (r: CompactIssue) => boolean;
  /**
   * The Dependencies, feature children and PI planning views' load (no health is computed from it):
   * no record's changelog, no story's findings, and the stories (the records this is true of) keep
   * only what those views read (`viewFieldsOnly`).
   */
  viewFieldsOf?: (r: CompactIssue) => boolean;
}

/** Whether the record's changelog is in a PackedChanges (`loadPackedChunks`). */
export function isPacked(r: CompactIssue): boolean {
  return r.changes === PACKED;
}

/**
 * Every record of the stored train with its changelog moved into one PackedChanges (the app's
 * compute, which reads changes by id only): each record's `changes` is an empty frozen array.
 */
export async function loadPackedChunks(store: KeyValueStore, projectKey: string, principal: string, meta: Pick<TrainMeta, 'chunkCount' | 'set'>, opts: LoadText = {}): Promise<{ records: CompactIssue[]; changes: PackedChanges }> {
  const records: CompactIssue[] = [];
  const changes = new PackedChanges();
  await eachChunk(store, projectKey, principal, liveSet(meta), meta.chunkCount, (chunk) => {
    for (const r of chunk) {
      if (opts.viewFieldsOf) {
        r.changes = NONE;
        dropFindings(r);
        if (opts.viewFieldsOf(r)) viewFieldsOnly(r);
        records.push(r);
        continue;
      }
      changes.add(r.id, r.changes ?? []);
      r.changes = PACKED;
      if (opts.withoutText) dropText(r, opts.keepSummaryOf);
      else if (opts.withoutFindings) dropFindings(r);
      records.push(r);
    }
  });
  return { records, changes };
}
