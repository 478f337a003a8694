import { bandFor, HEALTH_METRIC_IDS, METRIC_DEFINITIONS, type HealthMetricId, type Metrics, type TrainHealth } from '../domain/health';
import { and, keysJql } from '../jira/jql';
import { getLarge, putLarge } from '../storage/sharded';
import { lastCompleted, startSync, syncState, syncStep, type SyncState } from './sync';
import { trainScope } from './trainData';
import type { JqlLink, MetricCard, PredictabilityView, ProjectOverviewData, RefreshStatus, SprintHealthRow, TeamHealthRow } from '../contract';
import { predictabilityBand, type Predictability, type PredictabilityRow } from '../domain/predictability';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { currentSettings } from './siteMetadata';
import { registerProject, snapshots, toSnapshot, type HealthSnapshot } from './snapshots';
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
    reworked: s.reworked,
    link: keysLink(siteUrl, scopeJql, [...s.keys.committed, ...s.keys.added]) ?? jqlLink(siteUrl, `sprint = ${s.sprintId}`),
  }));
}

export function predictabilityView(siteUrl: string, scopeJql: string, issueType: string, p: Predictability): PredictabilityView {
  const row = (r: PredictabilityRow) => ({ pi: r.pi, team: r.team, objectives: r.objectives, planned: r.planned, actual: r.actual, rate: r.rate, band: predictabilityBand(r.rate), link: keysLink(siteUrl, scopeJql, r.keys) });
  return { issueType, train: p.train.map(row), teams: p.teams.map(row), incomplete: { count: p.incomplete.length, link: keysLink(siteUrl, scopeJql, p.incomplete) } };
}

const OVERVIEW_VERSION = 3;
/** Per invocation: Forge resolvers stop at 25 s; leave room for building and storing the view. */
export const RESOLVER_SYNC_BUDGET_MS = 12_000;

interface CachedOverview {
  version: number;
  settingsHash: string;
  data: Omit<ProjectOverviewData, 'refresh' | 'trend'>;
  /** The train's metrics at `data.asOf`: the newest point of the trend. */
  point: HealthSnapshot;
}

const overviewKey = (projectKey: string, principal: string) => `overview:v${OVERVIEW_VERSION}:${projectKey}:${principal}`;

function hash(x: unknown): string {
  const s = JSON.stringify(x);
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function refreshStatus(state: SyncState | undefined, completedAt: string | null): RefreshStatus {
  const running = !!state && state.phase !== 'done' && state.phase !== 'failed';
  return {
    running,
    mode: state?.mode ?? null,
    phase: running ? state!.phase : null,
    loaded: state?.issuesLoaded ?? 0,
    total: state?.total ?? null,
    startedAt: state?.startedAt ?? null,
    completedAt,
    error: state?.error ?? null,
  };
}

/**
 * Advances (or starts) this person's refresh within the resolver budget. The train is read as the
 * person (asUser), so the stored view is theirs alone and holds only issues they can browse.
 */
export async function refreshProjectOverview(ctx: AppContext, projectKey: string, mode: 'incremental' | 'full'): Promise<{ refresh: RefreshStatus; overview: ProjectOverviewData | null }> {
  const { settings, meta } = await currentSettings(ctx);
  const project = await projectOrNotFound(ctx, projectKey);
  const principal = ctx.accountId ?? 'anonymous';
  const settingsHash = hash(settings);
  const state = await syncState(ctx.store, projectKey, principal);
  const cached = await getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal));
  // A stale cache (other settings, other format) needs a full reload, not an incremental one.
  const effectiveMode = cached?.settingsHash === settingsHash && cached.version === OVERVIEW_VERSION ? mode : 'full';
  // A run that is under way (or stopped on an error) resumes from its cursor; otherwise start one.
  if (!state || state.phase === 'done' || state.phase === 'failed' || (mode === 'full' && state.mode !== 'full' && !state.error)) {
    const total = await ctx.jira.approximateCount(and(trainScope(settings, projectKey))).catch(() => null);
    await startSync(ctx.store, settings, meta, projectKey, principal, effectiveMode, ctx.now(), total);
  }
  const r = await syncStep(ctx.jira, ctx.store, settings, meta, projectKey, principal, ctx.now, RESOLVER_SYNC_BUDGET_MS);
  if (!r.health) return { refresh: refreshStatus(r.state, await lastCompleted(ctx.store, projectKey, principal)), overview: null };
  const now = ctx.now();
  const scopeJql = r.scopeJql!;
  const data: CachedOverview['data'] = {
    asOf: now.toISOString(),
    project: { key: project.key, name: project.name },
    cards: metricCards(ctx.siteUrl, scopeJql, r.health),
    teams: teamRows(ctx.siteUrl, scopeJql, r.health),
    sprints: sprintRows(ctx.siteUrl, scopeJql, r.health),
    predictability: r.predictability && settings.piObjectives ? predictabilityView(ctx.siteUrl, scopeJql, settings.piObjectives.issueType, r.predictability) : null,
  };
  const point = toSnapshot(projectKey, r.health, now);
  await putLarge(ctx.store, overviewKey(projectKey, principal), { version: OVERVIEW_VERSION, settingsHash, data, point } satisfies CachedOverview, `${now.getTime()}`);
  await registerProject(ctx.store, projectKey);
  return { refresh: refreshStatus(r.state, r.state.startedAt), overview: await withTrend(ctx, projectKey, data, point, refreshStatus(r.state, r.state.startedAt)) };
}

async function withTrend(ctx: AppContext, projectKey: string, data: CachedOverview['data'], today: HealthSnapshot, refresh: RefreshStatus): Promise<ProjectOverviewData> {
  const history = await snapshots(ctx.store, projectKey);
  const days = [...history.filter((s) => s.date !== today.date), today];
  return {
    ...data,
    refresh,
    trend: days.map((s) => ({ date: s.date, readinessRate: s.train.readinessRate, acceptanceRate: s.train.acceptanceRateLastSprint, reworkRatio: s.train.reworkRatio })),
  };
}

/**
 * The health page for a person, from their stored view when there is one (fast: one Jira call to
 * confirm they may still browse the project), else computed now within the resolver budget. A
 * train too large for one invocation returns `refresh.running` with progress and no cards; the
 * page then drives `refreshProjectOverview` until it is done.
 */
export async function getProjectOverview(ctx: AppContext, projectKey: string): Promise<ProjectOverviewData> {
  const { settings } = await currentSettings(ctx);
  const principal = ctx.accountId ?? 'anonymous';
  const [project, cached, state, completedAt] = await Promise.all([
    projectOrNotFound(ctx, projectKey),
    getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal)),
    syncState(ctx.store, projectKey, principal),
    lastCompleted(ctx.store, projectKey, principal),
  ]);
  if (cached && cached.version === OVERVIEW_VERSION && cached.settingsHash === hash(settings)) {
    return withTrend(ctx, projectKey, cached.data, cached.point, refreshStatus(state, completedAt));
  }
  const r = await refreshProjectOverview(ctx, projectKey, 'full');
  if (r.overview) return r.overview;
  return { asOf: ctx.now().toISOString(), project: { key: project.key, name: project.name }, cards: [], teams: [], sprints: [], trend: [], refresh: r.refresh, predictability: null };
}
