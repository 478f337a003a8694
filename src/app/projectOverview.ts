import { bandFor, HEALTH_METRIC_IDS, METRIC_DEFINITIONS, trainBySprintEnd, type FigureMetric, type HealthMetricId, type Metrics, type TrainHealth } from '../domain/health';
import { and } from '../jira/jql';
import { getLarge, putLarge } from '../storage/sharded';
import { lastCompleted, startSync, syncState, syncStep, viewsDone, viewsPending, viewsProgress, type SyncState } from './sync';
import { compute, storedTrainData, trainLoadText, TRAIN_LOADS, type StoredTrainData, type TrainLoad } from './syncCompute';
import { trainScope, type TrainData } from './trainData';
import type { EffectiveSettings } from '../domain/settings';
import type { ActiveSprintView, FigureView, MetricCard, MetricId, PredictabilityView, ProjectOverviewData, ProjectOverviewTables, RefreshStatus, SprintColumnDefinition, SprintHealthRow, TeamHealthRow } from '../contract';
import { figureIndex, keyListLinks } from './figureViews';
import { commitmentSources } from './events';
import { dropFeatureChildren, storeFeatureChildren } from './featureChildren';

type FigureIndex = ReturnType<typeof figureIndex>;
import { predictabilityBand, type Predictability, type PredictabilityRow } from '../domain/predictability';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { currentSettings } from './siteMetadata';
import { registerProject, snapshots, toSnapshot, type HealthSnapshot } from './snapshots';
import { dropTabViews, groupReadsFindings, keepViewsHealth, settingsHash, storeFromFold, storeTabViews, TAB_GROUP_ORDER, takeKeptPiHealth } from './tabViews';
import { jqlLink } from './views';
import { wireTab, type TabLinks } from './figureWire';

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export function displayMetric(id: HealthMetricId, v: number | null): string {
  if (v === null) return '—';
  if (id === 'readyCoverageIterations') return `${v.toFixed(1)} iterations`;
  if (id === 'dependenciesAtRisk' || id === 'improvementsDoneThisPi') return String(v);
  return percent(v);
}

function detailOf(id: HealthMetricId, figure: (metric: FigureMetric) => FigureView): string | undefined {
  switch (id) {
    case 'readinessRate': {
      const n = figure('readinessRate');
      const p = figure('readinessRatePoints');
      return `${n.numerator} of ${n.denominator ?? 0} stories in the refinement horizon are ready${p.value !== null ? ` (${p.display} of points)` : ''}.`;
    }
    case 'readyCoverageIterations': {
      const c = figure('readyCoverageIterations');
      const v = figure('averageVelocity');
      return v.value !== null ? `${c.numerator} ready points against an average velocity of ${v.display} points.` : 'No closed sprint yet: velocity unknown.';
    }
    case 'acceptanceRateLastSprint': {
      const p = figure('acceptanceRateLastSprintPoints');
      return p.value !== null ? `${p.display} by story points.` : undefined;
    }
    case 'reworkRatio': {
      const r = figure('reworkRatio');
      return `${r.numerator} of ${r.denominator ?? 0} accepted stories came back.`;
    }
    case 'dependenciesAtRisk':
      return `${figure('dependenciesAtRisk').numerator} pairs of issues; the link opens the ${figure('dependenciesAtRisk').memberCount} issues on both ends.`;
    case 'improvementsDoneThisPi': {
      const f = figure('improvementsDoneThisPi');
      return f.value === null ? 'No improvement item carries a PI label yet.' : `${f.numerator} of ${f.denominator ?? 0} improvement items of the current PI are done.`;
    }
    default:
      return undefined;
  }
}

export function metricCards(figures: FigureIndex): MetricCard[] {
  const train = (metric: FigureMetric) => figures.get({ metric, scope: 'train' });
  return HEALTH_METRIC_IDS.map((id) => {
    const figure = { ...train(id), definition: METRIC_DEFINITIONS[id].definition };
    return {
      id,
      label: METRIC_DEFINITIONS[id].label,
      value: figure.value,
      display: displayMetric(id, figure.value),
      band: bandFor(id, figure.value),
      definition: METRIC_DEFINITIONS[id].definition,
      detail: detailOf(id, train),
      link: figure.links[0] ?? null,
      figure,
    };
  });
}

