/**
 * `tsx scripts/build-bundle.ts [OUT_DIR]` — the backend as `forge deploy` packages it: src/index.ts
 * bundled by esbuild into one CommonJS file for the Node 22 runtime, every dependency (the
 * `@forge/*` packages too) inside it, so `require(bundle).refreshConsumer` is the function Forge
 * calls. Also bundles scripts/forge-runtime.ts, the stand-in for the Forge runtime that
 * scripts/bench-memory.ts runs the bundle under. Prints the paths and sizes.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');

export interface Bundle {
  /** The app: `index.js` exporting the manifest's handlers. */
  index: string;
  /** The runtime stand-in that loads `index` in a child process (scripts/forge-runtime.ts). */
  runtime: string;
  indexBytes: number;
  indexGzipBytes: number;
}

export function buildBundle(outDir = mkdtempSync(path.join(tmpdir(), 'refinery-bundle-'))): Bundle {
  const index = path.join(outDir, 'index.js');
  const runtime = path.join(outDir, 'forge-runtime.js');
  // As Forge's packager: one CommonJS file, Node 22, nothing external but Node's own modules.
  buildSync({ entryPoints: [path.join(ROOT, 'src/index.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: index, logLevel: 'error' });
  buildSync({ entryPoints: [path.join(ROOT, 'scripts/forge-runtime.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: runtime, logLevel: 'error' });
  return { index, runtime, indexBytes: statSync(index).size, indexGzipBytes: gzipSync(readFileSync(index)).length };
}

if (require.main === module) {
  const b = buildBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(JSON.stringify({ ...b, indexKb: Math.round(b.indexBytes / 1024), indexKbGzip: Math.round(b.indexGzipBytes / 1024) }));
}
