import fc from 'fast-check';
import { delayCost } from '../../src/domain/delayCost';
import { rankByWsjf } from '../../src/domain/wsjf';
import { applyRankOperations, jobSizeReference, planRankMoves, rankFeatures, suggestJobSize, type RankingCandidate } from '../../src/domain/wsjfPlanning';

const SCALE = [1, 2, 3, 5, 8, 13, 20];
const score = (bv: number, tc: number, rr: number, size: number) => ({ businessValue: bv, timeCriticality: tc, riskReduction: rr, jobSize: size });

describe('rankFeatures: what WSJF leaves out', () => {
  // Backlog order: the done feature sits at rank 2, the off-scale one has the highest ratio of all.
  const features: RankingCandidate[] = [
    { key: 'ART-1', done: false, score: score(8, 5, 1, 3) },
    { key: 'ART-2', done: true, score: score(20, 20, 20, 1) },
    { key: 'ART-3', done: false, score: score(4, 20, 20, 1) }, // 4 is off the scale
    { key: 'ART-4', done: false, score: null },
    { key: 'ART-5', done: false, score: score(1, 13, 3, 1) },
  ];

  it('never ranks a done feature, whatever its score, and lists it apart with the reason', () => {
    for (const policy of ['exclude', 'rank-last'] as const) {
      const r = rankFeatures(features, SCALE, policy);
      expect(r.ranked.map((x) => x.key)).not.toContain('ART-2');
      expect(r.targetOrder).not.toContain('ART-2');
      expect(r.done).toEqual([{ key: 'ART-2', reason: 'done', message: expect.stringMatching(/^Done/), rank: null }]);
      expect(r.delayCost!.counted).not.toContain('ART-2');
    }
  });

  it('exclude (the default): an off-scale or blank score is not ranked and is left out of Apply, each with its reason', () => {
    const r = rankFeatures(features, SCALE, 'exclude');
    expect(r.ranked.map((x) => [x.key, x.rank])).toEqual([
      ['ART-5', 1],
      ['ART-1', 2],
    ]);
    expect(r.targetOrder).toEqual(['ART-5', 'ART-1']);
    expect(r.excluded).toEqual([
      { key: 'ART-3', reason: 'off-scale', message: 'Off scale: User-Business Value 4 is not on the scale (1, 2, 3, 5, 8, 13, 20).', rank: null },
      { key: 'ART-4', reason: 'blank', message: 'Not scored yet: every component is blank.', rank: null },
    ]);
    expect(r.rankedLast).toEqual([]);
  });

  it('rank-last: off-scale and blank features come after every scored one, in current order, and say why', () => {
    const r = rankFeatures(features, SCALE, 'rank-last');
    expect(r.targetOrder).toEqual(['ART-5', 'ART-1', 'ART-3', 'ART-4']);
    expect(r.rankedLast.map((x) => [x.key, x.rank, x.reason])).toEqual([
      ['ART-3', 3, 'off-scale'],
      ['ART-4', 4, 'blank'],
    ]);
    expect(r.excluded).toEqual([]);
  });

  it('prices the delay cost over exactly the ranked features, in their current relative order', () => {
    const r = rankFeatures(features, SCALE, 'exclude');
    expect(r.delayCost!.counted).toEqual(['ART-1', 'ART-5']);
    expect(r.delayCost!.currentOrder).toBe(delayCost([score(8, 5, 1, 3), score(1, 13, 3, 1)]));
    expect(r.delayCost!.wsjfOrder).toBe(delayCost([score(1, 13, 3, 1), score(8, 5, 1, 3)]));
    expect(r.delayCost!.difference).toBe(r.delayCost!.currentOrder - r.delayCost!.wsjfOrder);
  });

  it('has no delay cost when nothing is rankable', () => {
    expect(rankFeatures([{ key: 'A-1', done: true, score: score(1, 1, 1, 1) }], SCALE, 'exclude').delayCost).toBeNull();
  });
});

const fib = fc.constantFrom(...SCALE);
const anyValue = fc.oneof(fib, fc.integer({ min: 1, max: 40 }));
const candidate = fc.record({
  done: fc.boolean(),
  scored: fc.boolean(),
  bv: anyValue,
  tc: anyValue,
  rr: anyValue,
  size: anyValue,
});

