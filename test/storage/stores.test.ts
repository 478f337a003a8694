import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '../../src/storage/fileStore';
import { MemoryStore } from '../../src/storage/memoryStore';
import { deleteLarge, getLarge, MAX_PART_BYTES, putLarge } from '../../src/storage/sharded';
import { KVS_MAX_VALUE_BYTES, storedBytes } from '../../src/storage/limits';

describe('stores', () => {
  it('lists by prefix in key order and never hands out stored objects by reference', async () => {
    const s = new MemoryStore();
    await s.set('a:2', { n: 2 });
    await s.set('a:1', { n: 1 });
    await s.set('b:1', { n: 3 });
    expect((await s.list<{ n: number }>('a:')).map((x) => x.value.n)).toEqual([1, 2]);
    const v = (await s.get<{ n: number }>('a:1'))!;
    v.n = 99;
    expect((await s.get<{ n: number }>('a:1'))!.n).toBe(1);
  });

  it('FileStore keeps values across instances, coalescing writes', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-')), 'store.json');
    const a = new FileStore(file);
    for (let i = 0; i < 50; i++) await a.set(`k:${i}`, i);
    await a.delete('k:0');
    a.flush();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toHaveLength(49);
    const b = new FileStore(file);
    expect(await b.get('k:49')).toBe(49);
    expect(await b.get('k:0')).toBeUndefined();
  });

  it('shards a value larger than one entry and replaces it atomically', async () => {
    const s = new MemoryStore();
    const big = { text: 'x'.repeat(MAX_PART_BYTES * 2 + 10), n: [1, 2, 3] };
    expect(await putLarge(s, 'view', big, 'g1')).toBe(3);
    expect(await getLarge(s, 'view')).toEqual(big);
    const parts = await s.list<string>('view#');
    expect(parts).toHaveLength(3);
    for (const { value } of parts) expect(storedBytes(value)).toBeLessThanOrEqual(KVS_MAX_VALUE_BYTES);
    expect(await putLarge(s, 'view', { small: true }, 'g2')).toBe(1);
    expect(await getLarge(s, 'view')).toEqual({ small: true });
    // The old generation's parts are gone.
    expect((await s.list('view#g1')).length).toBe(0);
    await deleteLarge(s, 'view');
    expect(await getLarge(s, 'view')).toBeUndefined();
    expect(await s.list('view')).toEqual([]);
  });

  it('writes, reads and deletes a large value\'s parts 8 at a time, and writes its manifest only after every part', async () => {
    // Each call answers a tick later, so calls made together overlap; nothing here reads a clock.
    const inner = new MemoryStore();
    let inFlight = 0;
    let most = 0;
    const log: string[] = [];
    const later = <T>(what: string, run: () => Promise<T>): Promise<T> => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<T>((resolve, reject) =>
        setImmediate(() => {
          inFlight--;
          log.push(what);
          run().then(resolve, reject);
        }),
      );
    };
    const s = {
      get: <T>(k: string) => later(`get ${k}`, () => inner.get<T>(k)),
      set: <T>(k: string, v: T) => later(`set ${k}`, () => inner.set(k, v)),
      delete: (k: string) => later(`delete ${k}`, () => inner.delete(k)),
      list: <T>(p: string) => inner.list<T>(p),
    };
    const big = { text: 'y'.repeat(MAX_PART_BYTES * 19 + 5) };
    expect(await putLarge(s, 'view', big, 'g1')).toBe(20);
    expect(most).toBe(8);
    const manifestAt = log.indexOf('set view');
    expect(manifestAt).toBeGreaterThan(0);
    expect(log.slice(0, manifestAt).filter((l) => l.startsWith('set view#g1#'))).toHaveLength(20);
    most = 0;
    expect(await getLarge(s, 'view')).toEqual(big);
    expect(most).toBe(8);
    most = 0;
    await putLarge(s, 'view', { small: true }, 'g2');
    expect(most).toBe(8);
    expect((await inner.list('view#g1')).length).toBe(0);
    await deleteLarge(s, 'view');
    expect(await inner.list('view')).toEqual([]);
  });
});
