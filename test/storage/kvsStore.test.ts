/** KvsStore against a stand-in for @forge/kvs that records the queries it is given. */
const calls: { limit?: number; cursor?: string; prefix?: string }[] = [];
const sets: string[] = [];
const KEYS = Array.from({ length: 47 }, (_, i) => `snapshot:ART:2026-10-${String(i).padStart(2, '0')}`);

jest.mock('@forge/kvs', () => {
  const query = (state: { limit?: number; cursor?: string; prefix?: string }) => ({
    where: (_field: string, cond: { prefix: string }) => query({ ...state, prefix: cond.prefix }),
    limit: (n: number) => query({ ...state, limit: n }),
    cursor: (c: string) => query({ ...state, cursor: c }),
    getMany: async () => {
      calls.push(state);
      // Forge documents a maximum of 20 per page; a larger limit is an error there.
      if (!state.limit || state.limit > 20) throw new Error(`limit ${state.limit} exceeds 20`);
      const start = state.cursor ? Number(state.cursor) : 0;
      const matching = KEYS.filter((k) => k.startsWith(state.prefix ?? ''));
      const page = matching.slice(start, start + state.limit);
      const next = start + page.length;
      return { results: page.map((key) => ({ key, value: { key } })), ...(next < matching.length ? { nextCursor: String(next) } : {}) };
    },
  });
  return {
    kvs: {
      query: () => query({}),
      set: async (key: string) => void sets.push(key),
      get: async () => undefined,
      delete: async () => undefined,
    },
    WhereConditions: { beginsWith: (prefix: string) => ({ prefix }) },
  };
});

import { KvsStore } from '../../src/storage/kvsStore';
import { StorageLimitError } from '../../src/storage/limits';

beforeEach(() => {
  calls.length = 0;
  sets.length = 0;
});

describe('KvsStore', () => {
  it('lists with pages of at most 20 (Forge\'s maximum), following the cursor to the end', async () => {
    const all = await new KvsStore().list<{ key: string }>('snapshot:ART:');
    expect(all.map((x) => x.key)).toEqual(KEYS);
    expect(calls.map((c) => c.limit)).toEqual([20, 20, 20]);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, '20', '40']);
  });

  it('checks the size before calling Forge, so the error names the key and the limit', async () => {
    const e = await new KvsStore().set('sync:v1:ART:app:train:000003', 'x'.repeat(250 * 1024)).catch((x) => x);
    expect(e).toBeInstanceOf(StorageLimitError);
    expect(e.message).toContain('sync:v1:ART:app:train:000003');
    expect(sets).toEqual([]);
    await new KvsStore().set('sync:v1:ART:app:meta', { chunkCount: 3 });
    expect(sets).toEqual(['sync:v1:ART:app:meta']);
  });
});
