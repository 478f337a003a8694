import { dependencyFigures, dependencyMatrix as matrixOf, keyOrder, teamOrder, teamResolver, trainDependencies, type Figure, type TrainDependency } from '../domain/health';
import type { BacklogIssue } from '../domain/model';
import type { DependenciesData, JqlLink, TrainDependencyView } from '../contract';
import { figureIndex, keyListLinks } from './figureViews';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { currentSettings } from './siteMetadata';
import { loadTrain, type TrainData } from './trainData';
import { issueRef } from './views';
import { storedTab } from './tabViews';

/** Team of an issue: its Team field, else the team owning its planned sprint (the health domain's rule). */
export function teamResolverOf(train: Pick<TrainData, 'teamOfSprint' | 'sprints'>): (issue: BacklogIssue) => string | null {
  return teamResolver(train.teamOfSprint, train.sprints);
}

export { keyOrder, teamResolver, trainDependencies, type TrainDependency };

/** Team × team counts (rows: blocking team, columns: blocked team) from the domain's matrix. */
export function dependencyMatrix(deps: readonly TrainDependency[]): { teams: string[]; cells: { blockerTeam: string; blockedTeam: string; count: number; atRisk: number; keys: string[] }[] } {
  const m = matrixOf(deps);
  return { teams: m.teams, cells: m.cells.map((c) => ({ blockerTeam: c.blockerTeam, blockedTeam: c.blockedTeam, count: c.pairs.numerator, atRisk: c.atRisk.numerator, keys: c.pairs.members })) };
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

/** One link to the given issues (the first part when the list needs several). */
function firstLink(siteUrl: string, keys: readonly string[]): JqlLink {
  return keyListLinks(siteUrl, keys)[0];
}

/** The Dependencies tab's data from an already loaded train. */
export function dependenciesView(siteUrl: string, train: TrainData, now: Date): DependenciesData {
  const teamOf = teamResolverOf(train);
  const all = [...train.features, ...train.stories];
  const deps = trainDependencies(all, teamOf);
  const figures = figureIndex(siteUrl, dependencyFigures(deps));
  const cellFigure = (metric: Figure['metric'], blockerTeam: string, blockedTeam: string) => figures.get({ metric, scope: 'team', team: blockedTeam, blockerTeam });
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
    link: firstLink(siteUrl, [d.blocker.key, d.blocked.key]),
  }));
  const atRiskPairs = figures.get({ metric: 'dependenciesAtRisk', scope: 'train' });
  const riskByFeature = new Set(graph.edges.filter((e) => e.atRisk > 0).flatMap((e) => [e.from, e.to]));
  const countByFeature = new Map<string, number>();
  for (const e of graph.edges) {
    countByFeature.set(e.from, (countByFeature.get(e.from) ?? 0) + e.count);
    countByFeature.set(e.to, (countByFeature.get(e.to) ?? 0) + e.count);
  }
  return {
    asOf: now.toISOString(),
    teams: [...new Set(figures.all.filter((f) => f.blockerTeam !== undefined).flatMap((f) => [f.blockerTeam!, f.team!]))].sort(teamOrder),
    matrix: figures.all
      .filter((f) => f.metric === 'dependencyPairs' && f.blockerTeam !== undefined)
      .map((pairs) => {
        const atRisk = cellFigure('dependenciesAtRisk', pairs.blockerTeam!, pairs.team!);
        return { blockerTeam: pairs.blockerTeam!, blockedTeam: pairs.team!, count: pairs.numerator, atRisk: atRisk.numerator, link: pairs.links[0], pairs, atRiskPairs: atRisk };
      }),
    dependencies,
    atRiskLink: atRiskPairs.links[0] ?? null,
    pairs: figures.get({ metric: 'dependencyPairs', scope: 'train' }),
    atRiskPairs,
    figures: figures.all,
    graph: {
      nodes: graph.nodes.map((f) => ({ ...issueRef(siteUrl, f), team: teamOf(f), atRisk: riskByFeature.has(f.key), dependencyCount: countByFeature.get(f.key) ?? 0 })),
      edges: graph.edges.map((e) => ({ from: e.from, to: e.to, count: e.count, atRisk: e.atRisk, explanations: e.explanations, link: firstLink(siteUrl, e.keys) })),
      withoutFeature: graph.withoutFeature,
    },
  };
}

/**
 * The Dependencies tab: from the person's stored view when it is current (src/app/tabViews.ts),
 * else the train loaded once as the user (the same bounded search + bulk calls as the health page);
 * either way only issues the person can browse appear.
 */
export async function getDependencies(ctx: AppContext, projectKey: string): Promise<DependenciesData> {
  const { settings, meta } = await currentSettings(ctx);
  await projectOrNotFound(ctx, projectKey);
  // The person's stored view (made by their last sync, as of the Overview's "as of"), else live.
  const stored = await storedTab(ctx, projectKey, 'dependencies', settings);
  if (stored) return stored;
  const train = await loadTrain(ctx.jira, settings, meta, projectKey);
  return dependenciesView(ctx.siteUrl, train, ctx.now());
}
