import { issueCount, pointsRate, type Figure, type FigureMetric, type Measure } from '../health/figure';

/** Points of a set of stories as a count figure's measure: value = the sum, members = the stories. */
export function pointsSum(keys: Iterable<string>, points: (key: string) => number): Measure {
  const c = issueCount(keys);
  const sum = c.members.reduce((s, k) => s + points(k), 0);
  return { ...c, value: sum, numerator: sum };
}

export interface At {
  scope: Figure['scope'];
  pi: string;
  team?: string;
  sprint?: string;
  sprintId?: number;
  issue?: string;
}

export const fig = (metric: FigureMetric, unit: Figure['unit'], at: At, m: Measure): Figure => ({
  metric,
  unit,
  scope: at.scope,
  pi: at.pi,
  ...(at.team !== undefined ? { team: at.team } : {}),
  ...(at.sprint !== undefined ? { sprint: at.sprint, sprintId: at.sprintId } : {}),
  ...(at.issue !== undefined ? { issue: at.issue } : {}),
  ...m,
});

export { issueCount, pointsRate };
