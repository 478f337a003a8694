/**
 * FigureLine renders a backend figure as a person reads it, every part linked to exactly what it
 * counts, and never recomputes a number (the UI shows numerator and denominator as sent).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FigureView } from '../../src/contract';
import { FigureLine } from '../../static/src/components/Figure';

jest.mock('@forge/bridge', () => ({ router: { navigate: jest.fn(), open: jest.fn() } }));

const link = (name: string) => ({ jql: name, url: `/issues/?jql=${name}` });

function figure(over: Partial<FigureView>): FigureView {
  return { id: 'x', metric: 'readinessRate', scope: 'train', label: 'Readiness', kind: 'rate', value: 0.72, display: '72%', numerator: 18, denominator: 25, unit: 'issues', memberCount: 18, links: [link('num')], denominatorLinks: [link('den')], ...over };
}

const html = (f: FigureView) => renderToStaticMarkup(createElement(FigureLine, { figure: f, what: 'ready stories', testId: 'f' }));
const text = (h: string) => h.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
/** [href, text] of each link, in order. */
const links = (h: string) => [...h.matchAll(/<a href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => [m[1], text(m[2])]);

describe('FigureLine', () => {
  it('a rate reads "n of d unit": n opens the numerator, "of d" the denominator', () => {
    const h = html(figure({}));
    expect(text(h)).toBe('18 of 25 issues');
    expect(links(h)).toEqual([
      ['/issues/?jql=num', '18'],
      ['/issues/?jql=den', 'of 25'],
    ]);
  });

  it('shows the numbers as sent, even where value and counts disagree (the UI derives nothing)', () => {
    expect(text(html(figure({ value: 0.9, numerator: 1, denominator: 3 })))).toBe('1 of 3 issues');
  });

  it('dependency pairs say "pairs" and link the issues on both ends with their count', () => {
    const h = html(figure({ kind: 'count', metric: 'dependenciesAtRisk', value: 6, numerator: 6, denominator: null, unit: 'pairs', memberCount: 11, denominatorLinks: undefined }));
    expect(text(h)).toBe('6 pairs · 11 issues');
    expect(links(h)).toEqual([['/issues/?jql=num', '11 issues']]);
  });

  it('a count links what it counts, singular for one', () => {
    const h = html(figure({ kind: 'count', value: 1, numerator: 1, denominator: null, memberCount: 1, denominatorLinks: undefined }));
    expect(text(h)).toBe('1 issue');
    expect(links(h)).toEqual([['/issues/?jql=num', '1 issue']]);
  });

  it('a key list split by the backend becomes "part 1/2 · part 2/2", each part its own link', () => {
    const h = html(figure({ links: [link('a'), link('b')] }));
    expect(text(h)).toBe('18 (part 1/2 · part 2/2) of 25 issues');
    expect(links(h)).toEqual([
      ['/issues/?jql=a', 'part 1/2'],
      ['/issues/?jql=b', 'part 2/2'],
      ['/issues/?jql=den', 'of 25'],
    ]);
  });

  it('a quotient (ready coverage) names its points, the issues behind them and the velocity', () => {
    const h = html(figure({ metric: 'readyCoverageIterations', kind: 'quotient', value: 2.5, display: '2.5 iterations', numerator: 354, denominator: 140.7, unit: 'iterations', memberCount: 84, denominatorLinks: undefined }));
    expect(text(h)).toBe('354 points in 84 issues ÷ 140.7 points per sprint');
    expect(links(h)).toEqual([['/issues/?jql=num', '84 issues']]);
  });
});