export function teamRows(h: TrainHealth, figures: FigureIndex): TeamHealthRow[] {
  return h.teams.map((t) => {
    const own = Object.fromEntries(HEALTH_METRIC_IDS.map((id) => [id, figures.get({ metric: id, scope: 'team', team: t.team })])) as Record<MetricId, FigureView>;
    const links: TeamHealthRow['links'] = {};
    for (const id of HEALTH_METRIC_IDS) if (own[id].links[0]) links[id] = own[id].links[0];
    return { team: t.team, metrics: t.metrics as Metrics, links, figures: own };
  });
}

export const SPRINT_COLUMNS: SprintColumnDefinition[] = [
  { id: 'committed', label: 'Committed at start', definition: 'Stories in the sprint when it started: recorded by the sprint’s start event, else by the daily job, else rebuilt from the Sprint changelog (each row says which).' },
  { id: 'committedAccepted', label: 'Committed → accepted', definition: 'Of the committed stories, those that reached done during the sprint and stayed done: the acceptance rate is this over Committed (always a subset).' },
  { id: 'added', label: 'Added later', definition: 'Stories that entered the sprint after it started; not in the acceptance rate.' },
  { id: 'addedAccepted', label: 'Added → accepted', definition: 'Of the stories added after the start, those accepted in the sprint.' },
  { id: 'velocity', label: 'Velocity', definition: 'Story points of every accepted story, committed or added.' },
  { id: 'rework', label: 'Reworked', definition: 'Accepted stories that later went from done back to a not-done status (or across the rework boundary), of the accepted ones.' },
];

export function sprintRows(siteUrl: string, h: TrainHealth, figures: FigureIndex, sources: Record<number, 'event' | 'daily'> = {}): SprintHealthRow[] {
  return h.sprints.map((s) => {
    const f = (metric: FigureMetric) => figures.get({ metric, scope: 'sprint', team: s.team, sprintId: s.sprintId });
    const committedAccepted = f('sprintCommittedAccepted');
    return {
      team: s.team,
      sprint: s.sprint,
      sprintId: s.sprintId,
      commitmentSource: s.recordedCommitment ? (sources[s.sprintId] ?? 'daily') : 'changelog',
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
      link: committedAccepted.denominatorLinks?.[0] ?? jqlLink(siteUrl, `sprint = ${s.sprintId}`),
      acceptedCommitted: s.acceptedCommitted,
      acceptedAdded: s.acceptedAdded,
      figures: { committedAccepted, addedAccepted: f('sprintAddedAccepted'), committedAcceptedPoints: f('sprintCommittedAcceptedPoints'), velocity: f('sprintVelocity'), rework: f('sprintRework') },
    };
  });
}

export function activeSprintViews(h: TrainHealth, figures: FigureIndex): ActiveSprintView[] {
  return h.activeSprints.map((a) => {
    const f = (metric: FigureMetric) => figures.get({ metric, scope: 'sprint', team: a.team, sprintId: a.sprintId });
    const committed = f('sprintCommittedSoFar');
    const added = f('sprintAddedSoFar');
    return {
      team: a.team,
      sprint: a.sprint,
      sprintId: a.sprintId,
      startDate: a.startDate,
      plannedEnd: a.plannedEnd,
      daysLeft: a.daysLeft,
      committed: committed.numerator,
      added: added.numerator,
      progress: f('sprintProgress'),
      figures: { committed, added },
    };
  });
}

export function predictabilityView(siteUrl: string, issueType: string, p: Predictability): PredictabilityView {
  // Every part of a long objectives list: the first part alone would open only some of them.
  const row = (r: PredictabilityRow) => {
    const links = keyListLinks(siteUrl, r.keys);
    return { pi: r.pi, team: r.team, objectives: r.objectives, planned: r.planned, actual: r.actual, rate: r.rate, band: predictabilityBand(r.rate), link: links[0] ?? null, links };
  };
  const incomplete = keyListLinks(siteUrl, p.incomplete);
  return { issueType, train: p.train.map(row), teams: p.teams.map(row), incomplete: { count: p.incomplete.length, link: incomplete[0] ?? null, links: incomplete } };
}

