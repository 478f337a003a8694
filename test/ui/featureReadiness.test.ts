/**
 * The feature panel's "Ready for PI planning" section renders the backend's readiness as sent: the verdict from
 * `ready`, each finding's name, message, evidence, hint
 * and linked issues, and every check in the order sent.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FeatureReadinessView } from '../../src/contract';
import { FeatureReadiness } from '../../static/src/components/FeatureReadiness';

jest.mock('@forge/bridge', () => ({ router: { navigate: jest.fn(), open: jest.fn() }, invoke: jest.fn(), view: { getContext: jest.fn() } }));
// Atlaskit ships compiled CSS that jest cannot load; plain stand-ins render their children (what is read here).
jest.mock('@atlaskit/lozenge', () => ({ __esModule: true, default: ({ children }: { children: unknown }) => children }));
jest.mock('@atlaskit/section-message', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  return { __esModule: true, default: ({ title, children }: { title: string; children: unknown }) => h('div', null, title, children as never) };
});

// Section stand-in (Atlaskit heading and primitives): a section with its heading, then the content.
jest.mock('../../static/src/components/Section', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  return {
    Section: ({ id, title, testId, children }: { id: string; title: unknown; testId?: string; children: unknown }) => h('section', { 'aria-labelledby': id, 'data-testid': testId }, h('h3', { id }, title as never), children as never),
  };
});
// Dynamic table stand-in: a plain table whose rows and cells carry the testIds the component sets.
jest.mock('@atlaskit/dynamic-table', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  type Cell = { key: string; content: unknown; testId?: string };
  type Row = { key: string; testId?: string; cells: Cell[] };
  return {
    __esModule: true,
    default: ({ rows }: { rows: Row[] }) => h('table', null, h('tbody', null, rows.map((r) => h('tr', { key: r.key, 'data-testid': r.testId }, r.cells.map((c) => h('td', { key: c.key, 'data-testid': c.testId }, c.content as never)))))),
  };
});

const text = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const ref = (key: string) => ({ key, summary: `${key} summary`, url: `/browse/${key}`, status: 'To Do', statusCategory: 'new' as const, team: null, issueType: 'Story' });

const notReady: FeatureReadinessView = {
  key: 'ART-7',
  ready: false,
  score: 0.5,
  findings: [
    { rule: 'feature-children-unestimated', check: 'feature-children-estimated', name: 'Stories estimated', message: '2 of 3 open child stories are not estimated: ART-8, ART-9.', hint: 'Estimate each listed story.', evidence: 'ART-8, ART-9', issues: ['ART-8', 'ART-9'] },
  ],
  checks: [
    { check: 'feature-benefit-hypothesis', name: 'Benefit hypothesis', status: 'pass', evidence: 'Benefit hypothesis: We believe …', issues: [] },
    { check: 'feature-children-estimated', name: 'Stories estimated', status: 'fail', evidence: 'ART-8, ART-9', issues: ['ART-8', 'ART-9'] },
    { check: 'feature-split', name: 'Split into stories', status: 'n/a', evidence: 'no child stories', issues: [] },
  ],
  issueRefs: { 'ART-8': ref('ART-8'), 'ART-9': ref('ART-9') },
};

describe('FeatureReadiness', () => {
  it('shows the verdict, each finding with its evidence, hint and linked issues, and every check as sent', () => {
    const h = renderToStaticMarkup(createElement(FeatureReadiness, { readiness: notReady }));
    const t = text(h);
    expect(t).toContain('Ready for PI planning Not ready');
    expect(t).toContain('Stories estimated : 2 of 3 open child stories are not estimated: ART-8, ART-9.');
    expect(t).toContain('Evidence: ART-8, ART-9');
    expect(t).toContain('How to fix: Estimate each listed story.');
    expect([...h.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/browse/ART-8', '/browse/ART-9']);
    expect([...h.matchAll(/<td data-testid="readiness-check-name">([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['Benefit hypothesis', 'Stories estimated', 'Split into stories']);
    expect(t).toContain('Not applicable');
  });

  it('takes the verdict from `ready` and shows no "why" section without findings', () => {
    const h = renderToStaticMarkup(createElement(FeatureReadiness, { readiness: { ...notReady, ready: true, findings: [] } }));
    expect(text(h)).toContain('Ready for PI planning Ready');
    expect(h).not.toContain('Why this feature is not ready');
  });
});
