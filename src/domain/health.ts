import { parseISO, subDays } from 'date-fns';
import { dependencyRisk } from './dependencyRisk';
import type { BacklogIssue, FieldChange, Sprint, StatusCategory, StatusCategoryById } from './model';

/**
 * Backlog health metrics (DOMAIN.md "Backlog health metrics", "Precise defaults", "Continuous
 * improvement"). Pure: no I/O, no clock — `now` is passed in.
 *
 * Every number comes with the issue keys behind it (`keys` = the issues counted in the number's
 * numerator, or the counted issues for a count; `baseKeys` = the denominator's population) so the
 * app can build JQL drill-down links.
 *
 * Performance: each story's changelog is parsed once into a timeline; stories are indexed by the
 * sprints they were ever in, so a sprint only looks at its own candidates (no sprints × stories
 * scan). Horizon and ranking sorts are O(n log n) per team.
 */

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

export type HealthBand = 'healthy' | 'at-risk' | 'unknown';

/** Rates in 0..1 and coverage in iterations are null where undefined; the two counts are never null. */
export type Metrics = Record<HealthMetricId, number | null>;
export type MetricKeys = Record<HealthMetricId, string[]>;

/** Figures that sit next to the headline metrics (points versions, velocity, horizon size). */
export interface MetricDetails {
  /** Ready points / horizon points; null when the horizon has no points. */
  readinessRatePoints: number | null;
  /** Acceptance rate of the last closed sprint(s) by story points (current values). */
  acceptanceRateLastSprintPoints: number | null;
  /** Mean velocity (accepted points) of the last ≤3 closed sprints; train: sum over teams. */
  averageVelocity: number | null;
  /** Points of ready stories in the open backlog (the numerator of ready coverage). */
  readyPoints: number;
  horizonSize: number;
  horizonPoints: number;
  readyInHorizon: number;
  /** Sprint(s) behind acceptanceRateLastSprint (one per team for the train). */
  lastClosedSprintIds: number[];
  /** Sprints of the rework window W (each team's last 3 closed sprints). */
  reworkSprintIds: number[];
  reworked: number;
  acceptedInWindow: number;
}

export interface TeamHealth {
  team: string;
  metrics: Metrics;
  details: MetricDetails;
  keys: MetricKeys;
  baseKeys: MetricKeys;
}

export interface SprintKeys {
  committed: string[];
  added: string[];
  removed: string[];
  /** Accepted(s): committed or added stories accepted in the sprint. */
  accepted: string[];
  /** Committed ∩ Accepted: the acceptance rate's numerator. */
  acceptedCommitted: string[];
  /** Committed or added stories with a done → not-done transition at or after the sprint start. */
  reopened: string[];
  /** Accepted stories reopened after acceptance, or sent back across the rework boundary. */
  reworked: string[];
}

export interface SprintRow {
  team: string;
  sprintId: number;
  sprint: string;
  state: Sprint['state'];
  startDate: string;
  /** t1: completeDate, else endDate (else `now` for an active sprint without one). */
  endDate: string;
  committed: number;
  added: number;
  removed: number;
  /** |Accepted(s)|, committed and added stories alike (velocity counts both). */
  accepted: number;
  acceptedCommitted: number;
  /** |Committed ∩ Accepted| / |Committed|; null when nothing was committed. */
  acceptanceRate: number | null;
  committedPoints: number;
  /** Velocity(s): Σ points of Accepted(s). */
  acceptedPoints: number;
  acceptedCommittedPoints: number;
  acceptanceRatePoints: number | null;
  reopened: number;
  reworked: number;
  /** True when the committed set came from the daily job's record rather than the changelog. */
  recordedCommitment: boolean;
  keys: SprintKeys;
}

export interface SkippedSprint {
  sprintId: number;
  sprint: string;
  reason: string;
}

export interface TrainHealth {
  asOf: string;
  train: Metrics;
  details: MetricDetails;
  keys: MetricKeys;
  baseKeys: MetricKeys;
  teams: TeamHealth[];
  /** Closed and active sprints with a start date, oldest end first. */
  sprints: SprintRow[];
  /** Sprints with no commitment computed (future, no start date, no end), with the reason. */
  skippedSprints: SkippedSprint[];
  /** The Inspect & Adapt window used for improvementsDoneThisPi. */
  piWindow: { start: string; end: string; label: string | null };
}

/** Statuses whose crossing counts as rework, e.g. from ["In Review"] to ["In Progress"] (ids or names). */
export interface ReworkBoundary {
  from: string[];
  to: string[];
}

