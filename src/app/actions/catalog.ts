/**
 * Refinery's checks as Forge `action` modules (issue 19): one catalogue serves Jira Automation
 * (manifest `automation:actionProvider`) and the Rovo agent "Refinery coach" (`rovo:agent`).
 *
 * Each action is backed by the use case its panel uses — no second computation:
 * - check story readiness → `getIssuePanel` (the story panel's quality report);
 * - check sprint readiness → `getSprintReadiness` (the sprint action);
 * - score WSJF → `getWsjfTable` (the WSJF tab's rows: CoD, WSJF, rank, flags);
 * - train health → `trainHealth` + `healthJson` (`refinery health --json`);
 * - create improvement item → `createImprovementItem` (the Improvement tab: Create Issues check, idempotency).
 *
 * What Forge documents (docs/AUTOMATION.md has the sources): the function receives `payload` with
 * the configured inputs at its top level (plus `payload.context` for Rovo); inputs and outputs are
 * `string | integer | number | boolean`; an action fails the rule by returning
 * `{ errors: [{ message }] }`; outputs become smart values named from actionVerb + outputDomain +
 * entityName.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { healthJson } from '../../cli/health';
import type { IssueRef } from '../../contract';
import { keysJql } from '../../jira/jql';
import type { AppContext } from '../context';
import { AppFailure } from '../failure';
import { createImprovementItem, analyseImprovement } from '../improvement';
import { getIssuePanel } from '../issuePanel';
import { currentSettings } from '../siteMetadata';
import { getSprintReadiness } from '../sprintReadiness';
import { trainHealth } from '../trainHealth';
import { getWsjfTable } from '../wsjfTable';

export type ActionIoType = 'string' | 'integer' | 'number' | 'boolean';
export type SmartValue = string | number | boolean | null;

export interface ActionInputSpec {
  title: string;
  type: ActionIoType;
  required: boolean;
  description: string;
}
export interface ActionOutputSpec {
  description: string;
  type: ActionIoType;
  nullable: boolean;
}

export interface ActionSpec<I = unknown, R = unknown> {
  /** The manifest `action` module key. */
  key: string;
  /** The manifest `function` key and the handler `src/index.ts` exports for it. */
  functionKey: string;
  handler: string;
  name: string;
  /** What Rovo reads to decide when to call it (≤ 255 characters). */
  description: string;
  actionVerb: 'GET' | 'CREATE';
  inputs: Record<string, ActionInputSpec>;
  outputs: Record<string, ActionOutputSpec>;
  outputContext: { entityName: string; outputType: 'OBJECT'; outputDomain: string };
  schema: z.ZodType<I>;
  run(ctx: AppContext, input: I): Promise<R>;
  /** The flat values Automation exposes as smart values (the keys of `outputs`). */
  smartValues(result: R): Record<string, SmartValue>;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,9}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
/** Automation passes smart values as text, often with spaces around them, and keys in any case. */
const upperTrim = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const issueKey = z.preprocess(upperTrim, z.string().regex(ISSUE_KEY, 'must be an issue key such as ART-123'));
const projectKey = z.preprocess(upperTrim, z.string().regex(PROJECT_KEY, 'must be a project key such as ART'));
const optional = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional());

const lines = (xs: string[]) => xs.join('\n');
const round2 = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
const projectOf = (key: string) => key.slice(0, key.lastIndexOf('-'));
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

// --- check story readiness ----------------------------------------------------------------------

export interface StoryReadinessResult {
  asOf: string;
  issue: IssueRef;
  ready: boolean;
  score: number;
  findings: { rule: string; severity: 'error' | 'warning' | 'info'; message: string; hint: string }[];
  failedChecks: { rule: string; label: string; detail?: string }[];
  jql: string;
}