/** Everything of the project page computed from one health picture (figures built once; each appears once in the view, where it is shown). */
export function overviewParts(siteUrl: string, h: TrainHealth, sources: Record<number, 'event' | 'daily'> = {}) {
  const figures = figureIndex(siteUrl, h.figures);
  return {
    cards: metricCards(figures),
    teams: teamRows(h, figures),
    sprints: sprintRows(siteUrl, h, figures, sources),
    activeSprints: activeSprintViews(h, figures),
    sprintColumns: SPRINT_COLUMNS,
    trainBySprint: trainBySprintEnd(h.sprints),
  };
}

// 8: stored as it travels (wireFigures): long key lists apart, under overviewLinksKey (issue 16).
const OVERVIEW_VERSION = 8;
/** Per invocation: Forge resolvers stop at 25 s; leave room for building and storing the view. */
export const RESOLVER_SYNC_BUDGET_MS = 12_000;
/**
 * A person's train of this many stored chunks (100 issues each) is computed without its text, and its
 * tab views and feature children are stored a call later (docs/PERFORMANCE.md "The 200k person's refresh
 * in budgeted calls"): at 201,287 issues the one call that did it all reached 602 MB (VmHWM) before
 * it came to the tab views.
 */
export const WITHOUT_TEXT_FROM_CHUNKS = 1000;

interface CachedOverview {
  version: number;
  settingsHash: string;
  data: Omit<ProjectOverviewData, 'refresh' | 'trend'>;
  /** The train's metrics at `data.asOf`: the newest point of the trend. */
  point: HealthSnapshot;
}

const overviewKey = (projectKey: string, principal: string) => `overview:v${OVERVIEW_VERSION}:${projectKey}:${principal}`;
const overviewLinksKey = (projectKey: string, principal: string) => `overview:v${OVERVIEW_VERSION}:${projectKey}:${principal}:links`;

/** The key lists a person's stored overview left out (FigureView.linksOnDemand), under the same version and settings. */
interface CachedOverviewLinks {
  version: number;
  settingsHash: string;
  links: TabLinks;
}

/**
 * The person's stored overview and the key lists it left out, when current (same version and
 * settings), for getFigureLinks: there is no live path (the overview is a whole sync).
 */
export async function storedOverviewLinks(ctx: AppContext, projectKey: string, settings: EffectiveSettings): Promise<{ links: TabLinks; view: () => Promise<unknown> } | undefined> {
  const principal = ctx.accountId ?? 'anonymous';
  const hash = settingsHash(settings);
  const entry = await getLarge<CachedOverviewLinks>(ctx.store, overviewLinksKey(projectKey, principal));
  if (!entry || entry.version !== OVERVIEW_VERSION || entry.settingsHash !== hash) return undefined;
  return {
    links: entry.links,
    view: async () => {
      const cached = await getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal));
      return cached && cached.version === OVERVIEW_VERSION && cached.settingsHash === hash && cached.data.asOf === entry.links.asOf ? cached.data : undefined;
    },
  };
}
const featurePointsKey = (projectKey: string, principal: string) => `featurepoints:v1:${projectKey}:${principal}`;

/**
 * The story points of each feature's children in a person's stored train (read as them by their
 * sync), with its "as of": the feature panel's job-size reference reads this instead of searching
 * every child of every ranked feature live (at 50,000 issues that was ~450 search pages per panel).
 */
export interface StoredFeaturePoints {
  asOf: string;
  settingsHash: string;
  /** Feature key → sum of its children's story points (only features with at least one estimated child). */
  points: Record<string, number>;
}

/** Children's story points per parent key, summed as the panel's live search sums them (estimated children only). */
export function childPointsOf(train: Pick<TrainData, 'stories' | 'features' | 'objectives'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const list of [train.stories, train.objectives, train.features]) {
    for (const i of list) if (i.parentKey && typeof i.storyPoints === 'number') out[i.parentKey] = (out[i.parentKey] ?? 0) + i.storyPoints;
  }
  return out;
}

