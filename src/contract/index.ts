/**
 * The contract between the Custom UI (static/) and the resolvers: every `invoke()` key, its payload
 * and its result. The UI imports these types (type-only), so a drift fails compilation; a contract
 * test checks every key used by the UI has a resolver definition.
 */
import type { DiscoveredFields, Settings } from '../domain/settings';
import type { StatusCategory, Person } from '../domain/model';
import type { Criterion, Finding, QualityReport, Severity } from '../domain/quality';
import type { FeatureReadiness } from '../domain/quality/featureReadiness';
import type { Figure, FigureMetric, FigureScope, FigureUnit, HealthMetricId, TrainSprintPoint } from '../domain/health';

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

// The quality engine's own types are the contract's: one definition (src/domain/quality).
export type { Criterion, Severity, LetterVerdict } from '../domain/quality';
export type FindingView = Finding;

/** A story's quality check as the panel shows it: the engine's report without its input id. */
export type QualityView = Omit<QualityReport, 'id'>;

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
  /** Set by a save: which numeric fields (the app's own, the site's) Jira accepted and which it refused. */
  fieldWrites?: WsjfFieldWriteReport;
}

/** The score property is saved first; a refused field write is reported here, never hidden. */
export interface WsjfFieldWriteReport {
  written: { fieldId: string; name: string; source: 'app' | 'site' }[];
  failed: { fieldId: string; name: string; source: 'app' | 'site'; message: string }[];
}

export interface JobSizeSuggestion {
  /** Nearest scale value to childPoints / reference points: relative to the train's smallest scored feature, which is 1. */
  suggested: number;
  storyPoints: number;
  storyCount: number;
  unestimatedCount: number;
  /** The ranked feature whose child stories have the fewest points. */
  reference: { issue: IssueRef; storyPoints: number };
  /** storyPoints / reference.storyPoints, unrounded. */
  ratio: number;
  /** How it was derived, e.g. "17 points of stories; the smallest scored feature (ART-3) has 5 → 17/5 ≈ 3.4 → 3 on the scale." */
  basis: string;
}

/**
 * Why a WSJF surface leaves a feature out of the ranking (or, with `rank-last`, puts it after the
 * scored ones); `not-in-train` only on the feature panel, for a feature outside the train scope.
 */
export type WsjfNotRankedReason = 'done' | 'blank' | 'off-scale' | 'not-in-train';

/** The feature's place in the train's WSJF ranking: the same computation as the WSJF tab. */
export interface WsjfRankingView {
  asOf: string;
  /** 1-based WSJF rank, or null when not ranked. */
  rank: number | null;
  /** How many features the ranking orders (ranked, plus ranked-last ones with `rank-last`). */
  of: number;
  notRanked: { reason: WsjfNotRankedReason; message: string } | null;
}

/**
 * Cost of Delay and WSJF for every choice the score form offers, computed by the backend so the
 * panel only looks them up: `costOfDelay["bv|tc|rr"]`, `wsjf["cod|jobSize"]`.
 */
export interface WsjfScorePreview {
  costOfDelay: Record<string, number>;
  wsjf: Record<string, number>;
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
  /** The listed dependencies that are at risk, as pairs (issueDependenciesAtRisk); the panel shows this, never its own count. */
  dependenciesAtRisk: FigureView;
  permissions: PermissionView;
}

export interface FeaturePanelData {
  kind: 'feature';
  issue: IssueRef;
  wsjf: WsjfView | null;
  scale: number[];
  jobSizeSuggestion: JobSizeSuggestion | null;
  /** When there is no suggestion: why (no estimated child stories, no scored feature to compare with). */
  jobSizeNoSuggestion: string | null;
  ranking: WsjfRankingView;
  scorePreview: WsjfScorePreview;
  children: { total: number; done: number };
  /**
   * Where the children (their counts, the job-size suggestion, the readiness checks) come from: the
   * "as of" of the person's last refresh when they are its stored children (nothing changed in the
   * train since, as far as the app knows: no app write, no Jira event), or null when read from Jira now.
   */
  childrenAsOf: string | null;
  /** Ready for PI planning (SAFe feature template): the engine's report (assessFeatureReadiness), computed from the data the panel already read. */
  readiness: FeatureReadinessView;
  dependencies: DependencyView[];
  /** As on the story panel. */
  dependenciesAtRisk: FigureView;
  permissions: PermissionView;
}