const checkStoryReadiness: ActionSpec<{ issueKey: string }, StoryReadinessResult> = {
  key: 'refinery-check-story-readiness',
  functionKey: 'action-story-ready',
  handler: 'actionCheckStoryReadiness',
  name: 'Check story readiness (Refinery)',
  description:
    "Checks one story against Refinery's Definition of Ready (INVEST, acceptance criteria, user-story form). Returns ready, the 0-1 score and each finding with its rule, message and fix hint, as the story panel shows.",
  actionVerb: 'GET',
  inputs: { issueKey: { title: 'Story key', type: 'string', required: true, description: 'The story to check, e.g. ART-123 or {{issue.key}}' } },
  outputs: {
    issueKey: { description: 'The story checked', type: 'string', nullable: false },
    ready: { description: 'True when the story meets the Definition of Ready', type: 'boolean', nullable: false },
    score: { description: 'Quality score 0-1 (share of rules passed, weighted by severity)', type: 'number', nullable: false },
    findingCount: { description: 'Number of findings (errors, warnings and notes)', type: 'integer', nullable: false },
    findings: { description: 'One line per finding: [severity] rule: message (fix: hint)', type: 'string', nullable: false },
    failedChecks: { description: 'The Definition of Ready checks the story fails, one per line', type: 'string', nullable: false },
    jql: { description: 'JQL that opens the story in issue search', type: 'string', nullable: false },
  },
  outputContext: { entityName: 'readiness', outputType: 'OBJECT', outputDomain: 'refinery' },
  schema: z.object({ issueKey }),
  async run(ctx, input) {
    const panel = await getIssuePanel(ctx, input.issueKey);
    if (panel.kind !== 'story') {
      throw new AppFailure('BAD_REQUEST', `${panel.issue.key} is a ${panel.issue.issueType}, not a story, so it has no Definition of Ready check.${panel.kind === 'feature' ? ' Use "Score WSJF" for a feature.' : ''}`);
    }
    const q = panel.quality;
    return {
      asOf: ctx.now().toISOString(),
      issue: panel.issue,
      ready: q.ready,
      score: q.score,
      findings: q.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, hint: f.hint })),
      failedChecks: q.dor.filter((d) => !d.passed).map((d) => ({ rule: d.rule, label: d.label, ...(d.detail ? { detail: d.detail } : {}) })),
      jql: keysJql([panel.issue.key]),
    };
  },
  smartValues: (r) => ({
    issueKey: r.issue.key,
    ready: r.ready,
    score: r.score,
    findingCount: r.findings.length,
    findings: lines(r.findings.map((f) => `[${f.severity}] ${f.rule}: ${f.message} (fix: ${f.hint})`)),
    failedChecks: lines(r.failedChecks.map((c) => `${c.label}${c.detail ? ` (${c.detail})` : ''}`)),
    jql: r.jql,
  }),
};

// --- check sprint readiness ---------------------------------------------------------------------

export interface SprintReadinessActionResult {
  asOf: string;
  sprints: {
    sprint: { id: number; name: string; state: string };
    storyCount: number;
    readyCount: number;
    notReady: { issue: IssueRef; score: number; failedChecks: { rule: string; label: string; detail?: string }[]; findings: { rule: string; severity: string; message: string; hint: string }[] }[];
    notReadyJql: string | null;
  }[];
  storyCount: number;
  notReadyCount: number;
  notReadyJql: string | null;
}

interface SprintInput {
  sprint: string;
  projectKey?: string;
}

/** A sprint id, a sprint name on the project's boards, or "next" (each board's next future sprint). */
async function resolveSprints(ctx: AppContext, input: SprintInput): Promise<number[]> {
  if (/^\d+$/.test(input.sprint)) return [Number(input.sprint)];
  if (!input.projectKey) {
    throw new AppFailure('BAD_REQUEST', `To find the sprint "${input.sprint}" by name (or the next sprint), Refinery needs the project key as well, e.g. ART. A sprint id needs none.`);
  }
  const boards = (await ctx.jira.boards(input.projectKey)).filter((b) => b.type === 'scrum');
  const next = input.sprint.toLowerCase() === 'next';
  const perBoard = await Promise.all(boards.map((b) => ctx.jira.sprints(b.id, next ? ['future'] : ['closed', 'active', 'future'])));
  if (next) {
    const ids = perBoard.map((ss) => [...ss].sort((a, b) => (a.startDate ?? '9999').localeCompare(b.startDate ?? '9999') || a.id - b.id)[0]?.id).filter((id): id is number => id !== undefined);
    if (!ids.length) throw new AppFailure('NOT_FOUND', `No board of ${input.projectKey} has a future sprint.`);
    return [...new Set(ids)];
  }
  const wanted = input.sprint.trim().toLowerCase();
  const ids = [...new Set(perBoard.flat().filter((s) => s.name.trim().toLowerCase() === wanted).map((s) => s.id))];
  if (!ids.length) throw new AppFailure('NOT_FOUND', `No sprint named "${input.sprint}" on the boards of ${input.projectKey} that you can see.`);
  if (ids.length > 1) throw new AppFailure('BAD_REQUEST', `${ids.length} sprints are named "${input.sprint}" (ids ${ids.join(', ')}); give the sprint id instead.`);
  return ids;
}