export interface PiWindow {
  start?: string | null;
  end?: string | null;
  /** When set, an improvement item belongs to this PI by carrying this label (e.g. "PI-2025.1"). */
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
  /** The current PI; default: the 70 days (one PI of 10 weeks, DOMAIN.md) up to `now`. */
  pi?: PiWindow | null;
  /** Refinement horizon size in iterations of average velocity; default 2 (DOMAIN.md). */
  horizonIterations?: number;
}

/** Stories with no team (Team field empty and no team-owned sprint) are grouped under this name. */
export const NO_TEAM = 'No team';

export const DEFAULT_PI_DAYS = 70;
export const DEFAULT_HORIZON_ITERATIONS = 2;

// --- bands & definitions ---------------------------------------------------------------------

/**
 * Thresholds. From DOMAIN.md: coverage healthy in [1, 2] iterations; acceptance healthy ≥ 80%.
 * Our documented defaults where DOMAIN.md is silent: readiness ≥ 50% (one of the horizon's two
 * iterations ready), rework ≤ 10%, quality pass ≥ 80%, dependencies at risk = 0, improvements
 * done this PI ≥ 1 (a PI whose I&A items never finish is called out).
 */
export const HEALTH_THRESHOLDS = {
  readinessRate: { min: 0.5 },
  readyCoverageIterations: { min: 1, max: 2 },
  acceptanceRateLastSprint: { min: 0.8 },
  reworkRatio: { max: 0.1 },
  qualityPassRate: { min: 0.8 },
  dependenciesAtRisk: { max: 0 },
  improvementsDoneThisPi: { min: 1 },
} as const satisfies Record<HealthMetricId, { min?: number; max?: number }>;

export function bandFor(metric: HealthMetricId, value: number | null | undefined): HealthBand {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'unknown';
  const t: { min?: number; max?: number } = HEALTH_THRESHOLDS[metric];
  if (t.min !== undefined && value < t.min - 1e-9) return 'at-risk';
  if (t.max !== undefined && value > t.max + 1e-9) return 'at-risk';
  return 'healthy';
}

export const METRIC_DEFINITIONS: Record<HealthMetricId, { label: string; definition: string }> = {
  readinessRate: {
    label: 'Backlog readiness',
    definition:
      'Ready stories / stories in the refinement horizon: not done, not in an active sprint, taken in rank order until their points reach 2 × average velocity. Healthy: 50% or more.',
  },
  readyCoverageIterations: {
    label: 'Ready coverage',
    definition: 'Story points of ready backlog stories / average velocity of the last 3 closed sprints, in iterations. Healthy: 1–2 iterations; below 1 the next iteration is at risk.',
  },
  acceptanceRateLastSprint: {
    label: 'Story acceptance (last sprint)',
    definition:
      'Stories committed at the start of the last closed sprint (rebuilt from the Sprint changelog) that reached done during it and stayed done / stories committed. Scope added after the start counts in neither. Healthy: 80% or more.',
  },
  reworkRatio: {
    label: 'Rework ratio',
    definition:
      'Stories accepted in the last 3 closed sprints that were later moved from done back to a not-done status (or back across the rework boundary) / stories accepted in those sprints. Healthy: 10% or less.',
  },
  qualityPassRate: {
    label: 'Story quality pass rate',
    definition: 'Backlog stories (not done, not in an active sprint) with no error-level quality finding / all backlog stories. Healthy: 80% or more.',
  },
  dependenciesAtRisk: {
    label: 'Dependencies at risk',
    definition:
      'Blocking links between issues of different teams where the blocker is not done and is unscheduled, planned in a later sprint than the blocked issue, or left undone in a closed sprint. Healthy: none.',
  },
  improvementsDoneThisPi: {
    label: 'Improvements done this PI',
    definition: 'Improvement items (issues with the improvement label) finished in the current PI. Healthy: at least one.',
  },
};

// --- timelines -------------------------------------------------------------------------------

function ms(iso: string | null | undefined): number {
  if (!iso) return NaN;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? parseISO(iso).getTime() : t;
}

