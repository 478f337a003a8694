/**
 * WSJF planning helpers for the project page (DOMAIN.md: "WSJF and Cost of Delay"):
 * - normalising one estimation column so its smallest item is 1 (relative estimation);
 * - which features WSJF ranks (done, blank and off-scale ones are not) and the delay cost of that set;
 * - the relative job-size suggestion from child story points;
 * - the rank operations that reach the WSJF order.
 * Pure: no I/O, no clock.
 */
import { delayCost, delayCostSaving } from './delayCost';
import { offScaleComponents, rankByWsjf, scoreWsjf, wsjfTies, WSJF_COMPONENTS, type RankableItem, type WsjfComponentName, type WsjfComponents, type WsjfScore } from './wsjf';

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

// --- which features WSJF ranks, and in what order ---------------------------------------------

/** What to do with a feature whose score is blank or off the scale (the `wsjfIncompleteScores` setting). */
export type IncompleteScorePolicy = 'exclude' | 'rank-last';

export interface RankingCandidate {
  key: string;
  /** Status category done: the feature is finished, so there is nothing left to prioritise. */
  done: boolean;
  /** The stored score, or null when the feature has none. */
  score: WsjfComponents | null;
}

export type NotRankedReason = 'done' | 'blank' | 'off-scale';

export interface RankedFeature extends WsjfScore {
  key: string;
  /** 1-based WSJF rank. */
  rank: number;
  /** Its WSJF equals another ranked feature's exactly. */
  tie: boolean;
}

export interface UnrankedFeature {
  key: string;
  reason: NotRankedReason;
  message: string;
  /** Only for `rank-last`: the rank after every scored feature. */
  rank: number | null;
}

export interface WsjfRanking {
  /** Features with a complete, on-scale score that are not done, by WSJF (rank 1 first). */
  ranked: RankedFeature[];
  /** `rank-last` only: blank or off-scale features after the ranked ones, in their current relative order. */
  rankedLast: UnrankedFeature[];
  /** `exclude` only: blank or off-scale features, left where they are. */
  excluded: UnrankedFeature[];
  /** Done features: never ranked, never counted, never moved. */
  done: UnrankedFeature[];
  /** What "Apply WSJF order" aims for: `ranked` then `rankedLast`. Only these keys are ever sent to Jira's rank endpoint. */
  targetOrder: string[];
  /** The same keys in their current backlog order. */
  currentOrder: string[];
  /** Delay cost over exactly the `ranked` features (`counted`), current relative order against WSJF order. */
  delayCost: { currentOrder: number; wsjfOrder: number; saving: number; difference: number; counted: string[] } | null;
  /** Components in which no ranked feature has a 1 (relative estimation gives the smallest a 1). */
  columnsWithoutOne: WsjfComponentName[];
}

const DONE_MESSAGE = 'Done: a finished feature is not ranked, not counted in the delay cost and not moved by Apply WSJF order.';
const BLANK_MESSAGE = 'Not scored yet: every component is blank.';

/**
 * The one WSJF computation every surface renders (WSJF tab, Apply preview, feature panel, CLI).
 * `features` come in current backlog order.
 *
 * Choice: done features are left out entirely, because re-ranking finished work changes nothing
 * the train will do and only moves it among the open features. A blank or off-scale score says
 * nothing trustworthy about a feature's WSJF, so by default (`exclude`) it is not ranked and Apply
 * leaves it where it is, with the reason in the preview; `rank-last` puts it after every scored
 * feature instead, keeping the relative order the data cannot improve on.
 */
export function rankFeatures(features: readonly RankingCandidate[], scale: readonly number[], policy: IncompleteScorePolicy): WsjfRanking {
  const done: UnrankedFeature[] = [];
  const incomplete: UnrankedFeature[] = [];
  const rankable: (RankableItem & { currentIndex: number })[] = [];
  features.forEach((f, i) => {
    if (f.done) done.push({ key: f.key, reason: 'done', message: DONE_MESSAGE, rank: null });
    else if (!f.score) incomplete.push({ key: f.key, reason: 'blank', message: BLANK_MESSAGE, rank: null });
    else {
      const off = offScaleComponents(f.score, scale);
      if (off.length) incomplete.push({ key: f.key, reason: 'off-scale', message: `Off scale: ${off.map((o) => o.message).join(' ')}`, rank: null });
      else rankable.push({ key: f.key, ...f.score, currentIndex: i });
    }
  });
  const order = rankByWsjf(rankable);
  const ties = wsjfTies(rankable);
  const ranked: RankedFeature[] = order.map((r, i) => ({ key: r.key, ...scoreWsjf(r), rank: i + 1, tie: ties.has(r.key) }));
  const rankedLast = policy === 'rank-last' ? incomplete.map((u, i) => ({ ...u, rank: ranked.length + i + 1 })) : [];
  const excluded = policy === 'exclude' ? incomplete : [];
  const targetOrder = [...ranked.map((r) => r.key), ...rankedLast.map((u) => u.key)];
  const inTarget = new Set(targetOrder);
  const current = delayCost(rankable);
  const best = delayCost(order);
  return {
    ranked,
    rankedLast,
    excluded,
    done,
    targetOrder,
    currentOrder: features.map((f) => f.key).filter((k) => inTarget.has(k)),
    delayCost: rankable.length
      ? { currentOrder: current, wsjfOrder: best, saving: delayCostSaving(current, best), difference: current - best, counted: rankable.map((r) => r.key) }
      : null,
    columnsWithoutOne: rankable.length ? WSJF_COMPONENTS.filter((c) => !rankable.some((r) => r[c] === 1)) : [],
  };
}

// --- job-size suggestion -----------------------------------------------------------------------

export interface JobSizeReference {
  key: string;
  /** Story points of its child stories (> 0). */
  points: number;
}

/** The reference for relative job size: the ranked feature whose child stories have the fewest points (ties: key). */
export function jobSizeReference(ranked: readonly { key: string; childPoints: number | null }[]): JobSizeReference | null {
  let best: JobSizeReference | null = null;
  for (const f of ranked) {
    if (f.childPoints === null || !(f.childPoints > 0)) continue;
    if (!best || f.childPoints < best.points || (f.childPoints === best.points && f.key < best.key)) best = { key: f.key, points: f.childPoints };
  }
  return best;
}

export interface JobSizeDerivation {
  suggested: number;
  featurePoints: number;
  reference: JobSizeReference;
  /** featurePoints / reference.points, unrounded. */
  ratio: number;
}

/**
 * Relative job size (DOMAIN.md: relative estimation, the smallest is 1): the feature's child points
 * over the reference feature's, snapped to the nearest scale value on the same log axis as
 * normaliseColumn. Null when it cannot be computed: no child points, or no reference feature.
 */
export function suggestJobSize(featurePoints: number | null, reference: JobSizeReference | null, scale: readonly number[]): JobSizeDerivation | null {
  if (featurePoints === null || !(featurePoints > 0) || !reference || !(reference.points > 0)) return null;
  const ratio = featurePoints / reference.points;
  return { suggested: nearestOnScale(ratio, [...scale].sort((a, b) => a - b)), featurePoints, reference, ratio };
}

// --- rank moves --------------------------------------------------------------------------------

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
