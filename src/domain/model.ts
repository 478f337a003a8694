/**
 * The backlog as the domain sees it: plain data, no Jira JSON. Mapping from Jira's shapes happens
 * once, in src/jira/mapping.ts.
 */
export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface StatusRef {
  id: string;
  name: string;
  category: StatusCategory;
}

export type SprintState = 'closed' | 'active' | 'future';

export interface Sprint {
  id: number;
  name: string;
  state: SprintState;
  /** ISO timestamps; a future sprint may have none. */
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
  boardId: number | null;
}

export interface Person {
  accountId: string;
  displayName: string;
}

export interface LinkedIssue {
  key: string;
  summary: string;
  statusCategory: StatusCategory;
  statusName: string;
}

export interface IssueLinkRef {
  /** `blockedBy`: the other issue blocks this one; `blocks`: this one blocks the other. */
  direction: 'blockedBy' | 'blocks' | 'other';
  typeName: string;
  other: LinkedIssue;
}

export interface BacklogIssue {
  id: string;
  key: string;
  summary: string;
  issueType: string;
  hierarchyLevel: number;
  status: StatusRef;
  team: string | null;
  storyPoints: number | null;
  parentKey: string | null;
  /** Every sprint the issue has been in, as Jira's Sprint field lists them. */
  sprints: Sprint[];
  labels: string[];
  fixVersions: string[];
  rank: string | null;
  created: string;
  updated: string;
  resolutionDate: string | null;
  assignee: Person | null;
  /** ADF document, plain string or null, as Jira returned it. */
  description: unknown;
  acceptanceCriteria: unknown;
  links: IssueLinkRef[];
  /** Business value of a PI objective issue (only when PI objectives are configured). */
  objective?: { planned: number | null; actual: number | null };
}

/** One change of a tracked field (status or sprint), from the changelog. */
export interface FieldChange {
  at: string;
  field: 'status' | 'sprint';
  /** Status id, or comma-separated sprint ids (Jira's changelog encoding). */
  from: string | null;
  to: string | null;
  fromString: string | null;
  toString: string | null;
}

/** Status id → category, for replaying status changes whose changelog carries ids only. */
export type StatusCategoryById = Record<string, StatusCategory>;