/** A feature's readiness as the panel shows it: the engine's report, plus a link for every issue key its findings name (a check's own issue list is keys only). */
export type FeatureReadinessView = FeatureReadiness & { issueRefs: Record<string, IssueRef> };

export interface OtherPanelData {
  kind: 'other';
  issue: IssueRef;
  message: string;
}

/** `readAt`: when the panel's Jira read answered (the app's clock), shown as the panel's "as of" (issue 18). */
export type IssuePanelData = (StoryPanelData | FeaturePanelData | OtherPanelData) & { readAt: string };

export type WsjfRowFlag = 'blank' | 'off-scale' | 'tie' | 'stale' | 'urgent-but-valueless';

export interface WsjfRow {
  issue: IssueRef;
  scores: Partial<WsjfScores>;
  costOfDelay: number | null;
  wsjf: number | null;
  currentRank: number;
  wsjfRank: number | null;
  /** Null when WSJF ranks the feature among the scored ones; otherwise why not (done, blank, off-scale). */
  notRanked: { reason: WsjfNotRankedReason; message: string } | null;
  flags: { flag: WsjfRowFlag; message: string }[];
}

export interface WsjfTableData {
  asOf: string;
  scale: number[];
  rows: WsjfRow[];
  columnFlags: { component: keyof WsjfScores; message: string }[];
  /** Over exactly the ranked features (`counted` opens them, in parts under Jira's URL limit): their current relative order against WSJF order. */
  delayCost: { currentOrder: number; wsjfOrder: number; saving: number; difference: number; scoredCount: number; counted: JqlLink[] } | null;
  /** The `wsjfIncompleteScores` setting the ranking used. */
  incompleteScores: 'exclude' | 'rank-last';
  /** How many features are ranked, ranked last, left out for a blank/off-scale score, and done. */
  counts: { ranked: number; rankedLast: number; excluded: number; done: number };
  /** Each group's issues exactly (`key in (…)`, split into parts under Jira's URL limit; empty for an empty group). */
  groupLinks: { ranked: JqlLink[]; rankedLast: JqlLink[]; excluded: JqlLink[]; done: JqlLink[] };
  permissions: PermissionView;
}

export type WsjfComponentKey = keyof WsjfScores;

/** Estimation mode's sheet: the table's features with the score version each save must send back. */
export interface WsjfEstimationSheet {
  asOf: string;
  scale: number[];
  /** Features that are not done (done ones are not estimated), in backlog rank order. */
  rows: { issue: IssueRef; currentRank: number; scores: Partial<WsjfScores>; scored: boolean; version: number }[];
  /** Done features left out of the sheet. */
  doneCount: number;
  permissions: PermissionView;
}

/** A live check of the column being estimated: the backend normalises it and says whether it has a 1. */
export interface WsjfColumnPreview {
  component: WsjfComponentKey;
  /** The same features with the values "Normalise so the smallest is 1" gives them. */
  normalised: { issueKey: string; value: number }[];
  hasOne: boolean;
  /** A sentence when the column has no 1, else null. */
  warning: string | null;
}

export interface WsjfColumnSaveResult {
  component: WsjfComponentKey;
  saved: { issueKey: string; value: number; version: number; fieldWrites: WsjfFieldWriteReport }[];
  notSaved: { issueKey: string; value: number; reason: 'forbidden' | 'conflict' | 'not-scored' | 'off-scale' | 'not-found' | 'jira-error'; message: string; current?: WsjfView | null }[];
  /** The table after the save, so the page shows what Jira now holds. */
  table: WsjfTableData;
}

export type WsjfRankOperation = { keys: string[]; before: string } | { keys: string[]; after: string };

