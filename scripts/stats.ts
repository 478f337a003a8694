/**
 * The benchmarks' percentiles: the nearest-rank definition, the smallest sample such that at least
 * q of all samples are at or below it (rank ⌈q·n⌉, 1-based). With 20 runs the p95 is the 19th-fastest
 * run, so one run in 20 may be slower; the slowest is reported apart (`maxOf`).
 *
 * Until 2026-12-03 the benches took rank ⌊q·n⌋ + 1, one rank higher whenever q·n is whole: with 20
 * runs their "p95" was the slowest run and their "p50" the 11th.
 */
export function percentile(xs: readonly number[], q: number): number {
  if (!xs.length) throw new Error('percentile of no samples');
  if (!(q > 0 && q <= 1)) throw new Error(`percentile rank must be in (0, 1], not ${q}`);
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1];
}

/** The slowest sample. */
export function maxOf(xs: readonly number[]): number {
  if (!xs.length) throw new Error('max of no samples');
  return xs.reduce((a, b) => (b > a ? b : a));
}
