import { lazy, startTransition, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { getProjectOverview, getProjectOverviewTables, refreshProjectOverview } from '../api';
import Tooltip from '@atlaskit/tooltip';
import { date, dateTime, percent } from '../format';
import { CountLink, FigureCount, FigureLine, FigureLinksContext } from './Figure';
import { useFigureLinksLoader } from './useFigureLinks';
import { BandLozenge } from './Lozenges';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { AsOf } from './AsOf';
import { useLiveTrain } from './useLiveTrain';
import { MetricCards } from './MetricCards';
import { Table } from './Table';
import { useEnvelope } from './useEnvelope';
import type { AppError, FigureView, MetricId, ProjectOverviewData, RefreshStatus, SprintColumnDefinition, TeamHealthRow } from './types';
import { Stack } from '@atlaskit/primitives';
import { Section, Sections, TitleRow } from './Section';

// The charts (recharts) load in their own chunk after the cards are on screen: the cards are what a
// person waits for (issue 16), and the chart library is most of this page's JavaScript.
const TrendChart = lazy(() => import('./Charts').then((m) => ({ default: m.TrendChart })));
const TrainBySprintChart = lazy(() => import('./Charts').then((m) => ({ default: m.TrainBySprintChart })));
const AcceptanceBySprintChart = lazy(() => import('./Charts').then((m) => ({ default: m.AcceptanceBySprintChart })));

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

/** One team's number: the value, what it counted (linked), and its band, all from the backend. */
function TeamCell({ row, id }: { row: TeamHealthRow; id: MetricId }) {
  const figure = row.figures[id];
  return (
    <div data-band={figure.band}>
      {figure.kind !== 'count' && <strong>{figure.display}</strong>}
      <div style={{ fontSize: figure.kind === 'count' ? undefined : 12 }}>
        <FigureLine figure={figure} what={`${figure.label}, team ${row.team}`} testId={`team-figure-${row.team}-${id}`} />
      </div>
      {figure.band && (
        <div style={{ marginTop: 2 }}>
          <BandLozenge band={figure.band} label={figure.bandLabel} />
        </div>
      )}
    </div>
  );
}

/**
 * A table's section while its rows are on their way (issue 16: a lean answer leaves out the team and
 * closed-sprint rows, which follow in a second call): its heading and a spinner, or the call's error
 * with a retry. No table (and no table test id) before the rows arrive.
 */
export function DeferredSection({ id, title, label, error, onRetry }: { id: string; title: string; label: string; error: AppError | null; onRetry: () => void }) {
  return (
    <Section id={id} level={2} title={title}>
      {error ? <ErrorMessage error={error} onRetry={onRetry} /> : <Loading label={label} />}
    </Section>
  );
}

function TeamTable({ data, error, onRetry }: { data: ProjectOverviewData; error: AppError | null; onRetry: () => void }) {
  if (data.tablesDeferred) return <DeferredSection id="teams-heading" title="By team" label="Loading teams" error={error} onRetry={onRetry} />;
  const label = (id: MetricId) => data.cards.find((c) => c.id === id)?.label ?? FALLBACK_LABEL[id];
  const head = {
    cells: [{ key: 'team', content: 'Team', isSortable: true }, ...METRIC_ORDER.map((id) => ({ key: id, content: label(id), isSortable: true }))],
  };
  const rows = data.teams.map((t) => ({
    key: `team-${t.team}`,
    cells: [{ key: t.team, content: t.team }, ...METRIC_ORDER.map((id) => ({ key: t.figures[id].value ?? -1, content: <TeamCell row={t} id={id} /> }))],
  }));
  return (
    <Section id="teams-heading" level={2} title="By team">
      <div data-testid="team-table">
        <DynamicTable caption="Health metrics per team" head={head} rows={rows} defaultSortKey="team" defaultSortOrder="ASC" emptyView={<p>No teams found in the train scope.</p>} />
      </div>
      <details data-testid="metric-definitions">
        <summary>What each column counts, and its bands</summary>
        <dl>
          {data.cards.map((c) => (
            <div key={c.id}>
              <dt style={{ fontWeight: 600 }}>{c.label}</dt>
              <dd style={{ marginLeft: 16, marginBottom: 6 }}>{c.definition}</dd>
            </div>
          ))}
        </dl>
      </details>
    </Section>
  );
}

/** A column header with its definition (from the backend) one focus or hover away. */
function Defined({ title, definition }: { title: string; definition: string | undefined }) {
  if (!definition) return <>{title}</>;
  return (
    <Tooltip content={definition} position="top">
      {(props) => (
        <span {...props} tabIndex={0} style={{ cursor: 'help', textDecoration: 'underline dotted' }}>
          {title}
        </span>
      )}
    </Tooltip>
  );
}

function SprintTable({ data, error, onRetry }: { data: ProjectOverviewData; error: AppError | null; onRetry: () => void }) {
  if (data.tablesDeferred) return <DeferredSection id="sprints-heading" title="Closed sprints" label="Loading closed sprints" error={error} onRetry={onRetry} />;
  const column = (id: SprintColumnDefinition['id'], fallback: string) => {
    const c = data.sprintColumns.find((x) => x.id === id);
    return <Defined title={c?.label ?? fallback} definition={c?.definition} />;
  };
  const head = {
    cells: [
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'sprint', content: 'Sprint', isSortable: true },
      { key: 'end', content: 'Ended', isSortable: true },
      { key: 'committed', content: column('committed', 'Committed'), isSortable: true },
      { key: 'committedAccepted', content: column('committedAccepted', 'Committed → accepted'), isSortable: true },
      { key: 'added', content: column('added', 'Added'), isSortable: true },
      { key: 'addedAccepted', content: column('addedAccepted', 'Added → accepted'), isSortable: true },
      { key: 'rate', content: <Defined title="Acceptance" definition={data.cards.find((c) => c.id === 'acceptanceRateLastSprint')?.definition} />, isSortable: true },
      { key: 'ratePts', content: 'Acceptance (points)', isSortable: true },
      { key: 'velocity', content: column('velocity', 'Velocity'), isSortable: true },
      { key: 'rework', content: column('rework', 'Reworked'), isSortable: true },
    ],
  };
  const rows = data.sprints.map((s) => {
    const f = s.figures;
    const where = `${s.sprint} (${s.team})`;
    const id = (name: string) => `sprint-figure-${name}-${s.team}-${s.sprintId}`;
    return {
      key: `sprint-${s.team}-${s.sprintId}`,
      cells: [
        { key: s.team, content: s.team },
        { key: s.sprint, content: s.sprint },
        { key: s.endDate ?? '', content: date(s.endDate) },
        {
          key: s.committed,
          content: (
            <>
              <FigureCount figure={f.committedAccepted} which="denominatorLinks" count={f.committedAccepted.denominator ?? 0} unit="issues" what={`stories committed at the start of ${where}`} testId={id('committed')} />
              {s.commitmentSource && <div data-testid={id('commitmentSource')} style={{ fontSize: 12, color: '#626f86' }}>{COMMITMENT_SOURCE[s.commitmentSource]}</div>}
            </>
          ),
        },
        { key: s.acceptedCommitted, content: <FigureCount figure={f.committedAccepted} which="links" count={f.committedAccepted.numerator} unit="issues" what={`committed stories accepted in ${where}`} testId={id('committedAccepted')} /> },
        { key: s.added, content: <FigureCount figure={f.addedAccepted} which="denominatorLinks" count={f.addedAccepted.denominator ?? 0} unit="issues" what={`stories added after the start of ${where}`} testId={id('added')} /> },
        { key: s.acceptedAdded, content: <FigureCount figure={f.addedAccepted} which="links" count={f.addedAccepted.numerator} unit="issues" what={`added stories accepted in ${where}`} testId={id('addedAccepted')} /> },
        { key: f.committedAccepted.value ?? -1, content: <RateCell figure={f.committedAccepted} what={`acceptance of ${where}`} testId={id('rate')} /> },
        { key: f.committedAcceptedPoints.value ?? -1, content: <RateCell figure={f.committedAcceptedPoints} what={`acceptance by points of ${where}`} testId={id('ratePoints')} /> },
        { key: f.velocity.value ?? -1, content: <FigureLine figure={f.velocity} what={`velocity of ${where}`} testId={id('velocity')} /> },
        { key: f.rework.value ?? -1, content: <RateCell figure={f.rework} what={`rework of ${where}`} testId={id('rework')} /> },
      ],
    };
  });
  return (
    <Section id="sprints-heading" level={2} title="Closed sprints">
      <p style={{ marginTop: 0 }}>
        Only sprints Jira reports as closed. The acceptance rate is “committed → accepted” of “committed”: stories added after the start count in neither, so it never exceeds 100%.
      </p>
      <div data-testid="sprint-table">
        <DynamicTable caption="Closed sprints: commitment and acceptance" head={head} rows={rows} rowsPerPage={25} emptyView={<p>No closed sprints yet.</p>} />
      </div>
    </Section>
  );
}