export interface WsjfOrderPreview {
  asOf: string;
  /** Every feature key in current rank order, and the features Apply orders in WSJF order; send both back to apply. */
  currentOrder: string[];
  targetOrder: string[];
  /** Backlog positions (among all features) now and after the re-rank. */
  moves: { issue: IssueRef; fromRank: number; toRank: number; wsjf: number | null }[];
  operations: WsjfRankOperation[];
  /** Features Apply orders that stay where they are. */
  unchangedCount: number;
  /** `rank-last`: blank or off-scale features placed after the scored ones, with why. */
  rankedLast: { issue: IssueRef; reason: WsjfNotRankedReason; message: string }[];
  /** Left out of Apply (never sent to Jira's rank endpoint), with why: blank or off-scale scores under `exclude`. */
  excluded: { issue: IssueRef; reason: WsjfNotRankedReason; message: string }[];
  /** Done features: not ranked, not moved. */
  done: IssueRef[];
  delayCost: { currentOrder: number; wsjfOrder: number; saving: number } | null;
  /** Whether the user holds Schedule Issues (needed to re-rank). */
  permissions: PermissionView;
}

export interface WsjfOrderApplyResult {
  /** Features Jira moved, with their rank before and their intended rank. */
  moved: { key: string; fromRank: number; toRank: number }[];
  /** Features Jira did not move, with its reason. */
  notMoved: { key: string; fromRank: number; toRank: number; reason: string }[];
  operations: (WsjfRankOperation & { status: 'done' | 'partial' | 'failed' })[];
  /** True when the features' rank order now equals the WSJF order. */
  inWsjfOrder: boolean;
  table: WsjfTableData;
}

// --- health ------------------------------------------------------------------------------------

export type Band = 'healthy' | 'at-risk' | 'unknown';

/** The health metrics, as the domain defines them (src/domain/health.ts). */
export type MetricId = HealthMetricId;

/** What a figure counts (issues, points, pairs, iterations) and where it applies: the domain's own types. */
export type { FigureScope, FigureUnit };
export type FigureMetricId = FigureMetric;
/** Band plus "above the healthy range, not a risk" (e.g. ready coverage above 2 iterations). */
export type FigureBand = Band | 'above-range';

/**
 * One number a surface shows, computed once in the domain (src/domain/health/figure.ts): its value,
 * numerator and denominator, unit, and links that open exactly the counted issues (`links`: the
 * numerator's members, split into parts when one URL would be too long; `denominatorLinks`: the
 * denominator's members for a rate). The UI renders it and never derives one field from another.
 */
export interface FigureView extends Pick<Figure, 'metric' | 'scope' | 'team' | 'blockerTeam' | 'sprint' | 'sprintId' | 'pi' | 'rule' | 'issue'> {
  /** Identity across surfaces: the same id is the same number everywhere. */
  id: string;
  label: string;
  /** rate: numerator / denominator (0..1); count: the numerator; quotient: e.g. iterations of velocity. */
  kind: 'rate' | 'count' | 'quotient';
  value: number | null;
  display: string;
  numerator: number;
  denominator: number | null;
  unit: FigureUnit;
  /** How many issues the links open (for pairs: the issues on both ends). */
  memberCount: number;
  links: JqlLink[];
  denominatorLinks?: JqlLink[];
  band?: FigureBand;
  bandLabel?: string;
  definition?: string;
  /**
   * Issue 16: a key list longer than a few URL parts (FIGURE_INLINE_PARTS) is not sent with a tab's
   * answer (at 50k issues the Quality tab's lists were 20 MB, beyond Forge's 6 MB answer limit): that
   * list (`links` and/or `denominatorLinks`) is then [] and this says how many parts it has;
   * `getFigureLinks` answers exactly those links from the same stored view (or live computation).
   * `digest` identifies the lists (src/app/figureWire.ts linksDigest): links answered with the same
   * digest open exactly the issues behind this number, whatever their view's "as of".
   */
  linksOnDemand?: { links?: number; denominatorLinks?: number; digest: string };
}

/** At most this many parts of a figure's key list travel with a tab's answer; longer lists come on demand. */
export const FIGURE_INLINE_PARTS = 2;

/**
 * The PI planning board's exception: its cards are small and many (~125 cards and ~500 figures at 50k
 * issues), so a list of two parts comes on demand there too. Those lists were 258 KB of the tab's
 * 726 KB answer, and "part 1/2 · part 2/2" twice on a 150 px card read worse than "(2 parts)".
 */
export const PI_PLANNING_INLINE_PARTS = 1;

