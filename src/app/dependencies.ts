import { dependencyRisk, type DependencyRisk } from '../domain/dependencyRisk';
import { NO_TEAM } from '../domain/health';
import type { BacklogIssue, Sprint } from '../domain/model';
import { and, keysJql } from '../jira/jql';
import type { DependenciesData, JqlLink, TrainDependencyView } from '../contract';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { currentSettings } from './siteMetadata';
import { loadTrain, type TrainData } from './trainData';
import { issueRef, jqlLink } from './views';

/** One cross-team blocking link of the train. */
export interface TrainDependency {
  blocker: BacklogIssue;
  blocked: BacklogIssue;
  blockerTeam: string;
  blockedTeam: string;
  risk: DependencyRisk;
}

/** Team of an issue: its Team field, else the team owning its planned sprint (as health.ts does). */
export function teamResolver(teamOfSprint: Map<number, string>): (issue: BacklogIssue) => string | null {
  return (issue) => {
    if (issue.team) return issue.team;
    let open: Sprint | undefined;
    let last: Sprint | undefined;
    for (const s of issue.sprints) {
      last = s;
      if (s.state !== 'closed') open = s;
    }
    const planned = open ?? last;
    return planned ? (teamOfSprint.get(planned.id) ?? null) : null;
  };
}

/**
 * Blocking links whose two ends belong to different teams (DOMAIN.md "Dependencies"), each pair
 * once, from the issues already loaded: no request per issue. Links to issues outside the loaded
 * train (or hidden from the user) are not counted.
 */
