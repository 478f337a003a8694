/**
 * The live train's event reducer (issue 18): Jira's `trigger` events, normalised by the handler
 * (src/jobs/trigger.ts → src/app/events.ts) into `TrainEvent`s, applied to the stored train's
 * compact records. Pure, and built so that the result does not depend on how often or in which
 * order the events arrive:
 *
 *   - an issue record is last-writer-wins on Jira's `updated` (ties broken by content, so a tie is
 *     still order-free); its status/Sprint changes are a set (union), so no changelog item is lost
 *     when an older event lands after a newer one;
 *   - a delete is a tombstone: Jira never reuses an issue id, so no later (or replayed) update can
 *     bring a deleted issue back;
 *   - a sprint only moves forward (future → active → closed); within one state the later reading
 *     wins (`seenAt`, the time Refinery read it from Jira), ties broken by content;
 *   - a sprint's committed / accepted record keeps the earliest observation: the set seen closest
 *     to the moment the sprint started (or closed).
 *
 * Every rule is per key, so the storage layer may load just the keys an event touches, apply it,
 * and write them back.
 */
import type { FieldChange, Sprint } from '../model';

/** The parts of a compact record the reducer reads; the app's CompactIssue satisfies it. */
export interface TrainRecordLike {
  id: string;
  key: string;
  updated: string;
  changes: FieldChange[];
}

export interface BoardRecord {
  id: number;
  name: string;
  type: string;
}

export interface SeenSprint {
  sprint: Sprint;
  /** When Refinery read this state from Jira (or the event that carried it arrived). */
  seenAt: string;
}

export interface SeenBoard {
  board: BoardRecord;
  seenAt: string;
}

/** A sprint's committed set (at start) or accepted set (at close), as an event recorded it. */
export interface SprintSetRecord {
  sprintId: number;
  keys: string[];
  points: number;
  at: string;
  source: 'event';
}

export interface LiveTrain<R extends TrainRecordLike> {
  issues: Record<string, R>;
  /** Issue id → when it was deleted. */
  deletedIssues: Record<string, string>;
  sprints: Record<string, SeenSprint>;
  deletedSprints: Record<string, string>;
  boards: Record<string, SeenBoard>;
  deletedBoards: Record<string, string>;
  committed: Record<string, SprintSetRecord>;
  accepted: Record<string, SprintSetRecord>;
}

export type TrainEvent<R extends TrainRecordLike> =
  | { type: 'issueUpsert'; issue: R }
  | { type: 'issueDeleted'; issueId: string; at: string }
  | { type: 'sprintSeen'; sprint: Sprint; seenAt: string }
  | { type: 'sprintDeleted'; sprintId: number; at: string }
  | { type: 'boardSeen'; board: BoardRecord; seenAt: string }
  | { type: 'boardDeleted'; boardId: number; at: string }
  | { type: 'sprintCommitted'; record: SprintSetRecord }
  | { type: 'sprintAccepted'; record: SprintSetRecord };

export function emptyLiveTrain<R extends TrainRecordLike>(): LiveTrain<R> {
  return { issues: {}, deletedIssues: {}, sprints: {}, deletedSprints: {}, boards: {}, deletedBoards: {}, committed: {}, accepted: {} };
}

const time = (iso: string | null | undefined): number => {
  if (!iso) return Number.NEGATIVE_INFINITY;
  // Jira writes offsets as +0000; Date.parse reads both that and Z.
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** A total order on JSON values: the tie-breaker that keeps equal-time merges order-free. */
function stable(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v));
}

const changeKey = (c: FieldChange) => `${c.at}\u0000${c.field}\u0000${c.from ?? ''}\u0000${c.to ?? ''}\u0000${c.fromString ?? ''}\u0000${c.toString ?? ''}`;

/** The union of two change lists, each change once, in time order (ties by content). */
export function unionChanges(a: readonly FieldChange[], b: readonly FieldChange[]): FieldChange[] {
  const byKey = new Map<string, FieldChange>();
  for (const c of [...a, ...b]) byKey.set(changeKey(c), c);
  return [...byKey.entries()].sort(([ka, x], [kb, y]) => time(x.at) - time(y.at) || (ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, c]) => c);
}

/** Two readings of one issue: the newer fields (by `updated`), every change of either. Commutative. */
export function mergeIssue<R extends TrainRecordLike>(a: R | undefined, b: R): R {
  if (!a) return { ...b, changes: unionChanges([], b.changes) };
  const ta = time(a.updated);
  const tb = time(b.updated);
  let newer: R;
  if (ta !== tb) newer = ta > tb ? a : b;
  else {
    const sa = stable({ ...a, changes: [] });
    const sb = stable({ ...b, changes: [] });
    newer = sa >= sb ? a : b;
  }
  return { ...newer, changes: unionChanges(a.changes, b.changes) };
}