/** A rate in a table cell: the percent, then "n of d" linked. */
function RateCell({ figure, what, testId }: { figure: FigureView; what: string; testId: string }) {
  return (
    <>
      {figure.display}
      <div style={{ fontSize: 12 }}>
        <FigureLine figure={figure} what={what} testId={testId} />
      </div>
    </>
  );
}

/** Active sprints: what is known so far, never mixed into the closed-sprint figures. */
export function InProgress({ data }: { data: ProjectOverviewData }) {
  return (
    <Section id="in-progress-heading" level={2} title="In progress" testId="in-progress">
      {data.activeSprints.length === 0 ? (
        <p>No sprint is active.</p>
      ) : (
        <Table
          testId="in-progress-table"
          caption="Active sprints so far; they count towards acceptance, velocity and rework only once Jira closes them."
          columns={['Team', 'Sprint', 'Started', 'Ends', 'Committed at start', 'Added since', 'Done so far', 'Days left']}
          rows={data.activeSprints.map((a) => ({
            key: `${a.team}-${a.sprintId}`,
            testId: 'in-progress-sprint',
            cells: [
              a.team,
              a.sprint,
              date(a.startDate),
              date(a.plannedEnd),
              <FigureLine key="c" figure={a.figures.committed} what={`stories in ${a.sprint} (${a.team}) when it started`} testId={`active-committed-${a.team}-${a.sprintId}`} />,
              <FigureLine key="a" figure={a.figures.added} what={`stories added to ${a.sprint} (${a.team}) after it started`} testId={`active-added-${a.team}-${a.sprintId}`} />,
              <>
                {a.progress.display} · <FigureLine figure={a.progress} what={`stories done so far in ${a.sprint} (${a.team})`} testId={`active-progress-${a.team}-${a.sprintId}`} />
              </>,
              a.daysLeft === null ? '—' : `${a.daysLeft} ${a.daysLeft === 1 ? 'day' : 'days'}`,
            ],
          }))}
        />
      )}
    </Section>
  );
}

