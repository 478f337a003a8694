/**
 * The site check: what Refinery found on this Jira site and what will not work, each failing check
 * with its fix. Shared by the admin page (`getSiteCheck`, as the user) and `refinery doctor`.
 */
import type { SiteCheckData } from '../../contract';
import type { AppContext } from '../context';
import type { ScopeFacts } from './facts';
import { evaluateSite } from './evaluate';
import { gatherSiteFacts } from './gather';

export { exitCodeOf, evaluateSite } from './evaluate';
export type { ScopeFacts, OperationScopes, SiteFacts } from './facts';

/** Inside Forge the manifest is not readable; Jira's own scope refusals are the evidence there. */
export const SCOPES_UNKNOWN: ScopeFacts = { declared: null, required: null };

export async function runSiteCheck(ctx: AppContext, projectKey: string | null, scopes: ScopeFacts = SCOPES_UNKNOWN): Promise<SiteCheckData> {
  const facts = await gatherSiteFacts(ctx, projectKey, scopes);
  return { projectKey, checks: evaluateSite(facts), checkedAt: ctx.now().toISOString() };
}

export function getSiteCheck(ctx: AppContext, projectKey: string | undefined): Promise<SiteCheckData> {
  return runSiteCheck(ctx, projectKey ?? null);
}
