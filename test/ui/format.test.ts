/**
 * The UI's date display without date-fns' `format` in the bundle (issue 16): the same text date-fns'
 * `format(parseISO(iso), …)` gives, taken as the oracle,
 * for any instant, offset and date, and the string itself back for what is not a date.
 */
import fc from 'fast-check';
import { format, isValid, parseISO } from 'date-fns';
import { date, dateTime } from '../../static/src/format';

const viaDateFns = (iso: string, pattern: string) => {
  const d = parseISO(iso);
  return isValid(d) ? format(d, pattern) : iso;
};

const instant = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true });
const offset = fc.constantFrom('Z', '+00:00', '+0000', '+02:00', '-05:00', '+05:30', '');

describe('dateTime and date render ISO strings as date-fns did', () => {
  it('a timestamp with any offset (or none: local) reads as date-fns formats it in local time', () => {
    fc.assert(
      fc.property(instant, offset, fc.boolean(), (d, off, millis) => {
        const iso = d.toISOString().slice(0, millis ? 23 : 19) + off;
        expect(dateTime(iso)).toBe(viaDateFns(iso, 'MMM d, yyyy, HH:mm'));
        expect(date(iso)).toBe(viaDateFns(iso, 'MMM d, yyyy'));
      }),
      { numRuns: 100 },
    );
  });

  it('a date alone is that calendar day, not the UTC midnight a Date would read', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(date(iso)).toBe(viaDateFns(iso, 'MMM d, yyyy'));
        expect(dateTime(iso)).toBe(viaDateFns(iso, 'MMM d, yyyy, HH:mm'));
      }),
      { numRuns: 100 },
    );
  });

  it('what is not a date is shown as sent, and nothing as a dash', () => {
    for (const s of ['2026-02-30', 'soon', '2026-13-01', '']) expect(date(s)).toBe(s === '' ? '—' : s);
    expect(dateTime(null)).toBe('—');
    expect(date('2026-11-20')).toBe('Nov 20, 2026');
  });
});