export function PredictabilitySection({ data }: { data: ProjectOverviewData }) {
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
      { key: `o${r.objectives}`, content: <CountLink count={r.objectives} unit="issues" links={r.links} what={`${p.issueType} issues of ${r.pi}, ${r.team}`} testId={`predictability-objectives-${r.pi}-${r.team}`} /> },
      { key: `p${r.planned}`, content: r.planned },
      { key: `a${r.actual}`, content: r.actual },
      { key: `r${r.rate ?? -1}`, content: r.rate === null ? 'not assessed yet' : <span data-band={r.band}>{percent(r.rate)} {r.band === 'healthy' ? '(healthy)' : '(outside 80–100%)'}</span> },
    ],
  }));
  return (
    <Section id="predictability-heading" level={2} title="PI predictability">
      <p>
        Actual business value of the {p.issueType} issues over the value planned for them; SAFe aims for 80–100%. Stretch objectives (label “uncommitted”) add to the actual value only.
        {p.incomplete.count > 0 && (
          <>
            {' '}
            <CountLink count={p.incomplete.count} unit="issues" links={p.incomplete.links} what={`${p.issueType} issues without a PI label or a planned value`} testId="predictability-incomplete" /> lack a PI label or a planned value.
          </>
        )}
      </p>
      <div data-testid="predictability-table">
        <DynamicTable caption="Planned and actual business value per PI" head={head} rows={rows} rowsPerPage={20} />
      </div>
    </Section>
  );
}

