import type { BacklogIssue } from '../domain/model';
import type { IssueRef, JqlLink } from '../contract';
import { issueSearchUrl } from '../jira/jql';

/** Mapping from domain values to the view shapes of the resolver contract. */
export function issueRef(siteUrl: string, i: Pick<BacklogIssue, 'key' | 'summary' | 'issueType' | 'status' | 'team'>): IssueRef {
  return {
    key: i.key,
    summary: i.summary,
    issueType: i.issueType,
    status: i.status.name,
    statusCategory: i.status.category,
    url: `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(i.key)}`,
    team: i.team,
  };
}

export function jqlLink(siteUrl: string, jql: string): JqlLink {
  return { jql, url: issueSearchUrl(siteUrl, jql) };
}
