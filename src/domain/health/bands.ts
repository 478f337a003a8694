import type { HealthMetricId } from './types';

/**
 * One table per metric: its label, what it measures, its healthy range and what lies beyond it.
 * The definition text is generated from the same numbers that band a value, so the card can never
 * call 2.7 iterations "at risk" while its definition says only below 1 is.
 *
 * From DOMAIN.md: coverage healthy in [1, 2] iterations; acceptance healthy ≥ 80%. Our documented
 * defaults where DOMAIN.md is silent: readiness ≥ 50% (one of the horizon's two iterations ready),
 * rework ≤ 10%, quality pass ≥ 80%, dependencies at risk = 0, improvements done this PI ≥ 1.
 * Ready coverage above 2 iterations is "more than needed" (refinement ahead of need, which can go
 * stale) — worth a look, not a delivery risk. PI predictability: SAFe's 80–100%.
 */
export type HealthBand = 'healthy' | 'at-risk' | 'unknown';
/** HealthBand plus "above the healthy range, but not a risk". */
export type FigureBand = HealthBand | 'above-range';

export type BandedMetric = HealthMetricId | 'predictability';

type Format = 'percent' | 'iterations' | 'count';

export interface BandRule {
  label: string;
  /** What the number is, without its bands (the band sentence is appended). */
  measures: string;
  format: Format;
  min?: number;
  max?: number;
  /** A value above `max`: at risk, or merely above the range. */
  aboveMax?: 'at-risk' | 'above-range';
  aboveLabel?: string;
}

export const BANDS: Record<BandedMetric, BandRule> = {
  readinessRate: {
    label: 'Backlog readiness',
    measures: 'Ready stories / stories in the refinement horizon: not done, not in an active sprint, taken in rank order until their points reach 2 × average velocity.',
    format: 'percent',
    min: 0.5,
  },
  readyCoverageIterations: {
    label: 'Ready coverage',
    measures: 'Story points of ready backlog stories / average velocity of the last 3 closed sprints, in iterations.',
    format: 'iterations',
    min: 1,
    max: 2,
    aboveMax: 'above-range',
    aboveLabel: 'more than needed',
  },
  acceptanceRateLastSprint: {
    label: 'Story acceptance (last sprint)',
    measures:
      'Stories committed at the start of the last closed sprint (rebuilt from the Sprint changelog) that reached done during it and stayed done / stories committed. Scope added after the start counts in neither; active and future sprints never count.',
    format: 'percent',
    min: 0.8,
  },
  reworkRatio: {
    label: 'Rework ratio',
    measures: 'Stories accepted in the last 3 closed sprints that were later moved from done back to a not-done status (or back across the rework boundary) / stories accepted in those sprints.',
    format: 'percent',
    max: 0.1,
    aboveMax: 'at-risk',
  },
  qualityPassRate: {
    label: 'Story quality pass rate',
    measures: 'Backlog stories (not done, not in an active sprint) with no error-level quality finding / all backlog stories.',
    format: 'percent',
    min: 0.8,
  },
  dependenciesAtRisk: {
    label: 'Dependencies at risk',
    measures:
      'Blocking links (pairs of issues) between different teams where the blocker is not done and is unscheduled, planned in a later sprint than the blocked issue, or left undone in a closed sprint; counted against the blocked issue’s team.',
    format: 'count',
    max: 0,
    aboveMax: 'at-risk',
  },
  improvementsDoneThisPi: {
    label: 'Improvements done this PI',
    measures: 'Improvement items (issues with the improvement label) of the current PI (by PI label, else by creation date) that are done.',
    format: 'count',
    min: 1,
  },
  predictability: {
    label: 'PI predictability',
    measures: 'Actual business value of the PI objectives / planned business value, over assessed objectives.',
    format: 'percent',
    min: 0.8,
    max: 1,
    aboveMax: 'at-risk',
  },
};

const EPS = 1e-9;

export function figureBand(metric: BandedMetric, value: number | null | undefined): FigureBand {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'unknown';
  const r = BANDS[metric];
  if (r.min !== undefined && value < r.min - EPS) return 'at-risk';
  if (r.max !== undefined && value > r.max + EPS) return r.aboveMax ?? 'at-risk';
  return 'healthy';
}

/** The three-way band for surfaces that only know healthy / at risk (above-range is not a risk). */
export function bandFor(metric: BandedMetric, value: number | null | undefined): HealthBand {
  const b = figureBand(metric, value);
  return b === 'above-range' ? 'healthy' : b;
}

/** A band as words, e.g. "Healthy", "At risk", "More than needed". */
export function bandLabel(metric: BandedMetric, band: FigureBand): string {
  if (band === 'above-range') return capital(BANDS[metric].aboveLabel ?? 'above range');
  return band === 'healthy' ? 'Healthy' : band === 'at-risk' ? 'At risk' : 'Not measured yet';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function formatThreshold(format: Format, v: number): string {
  if (format === 'percent') return `${Math.round(v * 100)}%`;
  if (format === 'iterations') return `${v} iteration${v === 1 ? '' : 's'}`;
  return String(v);
}

/** The band sentence, from the same numbers figureBand uses. */
export function bandSentence(metric: BandedMetric): string {
  const r = BANDS[metric];
  const f = (v: number) => formatThreshold(r.format, v);
  const bare = (v: number) => (r.format === 'iterations' ? String(v) : f(v));
  if (r.min !== undefined && r.max !== undefined) {
    const above = r.aboveMax === 'above-range' ? `above ${bare(r.max)} is ${r.aboveLabel ?? 'above range'}, not a risk` : `at risk above ${bare(r.max)}`;
    return `Healthy: ${bare(r.min)}–${f(r.max)}; at risk below ${bare(r.min)}; ${above}.`;
  }
  if (r.min !== undefined) return `Healthy: ${f(r.min)} or more; at risk below ${f(r.min)}.`;
  if (r.max !== undefined) return r.max === 0 ? 'Healthy: 0; at risk: 1 or more.' : `Healthy: ${f(r.max)} or less; at risk above ${f(r.max)}.`;
  return 'No band.';
}

export function definitionOf(metric: BandedMetric): string {
  return `${BANDS[metric].measures} ${bandSentence(metric)}`;
}

/** Label and definition per health metric (definitions generated from BANDS). */
export const METRIC_DEFINITIONS: Record<HealthMetricId, { label: string; definition: string }> = Object.fromEntries(
  (Object.keys(BANDS) as BandedMetric[]).filter((m) => m !== 'predictability').map((m) => [m, { label: BANDS[m].label, definition: definitionOf(m) }]),
) as Record<HealthMetricId, { label: string; definition: string }>;

