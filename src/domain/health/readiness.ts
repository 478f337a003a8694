import type { BacklogIssue } from '../model';
import { issueCount, issueRate, pointsRate, type Measure } from './figure';
import { pointsOf } from './types';

/** One team's open backlog (not done, not in an active sprint) in rank order, with verdicts. */
export interface TeamBacklog {
  team: string;
  stories: BacklogIssue[];
  /** Mean accepted points of the team's last ≤3 closed sprints; null without one. */
  velocity: number | null;
}

/**
 * The refinement horizon: backlog stories in rank order until their points reach
 * `iterations` × velocity (the whole backlog without a velocity). Unestimated stories enter
 * without filling it.
 */
export function refinementHorizon(b: TeamBacklog, iterations: number): BacklogIssue[] {
  const cap = b.velocity && b.velocity > 0 ? iterations * b.velocity : Infinity;
  const out: BacklogIssue[] = [];
  let points = 0;
  for (const s of b.stories) {
    if (points >= cap) break;
    out.push(s);
    points += pointsOf(s);
  }
  return out;
}

export interface ReadinessMeasures {
  readinessRate: Measure;
  readinessRatePoints: Measure;
  readyCoverageIterations: Measure;
}

/** Readiness (count and points) over the horizon, and ready coverage, pooled over `teams`. */
export function readiness(teams: readonly TeamBacklog[], ready: (i: BacklogIssue) => boolean, iterations: number): ReadinessMeasures {
  const horizon = teams.flatMap((t) => refinementHorizon(t, iterations));
  const points = new Map(teams.flatMap((t) => t.stories.map((s) => [s.key, pointsOf(s)] as const)));
  const horizonKeys = horizon.map((s) => s.key);
  const readyHorizon = horizon.filter(ready).map((s) => s.key);
  // Coverage counts every ready backlog story (not just the horizon, which is capped and would
  // hide over-refinement), over teams with a velocity; train = Σ ready points / Σ velocity.
  const measured = teams.filter((t) => t.velocity !== null && t.velocity > 0);
  const readyKeys = measured.flatMap((t) => t.stories.filter(ready).map((s) => s.key));
  const readyPoints = readyKeys.reduce((s, k) => s + (points.get(k) ?? 0), 0);
  const velocity = measured.reduce((s, t) => s + (t.velocity ?? 0), 0);
  const coverage = issueCount(readyKeys);
  return {
    readinessRate: issueRate(readyHorizon, horizonKeys),
    readinessRatePoints: pointsRate(readyHorizon, horizonKeys, (k) => points.get(k) ?? 0),
    readyCoverageIterations: { ...coverage, kind: 'quotient', value: measured.length ? readyPoints / velocity : null, numerator: readyPoints, denominator: measured.length ? velocity : null },
  };
}
