/**
 * WSJF planning helpers for the project page (DOMAIN.md: "WSJF and Cost of Delay"):
 * - normalising one estimation column so its smallest item is 1 (relative estimation);
 * - the WSJF target order of the train's features and the rank operations that reach it.
 * Pure: no I/O, no clock.
 */
import { rankByWsjf, type WsjfComponents } from './wsjf';

// --- estimation column --------------------------------------------------------------------------

/** Nearest scale value to `x` on a logarithmic axis (the scale grows roughly geometrically); ties go up. */
export function nearestOnScale(x: number, scale: readonly number[]): number {
  if (!scale.length) throw new RangeError('The scale is empty');
  let best = scale[0];
  let bestDistance = Infinity;
  for (const s of scale) {
    const d = Math.abs(Math.log(s) - Math.log(x));
    if (d < bestDistance - 1e-12 || (Math.abs(d - bestDistance) <= 1e-12 && s > best)) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * "Normalise this column so its smallest is 1": every value is divided by the column's smallest
 * value and snapped to the nearest scale value, so the smallest item gets 1 and the others keep their
 * size relative to it. The relative order is kept strictly: equal values stay equal, and a larger
 * value never ends up at or below a smaller one (when snapping would merge two distinct values, one
 * moves to the neighbouring scale value, keeping room below and above; only a column with more
 * distinct values than the scale has must share the scale's largest value).
 *
 * A column that already has a 1 and only on-scale values is returned unchanged.
 * Returns the new values in the same order as `values`. Non-positive values are rejected.
 */
export function normaliseColumn(values: readonly number[], scale: readonly number[]): number[] {
  if (!values.length) return [];
  const sortedScale = [...new Set(scale)].sort((a, b) => a - b);
  if (!sortedScale.length || sortedScale[0] !== 1) throw new RangeError('The scale must start at 1');
  for (const v of values) if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`Cannot normalise ${v}: values must be positive numbers`);
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const smallest = distinct[0];
  const m = sortedScale.length;
  const k = distinct.length;
  const mapped = new Map<number, number>();
  let previous = -1; // index into the scale
  distinct.forEach((v, i) => {
    let at = sortedScale.indexOf(nearestOnScale(v / smallest, sortedScale));
    // Leave room: the i-th smallest needs i values below it and k−1−i above it (when the scale has room).
    if (k <= m) at = Math.min(Math.max(at, i), m - k + i);
    if (at <= previous) at = Math.min(previous + 1, m - 1);
    mapped.set(v, sortedScale[at]);
    previous = at;
  });
  return values.map((v) => mapped.get(v)!);
}

// --- WSJF order and rank moves -----------------------------------------------------------------

export interface OrderedFeature {
  key: string;
  /** The complete score, or null when the feature is not (fully) scored. */
  score: WsjfComponents | null;
}

/**
 * The order "Apply WSJF order" aims for: scored features by WSJF (rankByWsjf, with its tie rules),
 * then every unscored feature, keeping their current relative order.
 *
 * Choice: unscored features go after the scored ones. WSJF says nothing about an unscored feature,
 * so it cannot claim a place among scored ones; putting them last makes the order an honest
 * statement ("these have not been prioritised yet") and nudges the train to score them. Keeping
 * their relative order means the re-rank does not invent an order the data cannot justify.
 */
export function wsjfTargetOrder(current: readonly OrderedFeature[]): string[] {
  const scored = current.filter((f): f is OrderedFeature & { score: WsjfComponents } => f.score !== null);
  const ranked = rankByWsjf(scored.map((f) => ({ key: f.key, ...f.score })));
  return [...ranked.map((r) => r.key), ...current.filter((f) => f.score === null).map((f) => f.key)];
}

/** One call to Jira's rank endpoint: put `keys`, in this order, right before or right after `anchor`. */
export type RankOperation = { keys: string[]; before: string } | { keys: string[]; after: string };

export const MAX_RANK_BATCH = 50;

/** Indexes (into `seq`) of one longest strictly increasing subsequence, O(n log n). */
export function longestIncreasingSubsequence(seq: readonly number[]): number[] {
  const tails: number[] = []; // tails[l] = index in seq of the smallest tail of an increasing run of length l+1
  const prev: number[] = new Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i !== -1; i = prev[i]) out.push(i);
  return out.reverse();
}

/**
 * The rank operations that turn `current` into `target` (both the same keys, each once).
 *
 * Minimal in the number of issues moved: a longest subsequence of `current` that is already in
 * target order stays where it is (n − LIS issues move, and no fewer can: the issues that stay must
 * already be in target order relative to each other). The moved issues form maximal runs between
 * staying issues in the target order; each run is one operation "rank before the staying issue that
 * follows it" (or "after the last staying issue" at the end), split into batches of at most
 * `maxPerCall` (Jira's limit of 50). Every anchor is already in its final place when its operation
 * runs, so the operations can run in the listed order and each one means the same thing on its own.
 */
export function planRankMoves(current: readonly string[], target: readonly string[], maxPerCall = MAX_RANK_BATCH): RankOperation[] {
  if (maxPerCall < 1) throw new RangeError('maxPerCall must be at least 1');
  const targetIndex = new Map(target.map((k, i) => [k, i]));
  if (targetIndex.size !== target.length) throw new RangeError('The target order lists a feature twice');
  if (current.length !== target.length || new Set(current).size !== current.length || current.some((k) => !targetIndex.has(k))) {
    throw new RangeError('The current and target orders must contain the same features');
  }
  const seq = current.map((k) => targetIndex.get(k)!);
  const staying = new Set(longestIncreasingSubsequence(seq).map((i) => current[i]));
  const ops: RankOperation[] = [];
  let run: string[] = [];
  let lastStaying: string | null = null;
  const flush = (nextStaying: string | null) => {
    if (!run.length) return;
    for (let i = 0; i < run.length; i += maxPerCall) {
      const keys = run.slice(i, i + maxPerCall);
      if (nextStaying !== null) ops.push({ keys, before: nextStaying });
      else ops.push({ keys, after: i === 0 ? lastStaying! : run[i - 1] });
    }
    run = [];
  };
  for (const k of target) {
    if (staying.has(k)) {
      flush(k);
      lastStaying = k;
    } else run.push(k);
  }
  flush(null);
  return ops;
}

/** What Jira does with rank operations, on a list of keys: the simulation the tests and the report use. */
export function applyRankOperations(order: readonly string[], ops: readonly RankOperation[]): string[] {
  let out = [...order];
  for (const op of ops) {
    const anchor = 'before' in op ? op.before : op.after;
    const moving = new Set(op.keys.filter((k) => k !== anchor));
    out = out.filter((k) => !moving.has(k));
    const at = out.indexOf(anchor);
    if (at < 0) throw new RangeError(`Anchor ${anchor} is not in the order`);
    out.splice('before' in op ? at : at + 1, 0, ...op.keys.filter((k) => k !== anchor && order.includes(k)));
  }
  return out;
}

/** For the preview: every feature that moves, with its 1-based rank now and after re-ranking. */
export function rankChanges(current: readonly string[], target: readonly string[], ops: readonly RankOperation[]): { key: string; fromRank: number; toRank: number }[] {
  const moved = new Set(ops.flatMap((o) => o.keys));
  const from = new Map(current.map((k, i) => [k, i + 1]));
  return target.flatMap((k, i) => (moved.has(k) ? [{ key: k, fromRank: from.get(k)!, toRank: i + 1 }] : []));
}
