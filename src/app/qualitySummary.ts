import type { Criterion, Severity } from '../domain/quality';
import { and, jqlList } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { QualitySummaryData } from '../contract';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { currentSettings, hierarchyLevelLookup, typesAtLevel } from './siteMetadata';
import { trainScope } from './trainData';
import { qualityReports } from './trainHealth';
import { jqlLink } from './views';
import { keysJql } from '../jira/jql';

/**
 * The Quality tab: open stories (not done) checked by the same engine as the story panel, grouped
 * by rule and by team, worst first, each count a JQL link to the stories behind it. One paged
 * search as the user; no changelog needed.
 */
export async function getQualitySummary(ctx: AppContext, projectKey: string): Promise<QualitySummaryData> {
  // The project check first: a person who cannot browse it gets NOT_FOUND, not an empty summary.
  const [{ settings, meta }] = await Promise.all([
    currentSettings(ctx),
    projectOrNotFound(ctx, projectKey),
  ]);
  const scopeJql = trainScope(settings, projectKey);
  const storyTypes = typesAtLevel(meta, settings.storyHierarchyLevel);
  const jql = `${and(scopeJql, `issuetype in ${jqlList(storyTypes)}`, 'statusCategory != Done')} ORDER BY Rank ASC`;
  const raw = await ctx.jira.searchAll(jql, backlogFields(settings.fields, { withText: true }));
  const levelOf = hierarchyLevelLookup(meta);
  const objectiveType = settings.piObjectives?.issueType.toLowerCase();
  const stories = raw.map((r) => mapIssue(r, settings.fields, levelOf)).filter((i) => i.issueType.toLowerCase() !== objectiveType);
  const reports = qualityReports(stories, stories, settings);
  const link = (keys: string[]) => jqlLink(ctx.siteUrl, `${and(scopeJql, keysJql(keys))} ORDER BY Rank ASC`);

  const byRule = new Map<string, { criterion: Criterion; severity: Severity; keys: string[]; example: string }>();
  for (const s of stories) {
    const seen = new Set<string>();
    for (const f of reports.get(s.key)?.findings ?? []) {
      if (seen.has(f.rule)) continue;
      seen.add(f.rule);
      const r = byRule.get(f.rule) ?? { criterion: f.criterion, severity: f.severity, keys: [], example: `${s.key}: ${f.message}` };
      r.keys.push(s.key);
      byRule.set(f.rule, r);
    }
  }
  const sevOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const teams = new Map<string, { keys: string[]; failing: string[]; notReady: number }>();
  for (const s of stories) {
    const team = s.team ?? 'No team';
    const t = teams.get(team) ?? { keys: [], failing: [], notReady: 0 };
    const r = reports.get(s.key);
    t.keys.push(s.key);
    if (r?.findings.some((f) => f.severity === 'error')) t.failing.push(s.key);
    if (!r?.ready) t.notReady++;
    teams.set(team, t);
  }
  const n = stories.length;
  return {
    asOf: ctx.now().toISOString(),
    storyCount: n,
    byRule: [...byRule]
      .map(([rule, r]) => ({ rule, criterion: r.criterion, severity: r.severity, count: r.keys.length, share: n ? r.keys.length / n : 0, link: link(r.keys), example: r.example }))
      .sort((a, b) => sevOrder[a.severity] - sevOrder[b.severity] || b.count - a.count || (a.rule < b.rule ? -1 : 1)),
    byTeam: [...teams]
      .map(([team, t]) => ({ team, storyCount: t.keys.length, failing: t.failing.length, share: t.keys.length ? t.failing.length / t.keys.length : 0, notReady: t.notReady, link: link(t.failing.length ? t.failing : t.keys) }))
      .sort((a, b) => b.share - a.share || (a.team < b.team ? -1 : 1)),
  };
}
