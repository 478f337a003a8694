import { dependencyRisk, type DependencyRisk } from '../dependencyRisk';
import type { BacklogIssue } from '../model';
import { pairCount, type Figure, type Measure } from './figure';
import { teamOrder } from './types';

/** One cross-team blocking link of the train. */
export interface TrainDependency {
  blocker: BacklogIssue;
  blocked: BacklogIssue;
  blockerTeam: string;
  blockedTeam: string;
  risk: DependencyRisk;
}

/** What keyOrder compares of an issue key: its project and its number. */
export interface KeyParts {
  project: string;
  number: number;
}

export function keyParts(key: string): KeyParts {
  const dash = key.lastIndexOf('-');
  return { project: key.slice(0, dash), number: Number(key.slice(dash + 1)) };
}

/** Issue keys by project, then by number (ART-9 before ART-10). */
export function compareKeyParts(a: KeyParts, b: KeyParts): number {
  return a.project === b.project ? a.number - b.number : a.project < b.project ? -1 : 1;
}

export function keyOrder(a: string, b: string): number {
  return compareKeyParts(keyParts(a), keyParts(b));
}

/**
 * Blocking links whose two ends are loaded and belong to different known teams (DOMAIN.md
 * "Dependencies"), each blocker → blocked pair once. Links to issues outside the loaded train (or
 * hidden from the reader) are not counted: the reader could not open them.
 */
export function trainDependencies(issues: readonly BacklogIssue[], teamOf: (i: BacklogIssue) => string | null): TrainDependency[] {
  const byKey = new Map(issues.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const out: TrainDependency[] = [];
  for (const issue of byKey.values()) {
    for (const link of issue.links) {
      if (link.direction === 'other') continue;
      const other = byKey.get(link.other.key);
      if (!other || other === issue) continue;
      const [blocker, blocked] = link.direction === 'blockedBy' ? [other, issue] : [issue, other];
      const pair = `${blocker.key}>${blocked.key}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const blockerTeam = teamOf(blocker);
      const blockedTeam = teamOf(blocked);
      if (!blockerTeam || !blockedTeam || blockerTeam === blockedTeam) continue;
      out.push({ blocker, blocked, blockerTeam, blockedTeam, risk: dependencyRisk(blocker, blocked) });
    }
  }
  return out.sort((a, b) => Number(b.risk.atRisk) - Number(a.risk.atRisk) || keyOrder(a.blocked.key, b.blocked.key) || keyOrder(a.blocker.key, b.blocker.key));
}

const pairsOf = (deps: readonly TrainDependency[]) => deps.map((d) => [d.blocker.key, d.blocked.key] as [string, string]);

/** At-risk pairs among `deps` (a count of pairs; members are the issues on both ends). */
export function dependenciesAtRisk(deps: readonly TrainDependency[]): Measure {
  return pairCount(pairsOf(deps.filter((d) => d.risk.atRisk)));
}

export function dependencyPairs(deps: readonly TrainDependency[]): Measure {
  return pairCount(pairsOf(deps));
}

export interface MatrixCell {
  blockerTeam: string;
  blockedTeam: string;
  pairs: Measure;
  atRisk: Measure;
}

/** Team × team: rows are the blocking team, columns the blocked team. */
export function dependencyMatrix(deps: readonly TrainDependency[]): { teams: string[]; cells: MatrixCell[] } {
  const byCell = new Map<string, TrainDependency[]>();
  for (const d of deps) {
    const id = `${d.blockerTeam}\u0000${d.blockedTeam}`;
    byCell.set(id, [...(byCell.get(id) ?? []), d]);
  }
  const teams = [...new Set(deps.flatMap((d) => [d.blockerTeam, d.blockedTeam]))].sort(teamOrder);
  const cells = [...byCell.values()]
    .map((ds) => ({ blockerTeam: ds[0].blockerTeam, blockedTeam: ds[0].blockedTeam, pairs: dependencyPairs(ds), atRisk: dependenciesAtRisk(ds) }))
    .sort((a, b) => a.blockerTeam.localeCompare(b.blockerTeam) || a.blockedTeam.localeCompare(b.blockedTeam));
  return { teams, cells };
}

/** The Dependencies tab's figures: train pairs and at-risk pairs, and each matrix cell's. */
export function dependencyFigures(deps: readonly TrainDependency[]): Figure[] {
  return [
    { metric: 'dependencyPairs', scope: 'train', unit: 'pairs', ...dependencyPairs(deps) },
    { metric: 'dependenciesAtRisk', scope: 'train', unit: 'pairs', ...dependenciesAtRisk(deps) },
    ...dependencyMatrix(deps).cells.flatMap((c): Figure[] => [
      { metric: 'dependencyPairs', scope: 'team', team: c.blockedTeam, blockerTeam: c.blockerTeam, unit: 'pairs', ...c.pairs },
      { metric: 'dependenciesAtRisk', scope: 'team', team: c.blockedTeam, blockerTeam: c.blockerTeam, unit: 'pairs', ...c.atRisk },
    ]),
  ];
}

/** One blocking link of a single issue, as its panel lists it (any teams, either direction). */
export interface IssueDependency {
  blocker: BacklogIssue;
  blocked: BacklogIssue;
  risk: DependencyRisk;
}

/**
 * An issue's own blocking links with their risk, and the at-risk ones as a figure, so the panel
 * shows a count the backend made instead of counting its list. Unlike the train's figure, links
 * within one team count here: the panel lists them, and a late blocker is late either way.
 */
export function issueDependencies(issue: BacklogIssue, links: readonly { direction: 'blockedBy' | 'blocks'; other: BacklogIssue }[]): { links: IssueDependency[]; atRisk: Figure } {
  const out = links.map(({ direction, other }): IssueDependency => {
    const [blocker, blocked] = direction === 'blockedBy' ? [other, issue] : [issue, other];
    return { blocker, blocked, risk: dependencyRisk(blocker, blocked) };
  });
  // Jira can hold the same link twice (or list it under two link types): each pair counts once.
  const pairs = new Map(out.filter((d) => d.risk.atRisk).map((d) => [`${d.blocker.key}>${d.blocked.key}`, [d.blocker.key, d.blocked.key] as [string, string]]));
  return { links: out, atRisk: { metric: 'issueDependenciesAtRisk', scope: 'issue', issue: issue.key, unit: 'pairs', ...pairCount([...pairs.values()]) } };
}
