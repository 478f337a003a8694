import { issueDependencies } from '../domain/health';
import type { BacklogIssue } from '../domain/model';
import type { DependencyView, FigureView } from '../contract';
import { figureView } from './figureViews';
import { issueRef } from './views';

/**
 * Blocking links of one issue, both directions, with the other side's team, sprint and risk, and
 * the at-risk ones as a figure (the panel renders its count and link, it counts nothing itself).
 */
export function describeDependencies(siteUrl: string, issue: BacklogIssue, related: Map<string, { issue: BacklogIssue }>): { dependencies: DependencyView[]; dependenciesAtRisk: FigureView } {
  const shown = issue.links.flatMap((link) => {
    if (link.direction === 'other') return [];
    const other = related.get(link.other.key)?.issue;
    // Jira omits links to issues the person cannot see; one missing from the search is not shown either.
    return other ? [{ direction: link.direction, other }] : [];
  });
  const { links, atRisk } = issueDependencies(issue, shown);
  return {
    dependencies: links.map((d, i): DependencyView => ({
      direction: shown[i].direction,
      other: { ...issueRef(siteUrl, shown[i].other), sprint: shown[i].other.sprints.at(-1)?.name ?? null },
      atRisk: d.risk.atRisk,
      explanation: d.risk.explanation,
    })),
    dependenciesAtRisk: figureView(siteUrl, atRisk),
  };
}
