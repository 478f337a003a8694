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

/**
 * Every check id, in report order, when a project is given and Jira answers (README: "Site check").
 * A refused sign-in reports `connection` alone; a refused field, issue-type or permission read
 * reports `fields` or `permissions` in place of the checks it feeds.
 */
export const SITE_CHECK_IDS = ['connection', 'field.storyPoints', 'field.sprint', 'field.team', 'field.acceptanceCriteria', 'hierarchy', 'permission.browse', 'permission.editIssues', 'permission.scheduleIssues', 'permission.createIssues', 'permission.administer', 'project', 'train.count', 'boards', 'events.drift', 'editScreen.wsjf', 'scopes'] as const;

/** Inside Forge the manifest is not readable; Jira's own scope refusals are the evidence there. */
export const SCOPES_UNKNOWN: ScopeFacts = { declared: null, required: null };

export async function runSiteCheck(ctx: AppContext, projectKey: string | null, scopes: ScopeFacts = SCOPES_UNKNOWN): Promise<SiteCheckData> {
  const facts = await gatherSiteFacts(ctx, projectKey, scopes);
  return { projectKey, checks: evaluateSite(facts), checkedAt: ctx.now().toISOString() };
}

export function getSiteCheck(ctx: AppContext, projectKey: string | undefined): Promise<SiteCheckData> {
  return runSiteCheck(ctx, projectKey ?? null);
}
