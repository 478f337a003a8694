import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import type { PiCapacityView, PiCellView, PiPlanningData, PiTeamRowView } from '../types';
import { SUBTLE_TEXT } from './look';

/** A cell's capacity: the number, and where it comes from when it is not the team's velocity. */
function Capacity({ capacity, partial }: { capacity: PiCapacityView | number | null; partial?: boolean }) {
  if (capacity === null) return <div>capacity unknown</div>;
  if (typeof capacity === 'number') return <div>capacity {capacity}{partial ? ' (some iterations unknown)' : ''}</div>;
  return (
    <div>
      capacity {capacity.value === null ? 'unknown' : capacity.value}
      {capacity.source !== 'velocity' && (
        <span data-testid="pi-capacity-source" style={{ display: 'block', fontSize: 12, color: SUBTLE_TEXT }}>
          {capacity.source === 'override' ? <>Override: {capacity.overrideReason}</> : capacity.basis}
        </span>
      )}
    </div>
  );
}

/** The team's velocity behind its capacity, once per row: the median's sentence and each closed sprint's accepted points. */
function Velocity({ row }: { row: PiTeamRowView }) {
  const source = row.cells.find((c) => c.capacity?.source === 'velocity')?.capacity;
  if (!source) return null;
  return (
    <div style={{ fontSize: 12, color: SUBTLE_TEXT, marginTop: 4 }}>
      {source.basis}
      {source.history.length > 0 && (
        <div>
          {source.history.map((h, i) => (
            <span key={h.sprintId}>
              {i > 0 && ', '}
              {h.sprint}: <FigureLine figure={h.velocity} what={`points accepted in ${h.sprint}`} />
            </span>
          ))}
        </div>
      )}
    </div>
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
      {
        key: 'team',
        content: (
          <div style={{ maxWidth: 200 }}>
            <strong>{row.team}</strong>
            <Velocity row={row} />
          </div>
        ),
      },
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
