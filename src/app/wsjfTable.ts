import { delayCost, delayCostSaving } from '../domain/delayCost';
import { rankByWsjf, scoreWsjf, wsjfTies, WSJF_COMPONENTS, WSJF_COMPONENT_LABELS, type RankableItem } from '../domain/wsjf';
import { and, jqlList, jqlString } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { WsjfRow, WsjfTableData } from '../contract';
import type { AppContext } from './context';
import { currentSettings, hierarchyLevelLookup, typesAtLevel } from './siteMetadata';
import { issueRef } from './views';
import { parseStoredWsjf, WSJF_PROPERTY } from './wsjfProperty';
import { wsjfView } from './wsjfView';

/** The train's features in current rank order with their WSJF, flags and the delay-cost comparison. */
export async function getWsjfTable(ctx: AppContext, projectKey: string): Promise<WsjfTableData> {
  const { settings, meta } = await currentSettings(ctx);
  const featureTypes = typesAtLevel(meta, settings.featureHierarchyLevel);
  const jql = `${and(settings.trainScopeJql ?? `project = ${jqlString(projectKey)}`, `issuetype in ${jqlList(featureTypes)}`)} ORDER BY Rank ASC`;
  const [raw, perms] = await Promise.all([
    ctx.jira.searchAll(jql, backlogFields(settings.fields, { withText: false }), { properties: [WSJF_PROPERTY] }),
    ctx.jira.myPermissions(['SCHEDULE_ISSUES', 'EDIT_ISSUES'], { projectKey }),
  ]);
  const now = ctx.now();
  const features = raw.map((r) => ({ issue: mapIssue(r, settings.fields, hierarchyLevelLookup(meta)), stored: parseStoredWsjf(r.properties?.[WSJF_PROPERTY]) }));
  const scored: (RankableItem & { currentRank: number })[] = features.flatMap((f, i) => (f.stored ? [{ key: f.issue.key, ...f.stored, currentRank: i + 1 }] : []));
  const ranked = rankByWsjf(scored);
  const wsjfRank = new Map(ranked.map((r, i) => [r.key, i + 1]));
  const ties = wsjfTies(scored);
  const maxScale = Math.max(...settings.wsjfScale);

  const rows: WsjfRow[] = features.map((f, i) => {
    const flags: WsjfRow['flags'] = [];
    const s = f.stored;
    const score = s ? scoreWsjf(s) : null;
    if (!s) flags.push({ flag: 'blank', message: 'Not scored yet: every component is blank.' });
    else {
      const view = wsjfView(s, settings.wsjfScale, settings.wsjfStaleAfterDays, now);
      for (const o of view.offScale) flags.push({ flag: 'off-scale', message: o.message });
      if (ties.has(f.issue.key)) flags.push({ flag: 'tie', message: `WSJF ${view.wsjf} ties with another feature; discuss which goes first.` });
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
      wsjfRank: wsjfRank.get(f.issue.key) ?? null,
      flags,
    };
  });

  // DOMAIN.md: relative estimation needs the smallest item in each column at 1.
  const columnFlags = scored.length
    ? WSJF_COMPONENTS.filter((c) => !scored.some((s) => s[c] === 1)).map((c) => ({
        component: c,
        message: `No feature has ${WSJF_COMPONENT_LABELS[c]} 1: give the smallest one a 1 (relative estimation).`,
      }))
    : [];

  const current = delayCost(scored);
  const best = delayCost(ranked);
  return {
    asOf: now.toISOString(),
    scale: settings.wsjfScale,
    rows,
    columnFlags,
    delayCost: scored.length ? { currentOrder: current, wsjfOrder: best, saving: delayCostSaving(current, best), scoredCount: scored.length } : null,
    permissions: perms.EDIT_ISSUES ? { canEdit: true } : { canEdit: false, reason: 'You do not have the Edit Issues permission in this project.' },
  };
}
