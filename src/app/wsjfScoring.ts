import { offScaleComponents, scoreWsjf } from '../domain/wsjf';
import { JiraError } from '../jira/errors';
import type { WsjfScores, WsjfView } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings } from './siteMetadata';
import { parseStoredWsjf, WSJF_PROPERTY, type StoredWsjf } from './wsjfProperty';
import { wsjfView } from './wsjfView';
import { writeWsjfFields } from './wsjfFields';

/**
 * Save a feature's WSJF score to the `refinery.wsjf` entity property, as the user.
 * Order matters: permission first, then scale, then the optimistic-concurrency check, then write.
 * A save whose `expectedVersion` differs from the stored version is a conflict: the caller gets the
 * other person's values and nothing is overwritten.
 */
export async function saveWsjf(ctx: AppContext, issueKey: string, scores: WsjfScores, expectedVersion: number): Promise<WsjfView> {
  const { settings, meta } = await currentSettings(ctx);
  const perms = await ctx.jira.myPermissions(['EDIT_ISSUES'], { issueKey });
  if (!perms.EDIT_ISSUES) {
    throw new AppFailure('FORBIDDEN', `You do not have the Edit Issues permission on ${issueKey}, so its WSJF score cannot be changed.`);
  }
  const off = offScaleComponents(scores, settings.wsjfScale);
  if (off.length) {
    throw new AppFailure('BAD_REQUEST', off.map((o) => o.message).join(' '), off.map((o) => ({ path: `scores.${o.component}`, message: o.message })));
  }
  const current = parseStoredWsjf(await ctx.jira.getProperty(issueKey, WSJF_PROPERTY));
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== expectedVersion) {
    const now = ctx.now();
    throw new AppFailure(
      'CONFLICT',
      `${current?.scoredBy?.displayName ?? 'Someone'} saved a different score for ${issueKey} while you were editing. Nothing was overwritten: review their values, then save again.`,
      { current: current ? wsjfView(current, settings.wsjfScale, settings.wsjfStaleAfterDays, now) : null },
    );
  }
  const me = await ctx.jira.myself();
  const stored: StoredWsjf = {
    ...scoreWsjf(scores),
    scoredBy: { accountId: me.accountId, displayName: me.displayName },
    scoredAt: ctx.now().toISOString(),
    version: currentVersion + 1,
  };
  try {
    await ctx.jira.setProperty(issueKey, WSJF_PROPERTY, stored);
  } catch (e) {
    if (e instanceof JiraError && e.kind === 'forbidden') throw new AppFailure('FORBIDDEN', `Jira refused to save the score on ${issueKey}: ${e.message}`);
    throw e;
  }
  // The property is saved; the numeric fields follow, and a refused field is reported, not hidden.
  const fieldWrites = await writeWsjfFields(ctx, meta, issueKey, stored);
  return { ...wsjfView(stored, settings.wsjfScale, settings.wsjfStaleAfterDays, ctx.now()), fieldWrites };
}
