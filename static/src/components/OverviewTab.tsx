import { useCallback } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { getProjectOverview } from '../api';
import { date, dateTime, num, percent } from '../format';
import { AcceptanceBySprintChart, TrendChart } from './Charts';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { MetricCards } from './MetricCards';
import { useEnvelope } from './useEnvelope';
import type { MetricId, ProjectOverviewData } from './types';

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

export function OverviewTab({ projectKey }: { projectKey: string }) {
  const loader = useCallback(() => getProjectOverview({ projectKey }), [projectKey]);
  const { state, reload } = useEnvelope(loader);

  if (state.status === 'loading') return <Loading label="Loading backlog health" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;

  return (
    <div data-testid="overview-tab" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>{data.project.name}</h2>
        <span data-testid="as-of">
          As of <time dateTime={data.asOf}>{dateTime(data.asOf)}</time>
        </span>
        <Button testId="refresh" onClick={reload}>
          Refresh
        </Button>
      </div>
      <MetricCards cards={data.cards} />
      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Trend</h2>
        <TrendChart trend={data.trend} />
      </section>
      <TeamTable data={data} />
      <SprintTable data={data} />
      <section aria-labelledby="acceptance-heading">
        <h2 id="acceptance-heading">Acceptance by sprint</h2>
        <AcceptanceBySprintChart sprints={data.sprints} />
      </section>
    </div>
  );
}
