import { BANDS, bandFor, definitionOf, figureBand, METRIC_DEFINITIONS, type BandedMetric } from '../../../src/domain/health';

/**
 * The definition a person reads and the band a value gets must say the same thing. The thresholds
 * are read back from the sentence (not from the table), then probed on both sides.
 */
function thresholdsInText(text: string): { min?: number; max?: number; above?: 'at-risk' | 'above-range' } {
  const band = text.slice(text.indexOf('Healthy:'));
  const num = (s: string) => (s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s.replace(/ iterations?$/, '')));
  const range = /^Healthy: ([\d.]+%?)–([\d.]+%?)(?: iterations?)?; at risk below \1; (.*)\.$/.exec(band);
  if (range) return { min: num(range[1]), max: num(range[2]), above: /not a risk/.test(range[3]) ? 'above-range' : 'at-risk' };
  const atLeast = /^Healthy: ([\d.]+%?) or more; at risk below \1\.$/.exec(band);
  if (atLeast) return { min: num(atLeast[1]) };
  const atMost = /^Healthy: ([\d.]+%?) or less; at risk above \1\.$/.exec(band);
  if (atMost) return { max: num(atMost[1]), above: 'at-risk' };
  if (band === 'Healthy: 0; at risk: 1 or more.') return { max: 0, above: 'at-risk' };
  throw new Error(`no band sentence in: ${text}`);
}

const METRICS = Object.keys(BANDS) as BandedMetric[];

describe('bands and their definitions come from one table', () => {
  it.each(METRICS)('%s: the definition text and the band agree on both sides of every threshold', (metric) => {
    const t = thresholdsInText(definitionOf(metric));
    expect(t.min !== undefined || t.max !== undefined).toBe(true);
    const step = BANDS[metric].format === 'count' ? 1 : 0.01;
    if (t.min !== undefined) {
      expect(figureBand(metric, t.min)).toBe('healthy');
      expect(figureBand(metric, t.min - step)).toBe('at-risk');
    }
    if (t.max !== undefined) {
      expect(figureBand(metric, t.max)).toBe('healthy');
      expect(figureBand(metric, t.max + step)).toBe(t.above);
    }
    expect(figureBand(metric, null)).toBe('unknown');
  });

  it('calls 2.7 iterations of ready coverage "more than needed", not at risk, as its definition says', () => {
    expect(METRIC_DEFINITIONS.readyCoverageIterations.definition).toContain('at risk below 1');
    expect(figureBand('readyCoverageIterations', 2.7)).toBe('above-range');
    expect(bandFor('readyCoverageIterations', 2.7)).not.toBe('at-risk');
    expect(bandFor('readyCoverageIterations', 0.9)).toBe('at-risk');
  });

  it('gives every health metric a label and a definition ending in its band sentence', () => {
    for (const [id, d] of Object.entries(METRIC_DEFINITIONS)) {
      expect(d.label).toBe(BANDS[id as BandedMetric].label);
      expect(d.definition).toMatch(/Healthy: .*\.$/);
    }
  });
});
