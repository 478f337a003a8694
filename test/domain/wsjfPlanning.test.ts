import fc from 'fast-check';
import {
  applyRankOperations,
  longestIncreasingSubsequence,
  nearestOnScale,
  normaliseColumn,
  planRankMoves,
  rankChanges,
  rankFeatures,
  type RankingCandidate,
} from '../../src/domain/wsjfPlanning';
import { rankByWsjf } from '../../src/domain/wsjf';

const SCALE = [1, 2, 3, 5, 8, 13, 20];

describe('normaliseColumn', () => {
  it('scales a column so its smallest value is 1 and the others keep their size relative to it', () => {
    // 3 → 1, 5/3 ≈ 1.67 → 2, 8/3 ≈ 2.67 → 3, 20/3 ≈ 6.67 → 8 (nearest on a log axis)
    expect(normaliseColumn([5, 3, 8, 20, 3], SCALE)).toEqual([2, 1, 3, 8, 1]);
    expect(normaliseColumn([2, 4, 8], SCALE)).toEqual([1, 2, 5]); // 8/2 = 4 is nearer 5 than 3 on a log axis
  });

  it('leaves a column that already has a 1 and only scale values unchanged', () => {
    expect(normaliseColumn([1, 13, 2, 20, 5], SCALE)).toEqual([1, 13, 2, 20, 5]);
  });

  it('snaps off-scale values to the nearest scale value', () => {
    expect(normaliseColumn([1, 4, 40], SCALE)).toEqual([1, 5, 20]);
  });

  it('keeps distinct values distinct when snapping would merge them, also at the top of the scale', () => {
    expect(normaliseColumn([1, 17, 18], SCALE)).toEqual([1, 13, 20]);
    // 13/8 = 1.625 → 2 and 20/8 = 2.5 → 3 (ties go up), 21/8 = 2.625 → 3 would merge with 20: bumped to 5.
    expect(normaliseColumn([8, 13, 20, 21], SCALE)).toEqual([1, 2, 3, 5]);
  });

  it('rejects non-positive values and an empty column is empty', () => {
    expect(() => normaliseColumn([0, 3], SCALE)).toThrow(RangeError);
    expect(normaliseColumn([], SCALE)).toEqual([]);
  });

  it('always yields scale values, a 1 at the smallest, equal values equal, and the order kept (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 12 }), (values) => {
        const out = normaliseColumn(values, SCALE);
        expect(out.every((v) => SCALE.includes(v))).toBe(true);
        expect(Math.min(...out)).toBe(1);
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i] === values[j]) expect(out[i]).toBe(out[j]);
            if (values[i] < values[j]) expect(out[i]).toBeLessThanOrEqual(out[j]);
          }
        }
        const distinct = new Set(values).size;
        // Distinct values stay distinct while the scale has room for them.
        if (distinct <= SCALE.length) expect(new Set(out).size).toBe(distinct);
        // Idempotent: normalising twice changes nothing.
        expect(normaliseColumn(out, SCALE)).toEqual(out);
      }),
    );
  });

  it('picks the nearest scale value on a log axis', () => {
    expect(nearestOnScale(4, SCALE)).toBe(5);
    expect(nearestOnScale(2.4, SCALE)).toBe(2);
    expect(nearestOnScale(100, SCALE)).toBe(20);
  });
});

describe('WSJF target order', () => {
  const f = (key: string, s: [number, number, number, number] | null): RankingCandidate => ({
    key,
    done: false,
    score: s ? { businessValue: s[0], timeCriticality: s[1], riskReduction: s[2], jobSize: s[3] } : null,
  });

  it('with rank-last, puts scored features in WSJF order first and unscored ones after, in their current relative order', () => {
    const current = [f('U1', null), f('B', [13, 1, 2, 13]), f('U2', null), f('A', [8, 5, 1, 3]), f('C', [1, 13, 3, 1])];
    expect(rankFeatures(current, SCALE, 'rank-last').targetOrder).toEqual(['C', 'A', 'B', 'U1', 'U2']);
  });

  it('with exclude, orders only the scored features and leaves the unscored out', () => {
    const current = [f('U1', null), f('B', [13, 1, 2, 13]), f('U2', null), f('A', [8, 5, 1, 3]), f('C', [1, 13, 3, 1])];
    const r = rankFeatures(current, SCALE, 'exclude');
    expect(r.targetOrder).toEqual(['C', 'A', 'B']);
    expect(r.currentOrder).toEqual(['B', 'A', 'C']);
    expect(r.excluded.map((e) => [e.key, e.reason])).toEqual([['U1', 'blank'], ['U2', 'blank']]);
  });
});