describe('rankFeatures (property)', () => {
  it('never ranks, counts or moves a done feature; excludes or ranks last every off-scale/blank one per the policy', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 30 }), fc.constantFrom('exclude' as const, 'rank-last' as const), (raw, policy) => {
        const features: RankingCandidate[] = raw.map((r, i) => ({ key: `ART-${i + 1}`, done: r.done, score: r.scored ? score(r.bv, r.tc, r.rr, r.size) : null }));
        const r = rankFeatures(features, SCALE, policy);
        const done = new Set(features.filter((f) => f.done).map((f) => f.key));
        const onScale = (f: RankingCandidate) => f.score !== null && [f.score.businessValue, f.score.timeCriticality, f.score.riskReduction, f.score.jobSize].every((v) => SCALE.includes(v));
        const incomplete = features.filter((f) => !f.done && !onScale(f)).map((f) => f.key);
        const rankable = features.filter((f) => !f.done && onScale(f));

        // Every feature lands in exactly one group.
        const groups = [...r.ranked, ...r.rankedLast, ...r.excluded, ...r.done].map((x) => x.key);
        expect(groups.sort()).toEqual(features.map((f) => f.key).sort());
        expect(r.done.map((d) => d.key)).toEqual([...done]);
        // Ranked: exactly the on-scale open features, in rankByWsjf order, ranks 1..n.
        expect(r.ranked.map((x) => x.key)).toEqual(rankByWsjf(rankable.map((f) => ({ key: f.key, ...f.score! }))).map((x) => x.key));
        expect(r.ranked.map((x) => x.rank)).toEqual(r.ranked.map((_, i) => i + 1));
        if (policy === 'exclude') {
          expect(r.excluded.map((x) => x.key)).toEqual(incomplete);
          expect(r.rankedLast).toEqual([]);
        } else {
          expect(r.rankedLast.map((x) => x.key)).toEqual(incomplete);
          expect(r.rankedLast.map((x) => x.rank)).toEqual(incomplete.map((_, i) => r.ranked.length + i + 1));
        }
        // Apply: the planned moves touch (as moved key or anchor) only features in the target order.
        const ops = planRankMoves(r.currentOrder, r.targetOrder);
        const touched = ops.flatMap((o) => [...o.keys, 'before' in o ? o.before : o.after]);
        const target = new Set(r.targetOrder);
        expect(touched.every((k) => target.has(k) && !done.has(k))).toBe(true);
        if (policy === 'exclude') expect(touched.some((k) => incomplete.includes(k))).toBe(false);
        // Applied to the whole backlog, the ordered features reach the target, the others keep their relative order.
        const all = features.map((f) => f.key);
        const after = applyRankOperations(all, ops);
        expect(after.filter((k) => target.has(k))).toEqual(r.targetOrder);
        expect(after.filter((k) => !target.has(k))).toEqual(all.filter((k) => !target.has(k)));
        // Delay cost counts exactly the ranked features.
        expect((r.delayCost?.counted ?? []).slice().sort()).toEqual(r.ranked.map((x) => x.key).sort());
      }),
      { numRuns: 300, seed: 1212 },
    );
  });
});

describe('job-size suggestion', () => {
  it('maps the feature\'s child points over the smallest scored feature\'s onto the scale (17 / 5 ≈ 3.4 → 3; 99 / 5 → 20)', () => {
    const ref = { key: 'ART-3', points: 5 };
    expect(suggestJobSize(17, ref, SCALE)).toEqual({ suggested: 3, featurePoints: 17, reference: ref, ratio: 3.4 });
    expect(suggestJobSize(99, ref, SCALE)!.suggested).toBe(20);
    expect(suggestJobSize(40, ref, SCALE)!.suggested).toBe(8);
  });

  it('is not computable without child points or without a reference feature', () => {
    expect(suggestJobSize(null, { key: 'A-1', points: 5 }, SCALE)).toBeNull();
    expect(suggestJobSize(0, { key: 'A-1', points: 5 }, SCALE)).toBeNull();
    expect(suggestJobSize(17, null, SCALE)).toBeNull();
  });

  it('takes the ranked feature with the fewest child points as reference, ignoring ones without points', () => {
    expect(jobSizeReference([{ key: 'B-2', childPoints: 8 }, { key: 'B-1', childPoints: null }, { key: 'B-3', childPoints: 0 }, { key: 'B-4', childPoints: 5 }, { key: 'B-0', childPoints: 5 }])).toEqual({ key: 'B-0', points: 5 });
    expect(jobSizeReference([{ key: 'B-1', childPoints: null }])).toBeNull();
  });

  it('maps the smallest to 1 and is monotone in child points (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (points, a, b) => {
        const ref = jobSizeReference(points.map((p, i) => ({ key: `F-${i}`, childPoints: p })))!;
        expect(ref.points).toBe(Math.min(...points));
        expect(suggestJobSize(ref.points, ref, SCALE)!.suggested).toBe(1);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const sLo = suggestJobSize(lo, ref, SCALE)!.suggested;
        const sHi = suggestJobSize(hi, ref, SCALE)!.suggested;
        expect(sLo).toBeLessThanOrEqual(sHi);
        expect(SCALE).toContain(sLo);
        // Every feature at least as big as the reference gets at least 1, and the top of the scale caps it.
        for (const p of points) expect(suggestJobSize(p, ref, SCALE)!.suggested).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300, seed: 1212 },
    );
  });
});
