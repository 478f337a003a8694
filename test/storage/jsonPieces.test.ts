import fc from 'fast-check';
import { MemoryStore } from '../../src/storage/memoryStore';
import { getLarge, jsonPieces, MAX_PART_BYTES, putLarge, splitForStorage } from '../../src/storage/sharded';

/** JSON-like values with what JSON.stringify treats specially: undefined and functions (left out in objects, null in arrays), Dates (toJSON), integer-like keys. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.jsonValue({ maxDepth: 0 }), fc.constant(undefined), fc.constant(() => 1), fc.date({ noInvalidDate: true }), fc.string({ unit: 'binary' })),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 12 }), fc.dictionary(fc.oneof(fc.string(), fc.nat({ max: 20 }).map(String)), tie('node'), { maxKeys: 12 })),
})).node;

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify, however small the pieces', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 40 }), (v, pieceNodes) => {
        expect([...jsonPieces(v, pieceNodes)].join('')).toBe(JSON.stringify(v) ?? 'null');
      }),
      { numRuns: 400 },
    );
  });

  it('makes a large value in small pieces, never its whole text at once', () => {
    const keys = Array.from({ length: 150_000 }, (_, i) => `ART-${i + 1}`);
    const big = { figures: { readiness: { keys, ofKeys: keys }, teams: Array.from({ length: 30 }, (_, t) => ({ team: `T${t}`, keys: keys.slice(t * 5000, t * 5000 + 5000) })) }, asOf: '2026-11-20T10:00:00.000Z' };
    const pieces = [...jsonPieces(big)];
    const whole = JSON.stringify(big);
    expect(pieces.join('')).toBe(whole);
    expect(whole.length).toBeGreaterThan(4_000_000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(60_000);
  });
});

describe('putLarge writes the parts splitForStorage cuts, piece by piece', () => {
  it('stores the same parts as cutting the whole text, for text heavy in quotes and non-ASCII', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('"', '\\', '😀', 'ñ'), fc.integer()), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 16_000 }), async (sample, n) => {
        const v = { items: Array.from({ length: n }, (_, i) => ({ i, s: sample[i % sample.length] })), tail: sample };
        const s = new MemoryStore();
        const parts = await putLarge(s, 'view', v, 'g1');
        const expected = splitForStorage(JSON.stringify(v));
        expect(parts).toBe(expected.length);
        const stored = await Promise.all(expected.map((_, i) => s.get<string>(`view#g1#${i}`)));
        expect(stored).toEqual(expected);
        expect(await getLarge(s, 'view')).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 20 },
    );
  });

  it('stores a text ending at a part boundary without an empty last part, and an empty text as one part', async () => {
    // Lengths around two parts' worth, so that some end exactly where a part does (parts are compared as booleans: a failure must not print 480 KB).
    for (let len = MAX_PART_BYTES * 2 - 12; len <= MAX_PART_BYTES * 2 + 4; len++) {
      const s = new MemoryStore();
      const v = 'x'.repeat(len);
      const expected = splitForStorage(JSON.stringify(v));
      const parts = await putLarge(s, 'view', v, 'g1');
      const stored = await Promise.all(expected.map((_, i) => s.get<string>(`view#g1#${i}`)));
      expect({ len, parts, same: stored.every((p, i) => p === expected[i]), lastEmpty: stored[stored.length - 1] === '', back: (await getLarge(s, 'view')) === v }).toEqual({ len, parts: expected.length, same: true, lastEmpty: false, back: true });
    }
    const s = new MemoryStore();
    expect(await putLarge(s, 'empty', '', 'g1')).toBe(1);
    expect(await getLarge(s, 'empty')).toBe('');
  });
});
