import { ms } from '../health/types';
import type { PiPlanningSettings } from '../settings';

/** A closed sprint's accepted points (the sprint table's velocity, `sprintVelocity`). */
export interface ClosedSprintVelocity {
  team: string;
  sprintId: number;
  sprint: string;
  endDate: string | null;
  acceptedPoints: number;
}

export interface Capacity {
  value: number | null;
  source: 'velocity' | 'override' | 'none';
  basis: string;
  overrideReason: string | null;
  /** The closed sprints the median was taken over, newest first. */
  history: ClosedSprintVelocity[];
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The team's last `n` closed sprints by end, leaving out the PI's own sprints (a PI is planned
 * from the velocity before it).
 */
export function velocityHistory(closed: readonly ClosedSprintVelocity[], team: string, n: number, exclude: ReadonlySet<number>): ClosedSprintVelocity[] {
  return closed
    .filter((c) => c.team === team && !exclude.has(c.sprintId))
    .sort((a, b) => ms(b.endDate) - ms(a.endDate) || b.sprintId - a.sprintId)
    .slice(0, n);
}

/**
 * Capacity of a team in one sprint (docs/PI_PLANNING.md "Capacity"): an override for the team and
 * sprint wins (its reason is shown); else the median accepted points of the team's last N closed
 * sprints; a team with no closed sprint has no capacity (null, "no velocity yet"), never 0.
 */
export function capacityOf(team: string, sprintId: number, history: readonly ClosedSprintVelocity[], settings: Pick<PiPlanningSettings, 'capacityOverrides' | 'velocitySprints'>): Capacity {
  const o = settings.capacityOverrides.find((x) => x.team === team && x.sprintId === sprintId);
  if (o) return { value: o.capacity, source: 'override', basis: `${o.capacity} points set in settings: ${o.reason}`, overrideReason: o.reason, history: [...history] };
  const m = median(history.map((h) => h.acceptedPoints));
  if (m === null) return { value: null, source: 'none', basis: `No velocity yet: ${team} has no closed sprint to take the median of.`, overrideReason: null, history: [] };
  const n = history.length;
  const fewer = n < settings.velocitySprints ? ` (only ${n} of the ${settings.velocitySprints} asked for)` : '';
  return {
    value: round1(m),
    source: 'velocity',
    basis: `Median of ${history.map((h) => round1(h.acceptedPoints)).join(', ')} accepted points in the last ${n} closed sprint${n === 1 ? '' : 's'}${fewer}.`,
    overrideReason: null,
    history: [...history],
  };
}

/** Over-committed: load above capacity × share (never when capacity is unknown). */
export function overCommitted(load: number, capacity: number | null, share: number): boolean {
  return capacity !== null && load > capacity * share + 1e-9;
}

export function overCommitMessage(load: number, capacity: number | null, share: number, unestimated: number): string | null {
  if (!overCommitted(load, capacity, share)) return null;
  const limit = round1(capacity! * share);
  const of = share === 1 ? `capacity ${round1(capacity!)}` : `${Math.round(share * 100)}% of capacity ${round1(capacity!)} (${limit})`;
  return `${round1(load)} points planned against ${of}: ${round1(load - limit)} over${unestimated ? `, and ${unestimated} ${unestimated === 1 ? 'story has' : 'stories have'} no points yet` : ''}.`;
}
