import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { date } from '../../format';
import { FigureLine } from '../Figure';
import { JiraLink } from '../JiraLink';
import type { PiCellView, PiColumnView, PiDependencyView, PiPlanningData, PiTeamRowView } from '../types';
import { BORDER, NEUTRAL_BG, OVER_BG, OVER_BORDER, RISK_LOOK, RISK_ORDER, SUBTLE_TEXT, SURFACE, SURFACE_SUNKEN, TOP_BORDER } from './look';
import './board.css';
import { PiCard } from './PiCard';
import { CARD_HEIGHT_GUESS, cardsShown, leadingRows } from './boardRows';
import { useAfterPaint } from '../AfterPaint';
import { Loading } from '../Loading';

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Connector {
  dependency: PiDependencyView;
  d: string;
}

/**
 * A connector from the blocker's card to the blocked card, as a cubic curve between the boxes the
 * browser laid out (no layout of our own): right edge to left edge when the blocker is to the left,
 * left edge to right edge when it is to the right (a "later" blocker), and a loop on the right side
 * when both are in one column.
 */
function connectorPath(a: Box, b: Box): string {
  const ay = (a.top + a.bottom) / 2;
  const by = (b.top + b.bottom) / 2;
  if (a.right <= b.left) {
    const dx = Math.max(24, (b.left - a.right) / 2);
    return `M ${a.right} ${ay} C ${a.right + dx} ${ay}, ${b.left - dx} ${by}, ${b.left} ${by}`;
  }
  if (b.right <= a.left) {
    const dx = Math.max(24, (a.left - b.right) / 2);
    return `M ${a.left} ${ay} C ${a.left - dx} ${ay}, ${b.right + dx} ${by}, ${b.right} ${by}`;
  }
  if (a === b || (a.top === b.top && a.left === b.left)) {
    return `M ${a.right} ${a.top + 8} C ${a.right + 36} ${a.top}, ${a.right + 36} ${a.bottom}, ${a.right} ${a.bottom - 8}`;
  }
  return `M ${a.right} ${ay} C ${a.right + 40} ${ay}, ${b.right + 40} ${by}, ${b.right} ${by}`;
}

function relativeBox(el: HTMLElement, origin: DOMRect): Box {
  const r = el.getBoundingClientRect();
  return { left: r.left - origin.left, right: r.right - origin.left, top: r.top - origin.top, bottom: r.bottom - origin.top };
}

