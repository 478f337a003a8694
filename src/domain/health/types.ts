import { parseISO } from 'date-fns';
import type { BacklogIssue, FieldChange, Sprint, StatusCategoryById } from '../model';

/** Same ids as `MetricId` in src/contract (the domain must not import the contract). */
export type HealthMetricId =
  | 'readinessRate'
  | 'readyCoverageIterations'
  | 'acceptanceRateLastSprint'
  | 'reworkRatio'
  | 'qualityPassRate'
  | 'dependenciesAtRisk'
  | 'improvementsDoneThisPi';

export const HEALTH_METRIC_IDS: readonly HealthMetricId[] = [
  'readinessRate',
  'readyCoverageIterations',
  'acceptanceRateLastSprint',
  'reworkRatio',
  'qualityPassRate',
  'dependenciesAtRisk',
  'improvementsDoneThisPi',
];

/** Rates in 0..1 and coverage in iterations are null where undefined. */
export type Metrics = Record<HealthMetricId, number | null>;
export type MetricKeys = Record<HealthMetricId, string[]>;

/** Statuses whose crossing counts as rework, e.g. from ["In Review"] to ["In Progress"] (ids or names). */
export interface ReworkBoundary {
  from: string[];
  to: string[];
}

export interface PiWindow {
  /** When set, "this PI" is the PI with this label (e.g. "PI-2025.1") instead of the latest one. */
  label?: string | null;
}

export interface HealthInput {
  stories: BacklogIssue[];
  features: BacklogIssue[];
  changes: Map<string, FieldChange[]>;
  sprints: Sprint[];
  teamOfSprint: Map<number, string>;
  statusCategoryById: StatusCategoryById;
  /** Definition of Ready verdict, supplied by the caller. */
  ready: (issue: BacklogIssue) => boolean;
  /** Quality verdict (no `error` finding), supplied by the caller. */
  qualityPass: (issue: BacklogIssue) => boolean;
  improvementLabel: string;
  now: string;
  /** Sprint id → issue keys recorded at sprint start by the daily job; wins over the changelog. */
  recordedCommitments?: Record<number, string[]>;
  reworkBoundary?: ReworkBoundary | null;
  /** Which PI is "this PI"; default: the latest PI of the improvement items' PI labels. */
  pi?: PiWindow | null;
  /** Refinement horizon size in iterations of average velocity; default 2 (DOMAIN.md). */
  horizonIterations?: number;
}

/** Stories with no team (Team field empty and no team-owned sprint) are grouped under this name. */
export const NO_TEAM = 'No team';

export const DEFAULT_HORIZON_ITERATIONS = 2;

export function ms(iso: string | null | undefined): number {
  if (!iso) return NaN;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? parseISO(iso).getTime() : t;
}

export function pointsOf(i: BacklogIssue): number {
  return typeof i.storyPoints === 'number' && Number.isFinite(i.storyPoints) ? i.storyPoints : 0;
}

/** NO_TEAM last, the others by name. */
export function teamOrder(a: string, b: string): number {
  return a === NO_TEAM ? (b === NO_TEAM ? 0 : 1) : b === NO_TEAM ? -1 : a.localeCompare(b);
}
