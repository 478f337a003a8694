import { useCallback, useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { getProjectOverview, refreshProjectOverview } from '../api';
import { date, dateTime, num, percent } from '../format';
import { AcceptanceBySprintChart, TrainBySprintChart, TrendChart } from './Charts';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { AsOf } from './AsOf';
import { MetricCards } from './MetricCards';
import { useEnvelope } from './useEnvelope';
import type { AppError, MetricId, ProjectOverviewData, RefreshStatus } from './types';

const RATE_METRICS: MetricId[] = ['readinessRate', 'acceptanceRateLastSprint', 'reworkRatio', 'qualityPassRate'];
const METRIC_ORDER: MetricId[] = ['readinessRate', 'readyCoverageIterations', 'acceptanceRateLastSprint', 'reworkRatio', 'qualityPassRate', 'dependenciesAtRisk', 'improvementsDoneThisPi'];
const FALLBACK_LABEL: Record<MetricId, string> = {
  readinessRate: 'Readiness',
  readyCoverageIterations: 'Ready coverage (iterations)',
  acceptanceRateLastSprint: 'Acceptance, last sprint',
  reworkRatio: 'Rework',
  qualityPassRate: 'Quality pass rate',
  dependenciesAtRisk: 'Dependencies at risk',
  improvementsDoneThisPi: 'Improvements done this PI',
};

function metricText(id: MetricId, v: number | null): string {
  return RATE_METRICS.includes(id) ? percent(v) : num(v, 1);
}

function TeamTable({ data }: { data: ProjectOverviewData }) {
  const label = (id: MetricId) => data.cards.find((c) => c.id === id)?.label ?? FALLBACK_LABEL[id];
  const head = {
    cells: [{ key: 'team', content: 'Team', isSortable: true }, ...METRIC_ORDER.map((id) => ({ key: id, content: label(id), isSortable: true }))],
  };
  const rows = data.teams.map((t) => ({
    key: `team-${t.team}`,
    cells: [
      { key: t.team, content: t.team },
      ...METRIC_ORDER.map((id) => {
        const v = t.metrics[id];
        const link = t.links[id];
        const text = metricText(id, v);
        return { key: v ?? -1, content: link ? <a href={link.url} target="_top">{text}</a> : text };
      }),
    ],
  }));
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">By team</h2>
      <div data-testid="team-table">
        <DynamicTable caption="Health metrics per team" head={head} rows={rows} defaultSortKey="team" defaultSortOrder="ASC" emptyView={<p>No teams found in the train scope.</p>} />
      </div>
    </section>
  );
}

function SprintTable({ data }: { data: ProjectOverviewData }) {
  const head = {
    cells: [
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'sprint', content: 'Sprint', isSortable: true },
      { key: 'end', content: 'Ended', isSortable: true },
      { key: 'committed', content: 'Committed', isSortable: true },
      { key: 'added', content: 'Added', isSortable: true },
      { key: 'accepted', content: 'Accepted', isSortable: true },
      { key: 'rate', content: 'Acceptance', isSortable: true },
      { key: 'cpts', content: 'Committed pts', isSortable: true },
      { key: 'apts', content: 'Accepted pts', isSortable: true },
      { key: 'ratePts', content: 'Acceptance (pts)', isSortable: true },
      { key: 'reopened', content: 'Reopened', isSortable: true },
    ],
  };
  const rows = data.sprints.map((s) => ({
    key: `sprint-${s.team}-${s.sprintId}`,
    cells: [
      { key: s.team, content: s.team },
      { key: s.sprint, content: s.sprint },
      { key: s.endDate ?? '', content: date(s.endDate) },
      { key: s.committed, content: s.committed },
      { key: s.added, content: s.added },
      {
        key: s.accepted,
        content: (
          <a href={s.link.url} target="_top" data-testid="sprint-accepted-link" aria-label={`${s.accepted} accepted in ${s.sprint} (${s.team}): open in Jira`}>
            {s.accepted}
          </a>
        ),
      },
      { key: s.acceptanceRate ?? -1, content: percent(s.acceptanceRate) },
      { key: s.committedPoints, content: num(s.committedPoints, 1) },
      { key: s.acceptedPoints, content: num(s.acceptedPoints, 1) },
      { key: s.acceptanceRatePoints ?? -1, content: percent(s.acceptanceRatePoints) },
      { key: s.reopened, content: s.reopened },
    ],
  }));
  return (
    <section aria-labelledby="sprints-heading">
      <h2 id="sprints-heading">By sprint</h2>
      <div data-testid="sprint-table">
        <DynamicTable caption="Closed sprints: commitment and acceptance" head={head} rows={rows} rowsPerPage={25} emptyView={<p>No closed sprints yet.</p>} />
      </div>
    </section>
  );
}

