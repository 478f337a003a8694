import { FileStore } from '../../src/storage/fileStore';
import { MemoryStore } from '../../src/storage/memoryStore';
import { getLarge, putLarge, splitForStorage } from '../../src/storage/sharded';
import { KVS_MAX_VALUE_BYTES, StorageLimitError, storedBytes } from '../../src/storage/limits';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A value whose stored JSON is exactly `bytes` long: a string of `bytes - 2` ASCII letters plus its quotes. */
const ofBytes = (bytes: number) => 'a'.repeat(bytes - 2);

describe('every store refuses what Forge storage would (240 KiB per value, key format, depth 31)', () => {
  const stores = () => [new MemoryStore(), new FileStore(path.join(mkdtempSync(path.join(tmpdir(), 'refinery-limits-')), 's.json'))];

  it('stores a value of exactly 240 KiB and refuses one byte more, naming the key and the limit', async () => {
    for (const s of stores()) {
      expect(storedBytes(ofBytes(KVS_MAX_VALUE_BYTES))).toBe(KVS_MAX_VALUE_BYTES);
      await s.set('sync:v1:ART:app:train:000001', ofBytes(KVS_MAX_VALUE_BYTES));
      const e = await s.set('sync:v1:ART:app:train:000002', ofBytes(KVS_MAX_VALUE_BYTES + 1)).catch((x) => x);
      expect(e).toBeInstanceOf(StorageLimitError);
      expect(e.message).toMatch(/could not store "sync:v1:ART:app:train:000002": it is 241 KiB and Forge storage holds at most 240 KiB per value/);
      expect(await s.get('sync:v1:ART:app:train:000002')).toBeUndefined();
    }
  });

  it('counts stored bytes, not characters (non-ASCII text is up to 3 bytes a character)', async () => {
    const s = new MemoryStore();
    const text = 'é'.repeat(130_000); // 130 000 characters, 260 000 bytes
    expect(text.length).toBeLessThan(KVS_MAX_VALUE_BYTES);
    await expect(s.set('chunk:1', { text })).rejects.toThrow(StorageLimitError);
  });

  it('refuses keys Forge does not accept', async () => {
    const s = new MemoryStore();
    for (const key of ['', 'a', 'x'.repeat(501), 'view/../x', 'a|b', '   ']) await expect(s.set(key, 1)).rejects.toThrow(/storage key/);
    await s.set('x'.repeat(500), 1);
    await s.set('improvement:create:v1:ART:557058:f58131cb-b67d#1 a_b.c', 1);
  });

  it('refuses a value nested deeper than 31 levels', async () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) });
    const s = new MemoryStore();
    await s.set('deep:ok', nest(31));
    await expect(s.set('deep:no', nest(32))).rejects.toThrow(/nested deeper than the 31 levels/);
  });
});

describe('putLarge splits by stored bytes', () => {
  it('keeps every part within 240 KiB for text heavy in quotes, backslashes and non-ASCII, and reads it back whole', async () => {
    const s = new MemoryStore();
    const value = { quotes: '"\\'.repeat(150_000), accents: 'ñ€'.repeat(90_000), emoji: '😀'.repeat(70_000) };
    const parts = await putLarge(s, 'overview:v3:ART:user', value, 'g1');
    expect(parts).toBeGreaterThan(3);
    const stored = await s.list<string>('overview:v3:ART:user#g1#');
    expect(stored).toHaveLength(parts);
    for (const p of stored) expect(storedBytes(p.value)).toBeLessThanOrEqual(KVS_MAX_VALUE_BYTES);
    expect(await getLarge(s, 'overview:v3:ART:user')).toEqual(value);
  });

  it('splits into consecutive pieces that join to the original', () => {
    const json = JSON.stringify({ t: 'ab"c'.repeat(1000), u: '😀x'.repeat(500) });
    const pieces = splitForStorage(json, 1000);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(json);
    for (const p of pieces) expect(storedBytes(p)).toBeLessThanOrEqual(1000);
  });
});
