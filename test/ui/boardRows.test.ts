/**
 * Issue 16: the program board's first paint draws the team rows in view (leadingRows), the others
 * after that paint. What is drawn first: whole rows, in order, at least one, enough to fill
 * FIRST_PAINT_PX by the guessed row heights; a filter counts only the cards it shows.
 */
import fc from 'fast-check';
import type { PiCardView, PiCellView, PiTeamRowView } from '../../src/contract';
import { CARD_HEIGHT_GUESS, CELL_HEADER_PX, FIRST_PAINT_PX, leadingRows } from '../../static/src/components/piPlanning/boardRows';

const card = (feature: string): PiCardView => ({ id: feature, feature: { key: feature } } as unknown as PiCardView);
const cell = (features: string[]): PiCellView => ({ cards: features.map(card) } as unknown as PiCellView);
/** A team row whose cells hold these features' cards (the last is the Unplanned column). */
const row = (team: string, cells: string[][]): PiTeamRowView => ({ team, cells: cells.slice(0, -1).map(cell), unplanned: cell(cells.at(-1) ?? []) } as unknown as PiTeamRowView);
const rowHeight = (cards: number) => CELL_HEADER_PX + cards * CARD_HEIGHT_GUESS;

describe('leadingRows', () => {
  it('a board that fits: every row at once', () => {
    const rows = [row('A', [['F1'], ['F2'], []]), row('B', [[], ['F1'], ['F3']])];
    expect(leadingRows(rows, null)).toEqual(rows);
  });

  it('a tall board: the rows until the guessed height reaches the first paint, by each row\'s fullest cell', () => {
    const per = Math.ceil((FIRST_PAINT_PX / 2 - CELL_HEADER_PX) / CARD_HEIGHT_GUESS);
    const tall = Array.from({ length: per }, (_, i) => `F${i}`);
    const rows = ['A', 'B', 'C', 'D'].map((t) => row(t, [tall, ['F1'], []]));
    expect(rowHeight(per) * 2).toBeGreaterThanOrEqual(FIRST_PAINT_PX);
    expect(leadingRows(rows, null).map((r) => r.team)).toEqual(['A', 'B']);
  });

  it('one row taller than the first paint: that row alone', () => {
    const many = Array.from({ length: 40 }, (_, i) => `F${i}`);
    const rows = [row('A', [many, []]), row('B', [['F1'], []])];
    expect(leadingRows(rows, null).map((r) => r.team)).toEqual(['A']);
  });

  it('with a feature filter, only the cards shown count', () => {
    const many = Array.from({ length: 40 }, (_, i) => `F${i}`);
    const rows = [row('A', [many, []]), row('B', [many, []])];
    expect(leadingRows(rows, 'F1').map((r) => r.team)).toEqual(['A', 'B']);
  });

  it('property: a non-empty prefix of the rows, all of them when they fit, else just enough to fill the first paint', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(12), { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const rows = counts.map((cells, t) => row(`T${t}`, cells.map((n) => Array.from({ length: n }, (_, i) => `F${i}`))));
        const first = leadingRows(rows, null);
        expect(first.length).toBeGreaterThan(0);
        expect(first).toEqual(rows.slice(0, first.length));
        const heights = counts.map((cells) => rowHeight(Math.max(...cells)));
        const sum = (n: number) => heights.slice(0, n).reduce((a, b) => a + b, 0);
        if (first.length < rows.length) expect(sum(first.length)).toBeGreaterThanOrEqual(FIRST_PAINT_PX);
        expect(sum(first.length - 1)).toBeLessThan(FIRST_PAINT_PX);
      }),
    );
  });
});
