import { bandFor, HEALTH_METRIC_IDS, METRIC_DEFINITIONS, type HealthMetricId, type Metrics, type TrainHealth } from '../domain/health';
import { and, keysJql } from '../jira/jql';
import type { JqlLink, MetricCard, ProjectOverviewData, SprintHealthRow, TeamHealthRow } from '../resolvers/contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings } from './siteMetadata';
import { registerProject, snapshots, toSnapshot } from './snapshots';
import { trainHealth } from './trainHealth';
import { jqlLink } from './views';

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export function displayMetric(id: HealthMetricId, v: number | null): string {
  if (v === null) return '—';
  if (id === 'readyCoverageIterations') return `${v.toFixed(1)} iterations`;
  if (id === 'dependenciesAtRisk' || id === 'improvementsDoneThisPi') return String(v);
  return percent(v);
}

/** A JQL link to exactly the issues behind a number; none when there are none. */
function keysLink(siteUrl: string, scopeJql: string, keys: string[]): JqlLink | null {
  if (!keys.length) return null;
  return jqlLink(siteUrl, `${and(scopeJql, keysJql([...new Set(keys)].sort(keyOrder)))} ORDER BY Rank ASC`);
}

function keyOrder(a: string, b: string): number {
  const [pa, na] = [a.slice(0, a.lastIndexOf('-')), Number(a.slice(a.lastIndexOf('-') + 1))];
  const [pb, nb] = [b.slice(0, b.lastIndexOf('-')), Number(b.slice(b.lastIndexOf('-') + 1))];
  return pa === pb ? na - nb : pa < pb ? -1 : 1;
}

function detailOf(id: HealthMetricId, h: TrainHealth): string | undefined {
  const d = h.details;
  switch (id) {
    case 'readinessRate':
      return `${d.readyInHorizon} of ${d.horizonSize} stories in the refinement horizon are ready${d.readinessRatePoints !== null ? ` (${percent(d.readinessRatePoints)} of points)` : ''}.`;
    case 'readyCoverageIterations':
      return d.averageVelocity !== null ? `${d.readyPoints} ready points against an average velocity of ${Math.round(d.averageVelocity * 10) / 10} points.` : 'No closed sprint yet: velocity unknown.';
    case 'acceptanceRateLastSprint':
      return d.acceptanceRateLastSprintPoints !== null ? `${percent(d.acceptanceRateLastSprintPoints)} by story points.` : undefined;
    case 'reworkRatio':
      return `${d.reworked} of ${d.acceptedInWindow} accepted stories came back.`;
    default:
      return undefined;
  }
}

export function metricCards(siteUrl: string, scopeJql: string, h: TrainHealth): MetricCard[] {
  return HEALTH_METRIC_IDS.map((id) => {
    const value = h.train[id];
    // Rates link to their base population (what the rate is of); counts link to what they count.
    const keys = h.keys[id].length ? h.keys[id] : h.baseKeys[id];
    return {
      id,
      label: METRIC_DEFINITIONS[id].label,
      value,
      display: displayMetric(id, value),
      band: bandFor(id, value),
      definition: METRIC_DEFINITIONS[id].definition,
      detail: detailOf(id, h),
      link: keysLink(siteUrl, scopeJql, keys),
    };
  });
}

export function teamRows(siteUrl: string, scopeJql: string, h: TrainHealth): TeamHealthRow[] {
  return h.teams.map((t) => {
    const links: TeamHealthRow['links'] = {};
    for (const id of HEALTH_METRIC_IDS) {
      const l = keysLink(siteUrl, scopeJql, t.keys[id].length ? t.keys[id] : t.baseKeys[id]);
      if (l) links[id] = l;
    }
    return { team: t.team, metrics: t.metrics as Metrics, links };
  });
}

export function sprintRows(siteUrl: string, scopeJql: string, h: TrainHealth): SprintHealthRow[] {
  return h.sprints.map((s) => ({
    team: s.team,
    sprint: s.sprint,
    sprintId: s.sprintId,
    endDate: s.endDate,
    committed: s.committed,
    added: s.added,
    accepted: s.accepted,
    acceptanceRate: s.acceptanceRate,
    committedPoints: s.committedPoints,
    acceptedPoints: s.acceptedPoints,
    acceptanceRatePoints: s.acceptanceRatePoints,
    reopened: s.reopened,
    link: keysLink(siteUrl, scopeJql, [...s.keys.committed, ...s.keys.added]) ?? jqlLink(siteUrl, `sprint = ${s.sprintId}`),
  }));
}

/**
 * The health page for a person: read as that person (asUser), so every count and link covers only
 * issues they can browse. Trends come from the daily aggregates.
 */
export async function getProjectOverview(ctx: AppContext, projectKey: string): Promise<ProjectOverviewData> {
  const { settings, meta } = await currentSettings(ctx);
  const project = await ctx.jira.project(projectKey).catch((e: unknown) => {
    if ((e as { kind?: string }).kind === 'not-found') throw new AppFailure('NOT_FOUND', `Project ${projectKey} does not exist or you cannot browse it.`);
    throw e;
  });
  const now = ctx.now();
  const { health, train } = await trainHealth(ctx.jira, ctx.store, settings, meta, projectKey, now);
  await registerProject(ctx.store, projectKey);
  const history = await snapshots(ctx.store, projectKey);
  const today = toSnapshot(projectKey, health, now);
  const trend = [...history.filter((s) => s.date !== today.date), today].map((s) => ({
    date: s.date,
    readinessRate: s.train.readinessRate,
    acceptanceRate: s.train.acceptanceRateLastSprint,
    reworkRatio: s.train.reworkRatio,
  }));
  return {
    asOf: now.toISOString(),
    project: { key: project.key, name: project.name },
    cards: metricCards(ctx.siteUrl, train.scopeJql, health),
    teams: teamRows(ctx.siteUrl, train.scopeJql, health),
    sprints: sprintRows(ctx.siteUrl, train.scopeJql, health),
    trend,
  };
}