const checkSprintReadiness: ActionSpec<SprintInput, SprintReadinessActionResult> = {
  key: 'refinery-check-sprint-readiness',
  functionKey: 'action-sprint-ready',
  handler: 'actionCheckSprintReadiness',
  name: 'Check sprint readiness (Refinery)',
  description:
    'Lists the stories of a sprint (id, name, or "next" for each board\'s next sprint) that fail the Definition of Ready, with the failed checks and findings of each, as the backlog\'s sprint action shows.',
  actionVerb: 'GET',
  inputs: {
    sprint: { title: 'Sprint', type: 'string', required: true, description: 'A sprint id ({{sprint.id}}), a sprint name, or "next" for the next future sprint of each board' },
    projectKey: { title: 'Project key', type: 'string', required: false, description: 'The project whose boards to search when the sprint is a name or "next", e.g. ART' },
  },
  outputs: {
    sprintNames: { description: 'The sprints checked, comma-separated', type: 'string', nullable: false },
    storyCount: { description: 'Stories in the sprints', type: 'integer', nullable: false },
    notReadyCount: { description: 'Stories that fail the Definition of Ready', type: 'integer', nullable: false },
    notReadyKeys: { description: 'Keys of the not-ready stories, comma-separated', type: 'string', nullable: false },
    summary: { description: 'One line per not-ready story: key (score) fails: the failed checks', type: 'string', nullable: false },
    notReadyJql: { description: 'JQL that opens exactly the not-ready stories (empty when none)', type: 'string', nullable: true },
  },
  outputContext: { entityName: 'sprint', outputType: 'OBJECT', outputDomain: 'refinery' },
  schema: z.object({
    sprint: z.preprocess((v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v), z.string().min(1, 'must be a sprint id, a sprint name or "next"').max(255)),
    projectKey: optional(projectKey),
  }),
  async run(ctx, input) {
    const ids = await resolveSprints(ctx, input);
    const views = await Promise.all(ids.map((id) => getSprintReadiness(ctx, id)));
    const sprints = views.map((v) => ({
      sprint: { id: v.sprint.id, name: v.sprint.name, state: v.sprint.state },
      storyCount: v.storyCount,
      readyCount: v.readyCount,
      notReady: v.notReady.map((n) => ({
        issue: n.issue,
        score: n.score,
        failedChecks: n.failedChecks,
        findings: [...n.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]).map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, hint: f.hint })),
      })),
      notReadyJql: v.notReady.length ? `${keysJql(v.notReady.map((n) => n.issue.key))} ORDER BY Rank ASC` : null,
    }));
    const notReadyKeys = sprints.flatMap((s) => s.notReady.map((n) => n.issue.key));
    return {
      asOf: ctx.now().toISOString(),
      sprints,
      storyCount: sprints.reduce((n, s) => n + s.storyCount, 0),
      notReadyCount: notReadyKeys.length,
      notReadyJql: notReadyKeys.length ? `${keysJql(notReadyKeys)} ORDER BY Rank ASC` : null,
    };
  },
  smartValues: (r) => {
    const notReady = r.sprints.flatMap((s) => s.notReady);
    return {
      sprintNames: r.sprints.map((s) => s.sprint.name).join(', '),
      storyCount: r.storyCount,
      notReadyCount: r.notReadyCount,
      notReadyKeys: notReady.map((n) => n.issue.key).join(', '),
      summary: lines(notReady.map((n) => `${n.issue.key} (score ${n.score}) fails: ${n.failedChecks.map((c) => `${c.label}${c.detail ? ` (${c.detail})` : ''}`).join('; ') || 'the Definition of Ready'}`)),
      notReadyJql: r.notReadyJql,
    };
  },
};