function PredictabilitySection({ data }: { data: ProjectOverviewData }) {
  const p = data.predictability;
  if (!p) return null;
  const head = {
    cells: [
      { key: 'pi', content: 'PI', isSortable: true },
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'objectives', content: 'Objectives' },
      { key: 'planned', content: 'Planned value' },
      { key: 'actual', content: 'Actual value' },
      { key: 'rate', content: 'Predictability' },
    ],
  };
  const rows = [...p.train, ...p.teams].map((r) => ({
    key: `${r.pi}-${r.team}`,
    cells: [
      { key: r.pi, content: r.pi },
      { key: r.team, content: r.team === 'Train' ? <strong>Train</strong> : r.team },
      { key: `o${r.objectives}`, content: r.link ? <a href={r.link.url} target="_top">{r.objectives}</a> : r.objectives },
      { key: `p${r.planned}`, content: r.planned },
      { key: `a${r.actual}`, content: r.actual },
      { key: `r${r.rate ?? -1}`, content: r.rate === null ? 'not assessed yet' : <span data-band={r.band}>{percent(r.rate)} {r.band === 'healthy' ? '(healthy)' : '(outside 80–100%)'}</span> },
    ],
  }));
  return (
    <section aria-labelledby="predictability-heading">
      <h2 id="predictability-heading">PI predictability</h2>
      <p>
        Actual business value of the {p.issueType} issues over the value planned for them; SAFe aims for 80–100%. Stretch objectives (label “uncommitted”) add to the actual value only.
        {p.incomplete.count > 0 && p.incomplete.link && (
          <>
            {' '}
            <a href={p.incomplete.link.url} target="_top">
              {p.incomplete.count} objective{p.incomplete.count === 1 ? '' : 's'}
            </a>{' '}
            lack a PI label or a planned value.
          </>
        )}
      </p>
      <div data-testid="predictability-table">
        <DynamicTable caption="Planned and actual business value per PI" head={head} rows={rows} rowsPerPage={20} />
      </div>
    </section>
  );
}

/** Progress of a refresh, as a native progress bar with a text equivalent. */
function RefreshProgress({ refresh }: { refresh: RefreshStatus }) {
  const pct = refresh.total ? Math.min(100, Math.round((refresh.loaded / refresh.total) * 100)) : null;
  const phase = refresh.phase === 'changelogs' ? 'reading history' : refresh.phase === 'compute' || refresh.phase === 'merge' ? 'computing' : 'loading issues';
  return (
    <div data-testid="refresh-progress" role="status" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <label htmlFor="refresh-progress-bar">
        Refreshing ({refresh.mode === 'incremental' ? 'changes only' : 'full'}): {phase}, {refresh.loaded}
        {refresh.total ? ` of about ${refresh.total}` : ''} issues
      </label>
      <progress id="refresh-progress-bar" max={100} value={pct ?? undefined} />
    </div>
  );
}

/**
 * Drives the refresh: each call advances it within one resolver invocation's budget, so a large
 * train refreshes over several calls with visible progress; stops on an error and says why.
 */
function useRefresh(projectKey: string, onDone: (data: ProjectOverviewData) => void) {
  const [refresh, setRefresh] = useState<RefreshStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = useCallback(
    async (mode: 'incremental' | 'full') => {
      setError(null);
      let first = true;
      for (;;) {
        const env = await refreshProjectOverview({ projectKey, mode: first ? mode : 'incremental' });
        first = false;
        if (!live.current) return;
        if (!env.ok) {
          setError(env.error);
          setRefresh(null);
          return;
        }
        setRefresh(env.data.refresh);
        if (env.data.overview) {
          setRefresh(null);
          onDone(env.data.overview);
          return;
        }
      }
    },
    [projectKey, onDone],
  );
  return { refresh, error, run, running: refresh !== null };
}

export function OverviewTab({ projectKey }: { projectKey: string }) {
  const loader = useCallback(() => getProjectOverview({ projectKey }), [projectKey]);
  const { state, reload, setData } = useEnvelope(loader);
  const { refresh, error: refreshError, run, running } = useRefresh(projectKey, setData);
  const started = useRef(false);
  // A train too large for one call comes back with no cards and a running refresh: drive it.
  const needsDriving = state.status === 'ok' && state.data.refresh.running && !state.data.cards.length;
  useEffect(() => {
    if (needsDriving && !started.current) {
      started.current = true;
      void run('incremental');
    }
  }, [needsDriving, run]);

  if (state.status === 'loading') return <Loading label="Loading backlog health" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  if (!data.cards.length) {
    return (
      <div data-testid="overview-tab" style={{ width: '100%' }}>
        <h2>{data.project.name}</h2>
        {refresh || data.refresh.running ? <RefreshProgress refresh={refresh ?? data.refresh} /> : null}
        {refreshError && <ErrorMessage error={refreshError} onRetry={() => void run('incremental')} />}
      </div>
    );
  }

  return (
    <div data-testid="overview-tab" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>{data.project.name}</h2>
        <AsOf iso={data.asOf} />
        <Button testId="refresh" onClick={() => void run('incremental')} isDisabled={running}>
          Refresh
        </Button>
        <Button testId="refresh-full" appearance="subtle" onClick={() => void run('full')} isDisabled={running}>
          Full reload
        </Button>
        {refresh && <RefreshProgress refresh={refresh} />}
      </div>
      {refreshError && <ErrorMessage error={refreshError} onRetry={() => void run('incremental')} />}
      {data.refresh.error && !refresh && (
        <p data-testid="refresh-warning" role="note">
          The last refresh stopped: {data.refresh.error} The numbers below are from {dateTime(data.asOf)}; Refresh resumes where it stopped.
        </p>
      )}
      <MetricCards cards={data.cards} />
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Trend</h2>
        <TrendChart trend={data.trend} />
        <TrainBySprintChart sprints={data.sprints} />
      </section>
      <TeamTable data={data} />
      <SprintTable data={data} />
      <PredictabilitySection data={data} />
      <section aria-labelledby="acceptance-heading">
        <h2 id="acceptance-heading">Acceptance by sprint</h2>
        <AcceptanceBySprintChart sprints={data.sprints} />
      </section>
    </div>
  );
}
