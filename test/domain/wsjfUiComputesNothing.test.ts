/**
 * The browser renders what the backend computed (issue 12, item 1): no runtime import of domain
 * code anywhere in static/src, and no Cost of Delay / WSJF arithmetic in the WSJF components.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../static/src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ts|tsx)$/.test(p) ? [p] : [];
  });
}

describe('the UI computes no WSJF', () => {
  const files = filesUnder(root);

  it('finds the UI sources', () => {
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['WsjfTab.tsx', 'WsjfEstimation.tsx', 'FeatureView.tsx', 'format.ts']));
  });

  it('imports domain code only as types', () => {
    const runtime = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'([^']*\/src\/domain\/[^']*)'/gm)].map((m) => `${path.relative(root, f)}: ${m[2]}`),
    );
    expect(runtime).toEqual([]);
  });

  it('has no Cost of Delay or WSJF formula in the WSJF components or the format helpers', () => {
    const offenders = ['components/WsjfTab.tsx', 'components/WsjfEstimation.tsx', 'components/FeatureView.tsx', 'format.ts'].filter((f) => {
      const src = readFileSync(path.join(root, f), 'utf8');
      // A sum of the three components, or a division by the job size, is the formula itself.
      return /businessValue\s*\+|timeCriticality\s*\+|riskReduction\s*\+|\/\s*\(?\s*\w*\.?jobSize\b|function\s+(costOfDelay|wsjf)\b|normaliseColumn/.test(src);
    });
    expect(offenders).toEqual([]);
  });
});
