import type { BacklogIssue, Sprint } from '../model';
import { comparePi } from '../predictability';
import { ms } from '../health/types';
import type { PiPlanningSettings } from '../settings';

/**
 * Which PIs a train has and when each runs (docs/PI_PLANNING.md "The PI and its iterations").
 * Jira stores no PI dates, so:
 * - a PI is named by a label with the PI prefix (`piObjectives.piLabelPrefix`, else `PI-`) on a
 *   feature, a story or a PI objective; a story's PI is its own PI label, else its parent feature's;
 * - its window is the settings' calendar entry when there is one; else it is derived: each sprint
 *   belongs to the PI most of its stories name (ties: the later PI), and the window runs from the
 *   earliest start of the sprints that belong to it to their latest end, cut where the next PI
 *   starts (PIs in label order never overlap).
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
    const pi = storyPi(s);
    if (!pi) continue;
    for (const sp of s.sprints) {
      const v = votes.get(sp.id) ?? new Map<string, number>();
      v.set(pi, (v.get(pi) ?? 0) + 1);
      votes.set(sp.id, v);
    }
  }
  const sprintById = new Map(input.sprints.map((s) => [s.id, s]));
  const derived = new Map<string, { start: number; end: number }>();
  for (const [id, v] of votes) {
    const sprint = sprintById.get(id);
    if (!sprint) continue;
    const start = ms(sprint.startDate);
    const end = ms(sprint.completeDate ?? sprint.endDate);
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const pi = [...v.entries()].sort((a, b) => b[1] - a[1] || comparePi(b[0], a[0]))[0][0];
    const w = derived.get(pi) ?? { start: Infinity, end: -Infinity };
    derived.set(pi, { start: Math.min(w.start, start), end: Math.max(w.end, end) });
  }
  const cal = new Map(input.calendar.map((c) => [c.pi.toLowerCase(), c]));
  const ordered = [...names].sort(comparePi);
  // Derived windows follow the PIs' order and never overlap: a PI starts no earlier than the one
  // before it, and ends before the next one starts (the last one at its latest sprint's end).
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
