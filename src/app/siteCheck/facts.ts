import type { PermissionKey } from '../../jira/client';
import type { JiraBoard, JiraField, JiraIssue, JiraIssueType, JiraProject, JiraUser } from '../../jira/types';
import type { DiscoveredFields, Settings } from '../../domain/settings';
import type { StoryPointsEvidence } from '../../contract';
import type { Fetched } from './types';
import type { DriftRecord } from '../events';

/** The permissions behind Refinery's actions, asked in one /mypermissions call. */
export const CHECKED_PERMISSIONS = ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES', 'CREATE_ISSUES', 'ADMINISTER'] as const satisfies readonly PermissionKey[];
export type CheckedPermission = (typeof CHECKED_PERMISSIONS)[number];

/** Stories of the train with a value in one field, counted by Jira (`<field> is not EMPTY`). */
export interface FieldUsage {
  field: JiraField;
  storiesWithValue: Fetched<number>;
}

/** What the check learnt about the train of one project; every count comes from a Jira search. */
export interface TrainFacts {
  projectKey: string;
  project: Fetched<JiraProject>;
  /** The train's scope (settings, else the project) before the issue-type restriction. */
  scopeJql: string;
  storyTypes: string[];
  featureTypes: string[];
  boards: Fetched<JiraBoard[]>;
  issues: Fetched<number>;
  stories: Fetched<number>;
  features: Fetched<number>;
  /** Usage of every field that can hold story points, and of the Sprint, Team and AC fields in use. */
  usage: Map<string, FieldUsage>;
  /**
   * Stories with a number in any of the estimate fields read (`a is not EMPTY OR b is not EMPTY`),
   * when more than one is read; null when one field is read (its usage is the count).
   */
  estimated: Fetched<number> | null;
  /** One feature of the train with `editmeta`, or null when the train has none. */
  sampleFeature: Fetched<JiraIssue | null>;
  /** Issue 18: the last daily reconciliation's drift (null: none yet); absent when not gathered. */
  liveDrift?: DriftRecord | null;
}

/** Where the app's scopes come from: manifest.yml for the CLI; Forge grants them at install for the resolver. */
export interface ScopeFacts {
  /** permissions.scopes of manifest.yml, or null when it cannot be read (inside Forge). */
  declared: string[] | null;
  /** Scopes each operation the app sends needs (any one alternative suffices), when known. */
  required: OperationScopes[] | null;
}

export interface OperationScopes {
  /** e.g. "PUT /rest/agile/1.0/issue/rank" */
  operation: string;
  /** Alternatives: every scope of one inner list together suffices (classic or granular, as the specs list them). */
  alternatives: string[][];
}

export interface SiteFacts {
  siteUrl: string;
  myself: Fetched<JiraUser>;
  fields: Fetched<JiraField[]>;
  issueTypes: Fetched<JiraIssueType[]>;
  settings: Settings;
  /**
   * What the app itself discovered (site metadata, as every page uses it): the story-points field
   * it reads and the sample that decided it. Null when Jira refused the reads it needs.
   */
  discovery: { discovered: DiscoveredFields; storyPointsEvidence: StoryPointsEvidence | null } | null;
  permissions: Fetched<Record<CheckedPermission, boolean>>;
  /** The project asked for, or null for the site-wide checks only. */
  projectKey: string | null;
  /** null when no project was given, or when the fields or issue types it needs could not be read. */
  train: TrainFacts | null;
  scopes: ScopeFacts;
}
