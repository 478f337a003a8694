/** Small, pure display helpers: they format numbers the backend computed, never compute a metric. */
import { isValid, parseISO } from 'date-fns';
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

// Parsing is date-fns' (parseISO and isValid alone are a few KB, tree-shaken); the text is the
// platform's Intl formatter, so date-fns' `format` and its locale (a fifth of the issue panel's own
// code, issue 16) stay out of the bundle. English month names, as the rest of the UI's text.
const DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An ISO date or timestamp as a Date (a date alone is local midnight), or null when it is not one. */
function parsed(iso: string): Date | null {
  const d = parseISO(iso);
  return isValid(d) ? d : null;
}

/** An ISO timestamp as a short local date and time, e.g. "Nov 20, 2026, 10:00". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parsed(iso);
  return d ? `${DATE.format(d)}, ${TIME.format(d)}` : iso;
}

/** An ISO date as a short local date, e.g. "Nov 20, 2026". */
export function date(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parsed(iso);
  return d ? DATE.format(d) : iso;
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