// --- score WSJF ---------------------------------------------------------------------------------

export interface WsjfActionFeature {
  issue: IssueRef;
  costOfDelay: number | null;
  wsjf: number | null;
  rank: number | null;
  notRanked: { reason: string; message: string } | null;
  flags: { flag: string; message: string }[];
}
export interface WsjfActionResult {
  asOf: string;
  /** How many features the WSJF order ranks. */
  rankedOf: number;
  features: WsjfActionFeature[];
  /** JQL of the listed features, in the order listed. */
  jql: string | null;
}

interface WsjfInput {
  featureKey?: string;
  projectKey?: string;
  top?: number;
}

const scoreWsjfAction: ActionSpec<WsjfInput, WsjfActionResult> = {
  key: 'refinery-score-wsjf',
  functionKey: 'action-score-wsjf',
  handler: 'actionScoreWsjf',
  name: 'Score WSJF (Refinery)',
  description:
    "A feature's Cost of Delay, WSJF, rank in the train and flags (blank, off-scale, tie, stale); or, with only a project key, the train's top features by WSJF. Same numbers as the WSJF tab.",
  actionVerb: 'GET',
  inputs: {
    featureKey: { title: 'Feature key', type: 'string', required: false, description: 'The feature (epic) to score, e.g. ART-7 or {{issue.key}}' },
    projectKey: { title: 'Project key', type: 'string', required: false, description: 'The train project, for its top features by WSJF (when no feature key is given)' },
    top: { title: 'How many features', type: 'integer', required: false, description: 'With a project key: how many of the top-ranked features to return (default 10)' },
  },
  outputs: {
    featureKey: { description: 'The feature scored (the top feature with a project key)', type: 'string', nullable: true },
    costOfDelay: { description: 'Cost of Delay: User-Business Value + Time Criticality + RR|OE', type: 'number', nullable: true },
    wsjf: { description: 'WSJF: Cost of Delay / Job Size', type: 'number', nullable: true },
    rank: { description: "The feature's WSJF rank in the train", type: 'integer', nullable: true },
    rankedOf: { description: 'How many features the WSJF order ranks', type: 'integer', nullable: false },
    flags: { description: 'The flags on the feature, one per line', type: 'string', nullable: false },
    ranking: { description: 'One line per feature listed: rank. key WSJF (CoD)', type: 'string', nullable: false },
  },
  outputContext: { entityName: 'wsjf', outputType: 'OBJECT', outputDomain: 'refinery' },
  schema: z
    .object({
      featureKey: optional(issueKey),
      projectKey: optional(projectKey),
      top: optional(z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'can be at most 100')),
    })
    .refine((v) => v.featureKey || v.projectKey, { message: 'give a feature key (e.g. ART-7) or a project key (e.g. ART)', path: ['featureKey'] }),
  async run(ctx, input) {
    const project = input.featureKey ? projectOf(input.featureKey) : input.projectKey!;
    const table = await getWsjfTable(ctx, project);
    const toFeature = (row: (typeof table.rows)[number]): WsjfActionFeature => ({
      issue: row.issue,
      costOfDelay: row.costOfDelay,
      wsjf: row.wsjf,
      rank: row.wsjfRank,
      notRanked: row.notRanked,
      flags: row.flags.map((f) => ({ flag: f.flag, message: f.message })),
    });
    let features: WsjfActionFeature[];
    if (input.featureKey) {
      const row = table.rows.find((r) => r.issue.key === input.featureKey);
      if (!row) {
        // Jira's own answer for a key that does not exist (or that the caller cannot browse): NOT_FOUND.
        const raw = await ctx.jira.getIssue(input.featureKey, { fields: ['issuetype'] });
        const type = (raw.fields?.issuetype as { name?: string } | undefined)?.name ?? 'issue';
        throw new AppFailure('BAD_REQUEST', `${input.featureKey} (${type}) is not a feature of the train ${project}, so it has no WSJF rank. Score a feature (epic) of the train.`);
      }
      features = [toFeature(row)];
    } else {
      features = table.rows
        .filter((r) => r.wsjfRank !== null && !r.notRanked)
        .sort((a, b) => (a.wsjfRank ?? 0) - (b.wsjfRank ?? 0))
        .slice(0, input.top ?? 10)
        .map(toFeature);
    }
    return { asOf: table.asOf, rankedOf: table.counts.ranked, features, jql: features.length ? keysJql(features.map((f) => f.issue.key)) : null };
  },
  smartValues: (r) => {
    const f = r.features[0];
    return {
      featureKey: f?.issue.key ?? null,
      costOfDelay: f?.costOfDelay ?? null,
      wsjf: f?.wsjf ?? null,
      rank: f?.rank ?? null,
      rankedOf: r.rankedOf,
      flags: lines(f ? [...f.flags.map((x) => x.message), ...(f.notRanked ? [f.notRanked.message] : [])] : []),
      ranking: lines(r.features.map((x) => `${x.rank ?? '—'}. ${x.issue.key} WSJF ${x.wsjf ?? '—'} (CoD ${x.costOfDelay ?? '—'})`)),
    };
  },
};

