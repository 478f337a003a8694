/**
 * Issue 15: the "PI planning" tab's view (resolver `getPiPlanning`). Every number the tab shows is a
 * FigureView computed once in the domain (src/domain/piPlanning/), with links to exactly the issues
 * it counts; the UI renders these fields and computes nothing (no sums, no shares, no colours from
 * numbers: `overCommitted`, `risk`, `finding` are decided here).
 *
 * Definitions (docs/PI_PLANNING.md): capacity, load, unestimated, over-commitment, alignment, risk.
 */
import type { SprintState } from '../domain/model';
import type { FigureView, IssueRef, JqlLink } from './index';

/** A PI the tab can show: from PI labels (the `piLabelPrefix`, default `PI-`) on features and objectives. */
export interface PiOptionView {
  pi: string;
  /** The PI's window: first and last day of its iterations (ISO), null when no sprint falls in it. */
  start: string | null;
  end: string | null;
  /** How the window is known: the settings' PI calendar, or derived from the sprints of its planned stories. */
  source: 'settings' | 'derived' | 'none';
  /** The PI the tab opens on when none is asked for: the earliest PI that has not ended. */
  isDefault: boolean;
}

/** One team's sprint that falls in the PI (the CLI's `iterations[]` entry, plus state and column). */
export interface PiIterationView {
  team: string;
  sprint: string;
  sprintId: number;
  start: string | null;
  end: string | null;
  state: SprintState;
  /** Index into PiPlanningData.columns (the train-wide iteration this sprint is in). */
  column: number;
}

/** A column of the board: the train's n-th iteration of the PI (teams' sprints of the same dates). */
export interface PiColumnView {
  index: number;
  /** "Iteration 1", …; an IP iteration (every sprint in it overridden as IP) is labelled so. */
  label: string;
  start: string | null;
  end: string | null;
  sprintIds: number[];
}

/**
 * A card: one feature's stories in one cell (team × iteration, or the team's "unplanned" cell).
 * `feature` null = the cell's orphan stories (no parent feature).
 */
export interface PiCardView {
  /** Stable id: `${featureKey|'orphan'}|${team}|${sprintId|'unplanned'}`; dependencies refer to it. */
  id: string;
  feature: IssueRef | null;
  team: string;
  sprintId: number | null;
  /** Points of the card's stories (unit points; links open the stories). */
  points: FigureView;
  /** The card's stories (unit issues). */
  stories: FigureView;
  /** Of them, without points. */
  unestimated: FigureView;
  /** The feature carries the PI's label (in the PI's scope). */
  inPiScope: boolean;
  /** The feature's WSJF rank when it is among the top N; else null. */
  topWsjfRank: number | null;
}

export interface PiCapacityView {
  /** Points the team can take in the iteration; null = "no velocity yet" (never 0 for unknown). */
  value: number | null;
  source: 'velocity' | 'override' | 'none';
  /** A sentence: "median of 21, 18, 24 accepted points (last 3 closed sprints)", an override's reason, or "no velocity yet". */
  basis: string;
  /** The override's reason (holidays, IP iteration), shown beside the number; null when not overridden. */
  overrideReason: string | null;
  /** The closed sprints the median was taken over, each with its accepted points (the sprintVelocity figure). */
  history: { sprint: string; sprintId: number; velocity: FigureView }[];
}

/** One cell: team × iteration (`sprintId` set), or the team's unplanned cell (`sprintId` null). */
export interface PiCellView {
  team: string;
  sprint: string | null;
  sprintId: number | null;
  /** Column index; null for the unplanned cell. */
  column: number | null;
  cards: PiCardView[];
  /** Null for the unplanned cell (no sprint, no capacity). */
  capacity: PiCapacityView | null;
  /** Points of level-0 stories whose Sprint field includes the sprint (unit points; links open the stories). */
  load: FigureView;
  /** Those stories without points (unit issues), counted apart from `load`. */
  unestimated: FigureView;
  /** load > capacity × overCommitShare (false when capacity is null). */
  overCommitted: boolean;
  /** A sentence when over-committed ("34 points planned against 21 × 100% capacity"), else null. */
  overCommitMessage: string | null;
}

