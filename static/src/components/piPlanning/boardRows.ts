/** Which of the program board's rows its first paint draws (issue 16), apart from the board so it is tested without a DOM. */
import type { PiCardView, PiCellView, PiTeamRowView } from '../types';

/** A cell's cards the feature filter shows (all of them with no filter): what the board, the list view and the first paint draw. */
export function cardsShown(cell: PiCellView, featureFilter: string | null): PiCardView[] {
  return featureFilter === null ? cell.cards : cell.cards.filter((card) => card.feature?.key === featureFilter);
}

/** How far down the first paint draws: about a viewport and a half of the tallest cells (a guess from card counts). */
export const FIRST_PAINT_PX = 1500;

/**
 * The leading team rows whose guessed height (each row as tall as its fullest cell) fills
 * FIRST_PAINT_PX, at least one: what is in view when the tab opens.
 */
export function leadingRows(rows: PiTeamRowView[], featureFilter: string | null): PiTeamRowView[] {
  let height = 0;
  for (let i = 0; i < rows.length; i++) {
    const fullest = Math.max(0, ...[...rows[i].cells, rows[i].unplanned].map((c) => cardsShown(c, featureFilter).length));
    height += CELL_HEADER_PX + fullest * CARD_HEIGHT_GUESS;
    if (height >= FIRST_PAINT_PX) return rows.slice(0, i + 1);
  }
  return rows;
}

/** A card's height before its list is first drawn (./board.css `.pi-cards`): measured cards at 50k issues are 61–173 px with 6 px between them. */
export const CARD_HEIGHT_GUESS = 112;
/** A cell's sprint, load and capacity lines above its cards. */
export const CELL_HEADER_PX = 90;
