/**
 * The contract between the Custom UI (static/) and the resolvers: every `invoke()` key, its payload
 * and its result. The UI imports these types (type-only), so a drift fails compilation; a contract
 * test checks every key used by the UI has a resolver definition.
 */
import type { DiscoveredFields, Settings } from '../domain/settings';
import type { StatusCategory, Person } from '../domain/model';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'JIRA_UNAVAILABLE'
  | 'JIRA_BAD_RESPONSE'
  | 'JIRA_REJECTED'
  | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  /** A sentence for a person; never a stack trace. */
  message: string;
  /** Structured detail, e.g. the other person's values on CONFLICT or field errors on BAD_REQUEST. */
  details?: unknown;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** A link into Jira's issue search for the issues behind a number. */
export interface JqlLink {
  jql: string;
  url: string;
}

export interface IssueRef {
  key: string;
  summary: string;
  issueType: string;
  status: string;
  statusCategory: StatusCategory;
  /** Browse URL of the issue on the site. */
  url: string;
  team: string | null;
}

export interface PermissionView {
  canEdit: boolean;
  /** Why not, in words, when canEdit is false. */
  reason?: string;
}

// --- story quality -----------------------------------------------------------------------------

export type Criterion = 'I' | 'N' | 'V' | 'E' | 'S' | 'T' | 'AC' | 'FORM' | 'MINIMAL';
export type Severity = 'error' | 'warning' | 'info';
export type LetterVerdict = 'pass' | 'warn' | 'fail';

export interface FindingView {
  rule: string;
  criterion: Criterion;
  severity: Severity;
  message: string;
  hint: string;
  evidence: string;
}

export interface QualityView {
  score: number;
  ready: boolean;
  hasAcceptanceCriteria: boolean;
  wellFormed: boolean;
  atomic: boolean;
  hasBenefit: boolean;
  findings: FindingView[];
  invest: Record<'I' | 'N' | 'V' | 'E' | 'S' | 'T', LetterVerdict>;
  dor: { rule: string; label: string; passed: boolean; detail?: string }[];
  textSource: 'adf' | 'text' | 'adf-fallback';
}

// --- WSJF --------------------------------------------------------------------------------------

export interface WsjfScores {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
}

export interface WsjfView extends WsjfScores {
  costOfDelay: number;
  wsjf: number;
  scoredBy: Person | null;
  scoredAt: string | null;
  /** Optimistic-concurrency version of the stored score; send it back on save. */
  version: number;
  stale: boolean;
  staleReason?: string;
  offScale: { component: keyof WsjfScores; value: number; message: string }[];
}

export interface JobSizeSuggestion {
  /** Nearest scale value to the children's points, relative to the train's smallest feature. */
  suggested: number;
  storyPoints: number;
  storyCount: number;
  unestimatedCount: number;
  basis: string;
}

export interface DependencyView {
  direction: 'blockedBy' | 'blocks';
  other: IssueRef & { sprint: string | null };
  atRisk: boolean;
  /** A sentence a POPM can act on, e.g. "ART-88 (team Comet) is planned for Sprint 14, after this story's Sprint 13". */
  explanation: string;
}

export interface StoryPanelData {
  kind: 'story';
  issue: IssueRef;
  quality: QualityView;
  parentFeature: { issue: IssueRef; wsjf: WsjfView | null } | null;
  dependencies: DependencyView[];
  permissions: PermissionView;
}

export interface FeaturePanelData {
  kind: 'feature';
  issue: IssueRef;
  wsjf: WsjfView | null;
  scale: number[];
  jobSizeSuggestion: JobSizeSuggestion | null;
  children: { total: number; done: number };
  dependencies: DependencyView[];
  permissions: PermissionView;
}

export interface OtherPanelData {
  kind: 'other';
  issue: IssueRef;
  message: string;
}

export type IssuePanelData = StoryPanelData | FeaturePanelData | OtherPanelData;

