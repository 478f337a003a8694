import fc from 'fast-check';
import { maxOf, percentile } from '../../scripts/stats';

describe("the benchmarks' percentiles (scripts/stats.ts, nearest rank)", () => {
  const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10 … 200

  it('takes rank ⌈q·n⌉: with 20 runs the p95 is the 19th, the p50 the 10th, so one slow run in 20 is not the p95', () => {
    expect(percentile(twenty, 0.95)).toBe(190);
    expect(percentile(twenty, 0.5)).toBe(100);
    expect(percentile([...twenty.slice(0, 19), 5000], 0.95)).toBe(190);
    expect(maxOf([...twenty.slice(0, 19), 5000])).toBe(5000);
    // Two slow runs in 20 are more than 5%: the p95 is one of them.
    expect(percentile([...twenty.slice(0, 18), 4000, 5000], 0.95)).toBe(4000);
  });

  it('is the whole sample for q = 1 and for one sample, and does not depend on the order', () => {
    expect(percentile([3, 1, 2], 1)).toBe(3);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(20);
  });

  it('refuses no samples and a rank outside (0, 1]', () => {
    expect(() => percentile([], 0.5)).toThrow('no samples');
    expect(() => maxOf([])).toThrow('no samples');
    expect(() => percentile([1], 0)).toThrow('(0, 1]');
    expect(() => percentile([1], 95)).toThrow('(0, 1]');
  });

  it('has at least q of the samples at or below it, and fewer than q strictly below it (every sample set)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (xs, pct) => {
        const q = pct / 100;
        const p = percentile(xs, q);
        expect(xs).toContain(p);
        expect(xs.filter((x) => x <= p).length).toBeGreaterThanOrEqual(q * xs.length);
        expect(xs.filter((x) => x < p).length).toBeLessThan(q * xs.length);
        expect(p).toBeLessThanOrEqual(maxOf(xs));
      }),
    );
  });
});
