import { checkStory } from '../domain/quality';
import { assessFeatureReadiness } from '../domain/quality/featureReadiness';
import { qualityInput } from './trainHealth';
import type { BacklogIssue } from '../domain/model';
import { estimateFieldsOf, type EffectiveSettings } from '../domain/settings';
import { jqlList, jqlString } from '../jira/jql';
import { backlogFields, estimateOf, mapIssue } from '../jira/mapping';
import type { FeaturePanelData, IssuePanelData, IssueRef, OtherPanelData, JobSizeSuggestion, PermissionView, StoryPanelData, WsjfScorePreview } from '../contract';
import { costOfDelay, wsjfOf } from '../domain/wsjf';
import { jobSizeReference, suggestJobSize } from '../domain/wsjfPlanning';
import type { AppContext } from './context';
import { describeDependencies } from './dependencyViews';
import { issuesByKey } from './issuesByKey';
import { currentSettings, hierarchyLevelLookup, type SiteMetadata } from './siteMetadata';
import { featureChild, storedFeatureChildren, type FeatureChild } from './featureChildren';
import { storedFeaturePoints } from './projectOverview';
import { issueRef } from './views';
import { parseStoredWsjf, WSJF_PROPERTY } from './wsjfProperty';
import { wsjfView } from './wsjfView';
import { loadTrainFeatures, rankTrain } from './wsjfTable';

const EDIT_DENIED = 'You do not have the Edit Issues permission on this issue, so the values are read-only.';

/** The issue panel adapts to the issue's hierarchy level: story → quality, feature → WSJF. */
export async function getIssuePanel(ctx: AppContext, issueKey: string): Promise<IssuePanelData> {
  return { ...(await panelData(ctx, issueKey)), readAt: ctx.now().toISOString() };
}

