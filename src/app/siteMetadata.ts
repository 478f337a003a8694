import { chooseStoryPointsField, discoverFields, discoverPiObjectives, storyPointsCandidates } from '../jira/mapping';
import { and, jqlList } from '../jira/jql';
import type { JiraField, JiraIssue } from '../jira/types';
import type { StoryPointsEvidence } from '../contract';
import type { DiscoveredFields, EffectiveSettings } from '../domain/settings';
import { effectiveSettings } from '../domain/settings';
import { loadSettings } from '../storage/settingsRepo';
import type { AppContext } from './context';

export interface SiteMetadata {
  discovered: DiscoveredFields;
  fields: { id: string; name: string; type: string }[];
  issueTypes: { id: string; name: string; hierarchyLevel: number }[];
  /** Which story-points field the stories use most, the reading order, and the counts that decided it. */
  storyPointsEvidence: StoryPointsEvidence;
  fetchedAt: string;
}

// v4: discovery records every estimate field in reading order (v3 held one field for the site).
const KEY = 'site:metadata:v4';
/** Stories sampled to see which estimate field carries values (one search page, only when fields compete). */
export const STORY_POINTS_SAMPLE = 100;
const MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Field ids and hierarchy levels discovered from /rest/api/3/field and /rest/api/3/issuetype,
 * cached for an hour so a panel does not pay two extra Jira calls on every view.
 */
export async function siteMetadata(ctx: AppContext): Promise<SiteMetadata> {
  const cached = await ctx.store.get<SiteMetadata>(KEY);
  if (cached && ctx.now().getTime() - Date.parse(cached.fetchedAt) < MAX_AGE_MS) return cached;
  const [fields, issueTypes, stored] = await Promise.all([ctx.jira.fields(), ctx.jira.issueTypes(), loadSettings(ctx.store)]);
  const storyTypes = issueTypes.filter((t) => t.hierarchyLevel === stored.storyHierarchyLevel).map((t) => t.name);
  const storyPointsEvidence = await storyPointsUse(ctx, fields, storyTypes, stored.trainScopeJql);
  const meta: SiteMetadata = {
    discovered: { ...discoverFields(fields), storyPointsField: storyPointsEvidence.chosen, storyPointsFields: storyPointsEvidence.order, piObjectives: discoverPiObjectives(fields, issueTypes) },
    fields: fields.filter((f) => f.custom).map((f) => ({ id: f.id, name: f.name, type: f.schema?.custom ?? f.schema?.type ?? 'unknown' })),
    issueTypes: issueTypes.map((t) => ({ id: t.id, name: t.name, hierarchyLevel: t.hierarchyLevel })),
    storyPointsEvidence,
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

/**
 * A company-managed project estimates in "Story Points" (a number field), a team-managed one in
 * "Story point estimate" (Jira Software's type), and one site often has both. Every candidate is
 * read, per story; the sample only decides the order: the most recently updated stories of the
 * train scope (or of the site, without one) are sampled in one search, and the field with the most
 * values is read first.
 */
async function storyPointsUse(ctx: AppContext, fields: JiraField[], storyTypes: string[], trainScopeJql: string | null): Promise<StoryPointsEvidence> {
  const candidates = storyPointsCandidates(fields);
  if (candidates.length < 2 || !storyTypes.length) return chooseStoryPointsField(candidates, candidates.length < 2 ? [] : null);
  let sample: JiraIssue[] | null;
  try {
    const jql = `${and(trainScopeJql, `issuetype in ${jqlList(storyTypes)}`)} ORDER BY updated DESC`;
    sample = (await ctx.jira.searchPage(jql, candidates.map((f) => f.id), { maxResults: STORY_POINTS_SAMPLE })).issues ?? [];
  } catch {
    // Discovery must not break every page; the preference order stands and the sentence says why.
    sample = null;
  }
  return chooseStoryPointsField(candidates, sample);
}
