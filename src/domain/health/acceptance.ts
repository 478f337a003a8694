import { issueCount, issueRate, pointsRate, type Measure } from './figure';
import type { SprintCommitment } from './sprintCommitment';

/** A team's closed sprints, newest first (by t1). Active and future sprints never enter. */
export interface TeamSprints {
  team: string;
  closed: SprintCommitment[];
}

/** The sprints of the velocity and rework window: each team's last ≤3 closed sprints. */
export const WINDOW_SPRINTS = 3;

export function lastClosed(t: TeamSprints): SprintCommitment | null {
  return t.closed[0] ?? null;
}

export function windowOf(t: TeamSprints): SprintCommitment[] {
  return t.closed.slice(0, WINDOW_SPRINTS);
}

/** Mean accepted points over the window; null without a closed sprint. */
export function teamVelocity(t: TeamSprints): number | null {
  const w = windowOf(t);
  return w.length ? w.reduce((s, c) => s + c.acceptedPoints, 0) / w.length : null;
}

export interface AcceptanceMeasures {
  acceptanceRateLastSprint: Measure;
  acceptanceRateLastSprintPoints: Measure;
  reworkRatio: Measure;
  averageVelocity: Measure;
}

/** Acceptance of each team's last closed sprint, rework and velocity over the window, pooled. */
export function acceptance(teams: readonly TeamSprints[], pointsOfKey: (key: string) => number): AcceptanceMeasures {
  const last = teams.map(lastClosed).filter((c): c is SprintCommitment => c !== null);
  const window = teams.flatMap(windowOf);
  const committed = last.flatMap((c) => c.committed);
  const acceptedCommitted = last.flatMap((c) => c.acceptedCommitted);
  const velocities = teams.map(teamVelocity).filter((v): v is number => v !== null);
  const velocity = issueCount(window.flatMap((c) => c.accepted));
  const sum = velocities.reduce((s, v) => s + v, 0);
  const rate = issueRate(acceptedCommitted, committed);
  const points = pointsRate(acceptedCommitted, committed, pointsOfKey);
  return {
    acceptanceRateLastSprint: last.length ? rate : { ...rate, value: null },
    acceptanceRateLastSprintPoints: last.length ? points : { ...points, value: null },
    reworkRatio: issueRate(
      window.flatMap((c) => c.reworked),
      window.flatMap((c) => c.accepted),
    ),
    averageVelocity: { ...velocity, kind: 'quotient', value: velocities.length ? sum : null, numerator: sum, denominator: null },
  };
}
