import { z } from 'zod';
import { settingsSchema } from '../domain/settings';
import type { ResolverContract, ResolverKey } from '../contract';

/** Jira issue and project keys as Jira allows them; anything else is rejected at the boundary. */
const issueKey = z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,9}$/, 'must be an issue key such as ART-123');
const projectKey = z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a project key such as ART');
const score = z.number({ error: 'must be a number' }).finite().positive('must be a positive number');

/** One payload schema per resolver key; the `satisfies` keeps it in step with the contract. */
export const payloadSchemas = {
  getIssuePanel: z.object({ issueKey }),
  saveWsjf: z.object({
    issueKey,
    scores: z.object({ businessValue: score, timeCriticality: score, riskReduction: score, jobSize: score }).strict(),
    expectedVersion: z.number().int().nonnegative(),
  }),
  getProjectOverview: z.object({ projectKey, returnProgress: z.boolean().optional(), lean: z.boolean().optional() }),
  getProjectOverviewTables: z.object({ projectKey }),
  getWsjfTable: z.object({ projectKey }),
  getQualitySummary: z.object({ projectKey }),
  // A figure id is its metric, scope and scope values joined by '|' (domain/health figureId).
  getFigureLinks: z.object({
    projectKey,
    figureIds: z
      .array(z.string().trim().min(1, 'a figure id cannot be empty').max(300).regex(/^[A-Za-z]+\|\P{Cc}*$/u, 'must be a figure id such as qualityPassRate|train||||'))
      .min(1, 'needs at least one figure id')
      .max(50),
    tab: z.enum(['overview', 'quality', 'improvement', 'piPlanning'], { error: 'must be overview, quality, improvement or piPlanning' }).optional(),
    pi: z.string().trim().regex(/^\S{1,80}$/, 'must be a PI label such as PI-2027.1').optional(),
  }),
  previewAcTemplate: z.object({ issueKey }),
  insertAcTemplate: z.object({ issueKey, expectedVersion: z.string().trim().max(64) }),
  previewSplit: z.object({ issueKey }),
  createSplit: z.object({
    issueKey,
    summaries: z
      .array(z.string().trim().min(1, 'a summary cannot be empty').max(255, 'Jira allows at most 255 characters in a summary'))
      .min(2, 'a split needs at least two stories')
      .max(8, 'a split creates at most eight stories'),
    idempotencyKey: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes'),
  }),
  getSprintReadiness: z.object({ sprintId: z.coerce.number().int().positive('must be a sprint id') }),
  refreshProjectOverview: z.object({ projectKey, mode: z.enum(['incremental', 'full']).optional() }),
  getTrainVersion: z.object({ projectKey }),
  refreshFromTrainEvents: z.object({ projectKey }),
  getSettings: z.object({}),
  saveSettings: z.object({ settings: z.unknown() }),
  getWsjfEstimation: z.object({ projectKey }),
  previewWsjfColumn: z.object({
    component: z.enum(['businessValue', 'timeCriticality', 'riskReduction', 'jobSize']),
    values: z.array(z.object({ issueKey, value: score }).strict()).max(500),
  }),
  saveWsjfColumn: z.object({
    projectKey,
    component: z.enum(['businessValue', 'timeCriticality', 'riskReduction', 'jobSize']),
    values: z
      .array(z.object({ issueKey, value: score, expectedVersion: z.number().int().nonnegative() }).strict())
      .min(1, 'needs at least one value')
      .max(500)
      .refine((vs) => new Set(vs.map((v) => v.issueKey)).size === vs.length, 'lists a feature twice'),
  }),
  previewWsjfOrder: z.object({ projectKey }),
  applyWsjfOrder: z.object({
    projectKey,
    expectedCurrentOrder: z.array(issueKey).max(5000),
    expectedTargetOrder: z.array(issueKey).max(5000),
  }),
  getDependencies: z.object({ projectKey }),
  getImprovement: z.object({ projectKey, pi: z.string().trim().regex(/^PI[-_.]?\d[\w.-]{0,60}$/i, 'must be a PI label such as PI-2026.4').optional() }),
  createImprovementItem: z.object({
    projectKey,
    patternId: z.string().trim().regex(/^[a-z0-9-]{1,80}:[a-z0-9-]{1,80}$/, 'must be a pattern id such as ac-missing:nebula'),
    idempotencyKey: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes'),
  }),
  getSiteCheck: z.object({ projectKey: projectKey.optional() }),
  getPiPlanning: z.object({ projectKey, pi: z.string().trim().regex(/^\S{1,80}$/, 'must be a PI label such as PI-2027.1').optional() }),
} satisfies { [K in ResolverKey]: z.ZodType<unknown> };

export type Payload<K extends ResolverKey> = ResolverContract[K]['payload'];
export { settingsSchema };