export interface PiAlignmentView {
  /** Shares of the planned points (0..1; value null when nothing is planned), each a points rate over the same planned stories. */
  inPiScope: FigureView;
  topWsjf: FigureView;
  orphan: FigureView;
}

export interface PiObjectiveView {
  issue: IssueRef;
  planned: number | null;
  /** False for `uncommitted` (stretch) objectives. */
  committed: boolean;
}

export interface PiTeamRowView {
  team: string;
  /** Scrum teams plan into sprints; a kanban team has none, so its stories are all in `unplanned`. */
  kind: 'scrum' | 'kanban';
  /** E.g. "Meteor works in kanban: no sprints, so its stories for the PI are shown as unplanned." */
  note: string | null;
  /** One cell per column (PiPlanningData.columns order); a column where the team has no sprint has sprintId null and capacity null. */
  cells: PiCellView[];
  unplanned: PiCellView;
  objectives: PiObjectiveView[];
  totals: {
    /** Sum of the cells' capacities; null when every cell's is null; `partial` when some are null. */
    capacity: number | null;
    capacityPartial: boolean;
    load: FigureView;
    unestimated: FigureView;
    overCommitted: boolean;
  };
  alignment: PiAlignmentView;
}

export interface PiTopFeatureView {
  feature: IssueRef;
  /** 1-based WSJF rank (rankFeatures, the one ranking) and the WSJF value. */
  rank: number;
  wsjf: number;
  inPiScope: boolean;
  /** Teams with stories of the feature planned in the PI's sprints, and their points. */
  teams: { team: string; points: FigureView }[];
  /** All the feature's planned points in the PI (unit points). */
  planned: FigureView;
  /** "ART-12 is the #2 feature by WSJF and no team has planned any of its stories in PI-2027.1", else null. */
  finding: string | null;
}

export type PiDependencyRisk = 'later' | 'same' | 'unplanned' | 'ok';

/** `from` blocks `to` ("is blocked by"/"blocks" between stories, or between features). */
export interface PiDependencyView {
  id: string;
  from: IssueRef & { sprint: string | null; sprintId: number | null };
  to: IssueRef & { sprint: string | null; sprintId: number | null };
  /** Cards the connector joins (null when an end is on no card of this board). */
  fromCard: string | null;
  toCard: string | null;
  /** later: the blocker lands in a later iteration than the work it blocks; same: the same iteration; unplanned: the blocker is in no PI iteration; ok: earlier. */
  risk: PiDependencyRisk;
  sentence: string;
  /** Both issues in Jira's issue search. */
  link: JqlLink;
}

export interface PiFeatureReadinessView {
  feature: IssueRef;
  ready: boolean;
  findings: { rule: string; message: string; hint: string; evidence: string | null }[];
}

export interface PiPlanningData {
  asOf: string;
  projectKey: string;
  pis: PiOptionView[];
  /** The PI shown (null when the train has no PI label yet; then `notes` says how to add one). */
  pi: string | null;
  window: { start: string | null; end: string | null; source: 'settings' | 'derived' | 'none' };
  columns: PiColumnView[];
  iterations: PiIterationView[];
  teams: PiTeamRowView[];
  train: {
    capacity: number | null;
    capacityPartial: boolean;
    load: FigureView;
    unestimated: FigureView;
    alignment: PiAlignmentView;
  };
  /** The settings used (so the UI can say "top 5 by WSJF", "over 100% of capacity"). */
  topN: number;
  overCommitShare: number;
  velocitySprints: number;
  topFeatures: PiTopFeatureView[];
  /** The top features with nothing planned, as sentences (the same as their `finding`). */
  findings: string[];
  dependencies: PiDependencyView[];
  /** Feature readiness (SAFe feature template) of the PI's features; empty until the engine is wired. */
  features: PiFeatureReadinessView[];
  /** Filter options: the teams and the features that appear on cards. */
  filters: { teams: string[]; features: IssueRef[] };
  /** Sentences on what the board leaves out (kanban teams, teams with no history, PI window source). */
  notes: string[];
  /** Definitions shown beside the numbers (capacity, load, over-commitment, alignment, risk). */
  definitions: Record<'capacity' | 'load' | 'unestimated' | 'overCommitted' | 'inPiScope' | 'topWsjf' | 'orphan' | 'risk', string>;
}