/** Where a sprint row's committed set came from (issue 18), as the backend says. */
const COMMITMENT_SOURCE = { event: 'from the start event', daily: 'from the daily record', changelog: 'rebuilt from the changelog' } as const;

/** Progress of a refresh, as a native progress bar with a text equivalent. */
function RefreshProgress({ refresh }: { refresh: RefreshStatus }) {
  const pct = refresh.total ? Math.min(100, Math.round((refresh.loaded / refresh.total) * 100)) : null;
  const phase = refresh.phase === 'changelogs' ? 'reading history' : refresh.phase === 'compute' || refresh.phase === 'merge' ? 'computing' : refresh.phase === 'views' ? 'preparing the tabs' : 'loading issues';
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
          onDone(env.data.overview);
          // A large train's Overview comes first and its tab views one call later (phase `views`): go on.
          if (env.data.refresh.running) continue;
          setRefresh(null);
          return;
        }
      }
    },
    [projectKey, onDone],
  );
  return { refresh, error, run, running: refresh !== null };
}

/**
 * Everything below the cards, in two steps after the cards have painted (issue 16): first the team
 * table, sprints and predictability, then, after those have painted, the charts (recharts is most of
 * this page's script time). Each step renders as a transition React can interrupt, so a tab click is
 * handled at once. The same data and links; only later.
 */