/** O(n²) longest increasing subsequence length, as an independent check of minimality. */
function lisLength(seq: number[]): number {
  const best = seq.map(() => 1);
  for (let i = 0; i < seq.length; i++) for (let j = 0; j < i; j++) if (seq[j] < seq[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe('rank move planning', () => {
  it('moves only what is out of place: one feature jumping to the top is one operation', () => {
    const ops = planRankMoves(['A', 'B', 'C', 'D'], ['D', 'A', 'B', 'C']);
    expect(ops).toEqual([{ keys: ['D'], before: 'A' }]);
  });

  it('moves a trailing run after the last feature that stays', () => {
    expect(planRankMoves(['C', 'A', 'B'], ['A', 'B', 'C'])).toEqual([{ keys: ['C'], after: 'B' }]);
  });

  it('plans nothing when the order is already the WSJF order', () => {
    expect(planRankMoves(['A', 'B', 'C'], ['A', 'B', 'C'])).toEqual([]);
  });

  it('splits runs into calls of at most 50 issues, chained so the result is still the target', () => {
    const n = 120;
    const current = Array.from({ length: n }, (_, i) => `K-${i + 1}`);
    const target = [...current].reverse();
    const ops = planRankMoves(current, target);
    expect(ops.every((o) => o.keys.length <= 50)).toBe(true);
    expect(ops.reduce((s, o) => s + o.keys.length, 0)).toBe(n - 1);
    expect(applyRankOperations(current, ops)).toEqual(target);
  });

  it('rejects orders that do not hold the same features', () => {
    expect(() => planRankMoves(['A', 'B'], ['A', 'C'])).toThrow(RangeError);
    expect(() => planRankMoves(['A', 'A'], ['A', 'A'])).toThrow(RangeError);
  });

  it('reports each moved feature with its rank now and after', () => {
    const current = ['A', 'B', 'C', 'D'];
    const target = ['D', 'A', 'B', 'C'];
    expect(rankChanges(current, target, planRankMoves(current, target))).toEqual([{ key: 'D', fromRank: 4, toRank: 1 }]);
  });

  it('applying the planned moves to the current order yields the WSJF order, moving the fewest features (property)', () => {
    const feature = fc.record({
      scored: fc.boolean(),
      bv: fc.constantFrom(...SCALE),
      tc: fc.constantFrom(...SCALE),
      rr: fc.constantFrom(...SCALE),
      size: fc.constantFrom(...SCALE),
    });
    fc.assert(
      fc.property(fc.array(feature, { minLength: 0, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (raw, batch) => {
        const current: RankingCandidate[] = raw.map((r, i) => ({
          key: `ART-${i + 1}`,
          done: false,
          score: r.scored ? { businessValue: r.bv, timeCriticality: r.tc, riskReduction: r.rr, jobSize: r.size } : null,
        }));
        const keys = current.map((c) => c.key);
        const target = rankFeatures(current, SCALE, 'rank-last').targetOrder;
        const ops = planRankMoves(keys, target, batch);
        expect(applyRankOperations(keys, ops)).toEqual(target);
        expect(ops.every((o) => o.keys.length >= 1 && o.keys.length <= batch)).toBe(true);
        // Minimal: exactly n − LIS features move.
        const pos = new Map(target.map((k, i) => [k, i]));
        expect(ops.reduce((s, o) => s + o.keys.length, 0)).toBe(keys.length - lisLength(keys.map((k) => pos.get(k)!)));
        // The scored prefix is the WSJF ranking; unscored keep their relative order.
        const scored = current.filter((c) => c.score).map((c) => ({ key: c.key, ...c.score! }));
        expect(target.slice(0, scored.length)).toEqual(rankByWsjf(scored).map((s) => s.key));
        expect(target.slice(scored.length)).toEqual(current.filter((c) => !c.score).map((c) => c.key));
      }),
      { numRuns: 300 },
    );
  });

  it('finds a longest increasing subsequence', () => {
    const seq = [3, 1, 4, 1, 5, 9, 2, 6];
    const idx = longestIncreasingSubsequence(seq);
    expect(idx.length).toBe(lisLength(seq));
    for (let i = 1; i < idx.length; i++) expect(seq[idx[i]]).toBeGreaterThan(seq[idx[i - 1]]);
  });
});