function sprintIds(encoded: string | null): number[] {
  if (!encoded) return [];
  const out: number[] = [];
  for (const part of encoded.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const n = Number(p);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

interface StatusStep {
  at: number;
  fromDone: boolean;
  toDone: boolean;
  fromId: string | null;
  toId: string | null;
  fromName: string | null;
  toName: string | null;
}

interface Timeline {
  issue: BacklogIssue;
  created: number;
  initialSprints: number[];
  sprintSteps: { at: number; ids: number[] }[];
  /** Every sprint id the issue has been in (current field + changelog). */
  everIn: Set<number>;
  initialDone: boolean;
  statusSteps: StatusStep[];
  points: number;
}

type CategoryOf = (id: string | null, name: string | null) => StatusCategory | null;

function categoryLookup(byId: StatusCategoryById, issues: readonly BacklogIssue[]): CategoryOf {
  const byName = new Map<string, StatusCategory>();
  for (const i of issues) if (i.status?.name) byName.set(i.status.name.toLowerCase(), i.status.category);
  // Unknown statuses (neither id nor name seen) count as not done: done statuses are the ones every
  // project's current issues show, so an unseen status is far more likely a retired work state.
  return (id, name) => (id !== null && byId[id] !== undefined ? byId[id] : name ? (byName.get(name.toLowerCase()) ?? null) : null);
}

function buildTimeline(issue: BacklogIssue, changes: readonly FieldChange[] | undefined, categoryOf: CategoryOf): Timeline {
  const sorted = (changes ?? []).map((c, i) => ({ c, i, at: ms(c.at) })).filter((x) => !Number.isNaN(x.at));
  sorted.sort((a, b) => a.at - b.at || a.i - b.i);
  const sprintSteps: { at: number; ids: number[] }[] = [];
  const statusSteps: StatusStep[] = [];
  let firstSprintFrom: number[] | null = null;
  let firstStatus: { id: string | null; name: string | null } | null = null;
  const everIn = new Set<number>(issue.sprints.map((s) => s.id));
  for (const { c, at } of sorted) {
    if (c.field === 'sprint') {
      const from = sprintIds(c.from);
      const to = sprintIds(c.to);
      if (firstSprintFrom === null) firstSprintFrom = from;
      for (const id of from) everIn.add(id);
      for (const id of to) everIn.add(id);
      sprintSteps.push({ at, ids: to });
    } else if (c.field === 'status') {
      if (firstStatus === null) firstStatus = { id: c.from, name: c.fromString };
      statusSteps.push({
        at,
        fromDone: categoryOf(c.from, c.fromString) === 'done',
        toDone: categoryOf(c.to, c.toString) === 'done',
        fromId: c.from,
        toId: c.to,
        fromName: c.fromString,
        toName: c.toString,
      });
    }
  }
  const created = ms(issue.created);
  return {
    issue,
    created: Number.isNaN(created) ? -Infinity : created,
    initialSprints: firstSprintFrom ?? issue.sprints.map((s) => s.id),
    sprintSteps,
    everIn,
    initialDone: firstStatus ? categoryOf(firstStatus.id, firstStatus.name) === 'done' : issue.status.category === 'done',
    statusSteps,
    points: typeof issue.storyPoints === 'number' && Number.isFinite(issue.storyPoints) ? issue.storyPoints : 0,
  };
}

function inSprintAt(tl: Timeline, sprintId: number, t: number): boolean {
  if (t < tl.created) return false;
  let ids = tl.initialSprints;
  for (const step of tl.sprintSteps) {
    if (step.at > t) break;
    ids = step.ids;
  }
  return ids.includes(sprintId);
}

function doneAt(tl: Timeline, t: number): boolean {
  let done = tl.initialDone;
  for (const step of tl.statusSteps) {
    if (step.at > t) break;
    done = step.toDone;
  }
  return done;
}

/** Entered the sprint in (t0, t1]: by creation with the field set, or by a Sprint change. */
function enteredIn(tl: Timeline, sprintId: number, t0: number, t1: number): boolean {
  if (tl.created > t0 && tl.created <= t1 && tl.initialSprints.includes(sprintId)) {
    // Created with the sprint set — unless a change at the very creation instant says otherwise.
    if (tl.sprintSteps.length === 0 || tl.sprintSteps[0].at > tl.created || inSprintAt(tl, sprintId, tl.created)) return true;
  }
  for (const step of tl.sprintSteps) {
    if (step.at <= t0) continue;
    if (step.at > t1) break;
    if (step.ids.includes(sprintId)) return true;
  }
  return false;
}

function matches(list: readonly string[], id: string | null, name: string | null): boolean {
  for (const x of list) {
    const v = x.trim().toLowerCase();
    if ((id !== null && id.toLowerCase() === v) || (name !== null && name.toLowerCase() === v)) return true;
  }
  return false;
}

// --- sprint commitment -----------------------------------------------------------------------

/** One sprint's commitment: the key sets (SprintKeys) and their points. */
export interface SprintCommitment extends SprintKeys {
  sprint: Sprint;
  /** t0 and t1 as ISO strings. */
  start: string;
  end: string;
  recorded: boolean;
  committedPoints: number;
  addedPoints: number;
  acceptedPoints: number;
  acceptedCommittedPoints: number;
  acceptanceRate: number | null;
  acceptanceRatePoints: number | null;
}

export interface SprintCommitmentOptions {
  statusCategoryById?: StatusCategoryById;
  now?: string;
  reworkBoundary?: ReworkBoundary | null;
}

/** Why a sprint gets no commitment, or null when it can be computed. */
function sprintWindow(sprint: Sprint, now: number): { t0: number; t1: number } | string {
  if (sprint.state === 'future') return 'future sprint: not started';
  const t0 = ms(sprint.startDate);
  if (Number.isNaN(t0)) return 'no start date: commitment cannot be rebuilt';
  let t1 = ms(sprint.completeDate ?? sprint.endDate);
  if (Number.isNaN(t1)) {
    if (sprint.state !== 'active') return 'closed sprint without an end or complete date';
    t1 = Number.isNaN(now) ? t0 : Math.max(now, t0);
  }
  if (t1 < t0) t1 = t0;
  return { t0, t1 };
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function evaluateSprint(sprint: Sprint, t0: number, t1: number, candidates: readonly Timeline[], recorded: readonly string[] | undefined, boundary: ReworkBoundary | null | undefined): SprintCommitment {
  const id = sprint.id;
  const recordedSet = recorded ? new Set(recorded) : null;
  const out: SprintCommitment = {
    sprint,
    start: new Date(t0).toISOString(),
    end: new Date(t1).toISOString(),
    recorded: recordedSet !== null,
    committed: [],
    added: [],
    removed: [],
    accepted: [],
    acceptedCommitted: [],
    reopened: [],
    reworked: [],
    committedPoints: 0,
    addedPoints: 0,
    acceptedPoints: 0,
    acceptedCommittedPoints: 0,
    acceptanceRate: null,
    acceptanceRatePoints: null,
  };
  for (const tl of candidates) {
    const key = tl.issue.key;
    const inAtStart = inSprintAt(tl, id, t0);
    const committed = recordedSet ? recordedSet.has(key) : inAtStart;
    // With a recorded commitment, a story the changelog shows at the start but the record does not
    // is neither committed nor added (the record wins; it did not "enter" after the start).
    const added = !committed && !inAtStart && enteredIn(tl, id, t0, t1);
    if (!committed && !added) continue;
    if (committed) {
      out.committed.push(key);
      out.committedPoints += tl.points;
      if (!inSprintAt(tl, id, t1) && !doneAt(tl, t1)) out.removed.push(key);
    } else {
      out.added.push(key);
      out.addedPoints += tl.points;
    }
    // Accepted: moved into done in [t0, t1] while in the sprint, and still done at t1.
    let acceptedAt: number | null = null;
    for (const step of tl.statusSteps) {
      if (step.at < t0) continue;
      if (step.at > t1) break;
      if (step.toDone && !step.fromDone && inSprintAt(tl, id, step.at)) {
        acceptedAt = step.at;
        break;
      }
    }
    const accepted = acceptedAt !== null && doneAt(tl, t1);
    let reopened = false;
    let reworked = false;
    for (const step of tl.statusSteps) {
      if (step.at < t0) continue;
      const back = step.fromDone && !step.toDone;
      if (back) reopened = true;
      if (accepted && acceptedAt !== null) {
        if (back && step.at > acceptedAt) reworked = true;
        if (boundary && matches(boundary.from, step.fromId, step.fromName) && matches(boundary.to, step.toId, step.toName)) reworked = true;
      }
    }
    if (reopened) out.reopened.push(key);
    if (accepted) {
      out.accepted.push(key);
      out.acceptedPoints += tl.points;
      if (reworked) out.reworked.push(key);
      if (committed) {
        out.acceptedCommitted.push(key);
        out.acceptedCommittedPoints += tl.points;
      }
    }
  }
  out.acceptanceRate = ratio(out.acceptedCommitted.length, out.committed.length);
  out.acceptanceRatePoints = ratio(out.acceptedCommittedPoints, out.committedPoints);
  return out;
}

/**
 * Commitment of one sprint (DOMAIN.md "Precise defaults"): committed = stories in the sprint at its
 * start (Sprint changelog replay; an issue created with the field set is in the sprint from its
 * creation; with no Sprint change at all, the current field is taken as the history), added =
 * entered in (start, end], accepted = moved into done in [start, end] while in the sprint and still
 * done at end, reopened = done → not-done at or after the start. `recorded` keys (the daily job's
 * record at sprint start) win over the changelog for the committed set.
 *
 * Returns null for a sprint with no start date (or a future one, or a closed one with no end):
 * its commitment cannot be rebuilt, so it is skipped rather than guessed.
 */
export function sprintCommitment(
  issues: BacklogIssue[],
  changes: Map<string, FieldChange[]>,
  sprint: Sprint,
  recorded?: string[],
  options: SprintCommitmentOptions = {},
): SprintCommitment | null {
  const window = sprintWindow(sprint, ms(options.now ?? null));
  if (typeof window === 'string') return null;
  const categoryOf = categoryLookup(options.statusCategoryById ?? {}, issues);
  const recordedSet = recorded ? new Set(recorded) : null;
  const candidates: Timeline[] = [];
  for (const issue of issues) {
    const tl = buildTimeline(issue, changes.get(issue.id), categoryOf);
    if (tl.everIn.has(sprint.id) || recordedSet?.has(issue.key)) candidates.push(tl);
  }
  return evaluateSprint(sprint, window.t0, window.t1, candidates, recorded, options.reworkBoundary);
}

// --- train health ----------------------------------------------------------------------------

function emptyKeys(): MetricKeys {
  return {
    readinessRate: [],
    readyCoverageIterations: [],
    acceptanceRateLastSprint: [],
    reworkRatio: [],
    qualityPassRate: [],
    dependenciesAtRisk: [],
    improvementsDoneThisPi: [],
  };
}

interface Acc {
  team: string;
  /** Open backlog stories (not done, not in an active sprint), in rank order. */
  backlog: BacklogIssue[];
  closedRows: SprintCommitment[];
  horizonKeys: string[];
  readyHorizonKeys: string[];
  horizonPoints: number;
  readyHorizonPoints: number;
  readyKeys: string[];
  readyPoints: number;
  qualityPassKeys: string[];
  depKeys: Set<string>;
  depCount: number;
  improvementBase: string[];
  improvementDone: string[];
  averageVelocity: number | null;
}

function newAcc(team: string): Acc {
  return {
    team,
    backlog: [],
    closedRows: [],
    horizonKeys: [],
    readyHorizonKeys: [],
    horizonPoints: 0,
    readyHorizonPoints: 0,
    readyKeys: [],
    readyPoints: 0,
    qualityPassKeys: [],
    depKeys: new Set(),
    depCount: 0,
    improvementBase: [],
    improvementDone: [],
    averageVelocity: null,
  };
}

/** Loop, not push(...src): spreading a very large array overflows the call stack. */
function append(target: string[], src: Iterable<string>): void {
  for (const k of src) target.push(k);
}

function uniq(keys: Iterable<string>): string[] {
  return [...new Set(keys)];
}

function pointsOf(i: BacklogIssue): number {
  return typeof i.storyPoints === 'number' && Number.isFinite(i.storyPoints) ? i.storyPoints : 0;
}

/**
 * The whole health picture for a train. Choices where DOMAIN.md is silent:
 * - A story's team is its Team field, else the team of its planned sprint, else NO_TEAM.
 * - A sprint's team is `teamOfSprint`, else NO_TEAM. Rows cover closed and active sprints with a
 *   start date; "last closed sprint" and the velocity/rework window use closed sprints only,
 *   ordered by t1 (completeDate, else endDate).
 * - Ready coverage's numerator is every ready story in the open backlog (not done, not in an active
 *   sprint), not just the horizon — the horizon is capped at 2 × velocity, which would hide
 *   over-refinement. Train coverage = Σ ready points / Σ average velocity over teams that have a
 *   velocity (teams without closed sprints add to neither).
 * - With no velocity (no closed sprint, or zero), the horizon is the whole open backlog. Unestimated
 *   stories count 0 points (they enter the horizon without filling it). Rank ties/nulls: nulls last,
 *   then input order (loadTrain already orders by Rank).
 * - Quality pass rate is over the open backlog (the stories still to refine).
 * - Dependencies: a blocking link counts once (deduplicated by blocker → blocked) when both ends are
 *   loaded and have known, different teams; it is attributed to the blocked issue's team; keys are
 *   both ends.
 * - Improvements done this PI: issues with the improvement label that are done now and, when
 *   `pi.label` is set, carry that label; otherwise whose done time (resolutionDate, else the last
 *   move into done, else `updated`) falls in the PI window (default: 70 days up to `now`).
 */
export function computeHealth(input: HealthInput): TrainHealth {
  const now = ms(input.now);
  const nowIso = Number.isNaN(now) ? input.now : new Date(now).toISOString();
  const horizonIterations = input.horizonIterations ?? DEFAULT_HORIZON_ITERATIONS;
  const sprintById = new Map<number, Sprint>();
  for (const s of input.sprints) sprintById.set(s.id, s);
  const stateOf = (s: Sprint) => sprintById.get(s.id)?.state ?? s.state;
  const categoryOf = categoryLookup(input.statusCategoryById, [...input.stories, ...input.features]);

  const accs = new Map<string, Acc>();
  const acc = (team: string) => {
    let a = accs.get(team);
    if (!a) accs.set(team, (a = newAcc(team)));
    return a;
  };

  const plannedTeam = (issue: BacklogIssue): string | null => {
    if (issue.team) return issue.team;
    let open: Sprint | undefined;
    let last: Sprint | undefined;
    for (const s of issue.sprints) {
      last = s;
      if (stateOf(s) !== 'closed') open = s;
    }
    const planned = open ?? last;
    return planned ? (input.teamOfSprint.get(planned.id) ?? null) : null;
  };
  const teamOfIssue = new Map<string, string | null>();
  const teamOf = (issue: BacklogIssue) => {
    let t = teamOfIssue.get(issue.key);
    if (t === undefined) teamOfIssue.set(issue.key, (t = plannedTeam(issue)));
    return t;
  };

  // Every team that owns a sprint or a story is listed, even with nothing to measure yet.
  for (const s of input.sprints) {
    const t = input.teamOfSprint.get(s.id);
    if (t) acc(t);
  }
  for (const s of input.stories) if (s.team) acc(s.team);

  // 1. Timelines and the sprint → candidate index.
  const timelines: Timeline[] = [];
  const candidatesBySprint = new Map<number, Timeline[]>();
  const timelineByKey = new Map<string, Timeline>();
  for (const story of input.stories) {
    const tl = buildTimeline(story, input.changes.get(story.id), categoryOf);
    timelines.push(tl);
    timelineByKey.set(story.key, tl);
    for (const id of tl.everIn) {
      const list = candidatesBySprint.get(id);
      if (list) list.push(tl);
      else candidatesBySprint.set(id, [tl]);
    }
  }

  // 2. Sprint commitments.
  const rows: SprintRow[] = [];
  const skipped: SkippedSprint[] = [];
  const allSprints = new Map(sprintById);
  for (const tl of timelines) for (const s of tl.issue.sprints) if (!allSprints.has(s.id)) allSprints.set(s.id, s);
  for (const sprint of allSprints.values()) {
    const window = sprintWindow(sprint, now);
    if (typeof window === 'string') {
      skipped.push({ sprintId: sprint.id, sprint: sprint.name, reason: window });
      continue;
    }
    const recorded = input.recordedCommitments?.[sprint.id];
    let candidates = candidatesBySprint.get(sprint.id) ?? [];
    if (recorded) {
      const seen = new Set(candidates);
      const extra = recorded.map((k) => timelineByKey.get(k)).filter((t): t is Timeline => t !== undefined && !seen.has(t));
      if (extra.length) candidates = [...candidates, ...extra];
    }
    const c = evaluateSprint(sprint, window.t0, window.t1, candidates, recorded, input.reworkBoundary);
    const team = input.teamOfSprint.get(sprint.id) ?? NO_TEAM;
    if (sprint.state === 'closed') acc(team).closedRows.push(c);
    rows.push({
      team,
      sprintId: sprint.id,
      sprint: sprint.name,
      state: sprint.state,
      startDate: c.start,
      endDate: c.end,
      committed: c.committed.length,
      added: c.added.length,
      removed: c.removed.length,
      accepted: c.accepted.length,
      acceptedCommitted: c.acceptedCommitted.length,
      acceptanceRate: c.acceptanceRate,
      committedPoints: c.committedPoints,
      acceptedPoints: c.acceptedPoints,
      acceptedCommittedPoints: c.acceptedCommittedPoints,
      acceptanceRatePoints: c.acceptanceRatePoints,
      reopened: c.reopened.length,
      reworked: c.reworked.length,
      recordedCommitment: c.recorded,
      keys: { committed: c.committed, added: c.added, removed: c.removed, accepted: c.accepted, acceptedCommitted: c.acceptedCommitted, reopened: c.reopened, reworked: c.reworked },
    });
  }
  rows.sort((a, b) => Date.parse(a.endDate) - Date.parse(b.endDate) || a.sprintId - b.sprintId);
  for (const a of accs.values()) {
    a.closedRows.sort((x, y) => Date.parse(y.end) - Date.parse(x.end) || y.sprint.id - x.sprint.id);
    const last3 = a.closedRows.slice(0, 3);
    a.averageVelocity = last3.length ? last3.reduce((s, r) => s + r.acceptedPoints, 0) / last3.length : null;
  }

  // 3. Open backlog, refinement horizon, coverage, quality.
  const rankIndex = new Map<BacklogIssue, number>();
  input.stories.forEach((s, i) => rankIndex.set(s, i));
  for (const story of input.stories) {
    if (story.status.category === 'done') continue;
    if (story.sprints.some((s) => stateOf(s) === 'active')) continue;
    acc(teamOf(story) ?? NO_TEAM).backlog.push(story);
  }
  const byRank = (a: BacklogIssue, b: BacklogIssue) => {
    if (a.rank !== b.rank) {
      if (a.rank === null) return 1;
      if (b.rank === null) return -1;
      return a.rank < b.rank ? -1 : 1;
    }
    return (rankIndex.get(a) ?? 0) - (rankIndex.get(b) ?? 0);
  };
  for (const a of accs.values()) {
    a.backlog.sort(byRank);
    const cap = a.averageVelocity && a.averageVelocity > 0 ? horizonIterations * a.averageVelocity : Infinity;
    let inHorizon = true;
    for (const story of a.backlog) {
      const isReady = input.ready(story);
      const pts = pointsOf(story);
      if (inHorizon) {
        a.horizonKeys.push(story.key);
        a.horizonPoints += pts;
        if (isReady) {
          a.readyHorizonKeys.push(story.key);
          a.readyHorizonPoints += pts;
        }
        if (a.horizonPoints >= cap) inHorizon = false;
      }
      if (isReady) {
        a.readyKeys.push(story.key);
        a.readyPoints += pts;
      }
      if (input.qualityPass(story)) a.qualityPassKeys.push(story.key);
    }
  }

  // 4. Dependencies at risk.
  const byKey = new Map<string, BacklogIssue>();
  for (const i of input.features) byKey.set(i.key, i);
  for (const i of input.stories) byKey.set(i.key, i);
  const seenPairs = new Set<string>();
  for (const issue of byKey.values()) {
    for (const link of issue.links ?? []) {
      if (link.direction === 'other') continue;
      const other = byKey.get(link.other.key);
      if (!other) continue;
      const [blocker, blocked] = link.direction === 'blockedBy' ? [other, issue] : [issue, other];
      const pair = `${blocker.key}\u0000${blocked.key}`;
      if (seenPairs.has(pair)) continue;
      seenPairs.add(pair);
      const tBlocker = teamOf(blocker);
      const tBlocked = teamOf(blocked);
      if (!tBlocker || !tBlocked || tBlocker === tBlocked) continue;
      if (!dependencyRisk(blocker, blocked).atRisk) continue;
      const a = acc(tBlocked);
      a.depCount += 1;
      a.depKeys.add(blocked.key);
      a.depKeys.add(blocker.key);
    }
  }

  // 5. Improvements done this PI.
  const piEnd = ms(input.pi?.end ?? null);
  const windowEnd = Number.isNaN(piEnd) ? now : piEnd;
  const piStart = ms(input.pi?.start ?? null);
  const windowStart = Number.isNaN(piStart) ? (Number.isNaN(windowEnd) ? NaN : subDays(windowEnd, DEFAULT_PI_DAYS).getTime()) : piStart;
  const piLabel = input.pi?.label ?? null;
  const label = input.improvementLabel.toLowerCase();
  const hasLabel = (i: BacklogIssue, l: string) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase());
  for (const issue of byKey.values()) {
    if (!issue.labels.some((x) => x.toLowerCase() === label)) continue;
    const team = teamOf(issue) ?? NO_TEAM;
    const done = issue.status.category === 'done';
    let inPi: boolean;
    if (piLabel) inPi = hasLabel(issue, piLabel);
    else {
      const doneTime = done ? doneTimeOf(issue, input.changes.get(issue.id), categoryOf) : NaN;
      inPi = !done || (doneTime >= windowStart && doneTime <= windowEnd);
    }
    if (!inPi) continue;
    const a = acc(team);
    a.improvementBase.push(issue.key);
    if (done) a.improvementDone.push(issue.key);
  }

  // 6. Metrics per team, then the train as ratios of sums.
  const teams: TeamHealth[] = [];
  for (const a of [...accs.values()].sort((x, y) => (x.team === NO_TEAM ? 1 : y.team === NO_TEAM ? -1 : x.team.localeCompare(y.team)))) {
    teams.push(teamHealth([a]));
  }
  const trainPart = teamHealth([...accs.values()]);

  return {
    asOf: nowIso,
    train: trainPart.metrics,
    details: trainPart.details,
    keys: trainPart.keys,
    baseKeys: trainPart.baseKeys,
    teams,
    sprints: rows,
    skippedSprints: skipped,
    piWindow: {
      start: Number.isNaN(windowStart) ? '' : new Date(windowStart).toISOString(),
      end: Number.isNaN(windowEnd) ? '' : new Date(windowEnd).toISOString(),
      label: piLabel,
    },
  };
}

function doneTimeOf(issue: BacklogIssue, changes: readonly FieldChange[] | undefined, categoryOf: CategoryOf): number {
  const r = ms(issue.resolutionDate);
  if (!Number.isNaN(r)) return r;
  let last = NaN;
  for (const c of changes ?? []) {
    if (c.field !== 'status' || categoryOf(c.to, c.toString) !== 'done' || categoryOf(c.from, c.fromString) === 'done') continue;
    const t = ms(c.at);
    if (!Number.isNaN(t) && !(t <= last)) last = t;
  }
  return Number.isNaN(last) ? ms(issue.updated) : last;
}

/** Pools one or more teams' figures (a ratio of sums, DOMAIN.md "Train figures"). */
function teamHealth(parts: Acc[]): TeamHealth {
  const keys = emptyKeys();
  const baseKeys = emptyKeys();
  let horizonSize = 0;
  let readyInHorizon = 0;
  let horizonPoints = 0;
  let readyHorizonPoints = 0;
  let readyPoints = 0;
  let coveragePoints = 0;
  let velocity = 0;
  let hasVelocity = false;
  let backlogSize = 0;
  let qualityPass = 0;
  let committed = 0;
  let acceptedCommitted = 0;
  let committedPoints = 0;
  let acceptedCommittedPoints = 0;
  let hasLastSprint = false;
  const lastIds: number[] = [];
  const reworkIds: number[] = [];
  const acceptedW = new Set<string>();
  const reworkedW = new Set<string>();
  let deps = 0;
  for (const a of parts) {
    horizonSize += a.horizonKeys.length;
    readyInHorizon += a.readyHorizonKeys.length;
    horizonPoints += a.horizonPoints;
    readyHorizonPoints += a.readyHorizonPoints;
    readyPoints += a.readyPoints;
    append(keys.readinessRate, a.readyHorizonKeys);
    append(baseKeys.readinessRate, a.horizonKeys);
    if (a.averageVelocity !== null && a.averageVelocity > 0) {
      hasVelocity = true;
      velocity += a.averageVelocity;
      coveragePoints += a.readyPoints;
      append(keys.readyCoverageIterations, a.readyKeys);
    }
    for (const r of a.closedRows.slice(0, 3)) append(baseKeys.readyCoverageIterations, r.accepted);
    backlogSize += a.backlog.length;
    qualityPass += a.qualityPassKeys.length;
    append(keys.qualityPassRate, a.qualityPassKeys);
    for (const s of a.backlog) baseKeys.qualityPassRate.push(s.key);
    const last = a.closedRows[0];
    if (last) {
      hasLastSprint = true;
      lastIds.push(last.sprint.id);
      committed += last.committed.length;
      acceptedCommitted += last.acceptedCommitted.length;
      committedPoints += last.committedPoints;
      acceptedCommittedPoints += last.acceptedCommittedPoints;
      append(keys.acceptanceRateLastSprint, last.acceptedCommitted);
      append(baseKeys.acceptanceRateLastSprint, last.committed);
    }
    for (const r of a.closedRows.slice(0, 3)) {
      reworkIds.push(r.sprint.id);
      for (const k of r.accepted) acceptedW.add(k);
      for (const k of r.reworked) reworkedW.add(k);
    }
    deps += a.depCount;
    append(keys.dependenciesAtRisk, a.depKeys);
    append(keys.improvementsDoneThisPi, a.improvementDone);
    append(baseKeys.improvementsDoneThisPi, a.improvementBase);
  }
  keys.reworkRatio = [...reworkedW];
  baseKeys.reworkRatio = [...acceptedW];
  for (const id of Object.keys(keys) as HealthMetricId[]) {
    keys[id] = uniq(keys[id]);
    baseKeys[id] = uniq(baseKeys[id]);
  }
  baseKeys.dependenciesAtRisk = [...keys.dependenciesAtRisk];
  const metrics: Metrics = {
    readinessRate: ratio(readyInHorizon, horizonSize),
    readyCoverageIterations: hasVelocity ? coveragePoints / velocity : null,
    acceptanceRateLastSprint: hasLastSprint ? ratio(acceptedCommitted, committed) : null,
    reworkRatio: ratio(reworkedW.size, acceptedW.size),
    qualityPassRate: ratio(qualityPass, backlogSize),
    dependenciesAtRisk: deps,
    improvementsDoneThisPi: keys.improvementsDoneThisPi.length,
  };
  return {
    team: parts.length === 1 ? parts[0].team : 'Train',
    metrics,
    keys,
    baseKeys,
    details: {
      readinessRatePoints: ratio(readyHorizonPoints, horizonPoints),
      acceptanceRateLastSprintPoints: hasLastSprint ? ratio(acceptedCommittedPoints, committedPoints) : null,
      averageVelocity: hasVelocity ? velocity : null,
      readyPoints,
      horizonSize,
      horizonPoints,
      readyInHorizon,
      lastClosedSprintIds: lastIds,
      reworkSprintIds: reworkIds,
      reworked: reworkedW.size,
      acceptedInWindow: acceptedW.size,
    },
  };
}
