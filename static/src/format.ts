/** Small, pure display helpers. */

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

/** An ISO timestamp as a short local date and time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** An ISO date as a short local date. */
export function date(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Cost of Delay = BV + TC + RR|OE. */
export function costOfDelay(bv: number, tc: number, rr: number): number {
  return bv + tc + rr;
}

/** WSJF = CoD / job size, rounded to 2 decimals (as the domain does for display). */
export function wsjf(cod: number, jobSize: number): number | null {
  if (!jobSize) return null;
  return Math.round((cod / jobSize) * 100) / 100;
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
