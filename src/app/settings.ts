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

/** Only Jira admins may save (checked against /mypermissions first); invalid values are rejected, nothing is stored. */
export async function saveSettings(ctx: AppContext, input: unknown): Promise<SettingsData> {
  if (!(await isJiraAdmin(ctx))) throw new AppFailure('FORBIDDEN', 'Only Jira administrators can change Refinery settings.');
  const parsed = settingsSchema.safeParse(input);
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
