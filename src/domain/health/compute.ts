import type { BacklogIssue, Sprint } from '../model';
import { acceptance, lastClosed, teamVelocity, windowOf, type TeamSprints } from './acceptance';
import { dependenciesAtRisk, dependencyFigures, trainDependencies, type TrainDependency } from './dependencies';
import { issueCount, issueRate, pointsRate, type Figure, type FigureMetric, type FigureUnit, type Measure } from './figure';
import { improvementPicture, improvementPiFigures, improvementsDoneThisPi, type ImprovementPicture } from './improvements';
import { qualityPassRate } from './qualityPass';
import { readiness, type TeamBacklog } from './readiness';
import type { SprintCommitment, SprintRow } from './sprintCommitment';
import { activeSprintFigures, evaluateSprints, type ActiveSprint, type SkippedSprint } from './sprints';

export type { ActiveSprint, SkippedSprint } from './sprints';
import { teamResolver } from './teams';
import { buildTimeline, categoryLookup } from './timeline';
import { DEFAULT_HORIZON_ITERATIONS, HEALTH_METRIC_IDS, ms, NO_TEAM, pointsOf, teamOrder, type HealthInput, type HealthMetricId, type MetricKeys, type Metrics } from './types';

/** Figures that sit next to the headline metrics (points versions, velocity, horizon size). */
export interface MetricDetails {
  readinessRatePoints: number | null;
  acceptanceRateLastSprintPoints: number | null;
  /** Mean velocity (accepted points) of the last ≤3 closed sprints; train: sum over teams. */
  averageVelocity: number | null;
  readyPoints: number;
  horizonSize: number;
  horizonPoints: number;
  readyInHorizon: number;
  lastClosedSprintIds: number[];
  reworkSprintIds: number[];
  reworked: number;
  acceptedInWindow: number;
}

export interface TeamHealth {
  team: string;
  metrics: Metrics;
  details: MetricDetails;
  /** Numerator members (or the counted issues) per metric. */
  keys: MetricKeys;
  /** Denominator members per metric (the counted issues for counts and coverage). */
  baseKeys: MetricKeys;
}

export interface TrainHealth {
  asOf: string;
  train: Metrics;
  details: MetricDetails;
  keys: MetricKeys;
  baseKeys: MetricKeys;
  teams: TeamHealth[];
  /** Closed sprints only, oldest end first. */
  sprints: SprintRow[];
  activeSprints: ActiveSprint[];
  /** Sprints with no commitment computed (future, no start date, no end), with the reason. */
  skippedSprints: SkippedSprint[];
  /** "This PI" behind improvementsDoneThisPi. */
  piWindow: { start: string; end: string; label: string | null };
  /** Every number the project page shows, with its members (src/domain/health/figure.ts). */
  figures: Figure[];
  dependencies: TrainDependency[];
  improvements: ImprovementPicture;
}

interface TeamParts {
  backlog: TeamBacklog;
  sprints: TeamSprints;
}

const FIGURE_UNITS: Record<HealthMetricId | 'readinessRatePoints' | 'acceptanceRateLastSprintPoints' | 'averageVelocity', FigureUnit> = {
  readinessRate: 'issues',
  readinessRatePoints: 'points',
  readyCoverageIterations: 'iterations',
  averageVelocity: 'points',
  acceptanceRateLastSprint: 'issues',
  acceptanceRateLastSprintPoints: 'points',
  reworkRatio: 'issues',
  qualityPassRate: 'issues',
  dependenciesAtRisk: 'pairs',
  improvementsDoneThisPi: 'issues',
};

type ScopeMeasures = Record<keyof typeof FIGURE_UNITS, Measure>;

/** Every measure of one scope (the train, or one team), each from its own metric function. */
function scopeMeasures(parts: readonly TeamParts[], input: HealthInput, deps: readonly TrainDependency[], improvements: ImprovementPicture, team: string | undefined, pointsOfKey: (k: string) => number): ScopeMeasures {
  const backlogs = parts.map((p) => p.backlog);
  return {
    ...readiness(backlogs, input.ready, input.horizonIterations ?? DEFAULT_HORIZON_ITERATIONS),
    ...acceptance(
      parts.map((p) => p.sprints),
      pointsOfKey,
    ),
    qualityPassRate: qualityPassRate(backlogs, input.qualityPass),
    dependenciesAtRisk: dependenciesAtRisk(team === undefined ? deps : deps.filter((d) => d.blockedTeam === team)),
    improvementsDoneThisPi: improvementsDoneThisPi(improvements, team),
  };
}

