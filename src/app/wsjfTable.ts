import { scoreWsjf, WSJF_COMPONENT_LABELS } from '../domain/wsjf';
import { rankFeatures, type IncompleteScorePolicy, type WsjfRanking } from '../domain/wsjfPlanning';
import type { BacklogIssue } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import { and, jqlList, jqlString } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { WsjfRow, WsjfTableData } from '../contract';
import type { AppContext } from './context';
import { currentSettings, hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';
import { keyListLinks } from './figureViews';
import { issueRef } from './views';
import { parseStoredWsjf, WSJF_PROPERTY, type StoredWsjf } from './wsjfProperty';
import { wsjfView } from './wsjfView';

export interface TrainFeature {
  issue: BacklogIssue;
  stored: StoredWsjf | null;
}

export function incompleteScorePolicy(settings: Pick<EffectiveSettings, 'wsjfIncompleteScores'>): IncompleteScorePolicy {
  return settings.wsjfIncompleteScores ?? 'exclude';
}

/**
 * The train's features in current rank order, with their stored scores, read as the user (one search).
 * `reconcileIssues`: ids of features just written (a save or a re-rank), so the read sees the write.
 */
export async function loadTrainFeatures(ctx: AppContext, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string, reconcileIssues: number[] = []): Promise<TrainFeature[]> {
  const featureTypes = typesAtLevel(meta, settings.featureHierarchyLevel);
  const jql = `${and(settings.trainScopeJql ?? `project = ${jqlString(projectKey)}`, `issuetype in ${jqlList(featureTypes)}`)} ORDER BY Rank ASC`;
  const raw = await ctx.jira.searchAll(jql, backlogFields(settings.fields, { withText: false }), { properties: [WSJF_PROPERTY], reconcileIssues });
  const levelOf = hierarchyLevelLookup(meta);
  return raw.map((r) => ({ issue: mapIssue(r, settings.fields, levelOf), stored: parseStoredWsjf(r.properties?.[WSJF_PROPERTY]) }));
}

/** The one WSJF ranking of a train (domain `rankFeatures`), for every surface that shows a rank or a delay cost. */
export function rankTrain(features: readonly TrainFeature[], settings: Pick<EffectiveSettings, 'wsjfScale' | 'wsjfIncompleteScores'>): WsjfRanking {
  return rankFeatures(
    features.map((f) => ({ key: f.issue.key, done: f.issue.status.category === 'done', score: f.stored })),
    settings.wsjfScale,
    incompleteScorePolicy(settings),
  );
}

/** The train's features in current rank order with their WSJF, flags and the delay-cost comparison. */
export async function getWsjfTable(ctx: AppContext, projectKey: string, reconcileIssues: number[] = []): Promise<WsjfTableData> {
  const { settings, meta } = await currentSettings(ctx);
  const [features, perms] = await Promise.all([loadTrainFeatures(ctx, settings, meta, projectKey, reconcileIssues), ctx.jira.myPermissions(['SCHEDULE_ISSUES', 'EDIT_ISSUES'], { projectKey })]);
  const now = ctx.now();
  const ranking = rankTrain(features, settings);
  const ranked = new Map(ranking.ranked.map((r) => [r.key, r]));
  const notRanked = new Map([...ranking.rankedLast, ...ranking.excluded, ...ranking.done].map((u) => [u.key, u]));
  const maxScale = Math.max(...settings.wsjfScale);

  const rows: WsjfRow[] = features.map((f, i) => {
    const flags: WsjfRow['flags'] = [];
    const s = f.stored;
    const score = s ? scoreWsjf(s) : null;
    const r = ranked.get(f.issue.key);
    const u = notRanked.get(f.issue.key);
    if (!s) flags.push({ flag: 'blank', message: 'Not scored yet: every component is blank.' });
    else {
      const view = wsjfView(s, settings.wsjfScale, settings.wsjfStaleAfterDays, now);
      for (const o of view.offScale) flags.push({ flag: 'off-scale', message: o.message });
      if (r?.tie) flags.push({ flag: 'tie', message: `WSJF ${view.wsjf} ties with another ranked feature; discuss which goes first.` });
      if (view.stale) flags.push({ flag: 'stale', message: view.staleReason ?? 'The score is stale.' });
      if (s.timeCriticality >= Math.min(8, maxScale) && s.businessValue === 1 && s.riskReduction === 1) {
        flags.push({ flag: 'urgent-but-valueless', message: `Time Criticality ${s.timeCriticality} with User-Business Value 1 and RR|OE 1: urgent but valueless? A common way to game WSJF.` });
      }
    }
    return {
      issue: issueRef(ctx.siteUrl, f.issue),
      scores: s ? { businessValue: s.businessValue, timeCriticality: s.timeCriticality, riskReduction: s.riskReduction, jobSize: s.jobSize } : {},
      costOfDelay: score?.costOfDelay ?? null,
      wsjf: score?.wsjf ?? null,
      currentRank: i + 1,
      wsjfRank: r?.rank ?? u?.rank ?? null,
      notRanked: u ? { reason: u.reason, message: u.message } : null,
      flags,
    };
  });

  // DOMAIN.md: relative estimation needs the smallest item in each column at 1 (among the ranked features).
  const columnFlags = ranking.columnsWithoutOne.map((c) => ({
    component: c,
    message: `No ranked feature has ${WSJF_COMPONENT_LABELS[c]} 1: give the smallest one a 1 (relative estimation).`,
  }));

  const dc = ranking.delayCost;
  return {
    asOf: now.toISOString(),
    scale: settings.wsjfScale,
    rows,
    columnFlags,
    delayCost: dc
      ? { currentOrder: dc.currentOrder, wsjfOrder: dc.wsjfOrder, saving: dc.saving, difference: dc.difference, scoredCount: dc.counted.length, counted: keyListLinks(ctx.siteUrl, dc.counted) }
      : null,
    incompleteScores: incompleteScorePolicy(settings),
    counts: { ranked: ranking.ranked.length, rankedLast: ranking.rankedLast.length, excluded: ranking.excluded.length, done: ranking.done.length },
    groupLinks: {
      ranked: keyListLinks(ctx.siteUrl, ranking.ranked.map((r) => r.key)),
      rankedLast: keyListLinks(ctx.siteUrl, ranking.rankedLast.map((u) => u.key)),
      excluded: keyListLinks(ctx.siteUrl, ranking.excluded.map((u) => u.key)),
      done: keyListLinks(ctx.siteUrl, ranking.done.map((u) => u.key)),
    },
    permissions: perms.EDIT_ISSUES ? { canEdit: true } : { canEdit: false, reason: 'You do not have the Edit Issues permission in this project.' },
  };
}
