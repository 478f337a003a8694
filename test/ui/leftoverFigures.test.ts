/**
 * Issue 12 leftovers in the UI: the story panel's at-risk count, the In progress counts, the sprint
 * action's counts and the predictability objectives render the backend's figures as sent (the
 * numbers deliberately disagree with the lists here, so a component that counts for itself fails)
 * and link every part of a split key list.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ActiveSprintView, DependencyView, FigureView, JqlLink, ProjectOverviewData, SprintReadinessData } from '../../src/contract';
import { Dependencies } from '../../static/src/components/Dependencies';
import { InProgress, PredictabilitySection } from '../../static/src/components/OverviewTab';
import { SprintReadiness } from '../../static/src/components/SprintReadiness';

jest.mock('@forge/bridge', () => ({ router: { navigate: jest.fn(), open: jest.fn() }, invoke: jest.fn(), view: { getContext: jest.fn() } }));
// Atlaskit ships compiled CSS that jest cannot load; plain stand-ins render their children (what is read here).
jest.mock('@atlaskit/lozenge', () => ({ __esModule: true, default: ({ children }: { children: unknown }) => children }));
jest.mock('@atlaskit/section-message', () => ({ __esModule: true, default: ({ children }: { children: unknown }) => children, SectionMessageAction: () => null }));
jest.mock('@atlaskit/button/new', () => ({ __esModule: true, default: () => null }));
jest.mock('@atlaskit/tooltip', () => ({ __esModule: true, default: ({ children }: { children: unknown }) => children }));
jest.mock('@atlaskit/spinner', () => ({ __esModule: true, default: () => null }));
jest.mock('@atlaskit/dynamic-table', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  return {
    __esModule: true,
    default: ({ rows }: { rows: { key: string; cells: { key: string; content: unknown }[] }[] }) =>
      h('table', null, h('tbody', null, rows.map((r) => h('tr', { key: r.key }, r.cells.map((c) => h('td', { key: c.key }, c.content as never)))))),
  };
});
// Atlaskit heading and primitives (Section, the Overview's layout): plain elements around their children.
jest.mock('@atlaskit/heading', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  return { __esModule: true, default: ({ as, id, children }: { as?: string; id?: string; children: unknown }) => h(as ?? 'h2', { id }, children as never) };
});
jest.mock('@atlaskit/primitives', () => {
  const { createElement: h } = jest.requireActual<typeof import('react')>('react');
  const wrap = ({ children }: { children: unknown }) => h('div', null, children as never);
  return { Box: ({ as, testId, children }: { as?: string; testId?: string; children: unknown }) => h(as ?? 'div', { 'data-testid': testId }, children as never), Stack: wrap, Inline: wrap };
});
jest.mock('../../static/src/components/Charts', () => ({ AcceptanceBySprintChart: () => null, TrainBySprintChart: () => null, TrendChart: () => null }));

const link = (name: string): JqlLink => ({ jql: name, url: `/issues/?jql=${name}` });
const text = (h: string) => h.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
const hrefs = (h: string) => [...h.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

function figure(over: Partial<FigureView>): FigureView {
  return { id: 'x', metric: 'sprintCommittedSoFar', scope: 'sprint', label: 'x', kind: 'count', value: 0, display: '0', numerator: 0, denominator: null, unit: 'issues', memberCount: 0, links: [], ...over };
}

const ref = (key: string) => ({ key, summary: `${key} summary`, url: `/browse/${key}`, status: 'To Do', statusCategory: 'new' as const, team: null, issueType: 'Story' });

describe('story panel dependencies', () => {
  const deps: DependencyView[] = [{ direction: 'blockedBy', other: { ...ref('P-2'), sprint: null }, atRisk: true, explanation: 'P-2 is not planned in any sprint yet.' }];

  it('says how many are at risk from the figure, and links its issues', () => {
    const atRisk = figure({ metric: 'issueDependenciesAtRisk', scope: 'issue', issue: 'P-1', unit: 'pairs', value: 3, numerator: 3, memberCount: 4, links: [link('risk')] });
    const h = renderToStaticMarkup(createElement(Dependencies, { dependencies: deps, atRisk }));
    expect(text(h)).toContain('3 dependencies are at risk (3 pairs · 4 issues).');
    expect(hrefs(h)).toContain('/issues/?jql=risk');
  });

  it('shows no risk summary when the figure counts none, whatever the list says', () => {
    const h = renderToStaticMarkup(createElement(Dependencies, { dependencies: deps, atRisk: figure({ metric: 'issueDependenciesAtRisk', unit: 'pairs' }) }));
    expect(h).not.toContain('dependency-risk-summary');
  });
});

describe('Overview In progress', () => {
  const a: ActiveSprintView = {
    team: 'Comet', sprint: 'Sprint 20', sprintId: 20, startDate: '2026-11-10T09:00:00.000Z', plannedEnd: '2026-11-24T09:00:00.000Z', daysLeft: 4,
    committed: 99, added: 99,
    progress: figure({ metric: 'sprintProgress', kind: 'rate', value: 0.5, display: '50%', numerator: 3, denominator: 6, memberCount: 3, links: [link('done')], denominatorLinks: [link('all')] }),
    figures: {
      committed: figure({ value: 5, numerator: 5, memberCount: 5, links: [link('c1'), link('c2')] }),
      added: figure({ metric: 'sprintAddedSoFar', value: 1, numerator: 1, memberCount: 1, links: [link('a1')] }),
    },
  };
  const h = renderToStaticMarkup(createElement(InProgress, { data: { activeSprints: [a] } as unknown as ProjectOverviewData }));

  it('renders committed and added as their figures (not the plain numbers beside them)', () => {
    expect(text(h)).toContain('5 issues (part 1/2 · part 2/2)');
    expect(text(h)).toContain('1 issue');
    expect(text(h)).not.toContain('99');
  });

  it('links every part of each count', () => {
    expect(hrefs(h)).toEqual(expect.arrayContaining(['/issues/?jql=c1', '/issues/?jql=c2', '/issues/?jql=a1', '/issues/?jql=done', '/issues/?jql=all']));
  });
});

describe('PI predictability', () => {
  const row = { pi: 'PI-1', team: 'Train', objectives: 3, planned: 10, actual: 9, rate: 0.9, band: 'healthy' as const, link: link('o1'), links: [link('o1'), link('o2')] };
  const p = { issueType: 'PI Objective', train: [row], teams: [], incomplete: { count: 2, link: link('i1'), links: [link('i1'), link('i2')] } };
  const h = renderToStaticMarkup(createElement(PredictabilitySection, { data: { predictability: p } as unknown as ProjectOverviewData }));

  it('links every part of a long objectives list, in the table and in the incomplete note', () => {
    expect(hrefs(h)).toEqual(expect.arrayContaining(['/issues/?jql=o1', '/issues/?jql=o2', '/issues/?jql=i1', '/issues/?jql=i2']));
    expect(text(h)).toContain('2 issues (part 1/2 · part 2/2) lack a PI label or a planned value.');
  });
});

describe('sprint action', () => {
  const data: SprintReadinessData = {
    asOf: '2026-11-20T10:00:00.000Z',
    sprint: { id: 21, name: 'Sprint 21', state: 'future', goal: null, startDate: null, endDate: null },
    storyCount: 99, readyCount: 99, points: { total: 99, ready: 99 },
    notReady: [{ issue: ref('P-7'), storyPoints: 3, score: 0.4, ready: false, failedChecks: [{ rule: 'ac', label: 'Acceptance criteria' }], findings: [] }],
    notReadyLink: link('old'),
    ready: figure({ metric: 'readinessRate', kind: 'rate', value: 0.5, numerator: 4, denominator: 8, memberCount: 4, links: [link('r')], denominatorLinks: [link('all')] }),
    readyPoints: figure({ metric: 'readinessRatePoints', kind: 'rate', unit: 'points', value: 0.4, numerator: 8, denominator: 20, memberCount: 4, links: [link('rp')], denominatorLinks: [link('allp')] }),
    notReadyFigure: figure({ metric: 'sprintNotReady', kind: 'rate', value: 0.5, numerator: 4, denominator: 8, memberCount: 4, links: [link('n1'), link('n2')], denominatorLinks: [link('all')] }),
    sprintLink: link('sprint'),
    note: null,
  };
  const h = renderToStaticMarkup(createElement(SprintReadiness, { data }));

  it('reads ready, points and not ready from the figures, not from the list or the plain fields', () => {
    expect(text(h)).toContain('4 of 8 issues are ready (8 of 20 points');
    expect(text(h)).toContain('4 issues (part 1/2 · part 2/2) of 8 fail the Definition of Ready');
    expect(text(h)).not.toContain('99');
  });

  it('opens the not-ready stories through every part of the figure', () => {
    expect(hrefs(h)).toEqual(expect.arrayContaining(['/issues/?jql=n1', '/issues/?jql=n2', '/issues/?jql=r', '/issues/?jql=all']));
    expect(hrefs(h)).not.toContain('/issues/?jql=old');
  });

  it('says every story is ready only when the figure counts none not ready', () => {
    const none = renderToStaticMarkup(createElement(SprintReadiness, { data: { ...data, notReadyFigure: { ...data.notReadyFigure, numerator: 0, value: 0, memberCount: 0, links: [] } } }));
    expect(none).toContain('readiness-all-ready');
    expect(h).not.toContain('readiness-all-ready');
  });
});
