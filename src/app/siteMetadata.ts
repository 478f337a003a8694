import { discoverFields, discoverPiObjectives } from '../jira/mapping';
import type { DiscoveredFields, EffectiveSettings } from '../domain/settings';
import { effectiveSettings } from '../domain/settings';
import { loadSettings } from '../storage/settingsRepo';
import type { AppContext } from './context';

export interface SiteMetadata {
  discovered: DiscoveredFields;
  fields: { id: string; name: string; type: string }[];
  issueTypes: { id: string; name: string; hierarchyLevel: number }[];
  fetchedAt: string;
}

const KEY = 'site:metadata:v2';
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Field ids and hierarchy levels discovered from /rest/api/3/field and /rest/api/3/issuetype,
 * cached for an hour so a panel does not pay two extra Jira calls on every view.
 */
export async function siteMetadata(ctx: AppContext): Promise<SiteMetadata> {
  const cached = await ctx.store.get<SiteMetadata>(KEY);
  if (cached && ctx.now().getTime() - Date.parse(cached.fetchedAt) < MAX_AGE_MS) return cached;
  const [fields, issueTypes] = await Promise.all([ctx.jira.fields(), ctx.jira.issueTypes()]);
  const meta: SiteMetadata = {
    discovered: { ...discoverFields(fields), piObjectives: discoverPiObjectives(fields, issueTypes) },
    fields: fields.filter((f) => f.custom).map((f) => ({ id: f.id, name: f.name, type: f.schema?.custom ?? f.schema?.type ?? 'unknown' })),
    issueTypes: issueTypes.map((t) => ({ id: t.id, name: t.name, hierarchyLevel: t.hierarchyLevel })),
    fetchedAt: ctx.now().toISOString(),
  };
  await ctx.store.set(KEY, meta);
  return meta;
}

export async function currentSettings(ctx: AppContext): Promise<{ settings: EffectiveSettings; meta: SiteMetadata }> {
  const [stored, meta] = await Promise.all([loadSettings(ctx.store), siteMetadata(ctx)]);
  return { settings: effectiveSettings(stored, meta.discovered), meta };
}

export function hierarchyLevelLookup(meta: SiteMetadata): (typeId: string, typeName: string) => number {
  return (id, name) => meta.issueTypes.find((t) => t.id === id || t.name === name)?.hierarchyLevel ?? 0;
}

export function typesAtLevel(meta: SiteMetadata, level: number): string[] {
  return meta.issueTypes.filter((t) => t.hierarchyLevel === level).map((t) => t.name);
}