const STATE_RANK: Record<Sprint['state'], number> = { future: 0, active: 1, closed: 2 };

/** Two readings of one sprint: the later state wins, then the later reading. Commutative. */
export function mergeSprint(a: SeenSprint | undefined, b: SeenSprint): SeenSprint {
  if (!a) return b;
  const ra = STATE_RANK[a.sprint.state] ?? 0;
  const rb = STATE_RANK[b.sprint.state] ?? 0;
  if (ra !== rb) return ra > rb ? a : b;
  const ta = time(a.seenAt);
  const tb = time(b.seenAt);
  if (ta !== tb) return ta > tb ? a : b;
  return stable(a) >= stable(b) ? a : b;
}

function mergeBoard(a: SeenBoard | undefined, b: SeenBoard): SeenBoard {
  if (!a) return b;
  const ta = time(a.seenAt);
  const tb = time(b.seenAt);
  if (ta !== tb) return ta > tb ? a : b;
  return stable(a) >= stable(b) ? a : b;
}

/** The earliest observation of a sprint's set wins (closest to the start or close). Commutative. */
export function mergeSetRecord(a: SprintSetRecord | undefined, b: SprintSetRecord): SprintSetRecord {
  if (!a) return { ...b, keys: [...new Set(b.keys)].sort() };
  const ta = time(a.at);
  const tb = time(b.at);
  if (ta !== tb) return ta < tb ? a : { ...b, keys: [...new Set(b.keys)].sort() };
  const nb = { ...b, keys: [...new Set(b.keys)].sort() };
  return stable(a) <= stable(nb) ? a : nb;
}

const earliest = (a: string | undefined, b: string) => (a === undefined || time(b) < time(a) ? b : a);

/**
 * Applies one event. Returns the same object when nothing changed (a duplicate or an older event),
 * so the caller can skip the write and the recompute.
 */
export function applyEvent<R extends TrainRecordLike>(state: LiveTrain<R>, ev: TrainEvent<R>): LiveTrain<R> {
  switch (ev.type) {
    case 'issueUpsert': {
      const id = ev.issue.id;
      if (state.deletedIssues[id] !== undefined) return state;
      const merged = mergeIssue(state.issues[id], ev.issue);
      if (state.issues[id] && stable(state.issues[id]) === stable(merged)) return state;
      return { ...state, issues: { ...state.issues, [id]: merged } };
    }
    case 'issueDeleted': {
      const at = earliest(state.deletedIssues[ev.issueId], ev.at);
      if (state.deletedIssues[ev.issueId] === at && !(ev.issueId in state.issues)) return state;
      const { [ev.issueId]: _gone, ...issues } = state.issues;
      return { ...state, issues, deletedIssues: { ...state.deletedIssues, [ev.issueId]: at } };
    }
    case 'sprintSeen': {
      const id = String(ev.sprint.id);
      if (state.deletedSprints[id] !== undefined) return state;
      const merged = mergeSprint(state.sprints[id], { sprint: ev.sprint, seenAt: ev.seenAt });
      if (state.sprints[id] === merged) return state;
      if (state.sprints[id] && stable(state.sprints[id]) === stable(merged)) return state;
      return { ...state, sprints: { ...state.sprints, [id]: merged } };
    }
    case 'sprintDeleted': {
      const id = String(ev.sprintId);
      const at = earliest(state.deletedSprints[id], ev.at);
      if (state.deletedSprints[id] === at && !(id in state.sprints)) return state;
      const { [id]: _gone, ...sprints } = state.sprints;
      return { ...state, sprints, deletedSprints: { ...state.deletedSprints, [id]: at } };
    }
    case 'boardSeen': {
      const id = String(ev.board.id);
      if (state.deletedBoards[id] !== undefined) return state;
      const merged = mergeBoard(state.boards[id], { board: ev.board, seenAt: ev.seenAt });
      if (state.boards[id] === merged || (state.boards[id] && stable(state.boards[id]) === stable(merged))) return state;
      return { ...state, boards: { ...state.boards, [id]: merged } };
    }
    case 'boardDeleted': {
      const id = String(ev.boardId);
      const at = earliest(state.deletedBoards[id], ev.at);
      if (state.deletedBoards[id] === at && !(id in state.boards)) return state;
      const { [id]: _gone, ...boards } = state.boards;
      return { ...state, boards, deletedBoards: { ...state.deletedBoards, [id]: at } };
    }
    case 'sprintCommitted':
    case 'sprintAccepted': {
      const slot = ev.type === 'sprintCommitted' ? 'committed' : 'accepted';
      const id = String(ev.record.sprintId);
      const merged = mergeSetRecord(state[slot][id], ev.record);
      if (state[slot][id] && stable(state[slot][id]) === stable(merged)) return state;
      return { ...state, [slot]: { ...state[slot], [id]: merged } };
    }
  }
}

