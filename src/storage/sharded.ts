import type { KeyValueStore } from './keyValueStore';
import { KVS_MAX_VALUE_BYTES, storedBytes } from './limits';

/**
 * Values larger than one storage entry allows (Forge KVS: 240 KiB per value, src/storage/limits.ts)
 * are split into parts of JSON text, each at most MAX_PART_BYTES as stored (a part is stored as a
 * JSON string, so quotes and backslashes count twice and non-ASCII up to three bytes), written part
 * first, manifest last, so a reader never sees a half-written value: it reads the manifest, then
 * exactly the parts it names.
 */
export const MAX_PART_BYTES = KVS_MAX_VALUE_BYTES - 16 * 1024;

/** Cuts `json` into consecutive pieces that each store within `maxBytes`. */
export function splitForStorage(json: string, maxBytes = MAX_PART_BYTES): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; ) {
    // A character is at least one stored byte, so `maxBytes` characters is the most that can fit.
    let n = Math.min(json.length - i, maxBytes);
    for (let bytes = storedBytes(json.slice(i, i + n)); bytes > maxBytes; bytes = storedBytes(json.slice(i, i + n))) {
      n = Math.max(1, Math.min(n - 1, Math.floor((n * maxBytes) / bytes)));
    }
    parts.push(json.slice(i, i + n));
    i += n;
  }
  return parts.length ? parts : [''];
}

interface Manifest {
  parts: number;
  generation: string;
}

/**
 * Storage calls made at once for one value's parts: on Forge each is a network request, and a view
 * of 23 parts read one after another cost 23 round trips before the page could draw.
 */
const PARALLEL = 8;

async function eachWindow(count: number, fn: (i: number) => Promise<void>): Promise<void> {
  for (let from = 0; from < count; from += PARALLEL) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, count - from) }, (_, k) => fn(from + k)));
  }
}

export async function putLarge(store: KeyValueStore, key: string, value: unknown, generation = `${Date.now()}`): Promise<number> {
  const pieces = splitForStorage(JSON.stringify(value));
  const parts = pieces.length;
  // Every part is written before the manifest that names them.
  await eachWindow(parts, (i) => store.set(`${key}#${generation}#${i}`, pieces[i]));
  const old = await store.get<Manifest>(key);
  await store.set<Manifest>(key, { parts, generation });
  if (old && old.generation !== generation) await eachWindow(old.parts, (i) => store.delete(`${key}#${old.generation}#${i}`));
  return parts;
}

export async function getLarge<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  const m = await store.get<Manifest>(key);
  if (!m || typeof m.parts !== 'number') return undefined;
  const parts: unknown[] = new Array(m.parts);
  await eachWindow(m.parts, async (i) => {
    parts[i] = await store.get<string>(`${key}#${m.generation}#${i}`);
  });
  if (!parts.every((p) => typeof p === 'string')) return undefined;
  return JSON.parse(parts.join('')) as T;
}

export async function deleteLarge(store: KeyValueStore, key: string): Promise<void> {
  const m = await store.get<Manifest>(key);
  if (!m) return;
  await store.delete(key);
  await eachWindow(m.parts, (i) => store.delete(`${key}#${m.generation}#${i}`));
}