export function trainDependencies(issues: readonly BacklogIssue[], teamOf: (i: BacklogIssue) => string | null): TrainDependency[] {
  const byKey = new Map(issues.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const out: TrainDependency[] = [];
  for (const issue of issues) {
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

export function keyOrder(a: string, b: string): number {
  const [pa, na] = [a.slice(0, a.lastIndexOf('-')), Number(a.slice(a.lastIndexOf('-') + 1))];
  const [pb, nb] = [b.slice(0, b.lastIndexOf('-')), Number(b.slice(b.lastIndexOf('-') + 1))];
  return pa === pb ? na - nb : pa < pb ? -1 : 1;
}

export interface MatrixCell {
  blockerTeam: string;
  blockedTeam: string;
  count: number;
  atRisk: number;
  keys: string[];
}

/** Team × team counts: rows are the blocking team, columns the blocked team. */
export function dependencyMatrix(deps: readonly TrainDependency[]): { teams: string[]; cells: MatrixCell[] } {
  const cells = new Map<string, MatrixCell>();
  const teams = new Set<string>();
  for (const d of deps) {
    teams.add(d.blockerTeam);
    teams.add(d.blockedTeam);
    const id = `${d.blockerTeam}\u0000${d.blockedTeam}`;
    const c = cells.get(id) ?? { blockerTeam: d.blockerTeam, blockedTeam: d.blockedTeam, count: 0, atRisk: 0, keys: [] };
    c.count++;
    if (d.risk.atRisk) c.atRisk++;
    c.keys.push(d.blocker.key, d.blocked.key);
    cells.set(id, c);
  }
  const sortedTeams = [...teams].sort((a, b) => (a === NO_TEAM ? 1 : b === NO_TEAM ? -1 : a.localeCompare(b)));
  return { teams: sortedTeams, cells: [...cells.values()].sort((a, b) => a.blockerTeam.localeCompare(b.blockerTeam) || a.blockedTeam.localeCompare(b.blockedTeam)) };
}

export interface FeatureEdge {
  from: string;
  to: string;
  count: number;
  atRisk: number;
  explanations: string[];
  keys: string[];
}

/**
 * Features and their dependencies: a direct link between two features, or a link between stories
 * of two different features (aggregated per feature pair, from blocker's feature to blocked's).
 */
export function featureGraph(deps: readonly TrainDependency[], features: readonly BacklogIssue[]): { nodes: BacklogIssue[]; edges: FeatureEdge[]; withoutFeature: number } {
  const featureByKey = new Map(features.map((f) => [f.key, f]));
  const featureOf = (i: BacklogIssue): BacklogIssue | null => featureByKey.get(i.key) ?? (i.parentKey ? (featureByKey.get(i.parentKey) ?? null) : null);
  const edges = new Map<string, FeatureEdge>();
  let withoutFeature = 0;
  for (const d of deps) {
    const from = featureOf(d.blocker);
    const to = featureOf(d.blocked);
    if (!from || !to) {
      withoutFeature++;
      continue;
    }
    if (from === to) continue;
    const id = `${from.key}>${to.key}`;
    const e = edges.get(id) ?? { from: from.key, to: to.key, count: 0, atRisk: 0, explanations: [], keys: [] };
    e.count++;
    if (d.risk.atRisk) {
      e.atRisk++;
      e.explanations.push(d.risk.explanation);
    }
    e.keys.push(d.blocker.key, d.blocked.key);
    edges.set(id, e);
  }
  const used = new Set([...edges.values()].flatMap((e) => [e.from, e.to]));
  return {
    nodes: features.filter((f) => used.has(f.key)).sort((a, b) => keyOrder(a.key, b.key)),
    edges: [...edges.values()].sort((a, b) => keyOrder(a.from, b.from) || keyOrder(a.to, b.to)),
    withoutFeature,
  };
}

function keysLink(siteUrl: string, scopeJql: string, keys: readonly string[]): JqlLink {
  const sorted = [...new Set(keys)].sort(keyOrder);
  return jqlLink(siteUrl, `${and(scopeJql, keysJql(sorted))} ORDER BY Rank ASC`);
}

/** The Dependencies tab's data from an already loaded train. */
export function dependenciesView(siteUrl: string, train: TrainData, now: Date): DependenciesData {
  const teamOf = teamResolver(train.teamOfSprint);
  const all = [...train.features, ...train.stories];
  const deps = trainDependencies(all, teamOf);
  const matrix = dependencyMatrix(deps);
  const graph = featureGraph(deps, train.features);
  const sprintOf = (i: BacklogIssue) => {
    const open = i.sprints.filter((s) => s.state !== 'closed');
    return (open.at(-1) ?? i.sprints.at(-1))?.name ?? null;
  };
  const ref = (i: BacklogIssue) => ({ ...issueRef(siteUrl, i), team: teamOf(i), sprint: sprintOf(i) });
  const dependencies: TrainDependencyView[] = deps.map((d) => ({
    blocker: ref(d.blocker),
    blocked: ref(d.blocked),
    atRisk: d.risk.atRisk,
    risk: d.risk.risk,
    explanation: d.risk.explanation,
    link: keysLink(siteUrl, train.scopeJql, [d.blocker.key, d.blocked.key]),
  }));
  const atRiskKeys = deps.filter((d) => d.risk.atRisk).flatMap((d) => [d.blocker.key, d.blocked.key]);
  const riskByFeature = new Set(graph.edges.filter((e) => e.atRisk > 0).flatMap((e) => [e.from, e.to]));
  const countByFeature = new Map<string, number>();
  for (const e of graph.edges) {
    countByFeature.set(e.from, (countByFeature.get(e.from) ?? 0) + e.count);
    countByFeature.set(e.to, (countByFeature.get(e.to) ?? 0) + e.count);
  }
  return {
    asOf: now.toISOString(),
    teams: matrix.teams,
    matrix: matrix.cells.map((c) => ({ blockerTeam: c.blockerTeam, blockedTeam: c.blockedTeam, count: c.count, atRisk: c.atRisk, link: keysLink(siteUrl, train.scopeJql, c.keys) })),
    dependencies,
    atRiskLink: atRiskKeys.length ? keysLink(siteUrl, train.scopeJql, atRiskKeys) : null,
    graph: {
      nodes: graph.nodes.map((f) => ({ ...issueRef(siteUrl, f), team: teamOf(f), atRisk: riskByFeature.has(f.key), dependencyCount: countByFeature.get(f.key) ?? 0 })),
      edges: graph.edges.map((e) => ({ from: e.from, to: e.to, count: e.count, atRisk: e.atRisk, explanations: e.explanations, link: keysLink(siteUrl, train.scopeJql, e.keys) })),
      withoutFeature: graph.withoutFeature,
    },
  };
}

/**
 * The Dependencies tab: the train loaded once as the user (the same bounded search + bulk calls as
 * the health page), so only issues the person can browse appear.
 */
export async function getDependencies(ctx: AppContext, projectKey: string): Promise<DependenciesData> {
  const { settings, meta } = await currentSettings(ctx);
  await projectOrNotFound(ctx, projectKey);
  const train = await loadTrain(ctx.jira, settings, meta, projectKey);
  return dependenciesView(ctx.siteUrl, train, ctx.now());
}
