import { settingsSchema, type Settings } from '../domain/settings';
import { loadSettings, saveSettings as storeSettings } from '../storage/settingsRepo';
import type { SettingsData } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { JiraError } from '../jira/errors';
import { siteMetadata } from './siteMetadata';

async function isJiraAdmin(ctx: AppContext): Promise<boolean> {
  const p = await ctx.jira.myPermissions(['ADMINISTER']);
  return p.ADMINISTER;
}

export async function getSettings(ctx: AppContext): Promise<SettingsData> {
  const [settings, meta, admin] = await Promise.all([loadSettings(ctx.store), siteMetadata(ctx), isJiraAdmin(ctx)]);
  return {
    settings,
    discovered: meta.discovered,
    storyPointsEvidence: meta.storyPointsEvidence ?? null,
    fields: meta.fields,
    issueTypes: meta.issueTypes,
    permissions: admin ? { canEdit: true } : { canEdit: false, reason: 'Only Jira administrators can change Refinery settings.' },
  };
}

/**
 * Settings blocks that are optional in the schema (added after the first release): a form that does
 * not edit one sends it absent, and absent means "keep what is stored", never "reset" (an explicit
 * value, `null` included, replaces it). So the main settings form saving without the PI planning
 * block keeps the PI planning settings (issue 15).
 */
export const KEPT_WHEN_ABSENT = ['piPlanning', 'benefitHypothesisField', 'wsjfIncompleteScores'] as const satisfies readonly (keyof Settings)[];

async function keepAbsentBlocks(ctx: AppContext, input: unknown): Promise<unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const missing = KEPT_WHEN_ABSENT.filter((k) => !Object.prototype.hasOwnProperty.call(input, k));
  if (!missing.length) return input;
  const stored = await loadSettings(ctx.store);
  const kept = Object.fromEntries(missing.filter((k) => stored[k] !== undefined).map((k) => [k, stored[k]]));
  return { ...input, ...kept };
}

/** Only Jira admins may save (checked against /mypermissions first); invalid values are rejected, nothing is stored. */
export async function saveSettings(ctx: AppContext, input: unknown): Promise<SettingsData> {
  if (!(await isJiraAdmin(ctx))) throw new AppFailure('FORBIDDEN', 'Only Jira administrators can change Refinery settings.');
  const parsed = settingsSchema.safeParse(await keepAbsentBlocks(ctx, input));
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppFailure('BAD_REQUEST', `Settings not saved: ${details.map((d) => `${d.path || 'settings'} ${d.message}`).join('; ')}.`, details);
  }
  const settings: Settings = parsed.data;
  if (settings.trainScopeJql) {
    // Let Jira judge the JQL: a query it cannot parse is rejected here rather than breaking the page later.
    try {
      await ctx.jira.searchPage(settings.trainScopeJql, ['id'], { maxResults: 1 });
    } catch (e) {
      // Only Jira's 400 judges the JQL; Jira being down or slow is reported as such (nothing stored either way).
      if (e instanceof JiraError && e.kind !== 'bad-request') throw e;
      const message = (e as Error).message;
      throw new AppFailure('BAD_REQUEST', `Settings not saved: the train scope JQL is not valid: ${message}`, [{ path: 'trainScopeJql', message }]);
    }
  }
  await storeSettings(ctx.store, settings);
  return getSettings(ctx);
}