export function applyEvents<R extends TrainRecordLike>(state: LiveTrain<R>, events: readonly TrainEvent<R>[]): LiveTrain<R> {
  return events.reduce((s, e) => applyEvent(s, e), state);
}

/**
 * The stored train with the live layer on top: deleted issues gone, every issue the events saw
 * merged with its stored record (newer fields, every change), issues only the events know added.
 * Keeps the base order (Jira's rank order), new issues last.
 */
export function overlayTrain<R extends TrainRecordLike>(base: readonly R[], live: LiveTrain<R>): R[] {
  const out: R[] = [];
  const seen = new Set<string>();
  for (const r of base) {
    seen.add(r.id);
    if (live.deletedIssues[r.id] !== undefined) continue;
    const l = live.issues[r.id];
    out.push(l ? mergeIssue(r, l) : r);
  }
  for (const [id, r] of Object.entries(live.issues)) if (!seen.has(id) && live.deletedIssues[id] === undefined) out.push(r);
  return out;
}

/** Board sprints read at the last load (as of `loadedAt`), with the sprints the events saw on top. */
export function overlaySprints(base: readonly Sprint[], loadedAt: string, live: LiveTrain<TrainRecordLike>): Sprint[] {
  const byId = new Map<string, SeenSprint>();
  for (const s of base) byId.set(String(s.id), { sprint: s, seenAt: loadedAt });
  for (const [id, s] of Object.entries(live.sprints)) byId.set(id, mergeSprint(byId.get(id), s));
  for (const id of Object.keys(live.deletedSprints)) byId.delete(id);
  return [...byId.values()].map((s) => s.sprint);
}

/**
 * Comparable content of a record (what a figure can read): for drift counting. The sprints an issue
 * lists count by id only: a sprint's state and dates belong to the sprint (Jira changes them on
 * start and close without touching the issue's `updated`), and the figures take them from the
 * board's sprint list.
 */
export function recordFingerprint(r: TrainRecordLike): string {
  const sprints = (r as { sprints?: unknown }).sprints;
  const ids = Array.isArray(sprints) ? sprints.map((s) => (s && typeof s === 'object' ? (s as { id?: unknown }).id : s)) : undefined;
  return stable({ ...r, ...(ids ? { sprints: ids } : {}), changes: unionChanges([], r.changes) });
}

export interface Reconciliation<R extends TrainRecordLike> {
  records: R[];
  /** Records that had to be fixed: missing, extra (deleted or out of scope), or different. */
  drift: number;
  driftIds: string[];
}

/**
 * The daily reconciliation, pure: `stored` is what the events left (base + live layer), `changed`
 * what Jira's search returns for `updated >= since` (full records with their changelogs), `liveIds`
 * every id still in scope (the id-only pass). Records not updated since are taken as right: every
 * edit Jira makes bumps `updated`, so an event that was missed shows up in `changed`.
 */
export function reconcile<R extends TrainRecordLike>(stored: readonly R[], changed: readonly R[], liveIds: ReadonlySet<string>): Reconciliation<R> {
  const fresh = new Map(changed.map((r) => [r.id, r]));
  const driftIds: string[] = [];
  const records: R[] = [];
  const seen = new Set<string>();
  for (const r of stored) {
    seen.add(r.id);
    if (!liveIds.has(r.id)) {
      driftIds.push(r.id);
      continue;
    }
    const f = fresh.get(r.id);
    if (!f) {
      records.push(r);
      continue;
    }
    if (recordFingerprint(f) !== recordFingerprint(r)) driftIds.push(r.id);
    // Jira's record is the truth: its fields and its whole changelog.
    records.push({ ...f, changes: unionChanges([], f.changes) });
  }
  for (const f of changed) {
    if (seen.has(f.id) || !liveIds.has(f.id)) continue;
    driftIds.push(f.id);
    records.push({ ...f, changes: unionChanges([], f.changes) });
  }
  return { records, drift: driftIds.length, driftIds: driftIds.sort() };
}