// --- train health -------------------------------------------------------------------------------

export type HealthJson = ReturnType<typeof healthJson>;
export interface TrainHealthActionResult extends HealthJson {
  /** Cross-team patterns of the Improvement tab: the ids "Create improvement item" takes. */
  patterns: { id: string; title: string; team: string; evidenceJql: string | null }[];
}

const trainHealthAction: ActionSpec<{ projectKey: string }, TrainHealthActionResult> = {
  key: 'refinery-train-health',
  functionKey: 'action-train-health',
  handler: 'actionTrainHealth',
  name: 'Train health (Refinery)',
  description:
    "The train's backlog health figures (readiness, ready coverage, acceptance per sprint, rework, quality pass, dependencies at risk), each with the JQL of the issues it counts, as `refinery health --json`; plus the cross-team patterns.",
  actionVerb: 'GET',
  inputs: { projectKey: { title: 'Project key', type: 'string', required: true, description: 'The train project, e.g. ART or {{project.key}}' } },
  outputs: {
    asOf: { description: 'When the figures were computed (ISO 8601)', type: 'string', nullable: false },
    readinessRate: { description: 'Backlog readiness 0-1', type: 'number', nullable: true },
    readyCoverageIterations: { description: 'Ready coverage in iterations', type: 'number', nullable: true },
    acceptanceRateLastSprint: { description: 'Story acceptance of the last closed sprint 0-1', type: 'number', nullable: true },
    reworkRatio: { description: 'Rework 0-1', type: 'number', nullable: true },
    qualityPassRate: { description: 'Quality pass rate 0-1', type: 'number', nullable: true },
    dependenciesAtRisk: { description: 'Dependencies at risk (pairs)', type: 'number', nullable: true },
    summary: { description: "One line per train figure: metric value (numerator of denominator unit), ready to paste in a comment", type: 'string', nullable: false },
  },
  outputContext: { entityName: 'health', outputType: 'OBJECT', outputDomain: 'refinery' },
  schema: z.object({ projectKey }),
  async run(ctx, input) {
    const { settings, meta } = await currentSettings(ctx);
    // As the CLI: a project the caller cannot browse (or that does not exist) is Jira's 404.
    await ctx.jira.project(input.projectKey);
    const now = ctx.now();
    const { health, quality } = await trainHealth(ctx.jira, ctx.store, settings, meta, input.projectKey, now);
    const patterns = analyseImprovement(health, quality).patterns.map((p) => ({ id: p.id, title: p.title, team: p.team, evidenceJql: p.evidenceKeys.length ? keysJql(p.evidenceKeys) : null }));
    return { ...healthJson(health), patterns };
  },
  smartValues: (r) => ({
    asOf: r.asOf,
    ...r.train,
    summary: lines(
      r.figures
        .filter((f) => f.scope === 'train')
        .map((f) => `${f.metric} ${f.value ?? '—'}${typeof f.denominator === 'number' ? ` (${round2(f.numerator)} of ${round2(f.denominator)} ${f.unit})` : ''}`),
    ),
  }),
};

