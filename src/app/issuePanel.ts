import { checkStory } from '../domain/quality';
import { qualityInput } from './trainHealth';
import type { BacklogIssue } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import { jqlList, jqlString } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { FeaturePanelData, IssuePanelData, JobSizeSuggestion, PermissionView, StoryPanelData } from '../contract';
import type { AppContext } from './context';
import { describeDependencies } from './dependencyViews';
import { currentSettings, hierarchyLevelLookup, type SiteMetadata } from './siteMetadata';
import { issueRef } from './views';
import { parseStoredWsjf, WSJF_PROPERTY } from './wsjfProperty';
import { wsjfView } from './wsjfView';

const EDIT_DENIED = 'You do not have the Edit Issues permission on this issue, so the values are read-only.';

/** The issue panel adapts to the issue's hierarchy level: story → quality, feature → WSJF. */
export async function getIssuePanel(ctx: AppContext, issueKey: string): Promise<IssuePanelData> {
  const { settings, meta } = await currentSettings(ctx);
  const fields = backlogFields(settings.fields, { withText: true });
  // One request for the issue, its WSJF property and (through editmeta) the Edit Issues permission;
  // one more for the parent, the linked issues and a feature's children: two Jira calls per panel.
  const raw = await ctx.jira.getIssue(issueKey, { fields, properties: [WSJF_PROPERTY], expand: ['editmeta'] });
  const issue = mapIssue(raw, settings.fields, hierarchyLevelLookup(meta));
  // The panel's edit controls follow editmeta; every write still checks /mypermissions first.
  const canEdit = Object.keys(raw.editmeta?.fields ?? {}).length > 0;
  const permissions: PermissionView = canEdit ? { canEdit: true } : { canEdit: false, reason: EDIT_DENIED };
  if (issue.hierarchyLevel === settings.featureHierarchyLevel) {
    return featurePanel(ctx, settings, meta, issue, raw.properties?.[WSJF_PROPERTY], permissions);
  }
  if (issue.hierarchyLevel === settings.storyHierarchyLevel) return storyPanel(ctx, settings, meta, issue, permissions);
  return {
    kind: 'other',
    issue: issueRef(ctx.siteUrl, issue),
    message: `Refinery checks stories and scores features. ${issue.issueType} is at hierarchy level ${issue.hierarchyLevel}, which is neither (see Refinery settings).`,
  };
}

/** Linked issues and the parent in one search, so the panel never makes a request per link. */
async function relatedIssues(ctx: AppContext, settings: EffectiveSettings, meta: SiteMetadata, keys: string[]): Promise<Map<string, { issue: BacklogIssue; wsjf: unknown }>> {
  const out = new Map<string, { issue: BacklogIssue; wsjf: unknown }>();
  if (!keys.length) return out;
  const raw = await ctx.jira.searchAll(`key in ${jqlList(keys)}`, backlogFields(settings.fields, { withText: false }), { properties: [WSJF_PROPERTY] });
  for (const r of raw) out.set(r.key, { issue: mapIssue(r, settings.fields, hierarchyLevelLookup(meta)), wsjf: r.properties?.[WSJF_PROPERTY] });
  return out;
}

async function storyPanel(ctx: AppContext, settings: EffectiveSettings, meta: SiteMetadata, issue: BacklogIssue, permissions: PermissionView): Promise<StoryPanelData> {
  const linkKeys = issue.links.filter((l) => l.direction !== 'other').map((l) => l.other.key);
  const related = await relatedIssues(ctx, settings, meta, [...new Set([...(issue.parentKey ? [issue.parentKey] : []), ...linkKeys])]);
  const input = qualityInput(issue, new Map([...related].map(([k, v]) => [k, v.issue])));
  const report = checkStory(input, { maxStoryPoints: settings.maxStoryPoints, maxScenarios: 8, dor: settings.dor });
  const parent = issue.parentKey ? related.get(issue.parentKey) : undefined;
  const parentWsjf = parent ? parseStoredWsjf(parent.wsjf) : null;
  return {
    kind: 'story',
    issue: issueRef(ctx.siteUrl, issue),
    quality: {
      score: report.score,
      ready: report.ready,
      hasAcceptanceCriteria: report.hasAcceptanceCriteria,
      wellFormed: report.wellFormed,
      atomic: report.atomic,
      hasBenefit: report.hasBenefit,
      findings: report.findings,
      invest: report.invest,
      dor: report.dor,
      textSource: report.textSource,
    },
    parentFeature: parent
      ? { issue: issueRef(ctx.siteUrl, parent.issue), wsjf: parentWsjf ? wsjfView(parentWsjf, settings.wsjfScale, settings.wsjfStaleAfterDays, ctx.now()) : null }
      : null,
    dependencies: describeDependencies(ctx.siteUrl, issue, related),
    permissions,
  };
}

async function featurePanel(
  ctx: AppContext,
  settings: EffectiveSettings,
  meta: SiteMetadata,
  issue: BacklogIssue,
  property: unknown,
  permissions: PermissionView,
): Promise<FeaturePanelData> {
  const linkKeys = issue.links.filter((l) => l.direction !== 'other').map((l) => l.other.key);
  // Children and linked issues in one search.
  const keys = [...new Set(linkKeys)];
  const raw = await ctx.jira.searchAll(
    keys.length ? `parent = ${jqlString(issue.key)} OR key in ${jqlList(keys)}` : `parent = ${jqlString(issue.key)}`,
    backlogFields(settings.fields, { withText: false }),
    { properties: [WSJF_PROPERTY] },
  );
  const levelOf = hierarchyLevelLookup(meta);
  const mapped = raw.map((r) => ({ issue: mapIssue(r, settings.fields, levelOf), wsjf: r.properties?.[WSJF_PROPERTY] }));
  const related = new Map(mapped.filter((m) => keys.includes(m.issue.key)).map((m) => [m.issue.key, m]));
  const childIssues = mapped.filter((m) => m.issue.parentKey === issue.key).map((m) => m.issue);
  const stored = parseStoredWsjf(property);
  return {
    kind: 'feature',
    issue: issueRef(ctx.siteUrl, issue),
    wsjf: stored ? wsjfView(stored, settings.wsjfScale, settings.wsjfStaleAfterDays, ctx.now()) : null,
    scale: settings.wsjfScale,
    jobSizeSuggestion: jobSizeSuggestion(childIssues, settings.wsjfScale),
    children: { total: childIssues.length, done: childIssues.filter((c) => c.status.category === 'done').length },
    dependencies: describeDependencies(ctx.siteUrl, issue, related),
    permissions,
  };
}

/**
 * DOMAIN.md: job size may be derived from the children's story points, shown with its basis and
 * never applied silently. The suggestion is the scale value nearest to the sum of points.
 */
export function jobSizeSuggestion(children: BacklogIssue[], scale: readonly number[]): JobSizeSuggestion | null {
  const estimated = children.filter((c) => c.storyPoints !== null);
  if (!estimated.length) return null;
  const points = estimated.reduce((s, c) => s + (c.storyPoints ?? 0), 0);
  const suggested = scale.reduce((best, v) => (Math.abs(v - points) < Math.abs(best - points) ? v : best), scale[0]);
  const unestimated = children.length - estimated.length;
  return {
    suggested,
    storyPoints: points,
    storyCount: estimated.length,
    unestimatedCount: unestimated,
    basis: `${estimated.length} child ${estimated.length === 1 ? 'story has' : 'stories have'} ${points} story points in all${unestimated ? ` (${unestimated} not estimated yet)` : ''}; ${suggested} is the nearest value on the scale.`,
  };
}
