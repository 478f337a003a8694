import { useCallback, useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import ButtonGroup from '@atlaskit/button/button-group';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { getPiPlanning } from '../../api';
import { tabFirstCall } from '../../pages/tabCalls';
import { date } from '../../format';
import { AsOf } from '../AsOf';
import { ErrorMessage } from '../ErrorMessage';
import { Loading } from '../Loading';
import { useEnvelope } from '../useEnvelope';
import { AfterPaint } from '../AfterPaint';
import { FigureLinksContext } from '../Figure';
import { useFigureLinksLoader } from '../useFigureLinks';
import type { PiDependencyView, PiPlanningData, PiTeamRowView } from '../types';
import { Alignment } from './Alignment';
import { BoardList } from './BoardList';
import { cardsShown } from './boardRows';
import { CapacityTable } from './CapacityTable';
import { FeatureReadinessList } from './FeatureReadinessList';
import { SUBTLE_TEXT } from './look';
import { ProgramBoard, RiskLegend } from './ProgramBoard';
import { Section, Sections as Rhythm } from '../Section';

interface Option {
  value: string;
  label: string;
}

const ALL = '';

function Picker({ id, label, options, value, onChange }: { id: string; label: string; options: Option[]; value: string; onChange: (v: string) => void }) {
  return (
    <div style={{ minWidth: 220 }}>
      <label htmlFor={id} style={{ display: 'block', fontSize: 12, fontWeight: 600, marginBottom: 4 }}>
        {label}
      </label>
      <Select inputId={id} testId={id} options={options} value={options.find((o) => o.value === value) ?? null} onChange={(o) => o && onChange(o.value)} />
    </div>
  );
}

/** Rows and dependencies left after the team and feature filters (what is shown, not what is counted). */
function useFiltered(data: PiPlanningData, team: string, featureFilter: string | null) {
  return useMemo(() => {
    const rows: PiTeamRowView[] = team === ALL ? data.teams : data.teams.filter((r) => r.team === team);
    if (team === ALL && featureFilter === null) return { rows, dependencies: data.dependencies };
    const visible = new Set(rows.flatMap((r) => [...r.cells, r.unplanned].flatMap((c) => cardsShown(c, featureFilter).map((card) => card.id))));
    const dependencies: PiDependencyView[] = data.dependencies.filter((d) => (d.fromCard !== null && visible.has(d.fromCard)) || (d.toCard !== null && visible.has(d.toCard)));
    return { rows, dependencies };
  }, [data, team, featureFilter]);
}

function Sections({ data }: { data: PiPlanningData }) {
  const [team, setTeam] = useState(ALL);
  const [feature, setFeature] = useState(ALL);
  const [view, setView] = useState<'board' | 'list'>('board');
  const featureFilter = feature === ALL ? null : feature;
  const { rows, dependencies } = useFiltered(data, team, featureFilter);
  const teamOptions: Option[] = [{ value: ALL, label: 'All teams' }, ...data.filters.teams.map((t) => ({ value: t, label: t }))];
  const featureOptions: Option[] = [{ value: ALL, label: 'All features' }, ...data.filters.features.map((f) => ({ value: f.key, label: `${f.key} ${f.summary}` }))];

  return (
    <Rhythm>
        <Section id="pi-board-heading" level={2} title="Program board">
          <div style={{ display: 'flex', gap: 16, alignItems: 'flex-end', flexWrap: 'wrap' }}>
            <Picker id="pi-team-filter" label="Team" options={teamOptions} value={team} onChange={setTeam} />
            <Picker id="pi-feature-filter" label="Feature" options={featureOptions} value={feature} onChange={setFeature} />
            <ButtonGroup label="How the board is shown">
              <Button isSelected={view === 'board'} aria-pressed={view === 'board'} testId="pi-view-board" onClick={() => setView('board')}>
                Board
              </Button>
              <Button isSelected={view === 'list'} aria-pressed={view === 'list'} testId="pi-view-list" onClick={() => setView('list')}>
                List
              </Button>
            </ButtonGroup>
          </div>
          <details style={{ color: SUBTLE_TEXT }}>
            <summary>How load, capacity and over-commitment are defined</summary>
            <p>
              {data.definitions.load} {data.definitions.unestimated} {data.definitions.capacity} {data.definitions.overCommitted}
            </p>
          </details>
          {view === 'board' ? (
            <>
              <RiskLegend />
              <ProgramBoard data={data} rows={rows} featureFilter={featureFilter} dependencies={dependencies} />
              <p style={{ color: SUBTLE_TEXT, fontSize: 12 }}>{data.definitions.risk} Point at a connector for its sentence; the list view has every dependency as text, including those with an end outside the board.</p>
            </>
          ) : (
            <BoardList data={data} rows={rows} featureFilter={featureFilter} dependencies={dependencies} />
          )}
        </Section>
        {/* The tables below the board after the board has painted (issue 16: at 50k issues the tab drew everything in one frame). */}
        <AfterPaint label="Loading capacity, alignment and feature readiness">
          <Section id="pi-capacity-heading" level={2} title="Capacity against load">
            <CapacityTable data={data} rows={rows} />
          </Section>
          <Section id="pi-alignment-heading" level={2} title={<>Alignment to the train&apos;s priorities</>}>
            <Alignment data={data} rows={rows} />
          </Section>
          <Section id="pi-readiness-heading" level={2} title="Feature readiness">
            <FeatureReadinessList features={data.features} />
          </Section>
        </AfterPaint>
    </Rhythm>
  );
}

/** Why the board is empty, in words: no PI label at all, or no sprint in the PI's window. */
function Empty({ data }: { data: PiPlanningData }) {
  const title = data.pi === null ? 'No PI to plan yet' : `No sprints in ${data.pi}`;
  const text =
    data.pi === null
      ? 'Refinery finds PIs from labels such as PI-2027.1 on features and PI objectives. Label the next PI’s features, or add the PI’s dates in Refinery settings.'
      : `No team has a sprint whose dates fall in ${data.pi}${data.window.start ? ` (${date(data.window.start)} – ${date(data.window.end)})` : ''}. Create the PI’s sprints with start and end dates, or add the PI’s dates in Refinery settings.`;
  return (
    <div data-testid="pi-empty">
      <SectionMessage appearance="information" title={title}>
        <p>{text}</p>
      </SectionMessage>
    </div>
  );
}

/** The "PI planning" tab: the program board of a PI, capacity against load, alignment, feature readiness. */
export function PiPlanningTab({ projectKey }: { projectKey: string }) {
  const [pi, setPi] = useState<string | undefined>(undefined);
  // The current PI's call may have started with the press on the tab (../../pages/tabCalls).
  const load = useCallback(() => (pi ? getPiPlanning({ projectKey, pi }) : tabFirstCall('PI planning', projectKey)), [projectKey, pi]);
  const { state, reload } = useEnvelope(load);
  const linksLoader = useFigureLinksLoader(projectKey, 'piPlanning', state.status === 'ok' ? state.data.pi : pi);
  if (state.status === 'loading') return <Loading label="Loading PI planning" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  const piOptions: Option[] = data.pis.map((p) => ({ value: p.pi, label: p.start ? `${p.pi} (${date(p.start)} – ${date(p.end)})` : p.pi }));
  return (
    <div data-testid="pi-planning-tab" data-pi={data.pi ?? ''}>
      <FigureLinksContext.Provider value={linksLoader}>
        <Rhythm>
          <div style={{ display: 'flex', gap: 16, alignItems: 'flex-end', flexWrap: 'wrap' }}>
            {piOptions.length > 0 && <Picker id="pi-picker" label="PI" options={piOptions} value={data.pi ?? ''} onChange={setPi} />}
            <p style={{ margin: 0 }}>
              {data.pi && data.window.start && (
                <>
                  {data.pi}: {date(data.window.start)} – {date(data.window.end)} ({data.window.source === 'settings' ? 'dates from settings' : 'dates from its sprints'}) ·{' '}
                </>
              )}
              <AsOf iso={data.asOf} prefix="as of" testId="pi-as-of" />
            </p>
          </div>
          {data.notes.length > 0 && (
            <ul data-testid="pi-notes" style={{ color: SUBTLE_TEXT }}>
              {data.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {data.pi === null || data.columns.length === 0 ? <Empty data={data} /> : <Sections key={data.pi} data={data} />}
        </Rhythm>
      </FigureLinksContext.Provider>
    </div>
  );
}