/** One figure's links as `getFigureLinks` answers them, with the counts they open (the UI checks them against what it shows). */
export interface FigureLinks {
  id: string;
  numerator: number;
  denominator: number | null;
  memberCount: number;
  links: JqlLink[];
  denominatorLinks?: JqlLink[];
  /** Identifies these lists: the same as the figure's `linksOnDemand.digest` when they are the ones it left out. */
  digest: string;
}

/** The tabs whose answers leave long key lists out (FigureView.linksOnDemand). */
export type FigureLinksTab = 'overview' | 'quality' | 'improvement' | 'piPlanning';

export interface FigureLinksData {
  /** The "as of" of the view the links come from (the tab's answer's). */
  asOf: string;
  figures: FigureLinks[];
}

export interface MetricCard {
  id: MetricId;
  label: string;
  /** Rates in 0..1, counts as numbers, null where undefined (e.g. no closed sprint). */
  value: number | null;
  display: string;
  /** Healthy / at risk / unknown; ready coverage above its range is "healthy" here and `above-range` in figure.band. */
  band: Band;
  definition: string;
  detail?: string;
  /** @deprecated the first of figure.links; use figure. */
  link: JqlLink | null;
  /** The card's number with its members, unit, band and links (numerator and denominator). */
  figure: FigureView;
}

export interface TeamHealthRow {
  team: string;
  metrics: Record<MetricId, number | null>;
  /** @deprecated the first of each figure's links; use figures. */
  links: Partial<Record<MetricId, JqlLink>>;
  figures: Record<MetricId, FigureView>;
}

/** The active sprint, shown apart as in progress (never in acceptance, velocity or rework). */
export interface ActiveSprintView {
  team: string;
  sprint: string;
  sprintId: number;
  startDate: string;
  plannedEnd: string | null;
  daysLeft: number | null;
  /** Stories in the sprint at its start, and added since (the same numbers as `figures`). */
  committed: number;
  added: number;
  /** Done so far of committed + added (sprintProgress). */
  progress: FigureView;
  /** Committed at start (sprintCommittedSoFar) and added since (sprintAddedSoFar), linked to exactly those stories. */
  figures: { committed: FigureView; added: FigureView };
}

/** Column definitions of the closed-sprints table (shown as the headers' explanations). */
export interface SprintColumnDefinition {
  id: 'committed' | 'committedAccepted' | 'added' | 'addedAccepted' | 'velocity' | 'rework';
  label: string;
  definition: string;
}

export interface SprintHealthRow {
  team: string;
  sprint: string;
  sprintId: number;
  /** Issue 18: where "Committed at start" came from — the sprint's start event, the daily job's record, or the Sprint changelog. */
  commitmentSource?: 'event' | 'daily' | 'changelog';
  endDate: string | null;
  committed: number;
  added: number;
  accepted: number;
  acceptanceRate: number | null;
  committedPoints: number;
  acceptedPoints: number;
  acceptanceRatePoints: number | null;
  reopened: number;
  /** Accepted stories that came back after acceptance (or across the rework boundary). */
  reworked: number;
  /** @deprecated the committed stories; use figures. */
  link: JqlLink;
  /** Committed at start → accepted (the acceptance rate), added later → accepted, velocity, rework. */
  acceptedCommitted: number;
  acceptedAdded: number;
  figures: { committedAccepted: FigureView; addedAccepted: FigureView; committedAcceptedPoints: FigureView; velocity: FigureView; rework: FigureView };
}

export interface ProjectOverviewData {
  asOf: string;
  project: { key: string; name: string };
  cards: MetricCard[];
  teams: TeamHealthRow[];
  sprints: SprintHealthRow[];
  /** Daily snapshots, oldest first, for trend charts. */
  trend: { date: string; readinessRate: number | null; acceptanceRate: number | null; reworkRatio: number | null }[];
  /** The refresh behind these numbers: when it ran, and whether a newer one is under way. */
  refresh: RefreshStatus;
  /** PI predictability per PI (train and teams), when PI objectives are tracked; else null. */
  predictability: PredictabilityView | null;
  /** Closed sprints only in `sprints`; the active ones here. */
  activeSprints: ActiveSprintView[];
  sprintColumns: SprintColumnDefinition[];
  /** The train by sprint end: closed sprints ending the same day pooled (ratio of sums), oldest first. */
  trainBySprint: TrainSprintPoint[];
  /** Sentences about what the numbers leave out, e.g. "Board X (a kanban board) has no sprints; its issues count for readiness only." */
  notes: string[];
  /**
   * Issue 16: true when this answer was asked for `lean` and `teams` and `sprints` are left empty:
   * the team and closed-sprint rows (at 50,000 issues 8.7 of the 11.7 MB, their figures' key-list
   * links) come from `getProjectOverviewTables`, from the same stored view, after the cards painted.
   */
  tablesDeferred?: boolean;
}

