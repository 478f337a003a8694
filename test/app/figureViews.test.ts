import fc from 'fast-check';
import { issueRate, keyOrder, type Figure } from '../../src/domain/health';
import { keysJql } from '../../src/jira/jql';
import { figureIndex, figureView, keyListJql, keyListLinks } from '../../src/app/figureViews';

const SITE = 'https://example.atlassian.net';

const figure = (team: string, members: string[], all: string[]): Figure => ({ metric: 'readinessRate', scope: 'team', team, unit: 'issues', ...issueRate(members, all) });

describe('figureIndex (views made when asked for)', () => {
  it('gives, for every figure and in order, the view figureView makes; get finds the last figure of an id', () => {
    const keys = fc.array(fc.integer({ min: 1, max: 400 }).map((n) => `ART-${n}`), { maxLength: 60 });
    fc.assert(
      fc.property(fc.array(fc.record({ team: fc.constantFrom('Atlas', 'Borealis', 'Comet'), members: keys, all: keys }), { minLength: 1, maxLength: 12 }), (rows) => {
        const figures = rows.map((r) => figure(r.team, r.members, [...r.members, ...r.all]));
        const index = figureIndex(SITE, figures);
        // get first, all after: a view asked for before `all` is the one `all` lists.
        const last = new Map(figures.map((f) => [f.team!, f]));
        for (const [team, f] of last) expect(index.get({ metric: 'readinessRate', scope: 'team', team })).toEqual(figureView(SITE, f));
        const all = index.all;
        expect(all).toEqual(figures.map((f) => figureView(SITE, f)));
        for (const team of last.keys()) expect(all).toContain(index.get({ metric: 'readinessRate', scope: 'team', team }));
      }),
      { numRuns: 60 },
    );
  });

  it('names the figure it does not have', () => {
    const index = figureIndex(SITE, [figure('Atlas', ['ART-1'], ['ART-1', 'ART-2'])]);
    expect(() => index.get({ metric: 'readinessRate', scope: 'team', team: 'Comet' })).toThrow('no figure readinessRate|team|Comet');
  });

  it('makes a view only when it is asked for, and once', () => {
    const many = Array.from({ length: 50 }, (_, i) => figure(`Team ${i}`, [`ART-${i}`], [`ART-${i}`, `ART-${i + 100}`]));
    // Each figure's members are read to make its links: count the reads of one member list.
    let reads = 0;
    const watched = many[7];
    const members = watched.members;
    Object.defineProperty(watched, 'members', {
      get: () => {
        reads++;
        return members;
      },
    });
    const index = figureIndex(SITE, many);
    index.get({ metric: 'readinessRate', scope: 'team', team: 'Team 3' });
    expect(reads).toBe(0);
    const first = index.get({ metric: 'readinessRate', scope: 'team', team: 'Team 7' });
    const once = reads;
    expect(once).toBeGreaterThan(0);
    expect(index.get({ metric: 'readinessRate', scope: 'team', team: 'Team 7' })).toBe(first);
    expect(index.all[7]).toBe(first);
    expect(reads).toBe(once);
  });
});

describe('key lists in keyOrder', () => {
  // Keys of several projects, numbers with and without leading zeros (a tie for keyOrder: input order kept).
  const key = fc.tuple(fc.constantFrom('ART', 'AR', 'PLAT', 'B2'), fc.integer({ min: 0, max: 3000 }), fc.boolean()).map(([p, n, pad]) => `${p}-${pad ? String(n).padStart(5, '0') : n}`);
  it('orders and dedupes as a sort with keyOrder does', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        const expected = [...new Set(keys)].sort(keyOrder);
        expect(keyListJql(keys)).toBe(expected.length ? `${keysJql(expected)} ORDER BY key ASC` : null);
        const inLinks = keyListLinks(SITE, keys).flatMap((l) => [...l.jql.matchAll(/"?([A-Z0-9]+-\d+)"?/g)].map((m) => m[1]));
        expect(inLinks).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