function BelowCards({ data, tablesError, onRetryTables, onDrawn }: { data: ProjectOverviewData; tablesError: AppError | null; onRetryTables: () => void; onDrawn?: () => void }) {
  const [step, setStep] = useState(0);
  // Everything is drawn once the charts are committed with the tables' rows: say so after that paint
  // (the project page then prefetches the other tabs' code while the page is idle).
  const drawn = step >= 2 && !data.tablesDeferred;
  useEffect(() => {
    if (!drawn || !onDrawn) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(onDrawn, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [drawn, onDrawn]);
  useEffect(() => {
    if (step >= 2) return;
    // After the next paint: rAF runs before it, the timeout after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setStep(step + 1)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [step]);
  if (step === 0) return <Loading label="Loading teams and sprints" />;
  const charts = step >= 2;
  return (
    <>
      <Section id="trend-heading" level={2} title="Trend">
        {charts ? (
          <Suspense fallback={<Loading label="Loading charts" />}>
            <TrendChart trend={data.trend} />
            <TrainBySprintChart points={data.trainBySprint} />
          </Suspense>
        ) : (
          <Loading label="Loading charts" />
        )}
      </Section>
      <TeamTable data={data} error={tablesError} onRetry={onRetryTables} />
      <InProgress data={data} />
      <SprintTable data={data} error={tablesError} onRetry={onRetryTables} />
      <PredictabilitySection data={data} />
      <Section id="acceptance-heading" level={2} title="Acceptance by sprint">
        {charts && !data.tablesDeferred ? (
          <Suspense fallback={<Loading label="Loading charts" />}>
            <AcceptanceBySprintChart sprints={data.sprints} />
          </Suspense>
        ) : (
          <Loading label="Loading charts" />
        )}
      </Section>
    </>
  );
}

/**
 * Issue 16: a lean first answer leaves out the team and closed-sprint rows (8.7 of 11.7 MB at 50,000
 * issues); they are asked for once the cards are committed, from the same stored view. If that
 * view changed in between (or is gone), the whole overview is read again, so every number on the page
 * comes from one view and one "as of".
 */
function useDeferredTables(projectKey: string, data: ProjectOverviewData | null, setData: (d: ProjectOverviewData) => void) {
  const [error, setError] = useState<AppError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const deferred = data?.tablesDeferred ? data : null;
  useEffect(() => {
    if (!deferred) return;
    let live = true;
    setError(null);
    // After the cards' first paint (rAF runs before it, the timeout after it): the rows' answer is parsed on this thread.
    const load = () =>
      getProjectOverviewTables({ projectKey }).then(async (env) => {
      if (!live) return;
      if (!env.ok) {
        setError(env.error);
        return;
      }
      if (env.data.asOf === deferred.asOf) {
        setData({ ...deferred, teams: env.data.teams, sprints: env.data.sprints, tablesDeferred: false });
        return;
      }
      const full = await getProjectOverview({ projectKey, returnProgress: true });
      if (!live) return;
      if (full.ok) setData(full.data);
      else setError(full.error);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => void load(), 0);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [deferred, projectKey, setData, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { error, retry };
}

/** `onDrawn`: called once everything below the cards (tables, then charts) has painted. */
export function OverviewTab({ projectKey, onDrawn }: { projectKey: string; onDrawn?: () => void }) {
  // A first visit gets a progress state at once and drives the refresh below, rather than waiting on one call.
  // performance marks (issue 16): when the answer arrived, read by scripts/bench-ui.ts with the cards' mark.
  const loader = useCallback(
    () =>
      getProjectOverview({ projectKey, returnProgress: true, lean: true }).then((env) => {
        performance.mark('refinery:overview-answer');
        return env;
      }),
    [projectKey],
  );
  const { state, reload, setData } = useEnvelope(loader);
  const { refresh, error: refreshError, run, running } = useRefresh(projectKey, setData);
  // Issue 18: figures changed by Jira's events arrive without a reload (paused while a refresh runs).
  const { live } = useLiveTrain(projectKey, setData, running || state.status !== 'ok');
  const tables = useDeferredTables(projectKey, state.status === 'ok' ? state.data : null, setData);
  const linksLoader = useFigureLinksLoader(projectKey, 'overview');
  const started = useRef(false);
  // A train too large for one call comes back with no cards and a running refresh, or with its cards
  // and its tab views still to prepare (phase `views`, e.g. after a reload mid-refresh): drive it.
  const needsDriving = state.status === 'ok' && state.data.refresh.running && (!state.data.cards.length || state.data.refresh.phase === 'views');
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
      <FigureLinksContext.Provider value={linksLoader}>
        <Sections>
          <Stack space="space.200">
            <TitleRow title={data.project.name}>
              <AsOf iso={data.asOf} live={live} />
              <Button testId="refresh" onClick={() => void run('incremental')} isDisabled={running}>
                Refresh
              </Button>
              <Button testId="refresh-full" appearance="subtle" onClick={() => void run('full')} isDisabled={running}>
                Full reload
              </Button>
              {refresh && <RefreshProgress refresh={refresh} />}
            </TitleRow>
            {refreshError && <ErrorMessage error={refreshError} onRetry={() => void run('incremental')} />}
            {data.notes.length > 0 && (
              // The note role goes on a wrapper: on the list itself it would hide the list from assistive tech.
              <div role="note" aria-label="What these numbers leave out">
                <ul data-testid="overview-notes">
                  {data.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </div>
            )}
            {data.refresh.error && !refresh && (
              <p data-testid="refresh-warning" role="note">
                The last refresh stopped: {data.refresh.error} The numbers below are from {dateTime(data.asOf)}; Refresh resumes where it stopped.
              </p>
            )}
            <MetricCards cards={data.cards} />
          </Stack>
          <BelowCards data={data} tablesError={tables.error} onRetryTables={tables.retry} onDrawn={onDrawn} />
        </Sections>
      </FigureLinksContext.Provider>
    </div>
  );
}