/** The team and closed-sprint rows of a person's stored project view (issue 16), with that view's "as of"; `asOf` null: no stored view. */
export interface ProjectOverviewTables {
  asOf: string | null;
  teams: TeamHealthRow[];
  sprints: SprintHealthRow[];
}

export interface PredictabilityRowView {
  pi: string;
  team: string;
  objectives: number;
  planned: number;
  actual: number;
  rate: number | null;
  band: Band;
  /** @deprecated the first of `links`; a long objectives list has several parts. */
  link: JqlLink | null;
  /** The row's objectives exactly, in parts under Jira's URL limit. */
  links: JqlLink[];
}

export interface PredictabilityView {
  issueType: string;
  train: PredictabilityRowView[];
  teams: PredictabilityRowView[];
  /** Objectives missing a PI label or planned value: links (every part) to fix them; `link` is the first part. */
  incomplete: { count: number; link: JqlLink | null; links: JqlLink[] };
}

/** Progress of loading a train from Jira (the sync engine, src/app/sync.ts). */
export interface RefreshStatus {
  running: boolean;
  mode: 'full' | 'incremental' | null;
  phase: string | null;
  /** Issues loaded so far, and the approximate total (null when unknown). */
  loaded: number;
  total: number | null;
  startedAt: string | null;
  /** When the numbers shown were computed. */
  completedAt: string | null;
  error: string | null;
}

export interface QualitySummaryData {
  asOf: string;
  storyCount: number;
  /** `name`, `criterionName`, `criterionMeaning`: the rule and its INVEST letter in people's words (domain/quality/ruleNames.ts). */
  byRule: { rule: string; name: string; criterion: Criterion; criterionName: string; criterionMeaning: string; severity: Severity; count: number; share: number; link: JqlLink; example: string; figure: FigureView }[];
  byTeam: { team: string; storyCount: number; failing: number; share: number; notReady: number; link: JqlLink; passRate: FigureView }[];
  /** The backlog (not done, not in an active sprint) the tab checks: the pass rate's population, as on Overview. */
  passRate: FigureView;
  /**
   * @deprecated empty in resolver answers since issue 16: each figure is sent once, where it is shown
   * (`passRate`, `byTeam[].passRate`, `byRule[].figure`); this held second copies of them all.
   */
  figures: FigureView[];
}

// --- story quality actions (issue panel) and sprint readiness ------------------------------------

/** Exactly what "Insert acceptance-criteria template" would append, before the user confirms. */
export interface AcTemplatePreview {
  issueKey: string;
  /** Where the template goes: the configured acceptance-criteria field, else the description. */
  target: 'description' | 'field';
  targetLabel: string;
  /** The blocks appended, in order, as text (the ADF written is exactly these). */
  blocks: { kind: 'heading' | 'item'; text: string }[];
  /** The ADF nodes appended after the existing content. */
  nodes: unknown[];
  prefilled: boolean;
  /** The list goes under an existing, empty "Acceptance criteria" heading. */
  underExistingHeading: boolean;
  /** The issue's `updated` time the preview was made from; send it back on insert. */
  version: string;
  canInsert: boolean;
  /** Why not, in words, when canInsert is false (no permission, criteria already present). */
  reason?: string;
}

export interface AcTemplateResult {
  issueKey: string;
  target: 'description' | 'field';
  blocks: { kind: 'heading' | 'item'; text: string }[];
}

export interface SplitPreview {
  issueKey: string;
  /** One proposed child story per goal; summaries are editable before creating. `criteria`: the original's acceptance-criteria lines the child gets. */
  proposals: { goal: string; summary: string; criteria: string[] }[];
  parent: IssueRef | null;
  team: string | null;
  labels: string[];
  issueType: string;
  /** Jira issue-link type used to link each child to the original. */
  linkType: string;
  canCreate: boolean;
  reason?: string;
}

