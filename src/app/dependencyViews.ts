import { dependencyRisk } from '../domain/dependencyRisk';
import type { BacklogIssue } from '../domain/model';
import type { DependencyView } from '../contract';
import { issueRef } from './views';

/** Blocking links of one issue, both directions, with the other side's team, sprint and risk. */
export function describeDependencies(siteUrl: string, issue: BacklogIssue, related: Map<string, { issue: BacklogIssue }>): DependencyView[] {
  return issue.links.flatMap((link): DependencyView[] => {
    if (link.direction === 'other') return [];
    const other = related.get(link.other.key)?.issue;
    // Jira omits links to issues the person cannot see; one missing from the search is not shown either.
    if (!other) return [];
    const blocker = link.direction === 'blockedBy' ? other : issue;
    const blocked = link.direction === 'blockedBy' ? issue : other;
    const risk = dependencyRisk(blocker, blocked);
    return [
      {
        direction: link.direction,
        other: { ...issueRef(siteUrl, other), sprint: other.sprints.at(-1)?.name ?? null },
        atRisk: risk.atRisk,
        explanation: risk.explanation,
      },
    ];
  });
}
