/**
 * How Forge sizes a function's V8 heap, for the benchmarks that run the bundled backend as Forge runs it.
 *
 * Forge runs each function as an AWS Lambda function (the manifest schema in `@forge/manifest` calls
 * `app.runtime.architecture` the "Lambda architecture" and gives every function a `memoryMB`, 128–1024,
 * default 512). Lambda's Node.js runtime does not leave V8 to size its heap from the host: its bootstrap
 * (`/var/runtime/bootstrap` of the nodejs14.x–nodejs18.x images) starts node with
 *
 *     new_space=$(expr $AWS_LAMBDA_FUNCTION_MEMORY_SIZE / 10)
 *     semi_space=$(expr $new_space / 2)
 *     old_space=$(expr $AWS_LAMBDA_FUNCTION_MEMORY_SIZE - $new_space)
 *     --max-semi-space-size=$semi_space --max-old-space-size=$old_space
 *
 * so a 512 MB function collects its old generation before 461 MB, whatever the machine has. Without these
 * flags, node on this 24 GB machine lets the heap grow to ~4 GB before collecting hard, and the peak RSS a
 * benchmark reads is the garbage V8 chose to keep, not what the function needs. The process is stopped when
 * its memory goes over `memoryMB`; the benchmarks report the peak against it.
 *
 * Not checked: whether Forge's own nodejs22.x images keep exactly this bootstrap (no public copy found).
 * The limit itself (the function's memoryMB) is Forge's documented one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The memory the `@forge/manifest` schema gives a function when neither it nor the app sets one. */
export const FORGE_DEFAULT_MEMORY_MB = 512;

interface ManifestShape {
  app?: { runtime?: { memoryMB?: number } };
  modules?: { function?: { key: string; handler: string; runtime?: { memoryMB?: number } }[] };
}

/**
 * The memory Forge gives the function whose handler is `index.<handler>` (its own `runtime.memoryMB`,
 * else the app's `app.runtime.memoryMB`, else 512 MB). Throws for a handler no function declares.
 */
export function functionMemoryMb(manifestYaml: string, handler: string): number {
  const manifest = parse(manifestYaml) as ManifestShape;
  const fn = manifest.modules?.function?.find((f) => f.handler === `index.${handler}`);
  if (!fn) throw new Error(`manifest.yml declares no function with handler index.${handler}`);
  return fn.runtime?.memoryMB ?? manifest.app?.runtime?.memoryMB ?? FORGE_DEFAULT_MEMORY_MB;
}

/** The V8 flags Lambda's Node.js bootstrap starts a function of `memoryMb` with (integer division, as `expr`). */
export function lambdaNodeFlags(memoryMb: number): string[] {
  if (!Number.isInteger(memoryMb) || memoryMb < 128) throw new Error(`function memory must be a whole number of MB ≥ 128, not ${memoryMb}`);
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

/**
 * How a benchmark sizes an invocation's heap: as Lambda sizes the function (the default), from the host
 * (no flags: `--host-heap`), or an old space of that many MB (`--heap-mb N`).
 */
export type HeapSizing = 'lambda' | 'host' | number;

const manifests = new Map<string, string>();

/** The node flags for one benchmark invocation of `handler`, and its function's memory (manifest.yml, read once). */
export function invocationFlags(handler: string, heap: HeapSizing = 'lambda', manifestPath = path.resolve(__dirname, '../manifest.yml')): { memoryMb: number; flags: string[] } {
  if (!manifests.has(manifestPath)) manifests.set(manifestPath, readFileSync(manifestPath, 'utf8'));
  const memoryMb = functionMemoryMb(manifests.get(manifestPath)!, handler);
  return { memoryMb, flags: heap === 'host' ? [] : heap === 'lambda' ? lambdaNodeFlags(memoryMb) : [`--max-old-space-size=${heap}`] };
}
