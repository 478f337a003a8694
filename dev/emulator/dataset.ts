/**
 * The emulator's data set: one JSON file per collection, each in Jira Cloud's own REST shape, so a
 * real site's export can be loaded (`npm start -- --data <dir>`). This layout is a stable contract
 * (README: "Emulator data directory").
 *
 *   fields.json      array, as GET /rest/api/3/field returns it
 *   issuetypes.json  array, as GET /rest/api/3/issuetype returns it (with hierarchyLevel)
 *   projects.json    array, as GET /rest/api/3/project/{key} returns each project
 *   users.json       array of DemoUser (below): the user as GET /rest/api/3/myself returns it, plus
 *                    the permissions the user holds per project key
 *   boards.json      array, as GET /rest/agile/1.0/board returns each board (with `location.projectKey`)
 *   sprints.json     array, as GET /rest/agile/1.0/sprint/{id} returns each sprint (with originBoardId,
 *                    state, startDate, endDate, completeDate)
 *   issues.json      array, as GET /rest/api/3/issue/{key}?expand=changelog returns each issue
 *   linktypes.json   optional array, as GET /rest/api/3/issueLinkType returns `issueLinkTypes`
 */

export type JiraPermissionKey =
  | 'BROWSE_PROJECTS'
  | 'EDIT_ISSUES'
  | 'SCHEDULE_ISSUES'
  | 'CREATE_ISSUES'
  | 'ADMINISTER'
  | 'ADMINISTER_PROJECTS';

export interface JiraUser {
  self?: string;
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  emailAddress?: string;
  active: boolean;
  timeZone?: string;
  avatarUrls?: Record<string, string>;
}

/** users.json entry. `ADMINISTER` is global (Jira admin); the others are per project key. */
export interface DemoUser extends JiraUser {
  /** Global permissions, e.g. ["ADMINISTER"] for a Jira admin. */
  globalPermissions: JiraPermissionKey[];
  /** Project key → permissions held in that project. A project absent here cannot be browsed. */
  projectPermissions: Record<string, JiraPermissionKey[]>;
  /** Issue keys this user may not see even where the project is browsable (issue security). */
  hiddenIssueKeys?: string[];
  /** An API token for Basic auth (email:token) against the emulator; defaults to "demo". */
  apiToken?: string;
}

export interface JiraField {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: { type: string; items?: string; custom?: string; customId?: number; system?: string };
}

export interface JiraIssueType {
  self?: string;
  id: string;
  name: string;
  description?: string;
  subtask: boolean;
  hierarchyLevel: number;
  iconUrl?: string;
}

export interface JiraProject {
  self?: string;
  id: string;
  key: string;
  name: string;
  projectTypeKey: 'software' | 'business' | 'service_desk';
  simplified: boolean;
  style?: 'classic' | 'next-gen';
  lead?: JiraUser;
  issueTypes?: JiraIssueType[];
  /** Emulator only: field ids the create screen requires (Jira answers 400 "<Field> is required." without them). */
  requiredFields?: string[];
  /**
   * Emulator only: per issue type name, field ids that are not on that type's edit screen in this
   * project. They are left out of `editmeta`, and an edit that sets one answers Jira's 400
   * "Field '…' cannot be set. It is not on the appropriate screen, or unknown."
   */
  fieldsNotOnEditScreen?: Record<string, string[]>;
}

export interface JiraBoard {
  id: number;
  self?: string;
  name: string;
  /** `simple`: a team-managed project's board. Kanban and simple boards answer 400 on the sprint endpoints. */
  type: 'scrum' | 'kanban' | 'simple';
  location: { projectId: number; projectKey: string; projectName: string; displayName?: string };
}

export interface JiraSprint {
  id: number;
  self?: string;
  state: 'closed' | 'active' | 'future';
  name: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  createdDate?: string;
  originBoardId: number;
  goal?: string;
}

export interface JiraStatusCategory {
  self?: string;
  id: number;
  key: 'new' | 'indeterminate' | 'done' | 'undefined';
  colorName: string;
  name: string;
}

export interface JiraStatus {
  self?: string;
  id: string;
  name: string;
  description?: string;
  statusCategory: JiraStatusCategory;
}

export interface JiraChangelogItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface JiraChangelogHistory {
  id: string;
  author?: JiraUser;
  created: string;
  items: JiraChangelogItem[];
}

export interface JiraIssueLink {
  id: string;
  self?: string;
  type: { id: string; name: string; inward: string; outward: string; self?: string };
  inwardIssue?: { id: string; key: string; self?: string; fields: { summary: string; status: JiraStatus; issuetype?: JiraIssueType; priority?: unknown } };
  outwardIssue?: { id: string; key: string; self?: string; fields: { summary: string; status: JiraStatus; issuetype?: JiraIssueType; priority?: unknown } };
}

/** issues.json entry: GET /rest/api/3/issue/{key}?expand=changelog. */
export interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  expand?: string;
  fields: Record<string, unknown> & {
    summary: string;
    issuetype: JiraIssueType;
    project: { id: string; key: string; name: string; self?: string };
    status: JiraStatus;
    created: string;
    updated: string;
    resolutiondate?: string | null;
    resolution?: { id: string; name: string } | null;
    labels?: string[];
    description?: unknown; // ADF document or null
    parent?: { id: string; key: string; fields?: { summary: string; status?: JiraStatus; issuetype?: JiraIssueType } };
    issuelinks?: JiraIssueLink[];
    assignee?: JiraUser | null;
    reporter?: JiraUser | null;
    components?: { id: string; name: string }[];
  };
  changelog?: { startAt: number; maxResults: number; total: number; histories: JiraChangelogHistory[] };
  /** Entity properties (GET /rest/api/3/issue/{key}/properties/{propertyKey} → { key, value }). */
  properties?: Record<string, unknown>;
  /** With `expand=editmeta`: the fields the caller may edit (empty without Edit Issues). */
  editmeta?: { fields: Record<string, unknown> };
}

export interface JiraIssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
  self?: string;
}

export interface DataSet {
  fields: JiraField[];
  issuetypes: JiraIssueType[];
  projects: JiraProject[];
  users: DemoUser[];
  boards: JiraBoard[];
  sprints: JiraSprint[];
  issues: JiraIssue[];
  linktypes?: JiraIssueLinkType[];
}

/** File names of the data directory, in load order. */
export const DATA_FILES = ['fields', 'issuetypes', 'projects', 'users', 'boards', 'sprints', 'issues', 'linktypes'] as const;