function legacyTeam(team: string, m: ScopeMeasures, parts: readonly TeamParts[]): TeamHealth {
  const metrics = Object.fromEntries(HEALTH_METRIC_IDS.map((id) => [id, m[id].value])) as Metrics;
  const keys = Object.fromEntries(HEALTH_METRIC_IDS.map((id) => [id, m[id].members])) as MetricKeys;
  const baseKeys = Object.fromEntries(HEALTH_METRIC_IDS.map((id) => [id, m[id].denominatorMembers ?? m[id].members])) as MetricKeys;
  baseKeys.readyCoverageIterations = m.averageVelocity.members;
  const last = parts.map((p) => lastClosed(p.sprints)).filter((c): c is SprintCommitment => c !== null);
  return {
    team,
    metrics,
    keys,
    baseKeys,
    details: {
      readinessRatePoints: m.readinessRatePoints.value,
      acceptanceRateLastSprintPoints: m.acceptanceRateLastSprintPoints.value,
      averageVelocity: m.averageVelocity.value,
      readyPoints: m.readyCoverageIterations.numerator,
      horizonSize: m.readinessRate.denominator ?? 0,
      horizonPoints: m.readinessRatePoints.denominator ?? 0,
      readyInHorizon: m.readinessRate.numerator,
      lastClosedSprintIds: last.map((c) => c.sprint.id),
      reworkSprintIds: parts.flatMap((p) => windowOf(p.sprints).map((c) => c.sprint.id)),
      reworked: m.reworkRatio.numerator,
      acceptedInWindow: m.reworkRatio.denominator ?? 0,
    },
  };
}

function scopeFigures(m: ScopeMeasures, team: string | undefined): Figure[] {
  return (Object.keys(FIGURE_UNITS) as (keyof typeof FIGURE_UNITS)[]).map((metric) => ({ metric, scope: team === undefined ? 'train' : 'team', ...(team !== undefined ? { team } : {}), unit: FIGURE_UNITS[metric], ...m[metric] }));
}

function sprintFigures(r: SprintRow, pointsOfKey: (k: string) => number): Figure[] {
  const at = { scope: 'sprint' as const, team: r.team, sprint: r.sprint, sprintId: r.sprintId };
  const f = (metric: FigureMetric, unit: FigureUnit, m: Measure): Figure => ({ metric, unit, ...at, ...m });
  const velocity = issueCount(r.keys.accepted);
  return [
    f('sprintCommittedAccepted', 'issues', issueRate(r.keys.acceptedCommitted, r.keys.committed)),
    f('sprintAddedAccepted', 'issues', issueRate(r.keys.acceptedAdded, r.keys.added)),
    f('sprintCommittedAcceptedPoints', 'points', pointsRate(r.keys.acceptedCommitted, r.keys.committed, pointsOfKey)),
    f('sprintVelocity', 'points', { ...velocity, kind: 'count', value: r.acceptedPoints, numerator: r.acceptedPoints }),
    f('sprintRework', 'issues', issueRate(r.keys.reworked, r.keys.accepted)),
  ];
}

/**
 * The whole health picture for a train (DOMAIN.md "Backlog health metrics", "Precise defaults").
 * Pure: no I/O, no clock. Choices where DOMAIN.md is silent:
 * - A story's team is its Team field, else the team of its planned sprint, else NO_TEAM.
 * - Only closed sprints enter acceptance, velocity, rework and the sprint table; the active sprint
 *   is returned apart (activeSprints); future sprints only shape the backlog (readiness, coverage).
 * - Train figures are ratios of sums over teams (DOMAIN.md "Train figures").
 * - Dependencies are attributed to the blocked issue's team.
 * - Improvements done this PI: the improvement items of the current PI (Improvement tab's PI) that
 *   are done — the same computation the Improvement tab shows.
 */
