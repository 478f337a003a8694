import type { HealthMetricId } from './types';

/**
 * A figure is one number a surface shows, with the members it counted, so the drill-down can open
 * exactly those issues and a test can check the two agree (issue 12). Every surface renders
 * figures; none recomputes a number from raw issues.
 */
export type FigureUnit = 'issues' | 'points' | 'pairs' | 'iterations';
/** 'issue': one issue's own figure (its panel), never part of the train's. */
export type FigureScope = 'train' | 'team' | 'sprint' | 'pi' | 'issue';

export type FigureMetric =
  | HealthMetricId
  | 'readinessRatePoints'
  /** Sprint action: stories of the sprint that fail the Definition of Ready / its stories. */
  | 'sprintNotReady'
  | 'acceptanceRateLastSprintPoints'
  | 'averageVelocity'
  /** Closed sprint: stories committed at the start that were accepted / committed. */
  | 'sprintCommittedAccepted'
  /** Closed sprint: stories added after the start that were accepted / added. */
  | 'sprintAddedAccepted'
  | 'sprintCommittedAcceptedPoints'
  /** Closed sprint: accepted points (committed and added), the sprint's velocity. */
  | 'sprintVelocity'
  | 'sprintRework'
  /** Active sprint: stories in it so far that are done / stories in it so far. */
  | 'sprintProgress'
  /** Active sprint: stories in it when it started (the progress denominator's first part). */
  | 'sprintCommittedSoFar'
  /** Active sprint: stories that entered it after the start, so far (the second part). */
  | 'sprintAddedSoFar'
  /** Cross-team blocking pairs (at risk or not), per blocked team or team × team cell. */
  | 'dependencyPairs'
  /** Issue panel: the issue's own blocking links (any teams) that are at risk, as pairs. */
  | 'issueDependenciesAtRisk'
  | 'improvementsCreated'
  | 'improvementsDoneInPi'
  | 'improvementsCarriedForward'
  /** Backlog stories with a finding of one quality rule / backlog stories (Quality tab, per rule). */
  | 'qualityRuleFindings'
  | 'predictability'
  /** PI planning (src/domain/piPlanning): points planned in a sprint (cell), a team's PI or the train's PI. */
  | 'piLoad'
  /** PI planning: stories planned without points, same scopes as piLoad. */
  | 'piUnestimated'
  /** PI planning: a team's stories of the PI in no sprint of it (kanban, or not planned yet): points / unestimated. */
  | 'piUnplannedPoints'
  | 'piUnplannedUnestimated'
  /** PI planning: one card (a feature's stories, `issue` = the feature; orphans without) in a cell. */
  | 'piCardPoints'
  | 'piCardStories'
  | 'piCardUnestimated'
  /** PI planning: shares of planned points (team or train): features in the PI's scope, top-N WSJF features, no feature. */
  | 'piAlignmentInScope'
  | 'piAlignmentTopWsjf'
  | 'piAlignmentOrphan'
  /** PI planning: a top-WSJF feature's planned points (`issue` = the feature), per team or for the train. */
  | 'piFeaturePlanned';

export interface Measure {
  /** rate: numerator / denominator in 0..1; count: the numerator itself; quotient: another ratio (coverage, velocity). */
  kind: 'rate' | 'count' | 'quotient';
  value: number | null;
  numerator: number;
  /** null for a plain count. */
  denominator: number | null;
  /** The issues counted in the numerator (for pairs: the issues on both ends). */
  members: string[];
  /** The denominator's issues, for a rate whose denominator is a set of issues (members ⊆ these). */
  denominatorMembers?: string[];
  /** For dependency figures: the blocker → blocked pairs counted. */
  pairs?: [string, string][];
}

export interface Figure extends Measure {
  metric: FigureMetric;
  scope: FigureScope;
  unit: FigureUnit;
  team?: string;
  /** Matrix cells: the blocking team (team = the blocked team). */
  blockerTeam?: string;
  sprint?: string;
  sprintId?: number;
  pi?: string;
  /** qualityRuleFindings: the rule id. */
  rule?: string;
  /** Scope 'issue': the issue's key. */
  issue?: string;
}

const uniqSorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

/** n of d over issue sets; n ⊆ d by construction (members are filtered to the denominator). */
export function issueRate(numeratorKeys: Iterable<string>, denominatorKeys: Iterable<string>): Measure {
  const den = uniqSorted(denominatorKeys);
  const inDen = new Set(den);
  const num = uniqSorted(numeratorKeys).filter((k) => inDen.has(k));
  return { kind: 'rate', value: den.length ? num.length / den.length : null, numerator: num.length, denominator: den.length, members: num, denominatorMembers: den };
}

/** Points of n over points of d, members as for issueRate. */
export function pointsRate(numeratorKeys: Iterable<string>, denominatorKeys: Iterable<string>, points: (key: string) => number): Measure {
  const r = issueRate(numeratorKeys, denominatorKeys);
  const sum = (keys: string[]) => keys.reduce((s, k) => s + points(k), 0);
  const num = sum(r.members);
  const den = sum(r.denominatorMembers!);
  return { ...r, value: den > 0 ? num / den : null, numerator: num, denominator: den };
}

export function issueCount(keys: Iterable<string>): Measure {
  const members = uniqSorted(keys);
  return { kind: 'count', value: members.length, numerator: members.length, denominator: null, members };
}

export function pairCount(pairs: readonly [string, string][]): Measure {
  const sorted = [...pairs].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  return { kind: 'count', value: sorted.length, numerator: sorted.length, denominator: null, members: uniqSorted(sorted.flat()), pairs: sorted };
}

/** Identity of a figure across surfaces: same id ⇒ must be the same number everywhere. */
export function figureId(f: Pick<Figure, 'metric' | 'scope' | 'team' | 'blockerTeam' | 'sprintId' | 'pi' | 'rule' | 'issue'>): string {
  return [f.metric, f.scope, f.team ?? '', f.blockerTeam ?? '', f.sprintId ?? '', f.pi ?? '', ...(f.rule !== undefined ? [f.rule] : []), ...(f.issue !== undefined ? [f.issue] : [])].join('|');
}
