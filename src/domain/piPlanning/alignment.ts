import type { Figure, Measure } from '../health/figure';
import { fig, pointsRate, type At } from './figures';

/** What alignment needs to know of a planned story. */
export interface AlignedStory {
  key: string;
  points: number;
  /** Its parent feature is in the train (else it is an orphan story). */
  hasFeature: boolean;
  /** Its parent feature carries the PI's label. */
  inPiScope: boolean;
  /** Its parent feature is among the top N by WSJF. */
  topWsjf: boolean;
}

export interface Alignment {
  inPiScope: Figure;
  topWsjf: Figure;
  orphan: Figure;
  /** The rest of the planned points (a feature outside the PI's scope): inPiScope + otherFeature + orphan = 1 when planned. */
  otherFeature: Measure;
}

/**
 * Alignment to the train's priorities (issue 15, docs/PI_PLANNING.md "Alignment"): of the planned
 * points, the share on features in the PI's scope, on the top-N WSJF features, and on no feature.
 * Each is a points rate over the same planned stories, so its value is null when nothing is
 * planned (no points), and the drill-downs open the stories counted.
 */
export function alignment(planned: readonly AlignedStory[], at: At): Alignment {
  const pts = new Map(planned.map((s) => [s.key, s.points]));
  const p = (k: string) => pts.get(k) ?? 0;
  const all = planned.map((s) => s.key);
  const rate = (metric: Figure['metric'], keep: (s: AlignedStory) => boolean): Figure =>
    fig(
      metric,
      'points',
      at,
      pointsRate(
        planned.filter(keep).map((s) => s.key),
        all,
        p,
      ),
    );
  return {
    inPiScope: rate('piAlignmentInScope', (s) => s.hasFeature && s.inPiScope),
    topWsjf: rate('piAlignmentTopWsjf', (s) => s.hasFeature && s.topWsjf),
    orphan: rate('piAlignmentOrphan', (s) => !s.hasFeature),
    // Not a figure of its own (never rendered): the remainder, so the three shares can be checked to add up.
    otherFeature: pointsRate(
      planned.filter((s) => s.hasFeature && !s.inPiScope).map((s) => s.key),
      all,
      p,
    ),
  };
}
