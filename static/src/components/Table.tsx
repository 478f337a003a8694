import DynamicTable from '@atlaskit/dynamic-table';
import type { ReactNode } from 'react';

/** One row of a read-only table: its cells in column order, with optional test hooks. */
export interface TableRow {
  key: string;
  cells: ReactNode[];
  testId?: string;
  /** A data-testid per cell (same order as the cells); undefined for none. */
  cellTestIds?: (string | undefined)[];
  /** data-* attributes for the row element (e.g. { 'data-key': 'ART-1' }). */
  /** Marked as Atlaskit's highlighted row (e.g. a changed value). */
  isHighlighted?: boolean;
  data?: Record<`data-${string}`, string | number | undefined>;
}

/** Shown to assistive technology only (a caption that would repeat the heading above). */
export function ScreenReaderOnly({ children }: { children: ReactNode }) {
  return <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>{children}</span>;
}

/**
 * A table a person reads, drawn by Atlaskit's dynamic table (Jira's own table look). The wrapper
 * carries `testId`, the table itself `${testId}--table`, so selectors on the wrapper keep working.
 * `caption` is shown above the rows; `label` names the table for assistive technology only.
 */
export function Table({ testId, caption, label, columns, rows, rowsPerPage, emptyView }: { testId: string; caption?: ReactNode; label?: string; columns: ReactNode[]; rows: TableRow[]; rowsPerPage?: number; emptyView?: JSX.Element }) {
  return (
    <div data-testid={testId}>
      <DynamicTable
        testId={testId}
        caption={caption}
        label={label}
        head={{ cells: columns.map((content, i) => ({ key: `c${i}`, content })) }}
        rows={rows.map((r) => ({
          ...r.data,
          key: r.key,
          testId: r.testId,
          isHighlighted: r.isHighlighted,
          cells: r.cells.map((content, i) => ({ key: `${r.key}-${i}`, content, testId: r.cellTestIds?.[i] })),
        }))}
        rowsPerPage={rowsPerPage}
        emptyView={emptyView}
      />
    </div>
  );
}
