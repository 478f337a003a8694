import { keyListJql, keyListLinks, MAX_SEARCH_URL_LENGTH } from '../../src/app/figureViews';
import { keysNamedBy } from './surfaces';

const SITE = 'https://aurora-demo.atlassian.net';

describe('drill-down links', () => {
  it('splits a long key list into links that each stay under the URL limit and together name exactly the set', () => {
    const keys = Array.from({ length: 450 }, (_, i) => `ART-${1000 - i}`);
    const links = keyListLinks(SITE, [...keys, ...keys.slice(0, 10)]);
    expect(links.length).toBeGreaterThan(2);
    for (const l of links) expect(l.url.length).toBeLessThanOrEqual(MAX_SEARCH_URL_LENGTH);
    const named = links.flatMap((l) => keysNamedBy(l.jql));
    expect(named).toHaveLength(keys.length);
    expect(new Set(named)).toEqual(new Set(keys));
    // Each part is as long as it can be: one more key would pass the limit.
    for (let i = 0; i + 1 < links.length; i++) {
      const next = keysNamedBy(links[i + 1].jql)[0];
      const longer = keyListLinks(SITE, [...keysNamedBy(links[i].jql), next]);
      expect(longer).toHaveLength(2);
    }
    // Parts are in key order: ART-551 … ART-1000.
    expect(named[0]).toBe('ART-551');
  });

  it('makes one link for a short list and none for an empty one (a made-up key would be a 400 in Jira)', () => {
    expect(keyListLinks(SITE, ['ART-2', 'ART-10'])).toEqual([{ jql: 'key in ("ART-2", "ART-10") ORDER BY key ASC', url: `${SITE}/issues/?jql=${encodeURIComponent('key in ("ART-2", "ART-10") ORDER BY key ASC')}` }]);
    expect(keyListLinks(SITE, [])).toEqual([]);
    expect(keyListJql([])).toBeNull();
    expect(keysNamedBy(keyListJql(['ART-3', 'ART-1'])!)).toEqual(['ART-1', 'ART-3']);
  });
});
