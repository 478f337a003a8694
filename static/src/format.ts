/** Small, pure display helpers: they format numbers the backend computed, never compute a metric. */
import type { FigureUnit } from './components/types';

export const DASH = '—';

/** 0..1 rate as a whole percent, e.g. 0.724 → "72%"; null → "—". */
export function percent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(digits)}%`;
}

/** A number with at most `digits` decimals, trailing zeros dropped; null → "—". */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

// Written out rather than date-fns' `format`, whose formatter and locale are a fifth of the issue
// panel's own code (issue 16). English month names, as the rest of the UI's text.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO date or timestamp as a local Date; a date alone is local midnight (as date-fns' parseISO reads it), not UTC's. */
function parseIsoLocal(iso: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) {
    const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // Feb 30 would roll over into March: not a date.
    return d.getDate() === Number(day[3]) && d.getMonth() === Number(day[2]) - 1 ? d : null;
  }
  const d = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

const localDate = (d: Date) => `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;

/** An ISO timestamp as a short local date and time, e.g. "Nov 20, 2026, 10:00". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parseIsoLocal(iso);
  return d ? `${localDate(d)}, ${pad2(d.getHours())}:${pad2(d.getMinutes())}` : iso;
}

/** An ISO date as a short local date, e.g. "Nov 20, 2026". */
export function date(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parseIsoLocal(iso);
  return d ? localDate(d) : iso;
}

const SINGULAR: Record<FigureUnit, string> = { issues: 'issue', points: 'point', pairs: 'pair', iterations: 'iteration' };

/** The unit a count is in, singular for exactly one, e.g. (1, 'issues') → "issue". */
export function unitWord(count: number | null | undefined, unit: FigureUnit): string {
  return count === 1 ? SINGULAR[unit] : unit;
}

/** One CSV field, quoted when needed; a leading formula character is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