/** The person's stored children's points for a project, or null (no sync yet, or one under other settings). */
export async function storedFeaturePoints(ctx: AppContext, projectKey: string, settings: EffectiveSettings): Promise<StoredFeaturePoints | null> {
  const stored = await getLarge<StoredFeaturePoints>(ctx.store, featurePointsKey(projectKey, ctx.accountId ?? 'anonymous'));
  return stored && stored.settingsHash === settingsHash(settings) ? stored : null;
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
 *
 * The call that finishes the load computes the health and stores the Overview. When that has used
 * over half the budget, or the train is large (WITHOUT_TEXT_FROM_CHUNKS: at 201,287 issues that call
 * alone took 13 s), the stored tab views are left for the following calls (phase `views`,
 * finishTabViews) instead of running past Forge's 25 s: this call answers the Overview with the
 * refresh still running, and the page goes on calling.
 */
export async function refreshProjectOverview(ctx: AppContext, projectKey: string, mode: 'incremental' | 'full'): Promise<{ refresh: RefreshStatus; overview: ProjectOverviewData | null }> {
  const started = Date.now();
  const budgetMs = ctx.syncBudgetMs ?? RESOLVER_SYNC_BUDGET_MS;
  const { settings, meta } = await currentSettings(ctx);
  const project = await projectOrNotFound(ctx, projectKey);
  const principal = ctx.accountId ?? 'anonymous';
  const viewHash = settingsHash(settings);
  const state = await syncState(ctx.store, projectKey, principal);
  const cached = await getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal));
  const current = cached?.settingsHash === viewHash && cached.version === OVERVIEW_VERSION ? cached : null;
  const restart = !state || state.phase === 'done' || state.phase === 'failed' || (mode === 'full' && state.mode !== 'full' && !state.error);
  if (state?.phase === 'views' && !restart) return finishTabViews(ctx, projectKey, settings, state, current, () => Date.now() - started >= budgetMs / 2);
  // A stale cache (other settings, other format) needs a full reload, not an incremental one.
  const effectiveMode = current ? mode : 'full';
  // A run that is under way (or stopped on an error) resumes from its cursor; otherwise start one.
  if (restart) {
    const total = await ctx.jira.approximateCount(and(trainScope(settings, projectKey))).catch(() => null);
    await startSync(ctx.store, settings, meta, projectKey, principal, effectiveMode, ctx.now(), total);
  }
  const r = await syncStep(ctx.jira, ctx.store, settings, meta, projectKey, principal, ctx.now, budgetMs, { withoutTextFromChunks: ctx.withoutTextFromChunks ?? WITHOUT_TEXT_FROM_CHUNKS });
  if (!r.health) return { refresh: refreshStatus(r.state, await lastCompleted(ctx.store, projectKey, principal)), overview: null };
  // Each feature's child points (the feature panel) now; a train loaded without its text then serves
  // nothing more in this call (its tab views and feature children come in the next calls, from the
  // stored chunks), so it is let go before the Overview is built and stored (issue 16: the call's
  // peak, ~100 MB of the 201,287-issue train).
  const points = r.train ? childPointsOf(r.train) : null;
  if (r.withoutText) delete r.train;
  const now = ctx.now();
  const full: CachedOverview['data'] = {
    asOf: now.toISOString(),
    project: { key: project.key, name: project.name },
    ...overviewParts(ctx.siteUrl, r.health, await commitmentSources(ctx.store, projectKey)),
    predictability: r.predictability && settings.piObjectives ? predictabilityView(ctx.siteUrl, settings.piObjectives.issueType, r.predictability) : null,
    notes: r.notes ?? [],
  };
  // As it travels (issue 16): at 50,000 issues the whole view was 11.7 MB, beyond the 5 MB a Forge
  // resolver may answer; its long key lists are kept apart for getFigureLinks. The lists first, so a
  // reader who finds this view finds its lists.
  const { view: data, links } = wireTab(full.asOf, full);
  const point = toSnapshot(projectKey, r.health, now);
  await putLarge(ctx.store, overviewLinksKey(projectKey, principal), { version: OVERVIEW_VERSION, settingsHash: viewHash, links } satisfies CachedOverviewLinks, `${now.getTime()}`);
  await putLarge(ctx.store, overviewKey(projectKey, principal), { version: OVERVIEW_VERSION, settingsHash: viewHash, data, point } satisfies CachedOverview, `${now.getTime()}`);
  if (points) await putLarge(ctx.store, featurePointsKey(projectKey, principal), { asOf: data.asOf, settingsHash: viewHash, points } satisfies StoredFeaturePoints, `${now.getTime()}`);
  // Each feature's children for the feature panel, same person and "as of" (src/app/featureChildren.ts);
  // a train loaded without its text gets them with the tab views, next call.
  if (!r.withoutText) await storeFeatureChildren(ctx, projectKey, settings, r, data.asOf);
  await registerProject(ctx.store, projectKey);
  if (r.withoutText || Date.now() - started >= budgetMs / 2) {
    // The tab views next call; until then the tabs read live, never a view older than this Overview.
    await dropTabViews(ctx, projectKey);
    // What the Quality and Improvement views read of this health, so their calls neither compute it again nor hold the train.
    await keepViewsHealth(ctx, projectKey, settings, r.health, data.asOf);
    if (r.withoutText) await dropFeatureChildren(ctx, projectKey);
    const waiting = await viewsPending(ctx.store, projectKey, principal, now, !!r.withoutText);
    const status = refreshStatus(waiting, waiting.startedAt);
    return { refresh: status, overview: await withTrend(ctx, projectKey, data, point, status) };
  }
  // The Quality, Dependencies and Improvement tabs' stored views: same person, same "as of" (src/app/tabViews.ts).
  await storeTabViews(ctx, projectKey, settings, r, now);
  return { refresh: refreshStatus(r.state, r.state.startedAt), overview: await withTrend(ctx, projectKey, data, point, refreshStatus(r.state, r.state.startedAt)) };
}