async function panelData(ctx: AppContext, issueKey: string): Promise<StoryPanelData | FeaturePanelData | OtherPanelData> {
  const { settings, meta } = await currentSettings(ctx);
  const fields = backlogFields(settings.fields, { withText: true });
  // A benefit-hypothesis field, when the site has one (settings), is read in the same request.
  if (settings.benefitHypothesisField && !fields.includes(settings.benefitHypothesisField)) fields.push(settings.benefitHypothesisField);
  // One request for the issue, its WSJF property and (through editmeta) the Edit Issues permission;
  // one more for the parent, the linked issues and a feature's children: two Jira calls per panel.
  const raw = await ctx.jira.getIssue(issueKey, { fields, properties: [WSJF_PROPERTY], expand: ['editmeta'] });
  const issue = mapIssue(raw, settings.fields, hierarchyLevelLookup(meta));
  // The panel's edit controls follow editmeta; every write still checks /mypermissions first.
  const canEdit = Object.keys(raw.editmeta?.fields ?? {}).length > 0;
  const permissions: PermissionView = canEdit ? { canEdit: true } : { canEdit: false, reason: EDIT_DENIED };
  if (issue.hierarchyLevel === settings.featureHierarchyLevel) {
    return featurePanel(ctx, settings, meta, issue, raw.properties?.[WSJF_PROPERTY], permissions, settings.benefitHypothesisField ? raw.fields?.[settings.benefitHypothesisField] : undefined);
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
  // A link or parent naming a deleted issue must not fail the panel: unknown keys are dropped.
  const { issues: raw } = await issuesByKey(ctx.jira, keys, backlogFields(settings.fields, { withText: false }), { properties: [WSJF_PROPERTY] });
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
    ...describeDependencies(ctx.siteUrl, issue, related),
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
  benefitHypothesis?: unknown,
): Promise<FeaturePanelData> {
  const linkKeys = issue.links.filter((l) => l.direction !== 'other').map((l) => l.other.key);
  const keys = [...new Set(linkKeys)];
  const projectKey = projectKeyOf(issue.key);
  // The train's features, for the feature's WSJF rank (one search of the features only: the same
  // reading and ranking as the WSJF tab, so the two ranks are equal), and, for the job-size reference,
  // the other ranked features' children's points from the person's stored train (their sync, with its
  // "as of"); without a stored train those children are searched live. The feature's own children
  // come from the person's stored train too while nothing changed since their sync (src/app/featureChildren.ts).
  const [train, storedPoints, storedChildren] = await Promise.all([
    loadTrainFeatures(ctx, settings, meta, projectKey),
    storedFeaturePoints(ctx, projectKey, settings),
    storedFeatureChildren(ctx, projectKey, issue.key, settings),
  ]);
  const ranking = rankTrain(train, settings);
  const referenceCandidates = storedPoints ? [] : ranking.ranked.map((r) => r.key).filter((k) => k !== issue.key);
  const levelOf = hierarchyLevelLookup(meta);
  // Children and linked issues in one search (only the linked issues when the children are stored);
  // without stored points, the ranked features' children (points and parent only) in another.
  const [raw, referenceChildren] = await Promise.all([
    storedChildren
      ? keys.length
        ? issuesByKey(ctx.jira, keys, backlogFields(settings.fields, { withText: false }), { properties: [WSJF_PROPERTY] }).then((r) => r.issues)
        : Promise.resolve([])
      : issuesByKey(ctx.jira, keys, backlogFields(settings.fields, { withText: false }), {
          properties: [WSJF_PROPERTY],
          // Rank order, as the sync reads the train (the stored children and the PI planning tab list them so).
          jql: (known) => `${known.length ? `parent = ${jqlString(issue.key)} OR key in ${jqlList(known)}` : `parent = ${jqlString(issue.key)}`} ORDER BY Rank ASC`,
        }).then((r) => r.issues),
    referenceCandidates.length
      ? ctx.jira.searchAll(`parent in ${jqlList(referenceCandidates)}`, ['parent', ...estimateFieldsOf(settings.fields)])
      : Promise.resolve([]),
  ]);
  const mapped = raw.map((r) => ({ issue: mapIssue(r, settings.fields, levelOf), wsjf: r.properties?.[WSJF_PROPERTY] }));
  const related = new Map(mapped.filter((m) => keys.includes(m.issue.key)).map((m) => [m.issue.key, m]));
  // One order for both paths (the train's rank order), so the readiness lists read the same.
  const childIssues: FeatureChild[] = storedChildren ? storedChildren.children : mapped.filter((m) => m.issue.parentKey === issue.key).map((m) => featureChild(m.issue));
  const stored = parseStoredWsjf(property);

  const childPoints = new Map<string, number>();
  if (storedPoints) {
    for (const r of ranking.ranked) if (r.key !== issue.key && storedPoints.points[r.key] !== undefined) childPoints.set(r.key, storedPoints.points[r.key]);
  }
  for (const r of referenceChildren) {
    const parent = (r.fields?.parent as { key?: string } | undefined)?.key;
    const points = estimateOf(r.fields, settings.fields);
    if (parent && typeof points === 'number') childPoints.set(parent, (childPoints.get(parent) ?? 0) + points);
  }
  const own = ownPoints(childIssues);
  if (ranking.ranked.some((r) => r.key === issue.key) && own.points !== null) childPoints.set(issue.key, own.points);
  const reference = jobSizeReference(ranking.ranked.map((r) => ({ key: r.key, childPoints: childPoints.get(r.key) ?? null })));
  const referenceFeature = reference ? (train.find((f) => f.issue.key === reference.key)?.issue ?? null) : null;
  const suggestion = jobSizeSuggestion(childIssues, reference && referenceFeature ? { issue: issueRef(ctx.siteUrl, referenceFeature), storyPoints: reference.points } : null, settings.wsjfScale);

  const wsjf = stored ? wsjfView(stored, settings.wsjfScale, settings.wsjfStaleAfterDays, ctx.now()) : null;
  // Readiness for PI planning from what was read above (the feature's text, its WSJF view, its children): no extra request.
  const readiness = assessFeatureReadiness({
    key: issue.key,
    summary: issue.summary,
    description: issue.description,
    acceptanceCriteria: issue.acceptanceCriteria,
    benefitHypothesis,
    storyPoints: issue.storyPoints,
    wsjf,
    children: childIssues.map((c) => ({ key: c.key, summary: c.summary, storyPoints: c.storyPoints, isStory: c.hierarchyLevel === settings.storyHierarchyLevel, done: c.status.category === 'done' })),
  });
  // Links for the issues the findings name (the panel links those; a check's issues, e.g. every child for
  // "split into stories", are listed by key only): at 50k a feature's ~1,000 children's refs were most of the answer.
  const named = new Set(readiness.findings.flatMap((f) => f.issues));
  const issueRefs = Object.fromEntries(childIssues.filter((c) => named.has(c.key)).map((c) => [c.key, issueRef(ctx.siteUrl, c)]));
  const mine = ranking.ranked.find((r) => r.key === issue.key);
  const unranked = [...ranking.rankedLast, ...ranking.excluded, ...ranking.done].find((u) => u.key === issue.key);
  const notInTrain = !mine && !unranked;
  return {
    kind: 'feature',
    issue: issueRef(ctx.siteUrl, issue),
    wsjf,
    scale: settings.wsjfScale,
    jobSizeSuggestion: suggestion.suggestion,
    jobSizeNoSuggestion: suggestion.why,
    ranking: {
      asOf: ctx.now().toISOString(),
      rank: mine?.rank ?? unranked?.rank ?? null,
      of: ranking.targetOrder.length,
      notRanked: unranked
        ? { reason: unranked.reason, message: unranked.message }
        : notInTrain
          ? { reason: 'not-in-train', message: 'This feature is not in the train scope (Refinery settings), so it has no WSJF rank.' }
          : null,
    },
    scorePreview: scorePreview([...new Set([...settings.wsjfScale, ...(stored ? [stored.businessValue, stored.timeCriticality, stored.riskReduction, stored.jobSize] : [])])]),
    children: { total: childIssues.length, done: childIssues.filter((c) => c.status.category === 'done').length },
    childrenAsOf: storedChildren ? storedChildren.asOf : null,
    readiness: { ...readiness, issueRefs },
    ...describeDependencies(ctx.siteUrl, issue, related),
    permissions,
  };
}

/** The project of an issue key (ART-12 → ART), whose train the feature belongs to when no train scope is set. */
function projectKeyOf(issueKey: string): string {
  return issueKey.slice(0, issueKey.lastIndexOf('-'));
}

function ownPoints(children: readonly Pick<BacklogIssue, 'storyPoints'>[]): { points: number | null; estimated: number } {
  const estimated = children.filter((c) => c.storyPoints !== null);
  return { points: estimated.length ? estimated.reduce((s, c) => s + (c.storyPoints ?? 0), 0) : null, estimated: estimated.length };
}

const fmt = (x: number) => String(Math.round(x * 10) / 10);

/**
 * DOMAIN.md: job size may be derived from the children's story points, shown with its basis and
 * never applied silently. Relative: the children's points against the smallest ranked feature's
 * children's points (that feature is 1), snapped onto the scale; nothing when that cannot be computed.
 */
export function jobSizeSuggestion(
  children: readonly Pick<BacklogIssue, 'storyPoints' | 'parentKey'>[],
  reference: { issue: IssueRef; storyPoints: number } | null,
  scale: readonly number[],
): { suggestion: JobSizeSuggestion | null; why: string | null } {
  const { points, estimated } = ownPoints(children);
  if (points === null || !(points > 0)) {
    return { suggestion: null, why: children.length ? 'No job-size suggestion: none of its child stories has story points yet.' : 'No job-size suggestion: it has no child stories yet.' };
  }
  const d = suggestJobSize(points, reference ? { key: reference.issue.key, points: reference.storyPoints } : null, scale);
  if (!d || !reference) return { suggestion: null, why: 'No job-size suggestion: no scored feature in the train has child stories with points to compare with.' };
  const unestimated = children.length - estimated;
  const isReference = reference.issue.key === children[0]?.parentKey;
  const exact = Number.isInteger(d.ratio) ? '=' : '≈';
  return {
    suggestion: {
      suggested: d.suggested,
      storyPoints: points,
      storyCount: estimated,
      unestimatedCount: unestimated,
      reference,
      ratio: d.ratio,
      basis: isReference
        ? `${points} points of stories; this is the smallest scored feature, so it is 1 on the scale${unestimated ? ` (${unestimated} ${unestimated === 1 ? 'story' : 'stories'} not estimated yet)` : ''}.`
        : `${points} points of stories; the smallest scored feature (${reference.issue.key}) has ${reference.storyPoints} → ${points}/${reference.storyPoints} ${exact} ${fmt(d.ratio)} → ${d.suggested} on the scale${unestimated ? ` (${unestimated} ${unestimated === 1 ? 'story' : 'stories'} not estimated yet)` : ''}.`,
    },
    why: null,
  };
}

/** Cost of Delay and WSJF for every value the form offers (see WsjfScorePreview). */
function scorePreview(values: readonly number[]): WsjfScorePreview {
  const costOfDelayByChoice: Record<string, number> = {};
  const wsjfByChoice: Record<string, number> = {};
  for (const bv of values) for (const tc of values) for (const rr of values) costOfDelayByChoice[`${bv}|${tc}|${rr}`] = costOfDelay({ businessValue: bv, timeCriticality: tc, riskReduction: rr });
  for (const cod of new Set(Object.values(costOfDelayByChoice))) for (const js of values) wsjfByChoice[`${cod}|${js}`] = wsjfOf(cod, js);
  return { costOfDelay: costOfDelayByChoice, wsjf: wsjfByChoice };
}
