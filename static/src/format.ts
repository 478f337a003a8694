/** Small, pure display helpers: they format numbers the backend computed, never compute a metric. */
import { format, isValid, parseISO } from 'date-fns';
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

/** An ISO timestamp as a short local date and time, e.g. "Nov 20, 2026, 10:00". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parseISO(iso);
  return isValid(d) ? format(d, 'MMM d, yyyy, HH:mm') : iso;
}

/** An ISO date as a short local date, e.g. "Nov 20, 2026". */
export function date(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = parseISO(iso);
  return isValid(d) ? format(d, 'MMM d, yyyy') : iso;
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