export interface SplitResult {
  issueKey: string;
  created: { summary: string; key: string; url: string; linked: boolean; linkError?: string }[];
  failed: { summary: string; message: string }[];
  /** True when every story had already been created by an earlier call with the same idempotency key. */
  replayed: boolean;
}

export interface SprintReadinessStory {
  issue: IssueRef;
  storyPoints: number | null;
  score: number;
  ready: boolean;
  /** The Definition-of-Ready checks the story fails. */
  failedChecks: { rule: string; label: string; detail?: string }[];
  /** Errors and warnings (info findings left out), worst first. */
  findings: FindingView[];
}

export interface SprintReadinessData {
  asOf: string;
  sprint: { id: number; name: string; state: 'future' | 'active' | 'closed'; goal: string | null; startDate: string | null; endDate: string | null };
  storyCount: number;
  readyCount: number;
  points: { total: number; ready: number };
  /** Stories that fail the Definition of Ready, lowest score first. */
  notReady: SprintReadinessStory[];
  /** The not-ready stories in Jira's issue search (one query; the page uses notReadyFigure's parts). */
  notReadyLink: JqlLink | null;
  /** Ready stories of the sprint / its stories, and the same by points (links open exactly them). */
  ready: FigureView;
  readyPoints: FigureView;
  /** Stories that fail the Definition of Ready / its stories (sprintNotReady): the same stories as `notReady`. */
  notReadyFigure: FigureView;
  sprintLink: JqlLink;
  /** Set when the sprint is not a future one (readiness is a planning check). */
  note: string | null;
}

// --- settings ----------------------------------------------------------------------------------

/** How the story-points field was chosen: values counted on a sample of stories per candidate field. */
export interface StoryPointsEvidence {
  chosen: string | null;
  /** Estimate fields in reading order (chosen first): a story's estimate is the first with a number. */
  order: string[];
  /** Stories in the sample (0 when there was none). */
  sampled: number;
  candidates: { id: string; name: string; withValue: number }[];
  /** Why the order is what it is (the sample's counts, or the preference). */
  reason: string;
  /** The reason, then the reading order when several fields are read. */
  sentence: string;
}

export interface SettingsData {
  settings: Settings;
  discovered: DiscoveredFields;
  /** Why the discovered story-points field is the one it is (null until site metadata records it). */
  storyPointsEvidence: StoryPointsEvidence | null;
  fields: { id: string; name: string; type: string }[];
  issueTypes: { id: string; name: string; hierarchyLevel: number }[];
  permissions: PermissionView;
}

// --- dependencies and continuous improvement ---------------------------------------------------

export type DependencyRiskKind = 'unscheduled' | 'later-sprint' | 'undone-in-closed-sprint';

export interface TrainDependencyView {
  blocker: IssueRef & { sprint: string | null };
  blocked: IssueRef & { sprint: string | null };
  atRisk: boolean;
  risk: DependencyRiskKind | null;
  explanation: string;
  /** Both issues in Jira's issue search. */
  link: JqlLink;
}

export interface DependenciesData {
  asOf: string;
  teams: string[];
  /** One cell per (blocking team, blocked team) pair with at least one dependency. */
  matrix: { blockerTeam: string; blockedTeam: string; count: number; atRisk: number; link: JqlLink; pairs: FigureView; atRiskPairs: FigureView }[];
  /** Train: cross-team pairs and pairs at risk (the latter is Overview's card). */
  pairs: FigureView;
  atRiskPairs: FigureView;
  figures: FigureView[];
  /** Every cross-team blocking link, at-risk ones first. */
  dependencies: TrainDependencyView[];
  atRiskLink: JqlLink | null;
  /** Features and the dependencies between them (direct feature links and their stories' links). */
  graph: {
    nodes: (IssueRef & { atRisk: boolean; dependencyCount: number })[];
    edges: { from: string; to: string; count: number; atRisk: number; explanations: string[]; link: JqlLink }[];
    /** Cross-team dependencies between stories without a parent feature (not drawable). */
    withoutFeature: number;
  };
}

export interface ImprovementItemView {
  key: string;
  summary: string;
  url: string;
  status: string;
  statusCategory: StatusCategory;
  done: boolean;
  doneAt: string | null;
  created: string;
  team: string | null;
  owner: string | null;
  source: 'inspect-and-adapt' | 'retrospective' | 'other';
  pi: string | null;
  piInferred: boolean;
  ageDays: number;
}

