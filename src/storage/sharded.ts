import type { KeyValueStore } from './keyValueStore';

/**
 * Values larger than one storage entry allows (Forge KVS: 240 KiB per value) are split into parts
 * of at most MAX_PART characters of JSON, written part first, manifest last, so a reader never sees
 * a half-written value: it reads the manifest, then exactly the parts it names.
 */
export const MAX_PART = 200_000;

interface Manifest {
  parts: number;
  generation: string;
}

export async function putLarge(store: KeyValueStore, key: string, value: unknown, generation = `${Date.now()}`): Promise<number> {
  const json = JSON.stringify(value);
  const parts = Math.max(1, Math.ceil(json.length / MAX_PART));
  for (let i = 0; i < parts; i++) await store.set(`${key}#${generation}#${i}`, json.slice(i * MAX_PART, (i + 1) * MAX_PART));
  const old = await store.get<Manifest>(key);
  await store.set<Manifest>(key, { parts, generation });
  if (old && old.generation !== generation) for (let i = 0; i < old.parts; i++) await store.delete(`${key}#${old.generation}#${i}`);
  return parts;
}

export async function getLarge<T>(store: KeyValueStore, key: string): Promise<T | undefined> {
  const m = await store.get<Manifest>(key);
  if (!m || typeof m.parts !== 'number') return undefined;
  const parts: string[] = [];
  for (let i = 0; i < m.parts; i++) {
    const p = await store.get<string>(`${key}#${m.generation}#${i}`);
    if (typeof p !== 'string') return undefined;
    parts.push(p);
  }
  return JSON.parse(parts.join('')) as T;
}

export async function deleteLarge(store: KeyValueStore, key: string): Promise<void> {
  const m = await store.get<Manifest>(key);
  if (!m) return;
  await store.delete(key);
  for (let i = 0; i < m.parts; i++) await store.delete(`${key}#${m.generation}#${i}`);
}
