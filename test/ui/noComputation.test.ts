/**
 * The Custom UI renders what the resolvers computed: no file under static/src may import runtime
 * code from the backend (src/domain, src/app, ...); type-only imports of the contract are the seam.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../static/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe('static/src imports no backend code', () => {
  const files = sources(ROOT);

  it('finds the UI sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('reaches into src/ only with type-only imports and exports', () => {
    const offending = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'((?:\.\.\/)+src\/[^']*)'/gm)].map((m) => `${path.relative(ROOT, f)}: ${m[0].trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