export interface PatternView {
  id: string;
  label: string;
  kind: 'recurring-finding' | 'acceptance-falling' | 'acceptance-low' | 'rework-rising';
  rule: string | null;
  team: string;
  title: string;
  detail: string;
  /** @deprecated the first of evidenceLinks. */
  evidence: JqlLink;
  /** Exactly the evidence issues, in parts when one URL would be too long. */
  evidenceLinks: JqlLink[];
  evidenceCount: number;
  series: { sprint: string; value: number | null }[];
  tracking: { state: 'untracked' | 'in-progress' | 'done-but-persists'; items: ImprovementItemView[] };
}

export interface PiMetricView {
  id: 'predictability' | 'acceptance' | 'rework' | 'quality' | 'improvementCompletion';
  label: string;
  value: number | null;
  display: string;
  basis: string;
  /** Only for a metric without a figure (predictability: its objectives); null when `figure` holds the links (issue 16: not sent twice). */
  link: JqlLink | null;
  /** Null for predictability (business value, not issues). */
  figure: FigureView | null;
}

export interface PiSummaryView {
  pi: string;
  start: string;
  end: string | null;
  sprints: string[];
  train: PiMetricView[];
  teams: { team: string; metrics: PiMetricView[] }[];
  callout: string | null;
  /** The same summary as Markdown, for the Inspect & Adapt event. */
  markdown: string;
}

export interface ImprovementData {
  asOf: string;
  improvementLabel: string;
  currentPi: string | null;
  pis: { pi: string; start: string; end: string | null; current: boolean; created: number; done: number; doneInPi: number; open: number; completion: number | null; link: JqlLink | null; createdFigure: FigureView; doneInPiFigure: FigureView }[];
  /** Overview's "Improvements done this PI" (train), the same figure. */
  doneThisPi: FigureView;
  figures: FigureView[];
  carriedForward: ImprovementItemView[];
  callouts: { pi: string; message: string; link: JqlLink | null; links: JqlLink[] }[];
  patterns: PatternView[];
  feedback: {
    team: string;
    points: { sprint: string; endDate: string; acceptanceRate: number | null; reworkRatio: number | null; qualityPassRate: number | null; improvementsDone: { key: string; summary: string; url: string }[] }[];
    effects: { key: string; sprint: string; metric: 'acceptanceRate' | 'reworkRatio' | 'qualityPassRate'; before: number | null; after: number | null; sprintsAfter: number }[];
  }[];
  /** The Inspect & Adapt summary of the chosen PI (default: the current one). */
  inspectAndAdapt: PiSummaryView | null;
  /** Whether the user may create improvement items (Create Issues in the project). */
  permissions: PermissionView;
}

export interface CreateImprovementResult {
  issue: IssueRef;
  /** False when an earlier call with the same idempotency key already created it. */
  created: boolean;
  patternId: string;
}

// --- site check ----------------------------------------------------------------------------------

/**
 * One finding of the site check (admin page and `refinery doctor --json`). `id` is stable (README:
 * "Site check"); `fix` is present when `ok` is false.
 */
export interface SiteCheckView {
  id: string;
  ok: boolean;
  message: string;
  fix?: string;
}

export interface SiteCheckData {
  /** The project whose train was checked, or null for the site-wide checks only. */
  projectKey: string | null;
  checks: SiteCheckView[];
  checkedAt: string;
}

// --- PI planning (issue 15) ----------------------------------------------------------------------
export type * from './piPlanning';
import type { PiPlanningData } from './piPlanning';
// --- live train (issue 18) -----------------------------------------------------------------------
export type * from './live';
import type { TrainVersion } from './live';