// --- create improvement item --------------------------------------------------------------------

export interface CreateImprovementActionResult {
  issue: IssueRef;
  created: boolean;
  patternId: string;
  requestId: string;
}

interface ImprovementInput {
  projectKey: string;
  patternId: string;
  requestId?: string;
}

/** One item per pattern by default: the same pattern from a rerun rule or a second question adopts the first item. */
export function defaultRequestId(patternId: string): string {
  return `pattern-${createHash('sha256').update(patternId).digest('hex').slice(0, 24)}`;
}

const createImprovementAction: ActionSpec<ImprovementInput, CreateImprovementActionResult> = {
  key: 'refinery-create-improvement-item',
  functionKey: 'action-improvement',
  handler: 'actionCreateImprovementItem',
  name: 'Create improvement item (Refinery)',
  description:
    "Creates the Inspect & Adapt improvement item for a detected cross-team pattern (ids from Train health), as the Improvement tab does: needs Create Issues; the same request id never creates a second item.",
  actionVerb: 'CREATE',
  inputs: {
    projectKey: { title: 'Project key', type: 'string', required: true, description: 'The train project, e.g. ART' },
    patternId: { title: 'Pattern id', type: 'string', required: true, description: 'A pattern id from Train health, e.g. ac-missing:nebula' },
    requestId: { title: 'Request id', type: 'string', required: false, description: 'Idempotency key (8-64 letters, digits, dashes); default: one item per pattern' },
  },
  outputs: {
    issueKey: { description: 'The improvement item', type: 'string', nullable: false },
    issueUrl: { description: 'Its browse URL', type: 'string', nullable: false },
    created: { description: 'False when an earlier call with the same request id had created it', type: 'boolean', nullable: false },
    patternId: { description: 'The pattern', type: 'string', nullable: false },
  },
  outputContext: { entityName: 'improvement', outputType: 'OBJECT', outputDomain: 'refinery' },
  schema: z.object({
    projectKey,
    patternId: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().regex(/^[a-z0-9-]{1,80}:[a-z0-9-]{1,80}$/, 'must be a pattern id such as ac-missing:nebula')),
    requestId: optional(z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8-64 letters, digits or dashes')),
  }),
  async run(ctx, input) {
    const requestId = input.requestId ?? defaultRequestId(input.patternId);
    const r = await createImprovementItem(ctx, input.projectKey, input.patternId, requestId);
    return { issue: r.issue, created: r.created, patternId: r.patternId, requestId };
  },
  smartValues: (r) => ({ issueKey: r.issue.key, issueUrl: r.issue.url, created: r.created, patternId: r.patternId }),
};

export const ACTIONS = [checkStoryReadiness, checkSprintReadiness, scoreWsjfAction, trainHealthAction, createImprovementAction] as const;
export type ActionKey = (typeof ACTIONS)[number]['key'];
export const ACTION_KEYS = ACTIONS.map((a) => a.key) as ActionKey[];

export function actionSpec(key: string): ActionSpec<unknown, unknown> | undefined {
  return ACTIONS.find((a) => a.key === key) as ActionSpec<unknown, unknown> | undefined;
}

/**
 * The smart-value prefix Automation builds from actionVerb + outputDomain + entityName. Forge's
 * tutorial shows GET + jira + requirement → `fetchedJiraRequirement`; CREATE → `created…` follows
 * the same pattern (not shown in the docs; see docs/AUTOMATION.md).
 */
export function smartValuePrefix(spec: Pick<ActionSpec, 'actionVerb' | 'outputContext'>): string {
  const verb = { GET: 'fetched', CREATE: 'created' }[spec.actionVerb];
  const cap = (s: string) => s.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return `${verb}${cap(spec.outputContext.outputDomain)}${cap(spec.outputContext.entityName)}`;
}