/**
 * Phase `views`: the tab views of the run whose Overview is stored, from the same stored train and
 * the same health (computed again as of the Overview's "as of"), group by group (TAB_GROUP_ORDER:
 * Dependencies with a large train's feature children, which need no health; Quality; Improvement;
 * PI planning): the next group in this call while the first half of the budget allows (`halfSpent`),
 * else in the next. Answers that Overview, with the refresh done once every view is stored.
 */
async function finishTabViews(ctx: AppContext, projectKey: string, settings: EffectiveSettings, state: SyncState, cached: CachedOverview | null, halfSpent: () => boolean): Promise<{ refresh: RefreshStatus; overview: ProjectOverviewData | null }> {
  const asOf = new Date(state.viewsAsOf ?? state.updatedAt);
  const principal = ctx.accountId ?? 'anonymous';
  const answer = async (s: SyncState) => {
    const status = refreshStatus(s, s.startedAt);
    // Settings changed since (no current Overview): no overview, and the page's next call starts a full refresh.
    return { refresh: status, overview: cached ? await withTrend(ctx, projectKey, cached.data, cached.point, status) : null };
  };
  // The Overview under the current settings is this run's: its tab views are made as of its "as of".
  if (cached && cached.data.asOf === asOf.toISOString()) {
    const from = state.viewsStored ?? 0;
    // The stored train, loaded once per call with what the groups read (`TrainLoad`), again when a
    // later group reads more; the health computed from it when a group needs it.
    let loaded: { train: StoredTrainData; load: TrainLoad } | undefined;
    let health: TrainHealth | undefined;
    for (let g = from; g < TAB_GROUP_ORDER.length; g++) {
      if (g > from && halfSpent()) return answer(await viewsProgress(ctx.store, state, g, ctx.now()));
      const group = TAB_GROUP_ORDER[g];
      // Quality and Improvement from the health the Overview's call kept and verdicts folded chunk by chunk, when it kept them.
      if (groupReadsFindings(group) && (await storeFromFold(ctx, projectKey, settings, state, asOf, group))) continue;
      // PI planning from the closed sprints the Overview's call kept, when it kept them and no health is computed in this call yet.
      const kept = group === 'piPlanning' ? await takeKeptPiHealth(ctx, projectKey, settings, asOf) : null;
      const piHealth = health ? null : kept;
      const load: TrainLoad = groupReadsFindings(group) ? 'findings' : group === 'dependencies' || piHealth || health ? 'viewFields' : 'withoutFindings';
      if (loaded && TRAIN_LOADS.indexOf(loaded.load) < TRAIN_LOADS.indexOf(load)) loaded = undefined;
      loaded ??= { train: await storedTrainData(ctx.jira, ctx.store, settings, projectKey, principal, trainLoadText(load, settings)), load };
      if (group === 'dependencies') {
        if (state.viewsWithChildren) await storeFeatureChildren(ctx, projectKey, settings, { state, train: loaded.train.train }, asOf.toISOString());
      } else if (!piHealth) health ??= (await compute(ctx.jira, ctx.store, settings, projectKey, principal, asOf, { loaded: loaded.train })).health;
      await storeTabViews(ctx, projectKey, settings, { state, health, train: loaded.train.train, piHealth: piHealth ?? undefined }, asOf, [group]);
    }
  }
  return answer(await viewsDone(ctx.store, state, ctx.now()));
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
 * confirm they may still browse the project). Without one, `returnProgress` (the project page)
 * answers at once with a started full refresh and no cards — no search runs in this call — and the
 * page drives `refreshProjectOverview` call by call, showing progress (issue 16: the first visit
 * never waits for a sync). Otherwise (the gadget, the CLI, older callers) the view is computed now
 * within the resolver budget; a train too large for one invocation returns `refresh.running` too.
 */