/** Every resolver: payload in, envelope out. */
export interface ResolverContract {
  getIssuePanel: { payload: { issueKey: string }; result: IssuePanelData };
  saveWsjf: { payload: { issueKey: string; scores: WsjfScores; expectedVersion: number }; result: WsjfView };
  /** `returnProgress`: with no stored view yet, answer a progress state at once (the page then drives refreshProjectOverview) instead of syncing inside this call. */
  getProjectOverview: { payload: { projectKey: string; returnProgress?: boolean; lean?: boolean }; result: ProjectOverviewData };
  /** Issue 16: the team and sprint rows a `lean` overview left out, from the same person's same stored view (same "as of"). */
  getProjectOverviewTables: { payload: { projectKey: string }; result: ProjectOverviewTables };
  getWsjfTable: { payload: { projectKey: string }; result: WsjfTableData };
  getQualitySummary: { payload: { projectKey: string }; result: QualitySummaryData };
  /**
   * Issue 16: the links a tab's answer left out (FigureView.linksOnDemand), from the same person's
   * same stored view or live computation: of the Quality tab (default), the Overview (cards, team and
   * sprint rows; stored view only), the Improvement tab or the PI planning tab; `pi` = the PI the tab
   * shows (Improvement's I&A summary, PI planning's board).
   */
  getFigureLinks: { payload: { projectKey: string; figureIds: string[]; tab?: FigureLinksTab; pi?: string }; result: FigureLinksData };
  previewAcTemplate: { payload: { issueKey: string }; result: AcTemplatePreview };
  insertAcTemplate: { payload: { issueKey: string; expectedVersion: string }; result: AcTemplateResult };
  previewSplit: { payload: { issueKey: string }; result: SplitPreview };
  createSplit: { payload: { issueKey: string; summaries: string[]; idempotencyKey: string }; result: SplitResult };
  getSprintReadiness: { payload: { sprintId: number }; result: SprintReadinessData };
  refreshProjectOverview: { payload: { projectKey: string; mode?: 'incremental' | 'full' }; result: { refresh: RefreshStatus; overview: ProjectOverviewData | null } };
  getSettings: { payload: Record<string, never>; result: SettingsData };
  saveSettings: { payload: { settings: Settings }; result: SettingsData };
  getWsjfEstimation: { payload: { projectKey: string }; result: WsjfEstimationSheet };
  previewWsjfColumn: { payload: { component: WsjfComponentKey; values: { issueKey: string; value: number }[] }; result: WsjfColumnPreview };
  saveWsjfColumn: { payload: { projectKey: string; component: WsjfComponentKey; values: { issueKey: string; value: number; expectedVersion: number }[] }; result: WsjfColumnSaveResult };
  previewWsjfOrder: { payload: { projectKey: string }; result: WsjfOrderPreview };
  applyWsjfOrder: { payload: { projectKey: string; expectedCurrentOrder: string[]; expectedTargetOrder: string[] }; result: WsjfOrderApplyResult };
  getDependencies: { payload: { projectKey: string }; result: DependenciesData };
  getImprovement: { payload: { projectKey: string; pi?: string }; result: ImprovementData };
  createImprovementItem: { payload: { projectKey: string; patternId: string; idempotencyKey: string }; result: CreateImprovementResult };
  getSiteCheck: { payload: { projectKey?: string }; result: SiteCheckData };
  getPiPlanning: { payload: { projectKey: string; pi?: string }; result: PiPlanningData };
  /** Issue 18: a cheap poll (storage only, no Jira call): did events change the train since my view? */
  getTrainVersion: { payload: { projectKey: string }; result: TrainVersion };
  /** Issue 18: bring my view up to date after events (an incremental refresh as me), recording the version it includes. */
  refreshFromTrainEvents: { payload: { projectKey: string }; result: { refresh: RefreshStatus; overview: ProjectOverviewData | null } };
}

export type ResolverKey = keyof ResolverContract;
export const RESOLVER_KEYS: readonly ResolverKey[] = [
  'getIssuePanel',
  'saveWsjf',
  'getProjectOverview',
  'getProjectOverviewTables',
  'getWsjfTable',
  'getQualitySummary',
  'getFigureLinks',
  'previewAcTemplate',
  'insertAcTemplate',
  'previewSplit',
  'createSplit',
  'getSprintReadiness',
  'refreshProjectOverview',
  'getSettings',
  'saveSettings',
  'getWsjfEstimation',
  'previewWsjfColumn',
  'saveWsjfColumn',
  'previewWsjfOrder',
  'applyWsjfOrder',
  'getDependencies',
  'getImprovement',
  'createImprovementItem',
  'getSiteCheck',
  'getPiPlanning',
  'getTrainVersion',
  'refreshFromTrainEvents',
];
