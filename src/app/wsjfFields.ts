/**
 * Numeric WSJF / Cost of Delay fields written next to the `refinery.wsjf` property on every save:
 * - the app's own `jira:customField` modules (manifest keys below), found in /rest/api/3/field by
 *   their `schema.custom`, which Jira sets to the module's extension ARI
 *   `ari:cloud:ecosystem::extension/<app-id>/<environment-id>/static/<module-key>`;
 * - a site's own number fields named "WSJF" / "WSJF score" / "Cost of Delay", when the site has them
 *   (many SAFe sites created these by hand before using the app).
 * Written as the user with PUT /rest/api/3/issue/{key}. The property is the source of truth and is
 * saved first; a field Jira refuses (not on the edit screen, no permission) is reported per field.
 */
import { JiraError } from '../jira/errors';
import type { WsjfFieldWriteReport } from '../contract';
import type { AppContext } from './context';
import type { SiteMetadata } from './siteMetadata';

export const APP_FIELD_MODULES = { wsjf: 'refinery-wsjf-field', costOfDelay: 'refinery-cost-of-delay-field' } as const;

const FLOAT = 'com.atlassian.jira.plugin.system.customfieldtypes:float';
const SITE_NAMES = { wsjf: /^wsjf( score)?$/i, costOfDelay: /^cost of delay$/i } as const;

export interface WsjfFieldTarget {
  fieldId: string;
  name: string;
  source: 'app' | 'site';
  role: 'wsjf' | 'costOfDelay';
}

/** `…/static/<module-key>` of a Forge custom field's `schema.custom`, or null for any other field type. */
export function forgeModuleKey(schemaCustom: string): string | null {
  const m = /^ari:cloud:ecosystem::extension\/[^/]+\/[^/]+\/static\/([^/]+)$/.exec(schemaCustom);
  return m ? m[1] : null;
}

/** The fields to write, from the cached site metadata (`type` holds `schema.custom` for custom fields). */
export function wsjfFieldTargets(meta: Pick<SiteMetadata, 'fields'>): WsjfFieldTarget[] {
  const out: WsjfFieldTarget[] = [];
  for (const f of meta.fields) {
    const moduleKey = forgeModuleKey(f.type);
    if (moduleKey === APP_FIELD_MODULES.wsjf) out.push({ fieldId: f.id, name: f.name, source: 'app', role: 'wsjf' });
    else if (moduleKey === APP_FIELD_MODULES.costOfDelay) out.push({ fieldId: f.id, name: f.name, source: 'app', role: 'costOfDelay' });
    else if (f.type === FLOAT && SITE_NAMES.wsjf.test(f.name.trim())) out.push({ fieldId: f.id, name: f.name, source: 'site', role: 'wsjf' });
    else if (f.type === FLOAT && SITE_NAMES.costOfDelay.test(f.name.trim())) out.push({ fieldId: f.id, name: f.name, source: 'site', role: 'costOfDelay' });
  }
  return out;
}

const OFF_SCREEN = /not on the appropriate screen/i;

/**
 * Jira's refusal of one field, readable: a field off the issue type's edit screen gets how to fix
 * it (Jira sets only fields on that screen, even through the API).
 */
export function fieldRefusal(t: Pick<WsjfFieldTarget, 'name'>, jiraMessage: string | undefined, fallback: string): string {
  if (jiraMessage && OFF_SCREEN.test(jiraMessage))
    return `not on the edit screen (Jira: "${jiraMessage}"); a Jira admin can add the ${t.name} field to this project's edit screen for the issue type, or leave it off: the score stays in the issue's Refinery property`;
  return jiraMessage ?? fallback;
}

/**
 * Sets every target field on one issue in one edit. Jira rejects a whole edit when one field is
 * refused (400 with `errors: { fieldId: reason }`); the fields it named are reported and the others
 * retried once, so one unwritable site field never blocks the app's own fields.
 */
export async function writeWsjfFields(ctx: AppContext, meta: Pick<SiteMetadata, 'fields'>, issueKey: string, score: { wsjf: number; costOfDelay: number }): Promise<WsjfFieldWriteReport> {
  let pending = wsjfFieldTargets(meta);
  const report: WsjfFieldWriteReport = { written: [], failed: [] };
  const strip = (t: WsjfFieldTarget) => ({ fieldId: t.fieldId, name: t.name, source: t.source });
  for (let attempt = 0; pending.length && attempt < 2; attempt++) {
    try {
      await ctx.jira.editIssue(issueKey, { fields: Object.fromEntries(pending.map((t) => [t.fieldId, score[t.role]])) });
      report.written.push(...pending.map(strip));
      pending = [];
    } catch (e) {
      if (!(e instanceof JiraError)) throw e;
      const named = pending.filter((t) => e.fieldErrors[t.fieldId]);
      if (e.kind === 'bad-request' && named.length && named.length < pending.length && attempt === 0) {
        report.failed.push(...named.map((t) => ({ ...strip(t), message: fieldRefusal(t, e.fieldErrors[t.fieldId], e.message) })));
        pending = pending.filter((t) => !e.fieldErrors[t.fieldId]);
        continue;
      }
      report.failed.push(...pending.map((t) => ({ ...strip(t), message: fieldRefusal(t, e.fieldErrors[t.fieldId], e.message) })));
      pending = [];
    }
  }
  return report;
}

/** One sentence for a report with refused fields, or null when everything was written. */
export function fieldWriteWarning(issueKey: string, r: WsjfFieldWriteReport): string | null {
  if (!r.failed.length) return null;
  return `The score of ${issueKey} is saved, but Jira refused to update ${r.failed.map((f) => `the ${f.name} field (${f.message})`).join(' and ')}.`;
}
