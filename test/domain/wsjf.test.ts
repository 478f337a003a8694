import fc from 'fast-check';
import { rankByWsjf, scoreWsjf, offScaleComponents, wsjfTies, type RankableItem } from '../../src/domain/wsjf';
import { delayCost, delayCostSaving } from '../../src/domain/delayCost';

const A = { key: 'A', businessValue: 8, timeCriticality: 5, riskReduction: 1, jobSize: 3 };
const B = { key: 'B', businessValue: 13, timeCriticality: 1, riskReduction: 2, jobSize: 13 };
const C = { key: 'C', businessValue: 1, timeCriticality: 13, riskReduction: 3, jobSize: 1 };

describe('WSJF', () => {
  it('computes Cost of Delay as BV + TC + RR|OE and WSJF as CoD over job size (DOMAIN.md worked example)', () => {
    expect(scoreWsjf(A)).toMatchObject({ costOfDelay: 14, wsjf: 4.67 });
    expect(scoreWsjf(B)).toMatchObject({ costOfDelay: 16, wsjf: 1.23 });
    expect(scoreWsjf(C)).toMatchObject({ costOfDelay: 17, wsjf: 17 });
  });

  it('rejects a job size that is not positive', () => {
    expect(() => scoreWsjf({ ...A, jobSize: 0 })).toThrow(/positive/);
  });

  it('orders the worked example C, A, B and prices the sequences at 345 and 721 (52% saving)', () => {
    expect(rankByWsjf([B, A, C]).map((i) => i.key)).toEqual(['C', 'A', 'B']);
    expect(delayCost([C, A, B])).toBe(345);
    expect(delayCost([B, A, C])).toBe(721);
    expect(Math.round(delayCostSaving(721, 345) * 100)).toBe(52);
  });

  it('breaks ties by larger Cost of Delay, then smaller job size, then key, and reports them', () => {
    const x = { key: 'X-2', businessValue: 2, timeCriticality: 1, riskReduction: 1, jobSize: 2 }; // 4/2
    const y = { key: 'X-1', businessValue: 5, timeCriticality: 2, riskReduction: 1, jobSize: 4 }; // 8/4
    const z = { key: 'X-0', businessValue: 2, timeCriticality: 1, riskReduction: 1, jobSize: 2 }; // 4/2
    expect(rankByWsjf([x, y, z]).map((i) => i.key)).toEqual(['X-1', 'X-0', 'X-2']);
    expect([...wsjfTies([x, y, z])].sort()).toEqual(['X-0', 'X-1', 'X-2']);
  });

  it('names each component that is off the configured scale', () => {
    const off = offScaleComponents({ businessValue: 4, timeCriticality: 5, riskReduction: 1, jobSize: 21 }, [1, 2, 3, 5, 8, 13, 20]);
    expect(off.map((o) => o.component)).toEqual(['businessValue', 'jobSize']);
    expect(off[0].message).toContain('User-Business Value 4 is not on the scale');
  });
});

const fib = fc.constantFrom(1, 2, 3, 5, 8, 13, 20);
const item = fc.record({ businessValue: fib, timeCriticality: fib, riskReduction: fib, jobSize: fib });

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('WSJF order (property)', () => {
  it('minimises the delay cost of the sequence over every permutation of up to 6 items', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (raw) => {
        const items: RankableItem[] = raw.map((r, i) => ({ ...r, key: `K-${i}` }));
        const best = Math.min(...permutations(items).map((p) => delayCost(p)));
        expect(delayCost(rankByWsjf(items))).toBe(best);
      }),
      { numRuns: 200 },
    );
  });

  it('gives a saving between 0 and 1 for any pair of costs', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), (a, b) => {
      const s = delayCostSaving(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }));
  });
});
