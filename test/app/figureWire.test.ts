import fc from 'fast-check';
import type { FigureView } from '../../src/contract';
import { keyListLinks } from '../../src/app/figureViews';
import { figureLinksOf, figuresIn, isFigureView, linksDigest, wireFigures } from '../../src/app/figureWire';

/**
 * Issue 16: any tab's answer as it travels (wireFigures): every figure anywhere in the view whose key
 * list is longer than the inline parts leaves it out and says how many parts it has and their digest;
 * the lists come back unchanged by figure id; nothing else in the view changes.
 */
const site = 'https://example.atlassian.net';
const keys = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `ART-${from + i}`);
const fig = (id: string, members: string[], denominatorMembers?: string[]): FigureView => ({
  id,
  metric: 'piLoad',
  scope: 'pi',
  label: 'Load',
  kind: denominatorMembers ? 'rate' : 'count',
  value: members.length,
  display: `${members.length}`,
  numerator: members.length,
  denominator: denominatorMembers?.length ?? null,
  unit: 'issues',
  memberCount: members.length,
  links: keyListLinks(site, members),
  ...(denominatorMembers ? { denominatorLinks: keyListLinks(site, denominatorMembers) } : {}),
});

describe('wireFigures', () => {
  it('slims figures nested at any depth, keeps short ones and every other field as they were', () => {
    const long = fig('piLoad|team|A||1|PI-1', keys(400));
    const short = fig('piLoad|team|B||2|PI-1', keys(5));
    const rate = fig('piAlign|train|||||PI-1', keys(3), keys(300, 1000));
    const view = { asOf: 'x', teams: [{ team: 'A', cells: [{ load: long, note: 'n' }] }, { team: 'B', cells: [{ load: short }] }], train: { alignment: rate }, link: { jql: 'j', url: 'u' } };
    expect(long.links.length).toBeGreaterThan(2);
    const { view: slim, withheld } = wireFigures(view, 2);
    expect(slim.teams[0].cells[0]).toEqual({ load: { ...long, links: [], linksOnDemand: { links: long.links.length, digest: linksDigest(long.links) } }, note: 'n' });
    // Copy on write: what holds no long list is the same object.
    expect(slim.teams[1]).toBe(view.teams[1]);
    expect(slim.link).toBe(view.link);
    expect(slim.train.alignment).toEqual({ ...rate, denominatorLinks: [], linksOnDemand: { denominatorLinks: rate.denominatorLinks!.length, digest: linksDigest(rate.links, rate.denominatorLinks) } });
    // The rate's short numerator stays inline.
    expect(slim.train.alignment.links).toBe(rate.links);
    expect(withheld).toEqual({ [long.id]: figureLinksOf(long), [rate.id]: figureLinksOf(rate) });
    // The input is untouched.
    expect(view.teams[0].cells[0].load.links.length).toBeGreaterThan(2);
  });

  it('is idempotent and a slimmed figure with its withheld links is the figure again (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.boolean()), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (specs, inline) => {
        const figures = specs.map(([n, d, isRate], i) => fig(`piLoad|team|T${i}||||`, keys(n), isRate ? keys(d, 2000) : undefined));
        const view = { rows: figures.map((f) => ({ f })) };
        const { view: slim, withheld } = wireFigures(view, inline);
        expect(wireFigures(slim, inline).view).toEqual(slim);
        expect(figuresIn(slim)).toHaveLength(figures.length);
        for (const [i, f] of figures.entries()) {
          const s = slim.rows[i].f;
          expect(s.links.length).toBeLessThanOrEqual(inline);
          expect(s.denominatorLinks?.length ?? 0).toBeLessThanOrEqual(inline);
          const needed = f.links.length > inline || (f.denominatorLinks?.length ?? 0) > inline;
          expect(s.linksOnDemand !== undefined).toBe(needed);
          const back = s.linksOnDemand ? { ...s, links: s.linksOnDemand.links !== undefined ? withheld[f.id].links : s.links, ...(f.denominatorLinks ? { denominatorLinks: s.linksOnDemand.denominatorLinks !== undefined ? withheld[f.id].denominatorLinks : s.denominatorLinks } : {}) } : s;
          const { linksOnDemand: _announced, ...rest } = back;
          expect(rest).toEqual(f);
          if (s.linksOnDemand) expect(withheld[f.id].digest).toBe(s.linksOnDemand.digest);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('tells figures from other objects, and the digest from the lists', () => {
    expect(isFigureView(fig('x|train||||', keys(1)))).toBe(true);
    expect(isFigureView({ id: 'x', links: [] })).toBe(false);
    expect(isFigureView([fig('x|train||||', keys(1))])).toBe(false);
    const a = keyListLinks(site, keys(100));
    const b = keyListLinks(site, keys(100, 2));
    expect(linksDigest(a)).toBe(linksDigest([...a]));
    expect(linksDigest(a)).not.toBe(linksDigest(b));
    // The same parts as numerator or as denominator are different lists.
    expect(linksDigest(a, [])).not.toBe(linksDigest([], a));
    expect(linksDigest(a)).toMatch(/^[0-9a-f]{16}$/);
    // The lists, not the site they are on: the same JQL under another base URL has the same digest.
    expect(linksDigest(keyListLinks('http://127.0.0.1:4000', keys(100)))).toBe(linksDigest(a));
  });
});
