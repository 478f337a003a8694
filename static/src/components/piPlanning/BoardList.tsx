import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import { JiraLink } from '../JiraLink';
import type { PiCellView, PiDependencyView, PiPlanningData, PiTeamRowView } from '../types';
import { Section, Sections } from '../Section';
import { Table, type TableRow } from '../Table';
import { RISK_LOOK } from './look';
import { CardNumbers, CardTags, CardTitle } from './PiCard';
import { cardsShown } from './boardRows';

function columnLabel(data: PiPlanningData, cell: PiCellView): string {
  if (cell.column === null) return 'Unplanned';
  return data.columns[cell.column]?.label ?? `Iteration ${cell.column + 1}`;
}

function cellRow(data: PiPlanningData, cell: PiCellView, featureFilter: string | null, i: number): TableRow {
  const what = `team ${cell.team}, ${cell.sprint ?? 'unplanned'}`;
  const cards = cardsShown(cell, featureFilter);
  return {
    key: `${cell.sprintId ?? 'none'}-${cell.column ?? 'unplanned'}-${i}`,
    testId: 'pi-list-cell',
    data: { 'data-team': cell.team, 'data-sprint-id': cell.sprintId ?? '' },
    cells: [
      <>
        <strong>{columnLabel(data, cell)}</strong>
        {cell.sprint && (
          <div>
            {cell.sprint} (sprint id {cell.sprintId})
          </div>
        )}
      </>,
      cell.sprintId === null && cell.column !== null ? (
        'No sprint in this iteration'
      ) : (
        <>
          <FigureLine figure={cell.load} what={`points planned for ${what}`} />
          {cell.capacity && <> of capacity {cell.capacity.value ?? 'unknown'} ({cell.capacity.basis})</>}
          {cell.unestimated.numerator > 0 && (
            <>
              {' '}
              · unestimated <FigureLine figure={cell.unestimated} what={`stories without points for ${what}`} />
            </>
          )}
          {cell.overCommitted && (
            <div>
              <Lozenge appearance="removed" isBold>
                Over-committed
              </Lozenge>{' '}
              {cell.overCommitMessage}
            </div>
          )}
        </>
      ),
      cards.length === 0 ? (
        'No cards'
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {cards.map((card) => (
            <li key={card.id} data-testid="pi-list-card" data-card-id={card.id}>
              <CardTitle card={card} /> — <CardNumbers card={card} sprint={cell.sprint} /> <CardTags card={card} />
            </li>
          ))}
        </ul>
      ),
    ],
  };
}

function TeamSection({ data, row, featureFilter }: { data: PiPlanningData; row: PiTeamRowView; featureFilter: string | null }) {
  const id = `pi-list-team-${row.team.replace(/\W+/g, '-')}`;
  return (
    <div data-testid="pi-list-team" data-team={row.team}>
      <Section id={id} title={`${row.team}${row.kind === 'kanban' ? ' (kanban)' : ''}`}>
        {row.note && <p>{row.note}</p>}
        {row.objectives.length > 0 ? (
          <div>
            <strong>PI objectives</strong>
            <ul>
              {row.objectives.map((o) => (
                <li key={o.issue.key}>
                  <JiraLink href={o.issue.url}>{o.issue.key}</JiraLink> {o.issue.summary}
                  {o.planned !== null && <> · planned business value {o.planned}</>}
                  {!o.committed && <> · uncommitted (stretch)</>}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p>No PI objectives yet.</p>
        )}
        <Table
          testId={`pi-list-table-${row.team.replace(/\W+/g, '-')}`}
          label={`Team ${row.team}: load against capacity and the features planned, per iteration`}
          columns={['Iteration', 'Load and capacity', 'Cards (feature: points in stories)']}
          rows={[...row.cells, row.unplanned].map((cell, i) => cellRow(data, cell, featureFilter, i))}
        />
      </Section>
    </div>
  );
}

/** Every dependency as a sentence with its risk in words: the connectors' content for keyboard and screen-reader users. */
export function DependencyTable({ dependencies }: { dependencies: PiDependencyView[] }) {
  if (dependencies.length === 0) return <p>No blocking links between the PI&apos;s stories or features.</p>;
  return (
    <Table
      testId="pi-dependency-table"
      label="Dependencies: the blocker, the work it blocks, and when each is planned"
      columns={['Risk', 'Blocker', 'Blocked', 'What it means']}
      rows={dependencies.map((d) => ({
        key: d.id,
        testId: 'pi-dependency',
        data: { 'data-risk': d.risk, 'data-dependency-id': d.id },
        cells: [
          <Lozenge key="risk" appearance={RISK_LOOK[d.risk].lozenge}>
            {RISK_LOOK[d.risk].label}
          </Lozenge>,
          <>
            <JiraLink href={d.from.url}>{d.from.key}</JiraLink> {d.from.summary} · team {d.from.team ?? '—'} · {d.from.sprint ?? 'no sprint'}
          </>,
          <>
            <JiraLink href={d.to.url}>{d.to.key}</JiraLink> {d.to.summary} · team {d.to.team ?? '—'} · {d.to.sprint ?? 'no sprint'}
          </>,
          <>
            <span data-testid="pi-dependency-sentence">{d.sentence}</span> <JiraLink href={d.link.url}>Both issues in Jira</JiraLink>
          </>,
        ],
      }))}
    />
  );
}

/** The board's content as headings, tables and lists, in reading order. */
export function BoardList({ data, rows, featureFilter, dependencies }: { data: PiPlanningData; rows: PiTeamRowView[]; featureFilter: string | null; dependencies: PiDependencyView[] }) {
  return (
    <div data-testid="pi-list">
      <Sections>
        {rows.map((row) => (
          <TeamSection key={row.team} data={data} row={row} featureFilter={featureFilter} />
        ))}
        <Section id="pi-list-dependencies" title="Dependencies">
          <DependencyTable dependencies={dependencies} />
        </Section>
      </Sections>
    </div>
  );
}
