/**
 * "Check sprint readiness" (jira:sprintAction on the backlog): the stories of a sprint that fail the
 * Definition of Ready, with their findings, before sprint planning. Read as the user: the sprint
 * (`/rest/agile/1.0/sprint/{id}`), one paged search `sprint in (<id>)`, and one search for the open
 * blockers outside the sprint (their team and sprint appear in the findings).
 */
import { issueRate, pointsOf, pointsRate } from '../domain/health';
import type { BacklogIssue } from '../domain/model';
import type { Severity } from '../domain/quality';
import { and, jqlList, keysJql } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { SprintReadinessData, SprintReadinessStory } from '../contract';
import type { AppContext } from './context';
import { currentSettings, hierarchyLevelLookup, typesAtLevel } from './siteMetadata';
import { qualityReports } from './trainHealth';
import { issuesByKey } from './issuesByKey';
import { figureView } from './figureViews';
import { issueRef, jqlLink } from './views';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The sprint's readiness as figures: ready of its stories, by count and by points, and the not-ready ones (scope sprint). */
function readinessFigures(siteUrl: string, sprint: { id: number; name: string }, stories: BacklogIssue[], ready: (key: string) => boolean) {
  const keys = stories.map((s) => s.key);
  const readyKeys = keys.filter(ready);
  const points = new Map(stories.map((s) => [s.key, pointsOf(s)]));
  const at = { scope: 'sprint' as const, sprint: sprint.name, sprintId: sprint.id };
  return {
    ready: figureView(siteUrl, { metric: 'readinessRate', unit: 'issues', ...at, ...issueRate(readyKeys, keys) }),
    readyPoints: figureView(siteUrl, { metric: 'readinessRatePoints', unit: 'points', ...at, ...pointsRate(readyKeys, keys, (k) => points.get(k) ?? 0) }),
    notReadyFigure: figureView(siteUrl, { metric: 'sprintNotReady', unit: 'issues', ...at, ...issueRate(keys.filter((k) => !ready(k)), keys) }),
  };
}

export async function getSprintReadiness(ctx: AppContext, sprintId: number): Promise<SprintReadinessData> {
  const { settings, meta } = await currentSettings(ctx);
  const storyTypes = typesAtLevel(meta, settings.storyHierarchyLevel);
  const sprintJql = `sprint in ${jqlList([sprintId])}`;
  const jql = and(sprintJql, storyTypes.length ? `issuetype in ${jqlList(storyTypes)}` : null);
  const [sprint, raw] = await Promise.all([ctx.jira.sprint(sprintId), ctx.jira.searchAll(`${jql} ORDER BY Rank ASC`, backlogFields(settings.fields, { withText: true }))]);
  const levelOf = hierarchyLevelLookup(meta);
  const stories = raw.map((r) => mapIssue(r, settings.fields, levelOf)).filter((s) => s.hierarchyLevel === settings.storyHierarchyLevel);
  // Blockers outside the sprint: one more search for their team and sprint (the findings name them).
  const inSprint = new Set(stories.map((s) => s.key));
  const outside = [...new Set(stories.flatMap((s) => s.links.filter((l) => l.direction === 'blockedBy' && l.other.statusCategory !== 'done').map((l) => l.other.key)))].filter((k) => !inSprint.has(k));
  // A blocker link can name an issue deleted since (or hidden): it is left out and named in the note.
  const found = outside.length ? await issuesByKey(ctx.jira, outside, backlogFields(settings.fields, { withText: false })) : { issues: [], missing: [] };
  const blockers = found.issues.map((r) => mapIssue(r, settings.fields, levelOf));
  const reports = qualityReports(stories, [...stories, ...blockers], settings);

  const notReady: SprintReadinessStory[] = [];
  let readyCount = 0;
  let readyPoints = 0;
  let totalPoints = 0;
  for (const s of stories) {
    const r = reports.get(s.key)!;
    totalPoints += s.storyPoints ?? 0;
    if (r.ready) {
      readyCount++;
      readyPoints += s.storyPoints ?? 0;
      continue;
    }
    notReady.push({
      issue: issueRef(ctx.siteUrl, s),
      storyPoints: s.storyPoints,
      score: r.score,
      ready: false,
      failedChecks: r.dor.filter((d) => !d.passed).map((d) => ({ rule: d.rule, label: d.label, ...(d.detail ? { detail: d.detail } : {}) })),
      findings: r.findings.filter((f) => f.severity !== 'info').sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
    });
  }
  notReady.sort((a, b) => a.score - b.score || (a.issue.key < b.issue.key ? -1 : 1));
  const state = sprint.state === 'closed' || sprint.state === 'active' ? sprint.state : 'future';
  return {
    asOf: ctx.now().toISOString(),
    sprint: { id: sprint.id, name: sprint.name, state, goal: sprint.goal ?? null, startDate: sprint.startDate ?? null, endDate: sprint.endDate ?? null },
    storyCount: stories.length,
    readyCount,
    points: { total: totalPoints, ready: readyPoints },
    notReady,
    notReadyLink: notReady.length ? jqlLink(ctx.siteUrl, `${keysJql(notReady.map((n) => n.issue.key))} ORDER BY Rank ASC`) : null,
    ...readinessFigures(ctx.siteUrl, sprint, stories, (key) => reports.get(key)?.ready ?? false),
    sprintLink: jqlLink(ctx.siteUrl, `${jql} ORDER BY Rank ASC`),
    note:
      [
        state === 'future'
          ? null
          : state === 'active'
            ? `${sprint.name} has already started: readiness is a planning check, so this shows what was not ready when work began.`
            : `${sprint.name} is closed: readiness is a planning check for future sprints.`,
        found.missing.length ? `Linked blockers ${found.missing.join(', ')} no longer exist or you cannot see them, so they were left out.` : null,
      ]
        .filter(Boolean)
        .join(' ') || null,
  };
}