/** The SVG overlay: re-measured whenever the board changes size (filters, fonts, window). */
function useConnectors(dependencies: PiDependencyView[], visibleKey: string) {
  const boardRef = useRef<HTMLDivElement | null>(null);
  const cards = useRef(new Map<string, HTMLElement>());
  const [connectors, setConnectors] = useState<Connector[]>([]);
  const [size, setSize] = useState({ width: 0, height: 0 });

  const measure = useCallback(() => {
    const board = boardRef.current;
    if (!board) return;
    const origin = board.getBoundingClientRect();
    const drawn: Connector[] = [];
    for (const dep of dependencies) {
      const from = dep.fromCard ? cards.current.get(dep.fromCard) : undefined;
      const to = dep.toCard ? cards.current.get(dep.toCard) : undefined;
      if (!from || !to) continue;
      const a = relativeBox(from, origin);
      drawn.push({ dependency: dep, d: connectorPath(a, from === to ? a : relativeBox(to, origin)) });
    }
    setConnectors(drawn);
    setSize({ width: board.scrollWidth, height: board.scrollHeight });
  }, [dependencies]);

  // After the board has painted (issue 16): the cards show first, their connectors a frame later.
  useEffect(() => {
    measure();
    const board = boardRef.current;
    if (!board || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(board);
    return () => observer.disconnect();
  }, [measure, visibleKey]);

  const cardRef = useCallback(
    (id: string) => (el: HTMLElement | null) => {
      if (el) cards.current.set(id, el);
      else cards.current.delete(id);
    },
    [],
  );
  return { boardRef, cardRef, connectors, size };
}

export function RiskLegend() {
  return (
    <ul data-testid="pi-risk-legend" aria-label="Dependency connectors" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, listStyle: 'none', padding: 0, margin: '8px 0' }}>
      {RISK_ORDER.map((risk) => {
        const look = RISK_LOOK[risk];
        return (
          <li key={risk} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <svg width="40" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="40" y2="5" style={{ stroke: look.stroke, strokeWidth: look.width, strokeDasharray: look.dash }} />
            </svg>
            <span>
              <strong>{look.label}</strong>: {look.meaning}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function ColumnHeader({ column }: { column: PiColumnView }) {
  return (
    <div style={{ ...headerCell }} data-testid="pi-column" data-column={column.index}>
      <strong>{column.label}</strong>
      <div style={{ fontSize: 12, color: SUBTLE_TEXT }}>
        {date(column.start)} – {date(column.end)}
      </div>
    </div>
  );
}

function CellHeader({ cell, what }: { cell: PiCellView; what: string }) {
  return (
    <div style={{ fontSize: 12, marginBottom: 6, color: SUBTLE_TEXT }}>
      {cell.sprint && <div style={{ fontWeight: 600 }}>{cell.sprint}</div>}
      <div>
        <FigureLine figure={cell.load} what={`points planned for ${what}`} testId="pi-cell-load" />
        {cell.capacity && <> · capacity {cell.capacity.value === null ? 'unknown' : cell.capacity.value}</>}
        {cell.unestimated.numerator > 0 && (
          <>
            {' '}
            · unestimated <FigureLine figure={cell.unestimated} what={`stories without points for ${what}`} testId="pi-cell-unestimated" />
          </>
        )}
      </div>
      {cell.capacity?.overrideReason && <div data-testid="pi-cell-override">Override: {cell.capacity.overrideReason}</div>}
      {cell.overCommitted && (
        <div role="note" data-testid="pi-cell-overcommitted" title={cell.overCommitMessage ?? undefined} style={{ marginTop: 2 }}>
          <Lozenge appearance="removed" isBold>
            Over-committed
          </Lozenge>
          <span style={visuallyHidden}> {cell.overCommitMessage}</span>
        </div>
      )}
    </div>
  );
}

function Cell({ cell, featureFilter, cardRef, testId }: { cell: PiCellView; featureFilter: string | null; cardRef: (id: string) => (el: HTMLElement | null) => void; testId: string }) {
  const what = `team ${cell.team}, ${cell.sprint ?? 'unplanned'}`;
  const cards = cardsShown(cell, featureFilter);
  const noSprint = cell.sprintId === null && cell.column !== null;
  return (
    <div className="pi-cell" data-testid={testId} data-team={cell.team} data-sprint-id={cell.sprintId ?? ''} data-over-committed={cell.overCommitted} data-no-sprint={noSprint}>
      {noSprint ? (
        <div style={{ fontSize: 12, color: SUBTLE_TEXT }}>No sprint</div>
      ) : (
        <CellHeader cell={cell} what={what} />
      )}
      {cards.length > 0 && (
        <div className="pi-cards" style={{ containIntrinsicSize: `auto ${cards.length * CARD_HEIGHT_GUESS}px` }}>
          {cards.map((card) => (
            <PiCard key={card.id} card={card} sprint={cell.sprint} cardRef={cardRef(card.id)} />
          ))}
        </div>
      )}
    </div>
  );
}

function TeamHeader({ row }: { row: PiTeamRowView }) {
  return (
    <div className="pi-cell" style={{ background: NEUTRAL_BG }} data-testid="pi-team" data-team={row.team}>
      <h3 style={{ margin: 0, fontSize: 16 }}>{row.team}</h3>
      {row.kind === 'kanban' && <Lozenge>Kanban</Lozenge>}
      {row.note && <p style={{ fontSize: 12, margin: '4px 0' }}>{row.note}</p>}
      <div style={{ fontSize: 12, marginTop: 4 }}>
        {row.objectives.length === 0 ? (
          <span style={{ color: SUBTLE_TEXT }}>No PI objectives yet.</span>
        ) : (
          <>
            <div style={{ fontWeight: 600 }}>PI objectives</div>
            <ul data-testid="pi-objectives" style={{ margin: 0, paddingLeft: 16 }}>
              {row.objectives.map((o) => (
                <li key={o.issue.key}>
                  <JiraLink href={o.issue.url}>{o.issue.key}</JiraLink> {o.issue.summary}
                  {o.planned !== null && <> · BV {o.planned}</>}
                  {!o.committed && <> · stretch</>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The program board: one row per team, one column per iteration and one for unplanned work,
 * the teams' PI objectives beside their rows, and the dependencies drawn between cards in the
 * colour and line pattern of their risk (each connector's sentence is its tooltip; the list view
 * has them all as text).
 */
export function ProgramBoard({ data, rows: allRows, featureFilter, dependencies }: { data: PiPlanningData; rows: PiTeamRowView[]; featureFilter: string | null; dependencies: PiDependencyView[] }) {
  // The rows a person sees first, then the rest after their paint (issue 16: at 50k issues drawing
  // all the board's cards in one frame was most of the tab's wait).
  const painted = useAfterPaint();
  const rows = painted ? allRows : leadingRows(allRows, featureFilter);
  const complete = rows.length === allRows.length;
  const visibleKey = `${rows.map((r) => r.team).join(',')}|${featureFilter ?? ''}`;
  const { boardRef, cardRef, connectors, size } = useConnectors(dependencies, visibleKey);
  // Narrow enough that a PI of five iterations fits the project page's frame without scrolling.
  const template = `minmax(150px, 200px) repeat(${data.columns.length}, minmax(148px, 1fr)) minmax(148px, 1fr)`;
  return (
    <div data-testid="pi-board" data-complete={complete} aria-busy={!complete} style={{ ...boardTokens, overflowX: 'auto', paddingBottom: 8 }}>
      <div ref={boardRef} style={{ position: 'relative', minWidth: 150 + 148 * (data.columns.length + 1) }}>
        <div style={{ display: 'grid', gridTemplateColumns: template, borderTop: `1px solid ${BORDER}`, borderLeft: `1px solid ${BORDER}` }}>
          <div style={headerCell}>
            <strong>Team</strong>
          </div>
          {data.columns.map((c) => (
            <ColumnHeader key={c.index} column={c} />
          ))}
          <div style={headerCell} data-testid="pi-column" data-column="unplanned">
            <strong>Unplanned</strong>
            <div style={{ fontSize: 12, color: SUBTLE_TEXT }}>in no sprint of the PI</div>
          </div>
          {rows.map((row) => [
            <TeamHeader key={`${row.team}-team`} row={row} />,
            ...row.cells.map((cell, i) => <Cell key={`${row.team}-${i}`} cell={cell} featureFilter={featureFilter} cardRef={cardRef} testId="pi-cell" />),
            <Cell key={`${row.team}-unplanned`} cell={row.unplanned} featureFilter={featureFilter} cardRef={cardRef} testId="pi-cell-unplanned" />,
          ])}
        </div>
        <svg data-testid="pi-connectors" width={size.width} height={size.height} style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none', zIndex: 1, overflow: 'visible' }} role="img" aria-label="Dependency connectors between cards; the list view has them as text">
          <defs>
            {RISK_ORDER.map((risk) => (
              <marker key={risk} id={`pi-arrow-${risk}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: RISK_LOOK[risk].stroke }} />
              </marker>
            ))}
          </defs>
          {connectors.map(({ dependency: dep, d }) => {
            const look = RISK_LOOK[dep.risk];
            return (
              <path key={dep.id} d={d} data-testid="pi-connector" data-risk={dep.risk} data-dependency-id={dep.id} markerEnd={`url(#pi-arrow-${dep.risk})`} style={{ fill: 'none', stroke: look.stroke, strokeWidth: look.width, strokeDasharray: look.dash, pointerEvents: 'stroke' }}>
                <title>{`${look.label}: ${dep.sentence}`}</title>
              </path>
            );
          })}
        </svg>
      </div>
      {!complete && <Loading label="Drawing the other teams' rows" />}
    </div>
  );
}

const visuallyHidden: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' };
const headerCell: CSSProperties = { padding: '6px 8px', background: NEUTRAL_BG, borderRight: `1px solid ${BORDER}`, borderBottom: `1px solid ${BORDER}` };
/** The tokens ./board.css draws with, from ./look.ts. */
const boardTokens = { '--pi-border': BORDER, '--pi-over-bg': OVER_BG, '--pi-over-border': OVER_BORDER, '--pi-sunken': SURFACE_SUNKEN, '--pi-surface': SURFACE, '--pi-top-border': TOP_BORDER, '--pi-subtle': SUBTLE_TEXT } as CSSProperties;
