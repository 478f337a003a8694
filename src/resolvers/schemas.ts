import { z } from 'zod';
import { settingsSchema } from '../domain/settings';
import type { ResolverContract, ResolverKey } from './contract';

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
  getProjectOverview: z.object({ projectKey }),
  getWsjfTable: z.object({ projectKey }),
  getQualitySummary: z.object({ projectKey }),
  getSettings: z.object({}),
  saveSettings: z.object({ settings: z.unknown() }),
} satisfies { [K in ResolverKey]: z.ZodType<unknown> };

export type Payload<K extends ResolverKey> = ResolverContract[K]['payload'];
export { settingsSchema };
