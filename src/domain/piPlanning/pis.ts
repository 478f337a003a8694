import type { BacklogIssue, Sprint } from '../model';
import { comparePi } from '../predictability';
import { ms } from '../health/types';
import type { PiPlanningSettings } from '../settings';

/**
 * Which PIs a train has and when each runs (docs/PI_PLANNING.md "The PI and its iterations").
 * Jira stores no PI dates, so:
 * - a PI is named by a label with the PI prefix (`piObjectives.piLabelPrefix`, else `PI-`) on a
 *   feature, a story or a PI objective; a story's PI is its own PI label, else its parent feature's;
 * - its window is the settings' calendar entry when there is one; else it is derived from the
 *   sprints its stories are in (open stories by their own or their feature's label, done ones by
 *   their own label only): PIs follow each other in label order, so the sprints (by start
 *   date) are split into consecutive runs, one per PI, agreeing with as many story → PI votes as
 *   possible (deriveWindows); a PI's window runs from its first sprint's start to its last one's
 *   end, cut where the next PI starts (windows never overlap).
 * Pure: no I/O, no clock (`now` is passed in).
 */
export const DEFAULT_PI_PREFIX = 'PI-';

export interface PiOption {
  pi: string;
  start: string | null;
  end: string | null;
  source: 'settings' | 'derived' | 'none';
  isDefault: boolean;
}

/** The PI label among `labels` (the latest when there are several, by the PIs' numbers). */
export function piLabelOf(labels: readonly string[], prefix: string): string | null {
  const p = prefix.toLowerCase();
  const l = labels.filter((x) => x.toLowerCase().startsWith(p) && x.length > p.length).sort(comparePi);
  return l.at(-1) ?? null;
}

/** A story's PI: its own label, else its parent feature's. */
export function storyPiResolver(features: readonly BacklogIssue[], prefix: string): (story: BacklogIssue) => string | null {
  const featurePi = new Map(features.map((f) => [f.key, piLabelOf(f.labels, prefix)]));
  return (s) => piLabelOf(s.labels, prefix) ?? (s.parentKey ? (featurePi.get(s.parentKey) ?? null) : null);
}

const dayStart = (d: string) => `${d}T00:00:00.000Z`;
const dayEnd = (d: string) => `${d}T23:59:59.999Z`;

/** Every sprint a train knows (boards first, then sprints only seen in an issue's Sprint field). */
export function allSprints(boardSprints: readonly Sprint[], stories: readonly BacklogIssue[]): Sprint[] {
  const byId = new Map(boardSprints.map((s) => [s.id, s]));
  for (const i of stories) for (const s of i.sprints) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()];
}

/**
 * The PIs, oldest first, each with its window. `isDefault` marks the one a page opens on: the
 * earliest PI that starts after `now` (the next PI to plan), else the one `now` falls in, else the latest.
 */
export function piOptions(input: { stories: readonly BacklogIssue[]; features: readonly BacklogIssue[]; objectives: readonly BacklogIssue[]; sprints: readonly Sprint[]; prefix: string; calendar: PiPlanningSettings['calendar']; now: string }): PiOption[] {
  const { prefix } = input;
  const names = new Set<string>();
  for (const i of [...input.features, ...input.stories, ...input.objectives]) {
    const pi = piLabelOf(i.labels, prefix);
    if (pi) names.add(pi);
  }
  for (const c of input.calendar) names.add(c.pi);
  const storyPi = storyPiResolver(input.features, prefix);
  // Votes: sprint id → PI → stories naming it.
  const votes = new Map<number, Map<string, number>>();
  for (const s of input.stories) {
    // A done story votes only with its own PI label: a feature's label moves on to the PI that
    // finishes it, so its stories finished in earlier sprints say nothing about this PI's dates.
    const pi = s.status.category === 'done' ? piLabelOf(s.labels, prefix) : storyPi(s);
    if (!pi) continue;
    for (const sp of s.sprints) {
      const v = votes.get(sp.id) ?? new Map<string, number>();
      v.set(pi, (v.get(pi) ?? 0) + 1);
      votes.set(sp.id, v);
    }
  }
  const cal = new Map(input.calendar.map((c) => [c.pi.toLowerCase(), c]));
  const ordered = [...names].sort(comparePi);
  const derived = deriveWindows(ordered, votes, input.sprints);
  // Calendar entries and derived windows together: a PI starts no earlier than the one before it,
  // and a derived window ends before the next PI starts (the last one at its latest sprint's end).
  const starts = new Map<string, number>();
  let floor = -Infinity;
  for (const pi of ordered) {
    const c = cal.get(pi.toLowerCase());
    const t = c ? ms(dayStart(c.start)) : derived.get(pi)?.start;
    if (t === undefined) continue;
    floor = Math.max(floor, t);
    starts.set(pi, floor);
  }
  const options: PiOption[] = ordered.map((pi, i) => {
    const c = cal.get(pi.toLowerCase());
    if (c) return { pi, start: dayStart(c.start), end: dayEnd(c.end), source: 'settings', isDefault: false };
    const w = derived.get(pi);
    if (!w) return { pi, start: null, end: null, source: 'none', isDefault: false };
    const start = starts.get(pi)!;
    const next = ordered.slice(i + 1).map((p) => starts.get(p)).find((x): x is number => x !== undefined && x > start);
    const end = next !== undefined ? Math.min(w.end, next - 1) : w.end;
    return { pi, start: new Date(start).toISOString(), end: new Date(Math.max(start, end)).toISOString(), source: 'derived', isDefault: false };
  });
  const now = ms(input.now);
  const next = options.find((o) => o.start !== null && ms(o.start) > now);
  const current = options.find((o) => o.start !== null && o.end !== null && ms(o.start) <= now && now <= ms(o.end));
  const chosen = next ?? current ?? options.at(-1);
  return options.map((o) => ({ ...o, isDefault: o === chosen }));
}

