import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import { JiraLink } from '../JiraLink';
import type { PiCellView, PiDependencyView, PiPlanningData, PiTeamRowView } from '../types';
import { BORDER, NEUTRAL_BG } from './look';
import { RISK_LOOK } from './look';
import { CardNumbers, CardTags, CardTitle } from './PiCard';

function columnLabel(data: PiPlanningData, cell: PiCellView): string {
  if (cell.column === null) return 'Unplanned';
  return data.columns[cell.column]?.label ?? `Iteration ${cell.column + 1}`;
}

function CellRow({ data, cell, featureFilter }: { data: PiPlanningData; cell: PiCellView; featureFilter: string | null }) {
  const what = `team ${cell.team}, ${cell.sprint ?? 'unplanned'}`;
  const cards = cell.cards.filter((c) => featureFilter === null || c.feature?.key === featureFilter);
  return (
    <tr data-testid="pi-list-cell" data-team={cell.team} data-sprint-id={cell.sprintId ?? ''}>
      <th scope="row" style={th}>
        {columnLabel(data, cell)}
        {cell.sprint && (
          <div style={{ fontWeight: 'normal' }}>
            {cell.sprint} (sprint id {cell.sprintId})
          </div>
        )}
      </th>
      <td style={td}>
        {cell.sprintId === null && cell.column !== null ? (
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
        )}
      </td>
      <td style={td}>
        {cards.length === 0 ? (
          'No cards'
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {cards.map((card) => (
              <li key={card.id} data-testid="pi-list-card" data-card-id={card.id}>
                <CardTitle card={card} /> — <CardNumbers card={card} sprint={cell.sprint} /> <CardTags card={card} />
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function TeamSection({ data, row, featureFilter }: { data: PiPlanningData; row: PiTeamRowView; featureFilter: string | null }) {
  const id = `pi-list-team-${row.team.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} data-testid="pi-list-team" data-team={row.team} style={{ marginBottom: 16 }}>
      <h3 id={id}>
        {row.team}
        {row.kind === 'kanban' && ' (kanban)'}
      </h3>
      {row.note && <p>{row.note}</p>}
      {row.objectives.length > 0 ? (
        <>
          <h4 style={{ margin: '4px 0' }}>PI objectives</h4>
          <ul>
            {row.objectives.map((o) => (
              <li key={o.issue.key}>
                <JiraLink href={o.issue.url}>{o.issue.key}</JiraLink> {o.issue.summary}
                {o.planned !== null && <> · planned business value {o.planned}</>}
                {!o.committed && <> · uncommitted (stretch)</>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No PI objectives yet.</p>
      )}
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <caption style={{ textAlign: 'left', paddingBottom: 4 }}>Team {row.team}: load against capacity and the features planned, per iteration</caption>
        <thead>
          <tr>
            <th scope="col" style={th}>
              Iteration
            </th>
            <th scope="col" style={th}>
              Load and capacity
            </th>
            <th scope="col" style={th}>
              Cards (feature: points in stories)
            </th>
          </tr>
        </thead>
        <tbody>
          {[...row.cells, row.unplanned].map((cell, i) => (
            <CellRow key={i} data={data} cell={cell} featureFilter={featureFilter} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every dependency as a sentence with its risk in words: the connectors' content for keyboard and screen-reader users. */
export function DependencyTable({ dependencies }: { dependencies: PiDependencyView[] }) {
  if (dependencies.length === 0) return <p>No blocking links between the PI&apos;s stories or features.</p>;
  return (
    <table data-testid="pi-dependency-table" style={{ borderCollapse: 'collapse', width: '100%' }}>
      <caption style={{ textAlign: 'left', paddingBottom: 4 }}>Dependencies: the blocker, the work it blocks, and when each is planned</caption>
      <thead>
        <tr>
          <th scope="col" style={th}>
            Risk
          </th>
          <th scope="col" style={th}>
            Blocker
          </th>
          <th scope="col" style={th}>
            Blocked
          </th>
          <th scope="col" style={th}>
            What it means
          </th>
        </tr>
      </thead>
      <tbody>
        {dependencies.map((d) => (
          <tr key={d.id} data-testid="pi-dependency" data-risk={d.risk} data-dependency-id={d.id}>
            <td style={td}>
              <Lozenge appearance={RISK_LOOK[d.risk].lozenge}>{RISK_LOOK[d.risk].label}</Lozenge>
            </td>
            <td style={td}>
              <JiraLink href={d.from.url}>{d.from.key}</JiraLink> {d.from.summary} · team {d.from.team ?? '—'} · {d.from.sprint ?? 'no sprint'}
            </td>
            <td style={td}>
              <JiraLink href={d.to.url}>{d.to.key}</JiraLink> {d.to.summary} · team {d.to.team ?? '—'} · {d.to.sprint ?? 'no sprint'}
            </td>
            <td style={td}>
              <span data-testid="pi-dependency-sentence">{d.sentence}</span> <JiraLink href={d.link.url}>Both issues in Jira</JiraLink>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The board's content as headings, tables and lists, in reading order. */
export function BoardList({ data, rows, featureFilter, dependencies }: { data: PiPlanningData; rows: PiTeamRowView[]; featureFilter: string | null; dependencies: PiDependencyView[] }) {
  return (
    <div data-testid="pi-list">
      {rows.map((row) => (
        <TeamSection key={row.team} data={data} row={row} featureFilter={featureFilter} />
      ))}
      <h3>Dependencies</h3>
      <DependencyTable dependencies={dependencies} />
    </div>
  );
}

const th = { border: `1px solid ${BORDER}`, padding: '6px 10px', textAlign: 'left' as const, background: NEUTRAL_BG, verticalAlign: 'top' as const };
const td = { border: `1px solid ${BORDER}`, padding: '6px 10px', verticalAlign: 'top' as const };