export async function getProjectOverview(ctx: AppContext, projectKey: string, opts: { returnProgress?: boolean; lean?: boolean } = {}): Promise<ProjectOverviewData> {
  const { settings, meta } = await currentSettings(ctx);
  const principal = ctx.accountId ?? 'anonymous';
  const [project, cached, state, completedAt] = await Promise.all([
    projectOrNotFound(ctx, projectKey),
    getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal)),
    syncState(ctx.store, projectKey, principal),
    lastCompleted(ctx.store, projectKey, principal),
  ]);
  if (cached && cached.version === OVERVIEW_VERSION && cached.settingsHash === settingsHash(settings)) {
    // lean (the project page): the team and sprint rows follow in getProjectOverviewTables, from this same view.
    const data = opts.lean && (cached.data.teams.length || cached.data.sprints.length) ? { ...cached.data, teams: [], sprints: [], tablesDeferred: true } : cached.data;
    return withTrend(ctx, projectKey, data, cached.point, refreshStatus(state, completedAt));
  }
  const progress = (refresh: RefreshStatus): ProjectOverviewData => ({ asOf: ctx.now().toISOString(), project: { key: project.key, name: project.name }, cards: [], teams: [], sprints: [], activeSprints: [], sprintColumns: SPRINT_COLUMNS, trainBySprint: [], trend: [], refresh, predictability: null, notes: [] });
  if (opts.returnProgress) {
    // The same start refreshProjectOverview would make (a full run; one under way is resumed there),
    // minus its approximate count: the first refresh call's progress carries what it has loaded.
    const fresh = !state || state.phase === 'done' || state.phase === 'failed' || state.mode !== 'full';
    const started = fresh ? await startSync(ctx.store, settings, meta, projectKey, principal, 'full', ctx.now(), null) : state;
    return progress(refreshStatus(started, completedAt));
  }
  const r = await refreshProjectOverview(ctx, projectKey, 'full');
  if (r.overview) return r.overview;
  return progress(r.refresh);
}

/**
 * The team and closed-sprint rows a lean overview left out (issue 16): from the person's own stored view
 * (their principal only), with its "as of" so the page can tell they belong to the cards it shows.
 * The same check as getProjectOverview that the person may still browse the project; no stored
 * view under the current settings → `asOf: null` (the page then asks for the whole overview).
 */
export async function getProjectOverviewTables(ctx: AppContext, projectKey: string): Promise<ProjectOverviewTables> {
  const { settings } = await currentSettings(ctx);
  const principal = ctx.accountId ?? 'anonymous';
  const [, cached] = await Promise.all([projectOrNotFound(ctx, projectKey), getLarge<CachedOverview>(ctx.store, overviewKey(projectKey, principal))]);
  if (!cached || cached.version !== OVERVIEW_VERSION || cached.settingsHash !== settingsHash(settings)) return { asOf: null, teams: [], sprints: [] };
  return { asOf: cached.data.asOf, teams: cached.data.teams, sprints: cached.data.sprints };
}
