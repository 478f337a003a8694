import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import type { PiCapacityView, PiCellView, PiPlanningData, PiTeamRowView } from '../types';
import { SUBTLE_TEXT } from './look';

function Capacity({ capacity, partial }: { capacity: PiCapacityView | number | null; partial?: boolean }) {
  if (capacity === null) return <span>capacity unknown</span>;
  if (typeof capacity === 'number') return <span>capacity {capacity}{partial ? ' (some iterations unknown)' : ''}</span>;
  return (
    <span>
      capacity {capacity.value === null ? 'unknown' : capacity.value}
      <span style={{ display: 'block', fontSize: 11, color: SUBTLE_TEXT }}>
        {capacity.source === 'override' ? <>Override: {capacity.overrideReason}</> : capacity.basis}
      </span>
      {capacity.history.length > 0 && (
        <span style={{ display: 'block', fontSize: 11 }}>
          from{' '}
          {capacity.history.map((h, i) => (
            <span key={h.sprintId}>
              {i > 0 && ', '}
              {h.sprint}: <FigureLine figure={h.velocity} what={`points accepted in ${h.sprint}`} />
            </span>
          ))}
        </span>
      )}
    </span>
  );
}

function CellContent({ cell }: { cell: PiCellView }) {
  if (cell.column !== null && cell.sprintId === null) return <span>no sprint</span>;
  const what = `team ${cell.team}, ${cell.sprint ?? 'unplanned'}`;
  return (
    <div data-testid="pi-capacity-cell" data-team={cell.team} data-sprint-id={cell.sprintId ?? ''} data-over-committed={cell.overCommitted}>
      <div>
        load <FigureLine figure={cell.load} what={`points planned for ${what}`} testId="pi-capacity-load" />
      </div>
      {cell.capacity && <Capacity capacity={cell.capacity} />}
      <div>
        unestimated <FigureLine figure={cell.unestimated} what={`stories without points for ${what}`} />
      </div>
      {cell.overCommitted && (
        <div data-testid="pi-capacity-over">
          <Lozenge appearance="removed" isBold>
            Over-committed
          </Lozenge>
          <span style={{ display: 'block', fontSize: 12 }}>{cell.overCommitMessage}</span>
        </div>
      )}
    </div>
  );
}

function Totals({ row }: { row: PiTeamRowView }) {
  const t = row.totals;
  return (
    <div data-testid="pi-capacity-total" data-team={row.team} data-over-committed={t.overCommitted}>
      <div>
        load <FigureLine figure={t.load} what={`points team ${row.team} planned in the PI`} />
      </div>
      <Capacity capacity={t.capacity} partial={t.capacityPartial} />
      <div>
        unestimated <FigureLine figure={t.unestimated} what={`stories team ${row.team} planned in the PI without points`} />
      </div>
      {t.overCommitted && (
        <Lozenge appearance="removed" isBold>
          Over-committed
        </Lozenge>
      )}
    </div>
  );
}

/** Team × iteration: capacity (velocity or an override, with its reason), load, unestimated stories, over-commitment; totals per team and for the train. */
export function CapacityTable({ data, rows }: { data: PiPlanningData; rows: PiTeamRowView[] }) {
  const head = {
    cells: [
      { key: 'team', content: 'Team' },
      ...data.columns.map((c) => ({ key: `c${c.index}`, content: c.label })),
      { key: 'unplanned', content: 'Unplanned' },
      { key: 'total', content: 'PI total' },
    ],
  };
  const teamRows = rows.map((row) => ({
    key: row.team,
    cells: [
      { key: 'team', content: <strong>{row.team}</strong> },
      ...row.cells.map((cell, i) => ({ key: `c${i}`, content: <CellContent cell={cell} /> })),
      { key: 'unplanned', content: <CellContent cell={row.unplanned} /> },
      { key: 'total', content: <Totals row={row} /> },
    ],
  }));
  const train = data.train;
  const trainRow = {
    key: '__train',
    cells: [
      { key: 'team', content: <strong>Train</strong> },
      ...data.columns.map((c) => ({ key: `c${c.index}`, content: '' })),
      { key: 'unplanned', content: '' },
      {
        key: 'total',
        content: (
          <div data-testid="pi-capacity-train">
            <div>
              load <FigureLine figure={train.load} what="points the train planned in the PI" />
            </div>
            <Capacity capacity={train.capacity} partial={train.capacityPartial} />
            <div>
              unestimated <FigureLine figure={train.unestimated} what="stories the train planned in the PI without points" />
            </div>
          </div>
        ),
      },
    ],
  };
  return (
    <div data-testid="pi-capacity">
      <DynamicTable caption="Capacity against load per team and iteration" head={head} rows={[...teamRows, trainRow]} emptyView={<p>No teams in the PI.</p>} />
    </div>
  );
}
