import { storyPointsCandidates } from '../../jira/mapping';
import { and, cfClause, jqlList } from '../../jira/jql';
import type { JiraField, JiraIssueType } from '../../jira/types';
import { effectiveSettings, estimateFieldsOf, type DiscoveredFields, type EffectiveSettings, type Settings } from '../../domain/settings';
import { loadSettings } from '../../storage/settingsRepo';
import type { AppContext } from '../context';
import { lastDrift } from '../events';
import { siteMetadata } from '../siteMetadata';
import { trainScope } from '../trainData';
import { CHECKED_PERMISSIONS, type FieldUsage, type ScopeFacts, type SiteFacts, type TrainFacts } from './facts';
import { fetched } from './types';

const typeNames = (types: JiraIssueType[], level: number) => [...new Set(types.filter((t) => t.hierarchyLevel === level).map((t) => t.name))];

/**
 * Reads what the site check needs, as the caller: a constant number of calls whatever the train's
 * size (counts come from approximate-count searches, never one call per issue).
 */
export async function gatherSiteFacts(ctx: AppContext, projectKey: string | null, scopes: ScopeFacts): Promise<SiteFacts> {
  const myself = await fetched(ctx.jira.myself());
  const base = { siteUrl: ctx.siteUrl, myself, scopes, projectKey };
  const settings = await loadSettings(ctx.store);
  if (!myself.ok) {
    // Nothing else can work without a session; the connection check says why.
    const skipped = { ok: false as const, error: myself.error };
    return { ...base, fields: skipped, issueTypes: skipped, settings, discovery: null, permissions: skipped, train: null };
  }
  const [fields, issueTypes, meta, permissions] = await Promise.all([
    fetched(ctx.jira.fields()),
    fetched(ctx.jira.issueTypes()),
    // The app's own discovery (cached for an hour, as every page reads it), so the check reports the
    // fields the app will really read.
    fetched(siteMetadata(ctx)),
    fetched(ctx.jira.myPermissions([...CHECKED_PERMISSIONS], projectKey ? { projectKey } : {})),
  ]);
  const discovery = meta.ok ? { discovered: meta.value.discovered, storyPointsEvidence: meta.value.storyPointsEvidence ?? null } : null;
  const train = projectKey && fields.ok && issueTypes.ok && discovery ? await gatherTrain(ctx, projectKey, settings, discovery.discovered, fields.value, issueTypes.value) : null;
  return { ...base, fields, issueTypes, settings, discovery, permissions, train };
}

async function gatherTrain(ctx: AppContext, projectKey: string, settings: Settings, discovered: DiscoveredFields, fields: JiraField[], issueTypes: JiraIssueType[]): Promise<TrainFacts> {
  const effective = effectiveSettings(settings, discovered);
  const scopeJql = trainScope(effective, projectKey);
  const objectiveType = effective.piObjectives?.issueType.toLowerCase();
  // PI objectives sit at the story level but are not stories (as in the train load).
  const storyTypes = typeNames(issueTypes, effective.storyHierarchyLevel).filter((n) => n.toLowerCase() !== objectiveType);
  const featureTypes = typeNames(issueTypes, effective.featureHierarchyLevel);
  const storiesJql = storyTypes.length ? and(scopeJql, `issuetype in ${jqlList(storyTypes)}`) : null;
  const featuresJql = featureTypes.length ? and(scopeJql, `issuetype in ${jqlList(featureTypes)}`) : null;
  const count = (jql: string | null) => (jql ? fetched(ctx.jira.approximateCount(jql)) : Promise.resolve({ ok: true as const, value: 0 }));

  const usageFields = usedFields(effective, fields);
  // Stories with an estimate in any field read (one field read: its own usage count says it).
  const read = estimateFieldsOf(effective.fields);
  const anyEstimate = read.length > 1 && storiesJql ? and(storiesJql, read.map((id) => `${cfClause(id)} is not EMPTY`).join(' OR ')) : null;
  const [project, boards, issues, stories, features, usageCounts, estimated, sampleFeature] = await Promise.all([
    fetched(ctx.jira.project(projectKey)),
    fetched(ctx.jira.boards(projectKey)),
    count(storiesJql || featuresJql ? and(scopeJql, `issuetype in ${jqlList([...storyTypes, ...featureTypes])}`) : null),
    count(storiesJql),
    count(featuresJql),
    Promise.all(usageFields.map((f) => count(storiesJql ? and(storiesJql, `${cfClause(f.id)} is not EMPTY`) : null))),
    anyEstimate ? count(anyEstimate) : Promise.resolve(null),
    featuresJql ? fetched(sampleFeatureWithEditmeta(ctx, featuresJql)) : Promise.resolve({ ok: true as const, value: null }),
  ]);
  const usage = new Map<string, FieldUsage>(usageFields.map((field, i) => [field.id, { field, storiesWithValue: usageCounts[i] }]));
  return { projectKey, project, scopeJql, storyTypes, featureTypes, boards, issues, stories, features, usage, estimated, sampleFeature, liveDrift: (await lastDrift(ctx.store, projectKey)) ?? null };
}

/** The story-point candidates plus the Sprint, Team and AC fields in effect, each once. */
function usedFields(effective: EffectiveSettings, fields: JiraField[]): JiraField[] {
  const ids = new Set([...storyPointsCandidates(fields).map((f) => f.id), effective.fields.storyPointsField, effective.fields.sprintField, effective.fields.teamField, effective.fields.acceptanceCriteriaField]);
  return fields.filter((f) => ids.has(f.id));
}

async function sampleFeatureWithEditmeta(ctx: AppContext, featuresJql: string) {
  const page = await ctx.jira.searchPage(`${featuresJql} ORDER BY Rank ASC`, ['summary'], { maxResults: 1 });
  const first = page.issues?.[0];
  // editmeta lists the fields on the issue's edit screen that the caller may set.
  return first ? ctx.jira.getIssue(first.key, { fields: ['summary', 'issuetype'], expand: ['editmeta'] }) : null;
}