export type WsjfRowFlag = 'blank' | 'off-scale' | 'tie' | 'stale' | 'urgent-but-valueless';

export interface WsjfRow {
  issue: IssueRef;
  scores: Partial<WsjfScores>;
  costOfDelay: number | null;
  wsjf: number | null;
  currentRank: number;
  wsjfRank: number | null;
  flags: { flag: WsjfRowFlag; message: string }[];
}

export interface WsjfTableData {
  asOf: string;
  scale: number[];
  rows: WsjfRow[];
  columnFlags: { component: keyof WsjfScores; message: string }[];
  delayCost: { currentOrder: number; wsjfOrder: number; saving: number; scoredCount: number } | null;
  permissions: PermissionView;
}

// --- health ------------------------------------------------------------------------------------

export type Band = 'healthy' | 'at-risk' | 'unknown';

export type MetricId =
  | 'readinessRate'
  | 'readyCoverageIterations'
  | 'acceptanceRateLastSprint'
  | 'reworkRatio'
  | 'qualityPassRate'
  | 'dependenciesAtRisk'
  | 'improvementsDoneThisPi';

export interface MetricCard {
  id: MetricId;
  label: string;
  /** Rates in 0..1, counts as numbers, null where undefined (e.g. no closed sprint). */
  value: number | null;
  display: string;
  band: Band;
  definition: string;
  detail?: string;
  link: JqlLink | null;
}

export interface TeamHealthRow {
  team: string;
  metrics: Record<MetricId, number | null>;
  links: Partial<Record<MetricId, JqlLink>>;
}

export interface SprintHealthRow {
  team: string;
  sprint: string;
  sprintId: number;
  endDate: string | null;
  committed: number;
  added: number;
  accepted: number;
  acceptanceRate: number | null;
  committedPoints: number;
  acceptedPoints: number;
  acceptanceRatePoints: number | null;
  reopened: number;
  link: JqlLink;
}

export interface ProjectOverviewData {
  asOf: string;
  project: { key: string; name: string };
  cards: MetricCard[];
  teams: TeamHealthRow[];
  sprints: SprintHealthRow[];
  /** Daily snapshots, oldest first, for trend charts. */
  trend: { date: string; readinessRate: number | null; acceptanceRate: number | null; reworkRatio: number | null }[];
}

export interface QualitySummaryData {
  asOf: string;
  storyCount: number;
  byRule: { rule: string; criterion: Criterion; severity: Severity; count: number; share: number; link: JqlLink; example: string }[];
  byTeam: { team: string; storyCount: number; failing: number; share: number; notReady: number; link: JqlLink }[];
}

// --- settings ----------------------------------------------------------------------------------

export interface SettingsData {
  settings: Settings;
  discovered: DiscoveredFields;
  fields: { id: string; name: string; type: string }[];
  issueTypes: { id: string; name: string; hierarchyLevel: number }[];
  permissions: PermissionView;
}

/** Every resolver: payload in, envelope out. */
export interface ResolverContract {
  getIssuePanel: { payload: { issueKey: string }; result: IssuePanelData };
  saveWsjf: { payload: { issueKey: string; scores: WsjfScores; expectedVersion: number }; result: WsjfView };
  getProjectOverview: { payload: { projectKey: string }; result: ProjectOverviewData };
  getWsjfTable: { payload: { projectKey: string }; result: WsjfTableData };
  getQualitySummary: { payload: { projectKey: string }; result: QualitySummaryData };
  getSettings: { payload: Record<string, never>; result: SettingsData };
  saveSettings: { payload: { settings: Settings }; result: SettingsData };
}

export type ResolverKey = keyof ResolverContract;
export const RESOLVER_KEYS: readonly ResolverKey[] = [
  'getIssuePanel',
  'saveWsjf',
  'getProjectOverview',
  'getWsjfTable',
  'getQualitySummary',
  'getSettings',
  'saveSettings',
];