export function computeHealth(input: HealthInput): TrainHealth {
  const now = ms(input.now);
  const nowIso = Number.isNaN(now) ? input.now : new Date(now).toISOString();
  const teamOf = teamResolver(input.teamOfSprint, input.sprints);
  const team = (i: BacklogIssue) => teamOf(i) ?? NO_TEAM;
  const categoryOf = categoryLookup(input.statusCategoryById, [...input.stories, ...input.features]);
  const points = new Map(input.stories.map((s) => [s.key, pointsOf(s)]));
  const pointsOfKey = (k: string) => points.get(k) ?? 0;

  const { closed, rows, activeSprints, skippedSprints, sprintById } = evaluateSprints(
    input,
    input.stories,
    (s) => buildTimeline(s, input.changes.get(s.id), categoryOf),
    (s) => input.changes.get(s.id),
    now,
  );

  // Every team that owns a sprint or a story is listed, even with nothing to measure yet.
  const teamNames = new Set<string>([...input.sprints.map((s) => input.teamOfSprint.get(s.id)).filter((t): t is string => !!t), ...input.stories.filter((s) => s.team).map((s) => s.team!)]);
  const rank = new Map(input.stories.map((s, i) => [s, i]));
  const byRank = (a: BacklogIssue, b: BacklogIssue) =>
    a.rank !== b.rank ? (a.rank === null ? 1 : b.rank === null ? -1 : a.rank < b.rank ? -1 : 1) : (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const stateOf = (s: Sprint) => sprintById.get(s.id)?.state ?? s.state;
  const backlogStories = input.stories.filter((s) => s.status.category !== 'done' && !s.sprints.some((x) => stateOf(x) === 'active'));
  for (const s of backlogStories) teamNames.add(team(s));
  for (const e of closed) teamNames.add(e.team);
  const closedByTeam = (t: string) =>
    closed
      .filter((e) => e.team === t)
      .map((e) => e.c)
      .sort((x, y) => ms(y.end) - ms(x.end) || y.sprint.id - x.sprint.id);

  const deps = trainDependencies([...input.features, ...input.stories], teamOf);
  for (const d of deps) teamNames.add(d.blockedTeam);
  const names = [...teamNames].sort(teamOrder);
  const improvements = improvementPicture([...input.stories, ...input.features], input.improvementLabel, input.changes, input.statusCategoryById, teamOf, names, nowIso, input.pi?.label ?? null);
  for (const i of improvements.items) if (i.pi === improvements.currentPi) teamNames.add(i.team ?? NO_TEAM);
  const parts = new Map<string, TeamParts>(
    [...teamNames].sort(teamOrder).map((t) => {
      const sprints: TeamSprints = { team: t, closed: closedByTeam(t) };
      return [t, { sprints, backlog: { team: t, stories: backlogStories.filter((s) => team(s) === t).sort(byRank), velocity: teamVelocity(sprints) } }];
    }),
  );

  const trainMeasures = scopeMeasures([...parts.values()], input, deps, improvements, undefined, pointsOfKey);
  const teamMeasures = [...parts].map(([t, p]) => ({ t, p, m: scopeMeasures([p], input, deps, improvements, t, pointsOfKey) }));

  const figures: Figure[] = [
    ...scopeFigures(trainMeasures, undefined),
    ...teamMeasures.flatMap((x) => scopeFigures(x.m, x.t)),
    // Train and per-team at-risk pairs come with the scope figures above; the rest of the tab's here.
    ...dependencyFigures(deps).filter((f) => !(f.metric === 'dependenciesAtRisk' && f.scope === 'train')),
    ...rows.flatMap((r) => sprintFigures(r, pointsOfKey)),
    ...activeSprints.flatMap(activeSprintFigures),
    ...improvementPiFigures(improvements),
  ];

  const piRow = improvements.overview.pis.find((p) => p.pi === improvements.currentPi);
  const trainLegacy = legacyTeam('Train', trainMeasures, [...parts.values()]);
  return {
    asOf: nowIso,
    train: trainLegacy.metrics,
    details: trainLegacy.details,
    keys: trainLegacy.keys,
    baseKeys: trainLegacy.baseKeys,
    teams: teamMeasures.map((x) => legacyTeam(x.t, x.m, [x.p])),
    sprints: rows,
    activeSprints,
    skippedSprints,
    piWindow: { start: piRow?.start ?? '', end: piRow ? (piRow.end ?? nowIso) : '', label: improvements.currentPi },
    figures,
    dependencies: deps,
    improvements,
  };
}
