/**
 * Forge's Key-Value Store limits (developer.atlassian.com/platform/forge/limits-kvs-ce and
 * .../storage-api-query): one value ≤ 240 KiB as persisted, keys ≤ 500 characters of
 * /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/, values nested ≤ 31 levels, query pages ≤ 20 results. Every store
 * checks writes against them, so a local run fails exactly where Forge would.
 */
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
export const KVS_MAX_KEY_LENGTH = 500;
export const KVS_MAX_DEPTH = 31;
export const KVS_QUERY_PAGE_SIZE = 20;
const KEY_FORMAT = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;

export class StorageLimitError extends Error {
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
    this.name = 'StorageLimitError';
  }
}

/** Bytes the value takes as stored (UTF-8 JSON). */
export function storedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

function depthOf(value: unknown, limit: number): number {
  if (!value || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const v of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depthOf(v, limit));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/** Throws a StorageLimitError naming the limit when Forge would refuse to store `value` under `key`. */
export function assertStorable(key: string, value: unknown): void {
  if (key.length < 2 || key.length > KVS_MAX_KEY_LENGTH || !KEY_FORMAT.test(key)) {
    throw new StorageLimitError(`Refinery tried to use the storage key "${key.slice(0, 80)}", which Forge storage does not accept (2–${KVS_MAX_KEY_LENGTH} letters, digits, spaces or : . _ - #).`, key);
  }
  const bytes = storedBytes(value);
  if (bytes > KVS_MAX_VALUE_BYTES) {
    throw new StorageLimitError(`Refinery could not store "${key}": it is ${Math.ceil(bytes / 1024)} KiB and Forge storage holds at most ${KVS_MAX_VALUE_BYTES / 1024} KiB per value. Large values must be split (src/storage/sharded.ts).`, key);
  }
  if (depthOf(value, KVS_MAX_DEPTH + 1) > KVS_MAX_DEPTH) {
    throw new StorageLimitError(`Refinery could not store "${key}": it is nested deeper than the ${KVS_MAX_DEPTH} levels Forge storage allows.`, key);
  }
}
