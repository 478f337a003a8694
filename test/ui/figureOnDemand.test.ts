/**
 * Issue 16: a figure whose key list the answer left out (linksOnDemand) renders its numbers as sent
 * and, in place of the links, a button naming the parts to load; the short list beside it stays a link.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FigureView } from '../../src/contract';
import { FigureLine } from '../../static/src/components/Figure';

jest.mock('@forge/bridge', () => ({ router: { navigate: jest.fn(), open: jest.fn() } }));

const figure: FigureView = {
  id: 'qualityPassRate|train||||', metric: 'qualityPassRate', scope: 'train', label: 'Quality pass rate', kind: 'rate', value: 0.5, display: '50%', numerator: 150, denominator: 300, unit: 'issues', memberCount: 150,
  links: [{ jql: 'num', url: '/issues/?jql=num' }], denominatorLinks: [], linksOnDemand: { denominatorLinks: 3, digest: 'd1' },
};
const html = renderToStaticMarkup(createElement(FigureLine, { figure, what: 'passing stories', testId: 'f' }));
const text = (h: string) => h.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

describe('FigureLine with a list on demand', () => {
  it('reads "150 (link) of 300 (3 parts) issues": the numbers as sent, the long list behind a button', () => {
    expect(text(html)).toBe('150 of 300 (3 parts) issues');
    expect([...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/issues/?jql=num']);
    const button = html.match(/<button[^>]*data-testid="f-denominator-load"[^>]*>/)?.[0];
    expect(button).toMatch(/type="button"/);
    expect(button).toMatch(/aria-label="All 300 issues counted for passing stories\. Open in Jira: 3 parts, load the links"/);
    expect(html).toContain('data-testid="f-d">300<');
  });
});
