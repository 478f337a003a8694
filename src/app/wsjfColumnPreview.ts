import { normaliseColumn } from '../domain/wsjfPlanning';
import { WSJF_COMPONENT_LABELS, type WsjfComponentName } from '../domain/wsjf';
import type { WsjfColumnPreview } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings } from './siteMetadata';

/**
 * Estimation mode's live check of the column on screen (draft values included): what "Normalise so
 * the smallest is 1" makes of it and whether it has a 1. Reads nothing from Jira but the cached
 * settings (the scale), so the sheet can ask after every change.
 */
export async function previewWsjfColumn(ctx: AppContext, component: WsjfComponentName, values: readonly { issueKey: string; value: number }[]): Promise<WsjfColumnPreview> {
  // It reads no issue, but like every resolver it answers only a signed-in person.
  if (!ctx.accountId) throw new AppFailure('UNAUTHENTICATED', 'Sign in to Jira to estimate WSJF columns.');
  const { settings } = await currentSettings(ctx);
  let normalised: number[];
  try {
    normalised = normaliseColumn(
      values.map((v) => v.value),
      settings.wsjfScale,
    );
  } catch (e) {
    if (e instanceof RangeError) throw new AppFailure('BAD_REQUEST', `${WSJF_COMPONENT_LABELS[component]} cannot be normalised: ${e.message}.`);
    throw e;
  }
  const hasOne = values.some((v) => v.value === 1);
  return {
    component,
    normalised: values.map((v, i) => ({ issueKey: v.issueKey, value: normalised[i] })),
    hasOne,
    warning: values.length && !hasOne ? `No feature has ${WSJF_COMPONENT_LABELS[component]} 1: relative estimation gives the smallest feature a 1. Use “Normalise so the smallest is 1”, or adjust the values.` : null,
  };
}