export interface PiIteration {
  team: string;
  sprint: Sprint;
  /** The n-th sprint of the team in the PI (0-based), the board's column. */
  column: number;
}

/**
 * The PI's iterations: every team sprint whose start falls in the window (start ≤ sprint start ≤
 * end), numbered per team by start date; a sprint without a start date is in the PI only when its
 * stories name the PI (`undated`), after the dated ones. Sprints of no team are left out.
 */
export function piIterations(window: { start: string | null; end: string | null }, sprints: readonly Sprint[], teamOfSprint: ReadonlyMap<number, string>, undated: ReadonlySet<number> = new Set()): PiIteration[] {
  const start = ms(window.start);
  const end = ms(window.end);
  const inPi = sprints.filter((s) => {
    if (!teamOfSprint.has(s.id)) return false;
    const t = ms(s.startDate);
    if (Number.isNaN(t)) return undated.has(s.id);
    return !Number.isNaN(start) && !Number.isNaN(end) && t >= start && t <= end;
  });
  const byTeam = new Map<string, Sprint[]>();
  for (const s of inPi) {
    const team = teamOfSprint.get(s.id)!;
    byTeam.set(team, [...(byTeam.get(team) ?? []), s]);
  }
  const order = (a: Sprint, b: Sprint) => {
    const ta = ms(a.startDate);
    const tb = ms(b.startDate);
    if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
    return (Number.isNaN(ta) ? 0 : ta - tb) || a.id - b.id;
  };
  const out: PiIteration[] = [];
  for (const [team, list] of byTeam) list.sort(order).forEach((sprint, column) => out.push({ team, sprint, column }));
  return out.sort((a, b) => a.column - b.column || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
}

/**
 * Derived PI windows: sprint start dates in order, each assigned to a PI such that the PIs never go
 * back in label order and the number of stories whose PI matches their sprint's PI is the largest
 * (dynamic programming over dates × PIs, O(dates × PIs)). One late story of an old feature, or an
 * early one of the next PI, therefore cannot stretch a window over its neighbours.
 */
export function deriveWindows(ordered: readonly string[], votes: ReadonlyMap<number, ReadonlyMap<string, number>>, sprints: readonly Sprint[]): Map<string, { start: number; end: number }> {
  const index = new Map(ordered.map((p, i) => [p, i]));
  const byStart = new Map<number, { score: number[]; end: number }>();
  for (const sp of sprints) {
    const v = votes.get(sp.id);
    const start = ms(sp.startDate);
    const end = ms(sp.completeDate ?? sp.endDate);
    if (!v || Number.isNaN(start) || Number.isNaN(end)) continue;
    const slot = byStart.get(start) ?? { score: ordered.map(() => 0), end: -Infinity };
    for (const [pi, n] of v) {
      const i = index.get(pi);
      if (i !== undefined) slot.score[i] += n;
    }
    slot.end = Math.max(slot.end, end);
    byStart.set(start, slot);
  }
  const dates = [...byStart.keys()].sort((a, b) => a - b);
  const P = ordered.length;
  const out = new Map<string, { start: number; end: number }>();
  if (!dates.length || !P) return out;
  // best[d][p]: most agreeing votes for dates 0..d with date d in PI p; from[d][p]: the PI of date d-1.
  const best: number[][] = [];
  const from: number[][] = [];
  dates.forEach((d, di) => {
    const score = byStart.get(d)!.score;
    best.push([]);
    from.push([]);
    let runMax = -Infinity;
    let runArg = 0;
    for (let p = 0; p < P; p++) {
      if (di > 0 && best[di - 1][p] > runMax) {
        runMax = best[di - 1][p];
        runArg = p;
      }
      best[di][p] = score[p] + (di > 0 ? runMax : 0);
      from[di][p] = runArg;
    }
  });
  const last = dates.length - 1;
  // Ties: the earliest PI for the last date (a PI no sprint votes for gets no window).
  let p = best[last].indexOf(Math.max(...best[last]));
  const assigned: number[] = new Array(dates.length);
  for (let d = last; d >= 0; d--) {
    assigned[d] = p;
    p = from[d][p];
  }
  dates.forEach((d, di) => {
    const pi = ordered[assigned[di]];
    if (byStart.get(d)!.score[assigned[di]] === 0 && !out.has(pi)) return; // a PI starts at its first voted date
    const w = out.get(pi) ?? { start: d, end: -Infinity };
    out.set(pi, { start: Math.min(w.start, d), end: Math.max(w.end, byStart.get(d)!.end) });
  });
  return out;
}
