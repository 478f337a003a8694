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

/**
 * How many characters of `json` from `i` the part starting there takes: the most that store within
 * `maxBytes` (a character is at least one stored byte, so never more than `maxBytes`). Depends only
 * on `json.slice(i, i + maxBytes)`, so a writer that holds that much of the text ahead cuts the same
 * parts as one holding the whole text (putLarge).
 */
function partLength(json: string, i: number, maxBytes: number): number {
  let n = Math.min(json.length - i, maxBytes);
  for (let bytes = storedBytes(json.slice(i, i + n)); bytes > maxBytes; bytes = storedBytes(json.slice(i, i + n))) {
    n = Math.max(1, Math.min(n - 1, Math.floor((n * maxBytes) / bytes)));
  }
  return n;
}

/** Cuts `json` into consecutive pieces that each store within `maxBytes`. */
export function splitForStorage(json: string, maxBytes = MAX_PART_BYTES): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; ) {
    const n = partLength(json, i, maxBytes);
    parts.push(json.slice(i, i + n));
    i += n;
  }
  return parts.length ? parts : [''];
}

/** Nodes (values) a piece of JSON text is made from at once, at most (jsonPieces). */
const PIECE_NODES = 4096;

/** `budget` less the values in `v` (itself and everything in it), stopping below zero. */
function nodesLeft(v: unknown, budget: number): number {
  budget--;
  if (v === null || typeof v !== 'object') return budget;
  for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
    budget = nodesLeft(x, budget);
    if (budget < 0) break;
  }
  return budget;
}

/** An array, or an object JSON.stringify writes as its own enumerable properties (no toJSON, e.g. not a Date). */
function isContainer(v: unknown): v is unknown[] | Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * `JSON.stringify(value)` as consecutive pieces (joined, exactly that text), none made of more than
 * about PIECE_NODES values: runs of small elements or properties are stringified together, and a
 * large one is entered. A writer that stores the pieces as they come never holds the whole text
 * (issue 16: one value of 52 MB of JSON, the 200k train's Overview key lists, was a peak of its own).
 */
export function* jsonPieces(value: unknown, pieceNodes = PIECE_NODES): Generator<string> {
  if (!isContainer(value) || nodesLeft(value, pieceNodes) >= 0) {
    // JSON.stringify(undefined) is undefined; stored, it reads back as null.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  const array = Array.isArray(value);
  yield array ? '[' : '{';
  let wrote = false;
  const emit = function* (text: string) {
    if (!text) return;
    if (wrote) yield ',';
    wrote = true;
    yield text;
  };
  // A run of small members, stringified together: an array's elements (undefined, a function → null,
  // as JSON.stringify writes them) or an object's properties (undefined, a function → left out).
  let run: unknown[] | Record<string, unknown> = array ? [] : {};
  let runSize = 0;
  let budget = pieceNodes;
  const flush = function* () {
    if (runSize) yield* emit(JSON.stringify(run).slice(1, -1));
    run = array ? [] : {};
    runSize = 0;
    budget = pieceNodes;
  };
  for (const k of array ? value.keys() : Object.keys(value)) {
    const v = (value as Record<string | number, unknown>)[k];
    let left = nodesLeft(v, budget);
    if (left < 0) {
      // Not within this run: the run so far as a piece, and this member starts the next one if it is small.
      yield* flush();
      left = nodesLeft(v, pieceNodes);
      if (left < 0) {
        // A large member: its own pieces, after its name.
        if (wrote) yield ',';
        wrote = true;
        if (!array) yield `${JSON.stringify(k)}:`;
        yield* jsonPieces(v, pieceNodes);
        continue;
      }
    }
    if (array) (run as unknown[]).push(v);
    else (run as Record<string, unknown>)[k] = v;
    runSize++;
    budget = left;
  }
  yield* flush();
  yield array ? ']' : '}';
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

/**
 * Stores `value` in parts (at most MAX_PART_BYTES each as stored), the parts first and the manifest
 * last. The JSON text is made piece by piece (jsonPieces) and each part is written as soon as it is
 * cut, PARALLEL at a time, so no more than a window of parts is held, never the whole text. The parts
 * are the ones `splitForStorage(JSON.stringify(value))` cuts (tested).
 */
export async function putLarge(store: KeyValueStore, key: string, value: unknown, generation = `${Date.now()}`): Promise<number> {
  let parts = 0;
  let writing: Promise<void>[] = [];
  const write = async (part: string) => {
    writing.push(store.set(`${key}#${generation}#${parts++}`, part));
    if (writing.length >= PARALLEL) {
      await Promise.all(writing);
      writing = [];
    }
  };
  let text = '';
  for (const piece of jsonPieces(value)) {
    text += piece;
    while (text.length >= MAX_PART_BYTES) {
      const n = partLength(text, 0, MAX_PART_BYTES);
      await write(text.slice(0, n));
      text = text.slice(n);
    }
  }
  if (text || !parts) for (const part of splitForStorage(text)) await write(part);
  await Promise.all(writing);
  // Every part is written before the manifest that names them.
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
