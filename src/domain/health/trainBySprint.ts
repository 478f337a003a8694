import { issueRate } from './figure';
import type { SprintRow } from './sprintCommitment';

/** One column of the train-by-sprint trend. */
export interface TrainSprintPoint {
  /** The shared end day (YYYY-MM-DD) of the teams' sprints pooled here. */
  day: string;
  /** Committed → accepted over committed, over the pooled sprints' stories. */
  acceptanceRate: number | null;
  /** Reworked over accepted, over the pooled sprints' stories. */
  reworkRatio: number | null;
}

/**
 * The train sprint by sprint: teams share a cadence, so closed sprints ending the same day form one
 * column, and its rates are taken over the union of their stories (a ratio of sums, with the same
 * members as the sprint rows' figures), never an average of the teams' rates. Active and future
 * sprints never enter.
 */
export function trainBySprintEnd(rows: readonly SprintRow[]): TrainSprintPoint[] {
  const byDay = new Map<string, SprintRow[]>();
  for (const r of rows) {
    if (r.state !== 'closed') continue;
    const day = r.endDate.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, rs]) => ({
      day,
      acceptanceRate: issueRate(
        rs.flatMap((r) => r.keys.acceptedCommitted),
        rs.flatMap((r) => r.keys.committed),
      ).value,
      reworkRatio: issueRate(
        rs.flatMap((r) => r.keys.reworked),
        rs.flatMap((r) => r.keys.accepted),
      ).value,
    }));
}
