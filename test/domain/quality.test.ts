import fc from 'fast-check';
import type { QualityView } from '../../src/contract';
import { checkAtomic, checkStories, checkStory, DEFAULT_QUALITY_SETTINGS, parseStoryForm, readText, type AdfNode, type QualityOptions, type QualityReport, type StoryInput } from '../../src/domain/quality';

// --- ADF builders (the shapes Jira Cloud returns) -----------------------------------------------

const text = (t: string, marks?: { type: string }[]): AdfNode => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
const p = (...c: (AdfNode | string)[]): AdfNode => ({ type: 'paragraph', content: c.map((x) => (typeof x === 'string' ? text(x) : x)) });
const h = (level: number, t: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const bold = (t: string): AdfNode => p(text(t, [{ type: 'strong' }]));
const li = (t: string): AdfNode => ({ type: 'listItem', content: [p(t)] });
const ul = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map(li) });
const ol = (...items: string[]): AdfNode => ({ type: 'orderedList', attrs: { order: 1 }, content: items.map(li) });
const task = (t: string, done = false): AdfNode => ({ type: 'taskItem', attrs: { localId: t, state: done ? 'DONE' : 'TODO' }, content: [text(t)] });
const tasks = (...items: string[]): AdfNode => ({ type: 'taskList', attrs: { localId: 'tl' }, content: items.map((t) => task(t)) });
const doc = (...content: AdfNode[]) => ({ type: 'doc', version: 1, content });

const STORY = 'As a project manager, I want to export the sprint report as PDF, so that I can share it with stakeholders';
const GOOD_AC = doc(h(3, 'Acceptance criteria'), ul('The "Export" button downloads a PDF of the current sprint report', 'The PDF contains the burndown chart and the list of issues'));

function story(over: Partial<StoryInput> = {}): StoryInput {
  return { id: 'RF-1', summary: STORY, description: GOOD_AC, storyPoints: 3, hasParent: true, blockedBy: [], team: 'Alpha', ...over };
}

const rules = (r: QualityReport) => r.findings.map((f) => f.rule);
const find = (r: QualityReport, rule: string) => r.findings.find((f) => f.rule === rule);

describe('ADF reader', () => {
  it('reads every block type into text blocks', () => {
    const value = doc(
      h(2, 'Context'),
      p('Hello ', text('world', [{ type: 'strong' }]), { type: 'hardBreak' }, 'next line ', { type: 'mention', attrs: { id: 'abc', text: '@Ana' } }, ' ', { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } }, ' ', { type: 'inlineCard', attrs: { url: 'https://example.com/x' } }),
      ul('bullet one', 'bullet two'),
      ol('first', 'second'),
      tasks('check A', 'check B'),
      { type: 'codeBlock', attrs: { language: 'json' }, content: [text('{"a": 1}')] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [p('Col')] }, { type: 'tableCell', content: [p('Cell')] }] }] },
      { type: 'panel', attrs: { panelType: 'info' }, content: [p('In a panel')] },
      { type: 'expand', attrs: { title: 'More' }, content: [p('Hidden text')] },
      { type: 'blockquote', content: [p('Quoted')] },
      { type: 'rule' },
    );
    const r = readText(value);
    expect(r.source).toBe('adf');
    expect(r.text).toContain('Hello world\nnext line @Ana 😄 https://example.com/x');
    for (const t of ['Context', 'bullet two', 'second', 'check B', '{"a": 1}', 'Col', 'Cell', 'In a panel', 'More', 'Hidden text', 'Quoted']) expect(r.text).toContain(t);
    expect(r.blocks.find((b) => b.text === 'check A')?.kind).toBe('taskItem');
    expect(r.blocks.find((b) => b.text === 'Context')).toMatchObject({ kind: 'heading', level: 2 });
  });

  it('marks a fully bold paragraph as a pseudo-heading', () => {
    expect(readText(doc(bold('Acceptance criteria'))).blocks[0]).toMatchObject({ kind: 'paragraph', bold: true });
  });

  it.each([
    ['unknown node type', { type: 'doc', version: 1, content: [{ type: 'fancyWidget', content: [text('inner text')] }] }, 'inner text'],
    ['content is not an array', { type: 'doc', content: [{ type: 'paragraph', content: 'oops' }] }, ''],
    ['text node without text', { type: 'doc', content: [p({ type: 'text' } as AdfNode, 'kept')] }, 'kept'],
    ['not a doc at the root', { type: 'paragraph', content: [text('root paragraph')] }, 'root paragraph'],
    ['an array of nodes', [p('a'), p('b')], 'a\nb'],
    ['nulls inside', { type: 'doc', content: [null, p('x'), 42, 'str'] }, 'x'],
    ['inline node at block level', { type: 'doc', content: [text('loose text')] }, 'loose text'],
    ['an object that is not ADF', { foo: 1 }, ''],
    ['a number', 7, '7'],
  ])('never throws on malformed ADF (%s) and reports adf-fallback', (_name, value, expected) => {
    const r = readText(value);
    expect(r.source).toBe('adf-fallback');
    expect(r.text).toBe(expected);
  });

  it('survives cycles and very deep nesting', () => {
    const cyclic: Record<string, unknown> = { type: 'doc', content: [] };
    (cyclic.content as unknown[]).push(cyclic, p('after cycle'));
    expect(readText(cyclic)).toMatchObject({ source: 'adf-fallback', text: 'after cycle' });
    let deep: AdfNode = p('bottom');
    for (let i = 0; i < 500; i++) deep = { type: 'panel', content: [deep] };
    expect(() => readText(doc(deep))).not.toThrow();
    expect(readText(doc(deep)).source).toBe('adf-fallback');
  });

  it('reads plain strings as text, including Markdown headings, checkboxes and lists', () => {
    const r = readText('## Acceptance criteria\n- [ ] one\n- [x] two\n1. three\n\nplain para');
    expect(r.source).toBe('text');
    expect(r.blocks.map((b) => b.kind)).toEqual(['heading', 'taskItem', 'taskItem', 'listItem', 'paragraph']);
    expect(readText(null)).toEqual({ blocks: [], text: '', source: 'text' });
  });
});

describe('story form', () => {
  it('parses role, means and end', () => {
    expect(parseStoryForm(STORY)).toMatchObject({ role: 'project manager', means: 'to export the sprint report as PDF', endIndicator: 'so that', end: 'I can share it with stakeholders' });
    expect(parseStoryForm('As an admin I need to reset passwords in order to help locked-out users')).toMatchObject({ role: 'admin', endIndicator: 'in order to' });
    expect(parseStoryForm('Export sprint report')).toBeNull();
  });

  it('does not take a purpose verb at the start of the means for the benefit', () => {
    expect(parseStoryForm('As a manager, I want to ensure that costs are tracked, so that budgets hold')).toMatchObject({ means: 'to ensure that costs are tracked', end: 'budgets hold' });
  });
});

describe('atomic (joined actions vs joined objects)', () => {
  it.each([
    ['to upload files and share them', false],
    ['to create and delete a project', false],
    ['to create a log book page and attach a file to it', false],
    ['to be able to see and edit my enrolled children', false],
    ['to copy/paste stories from a spreadsheet', false],
    ['to view name and email', true],
    ['to view the name and email of users', true],
    ['to export reports and charts', true],
    ['to have accurate and complete data', true],
    ['to have a method to add and remove people from groups', true],
    ['to know when the periods start and end', true],
    ['to search for files by type and format', true],
  ])('%s → atomic %s', (means, atomic) => {
    expect(checkAtomic(means).atomic).toBe(atomic);
  });

  it('reports the joined actions in a not-atomic finding', () => {
    const r = checkStory(story({ summary: 'As a user, I want to upload files and share them, so that my team can see them' }));
    expect(r.atomic).toBe(false);
    const f = find(r, 'not-atomic')!;
    expect(f).toMatchObject({ criterion: 'S', severity: 'warning', evidence: 'upload files and share' });
    expect(f.message).toContain('"upload files and share"');
  });
});

describe('acceptance criteria detection', () => {
  it('route: the acceptance-criteria field', () => {
    const r = checkStory(story({ description: null, acceptanceCriteria: doc(ul('PDF opens in the browser')) }));
    expect(r.hasAcceptanceCriteria).toBe(true);
    expect(r.dor.find((d) => d.rule === 'requireAcceptanceCriteria')).toMatchObject({ passed: true, detail: 'found in the acceptance criteria field' });
  });

  it('route: an ADF heading followed by content', () => {
    expect(checkStory(story()).dor[0]).toMatchObject({ passed: true, detail: 'found under an acceptance criteria heading in the description' });
  });

  it('route: a bold paragraph "AC:" followed by a numbered list', () => {
    const r = checkStory(story({ description: doc(p('Some context.'), bold('AC:'), ol('The report lists all done issues', 'The total points are shown')) }));
    expect(r.hasAcceptanceCriteria).toBe(true);
  });

  it('route: Gherkin Given/When/Then', () => {
    const r = checkStory(story({ description: doc(p('Given a sprint with 3 done issues'), p('When I click Export'), p('Then a PDF with 3 rows is downloaded')) }));
    expect(r.hasAcceptanceCriteria).toBe(true);
    expect(r.dor[0].detail).toBe('found as Given/When/Then scenarios');
  });

  it('route: a task list under an "Acceptance" heading', () => {
    const r = checkStory(story({ description: doc(h(2, 'Acceptance'), tasks('Button visible to project admins', 'PDF under 2 MB')) }));
    expect(r.dor[0].detail).toBe('found as a checklist in the description');
  });

  it('Markdown text with an underlined heading and another language', () => {
    expect(checkStory(story({ description: 'Akzeptanzkriterien\n===\n\n1. Der Bericht wird als PDF geladen' })).hasAcceptanceCriteria).toBe(true);
  });

  it('an empty template heading is not acceptance criteria (not written yet: error, quoting the heading and its filler)', () => {
    const r = checkStory(story({ description: '## Acceptance Criteria\n<!-- what must be true -->\n- [ ] ...\n\n## Notes\nnone' }));
    expect(r.hasAcceptanceCriteria).toBe(false);
    expect(find(r, 'ac-missing')).toBeUndefined();
    const f = find(r, 'ac-not-written')!;
    expect(f).toMatchObject({ criterion: 'AC', severity: 'error', evidence: 'Acceptance Criteria' });
    expect(f.message).toContain('"Acceptance Criteria" heading with only "..." under it');
    expect(r.invest.T).toBe('fail');
    expect(r.ready).toBe(false);
  });

  it('missing acceptance criteria is an error', () => {
    const r = checkStory(story({ description: doc(p('We need the export.')) }));
    expect(find(r, 'ac-missing')).toMatchObject({ severity: 'error' });
  });

  it('vague criteria → warning quoting the words', () => {
    const r = checkStory(story({ description: doc(h(3, 'Acceptance criteria'), ul('Export works as expected', 'The PDF lists the 3 done issues of the sprint')) }));
    expect(find(r, 'ac-vague')).toMatchObject({ severity: 'warning', evidence: 'works as expected' });
    expect(find(r, 'ac-vague')!.message).toContain('"works as expected"');
    expect(r.ready).toBe(true); // one concrete criterion: not vague-only
  });

  it('too many scenarios → S warning', () => {
    const scenarios = Array.from({ length: 10 }, (_, i) => [p(`Scenario: case ${i}`), p(`Given state ${i}`), p('When I export'), p(`Then I see ${i}`)]).flat();
    const r = checkStory(story({ description: doc(h(3, 'Acceptance criteria'), ...scenarios) }));
    expect(find(r, 'ac-too-many-scenarios')).toMatchObject({ criterion: 'S', severity: 'warning' });
  });
});

describe('rules', () => {
  it('a good story is ready, scores 1 and passes every INVEST letter', () => {
    const r = checkStory(story());
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ ready: true, score: 1, wellFormed: true, hasBenefit: true, atomic: true, textSource: 'adf' });
    expect(Object.values(r.invest)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    expect(r.dor.map((d) => d.rule)).toEqual(['requireAcceptanceCriteria', 'rejectVagueOnlyCriteria', 'requireEstimate', 'requireNoErrors', 'requireNoOpenBlockers', 'requireParent']);
  });

  it('not in user-story form → FORM warning', () => {
    const r = checkStory(story({ summary: 'PDF export of sprint report' }));
    expect(r.wellFormed).toBe(false);
    expect(find(r, 'form-missing')).toMatchObject({ criterion: 'FORM', severity: 'warning', evidence: 'PDF export of sprint report' });
  });

  it('a story in the description counts as well-formed', () => {
    const r = checkStory(story({ summary: 'PDF export', description: doc(p(STORY), h(3, 'Acceptance criteria'), ul('A PDF is downloaded')) }));
    expect(r.wellFormed).toBe(true);
  });

  it('missing benefit → V warning', () => {
    const r = checkStory(story({ summary: 'As a project manager, I want to export the sprint report as PDF' }));
    expect(r.hasBenefit).toBe(false);
    expect(find(r, 'benefit-missing')).toMatchObject({ criterion: 'V', severity: 'warning' });
    expect(r.invest.V).toBe('warn');
  });

  it('technical role → V warning', () => {
    const r = checkStory(story({ summary: 'As a developer, I want to migrate the reports table, so that queries run on the new schema' }));
    expect(find(r, 'technical-role')).toMatchObject({ criterion: 'V', severity: 'warning', evidence: 'As a developer' });
  });

  it('vague terms → T warning, but not when a number makes them measurable', () => {
    const r = checkStory(story({ description: doc(p('The export must be fast and user-friendly.'), h(3, 'Acceptance criteria'), ul('A PDF is downloaded')) }));
    const vague = r.findings.filter((f) => f.rule === 'vague-term').map((f) => f.evidence);
    expect(vague).toEqual(['fast', 'user-friendly']);
    expect(find(r, 'vague-term')!.message).toContain('"fast"');
    const measured = checkStory(story({ description: doc(p('The export must be fast: under 2 seconds.'), h(3, 'Acceptance criteria'), ul('A PDF is downloaded')) }));
    expect(find(measured, 'vague-term')).toBeUndefined();
  });

  it.each([['TBD'], ['TODO'], ['etc.'], ['...'], ['???']])('placeholder %s → E warning', (token) => {
    const r = checkStory(story({ description: doc(p(`Formats: PDF, CSV ${token}`), h(3, 'Acceptance criteria'), ul('A PDF is downloaded')) }));
    expect(find(r, 'placeholder')).toMatchObject({ criterion: 'E', severity: 'warning' });
  });

  it('missing estimate → E error when the DoR requires one, warning otherwise', () => {
    expect(find(checkStory(story({ storyPoints: null })), 'estimate-missing')).toMatchObject({ criterion: 'E', severity: 'error' });
    const opts: QualityOptions = { ...DEFAULT_QUALITY_SETTINGS, dor: { ...DEFAULT_QUALITY_SETTINGS.dor, requireEstimate: false } };
    const r = checkStory(story({ storyPoints: undefined }), opts);
    expect(find(r, 'estimate-missing')).toMatchObject({ severity: 'warning' });
    expect(r.ready).toBe(true);
  });

  it('oversized estimate → S warning (error above twice the maximum) and not ready', () => {
    const r = checkStory(story({ storyPoints: 13 }));
    expect(find(r, 'estimate-too-large')).toMatchObject({ criterion: 'S', severity: 'warning', evidence: '13 points' });
    expect(r.ready).toBe(false);
    expect(find(checkStory(story({ storyPoints: 20 })), 'estimate-too-large')!.severity).toBe('error');
  });

  it('open blockers → I warning naming key, team and sprint', () => {
    const r = checkStory(story({ blockedBy: [{ key: 'API-7', summary: 'Report endpoint', isDone: false, team: 'Beta', sprintName: 'Sprint 12' }, { key: 'API-1', summary: 'Done thing', isDone: true, team: 'Beta', sprintName: null }] }));
    const f = r.findings.filter((x) => x.rule === 'blocked-by-open-issue');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ criterion: 'I', severity: 'warning' });
    expect(f[0].message).toContain('API-7');
    expect(f[0].message).toContain('team Beta');
    expect(f[0].message).toContain('sprint Sprint 12');
    expect(f[0].message).toContain('another team');
    expect(r.dor.find((d) => d.rule === 'requireNoOpenBlockers')).toMatchObject({ passed: false, detail: 'API-7' });
    expect(r.invest.I).toBe('warn');
  });

  it('dependency wording → I info', () => {
    const r = checkStory(story({ description: doc(p('This depends on the new PDF service.'), h(3, 'Acceptance criteria'), ul('A PDF is downloaded')) }));
    expect(find(r, 'dependency-text')).toMatchObject({ criterion: 'I', severity: 'info', evidence: 'depends on' });
  });

  it('long or multi-sentence summary → MINIMAL info', () => {
    expect(find(checkStory(story({ summary: 'Export the sprint report. Also add charts to the dashboard.' })), 'summary-multiple-sentences')).toMatchObject({ criterion: 'MINIMAL', severity: 'info', evidence: 'Also add charts to the dashboard.' });
    expect(find(checkStory(story({ summary: Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ') })), 'summary-too-long')).toBeDefined();
    expect(find(checkStory(story({ summary: 'Export report (ask Bob first)' })), 'summary-extra-text')).toMatchObject({ evidence: '(ask Bob first)' });
  });

  it('parent: missing parent fails the DoR; undefined (CLI input) skips the rule', () => {
    expect(checkStory(story({ hasParent: false })).ready).toBe(false);
    const cli = checkStory(story({ hasParent: undefined }));
    expect(cli.ready).toBe(true);
    expect(cli.dor.map((d) => d.rule)).not.toContain('requireParent');
  });

  it('score: 1 − weighted penalties (error .25, warning .10, info .03)', () => {
    const r = checkStory(story({ summary: 'As a project manager, I want to export the sprint report as PDF', storyPoints: null }));
    expect(rules(r).sort()).toEqual(['benefit-missing', 'estimate-missing']);
    expect(r.score).toBeCloseTo(1 - 0.25 - 0.1, 5);
  });

  it('a report is a QualityView (the resolver contract) plus the id', () => {
    const view: QualityView = checkStory(story());
    expect(view.invest.T).toBe('pass');
  });

  it('every finding has all fields and a quoted message', () => {
    const r = checkStory({ id: 'X', summary: 'Fix it fast, TBD', description: null });
    expect(r.findings.length).toBeGreaterThan(3);
    for (const f of r.findings) {
      expect(Object.keys(f)).toEqual(['rule', 'criterion', 'severity', 'message', 'hint', 'evidence']);
      expect(f.message).toMatch(/"/);
      expect(f.hint.length).toBeGreaterThan(10);
    }
  });

  it('malformed ADF description → textSource adf-fallback, still checked', () => {
    const r = checkStory(story({ description: { type: 'doc', content: [{ type: 'mystery', content: [{ type: 'text', text: 'Acceptance criteria: PDF opens' }] }] } }));
    expect(r.textSource).toBe('adf-fallback');
    expect(r.hasAcceptanceCriteria).toBe(true);
  });

  it('checkStories keeps order; 10,000 stories each get a result', () => {
    const inputs = Array.from({ length: 10_000 }, (_, i) => story({ id: `S-${i}`, summary: i % 3 ? STORY : `As a user, I want to upload files and share them with team ${i % 50}` }));
    const out = checkStories(inputs);
    expect(out.map((r) => r.id)).toEqual(inputs.map((i) => i.id));
  });
});

describe('properties', () => {
  const adfLike: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.record({ type: fc.constantFrom('doc', 'paragraph', 'heading', 'text', 'bulletList', 'listItem', 'taskList', 'taskItem', 'codeBlock', 'table', 'tableRow', 'tableCell', 'panel', 'expand', 'mention', 'emoji', 'hardBreak', 'strange'), text: fc.option(fc.string(), { nil: undefined }), attrs: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }), marks: fc.option(fc.array(fc.record({ type: fc.constantFrom('strong', 'em', 'x') })), { nil: undefined }), content: fc.option(fc.array(tie('node'), { maxLength: 4 }), { nil: undefined }) }),
      fc.jsonValue(),
    ),
  })).node;

  it('random strings never throw and score stays in [0,1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.option(fc.string(), { nil: undefined }), fc.option(fc.double(), { nil: undefined }), (summary, description, ac, pts) => {
        const r = checkStory({ id: 'P', summary, description, acceptanceCriteria: ac, storyPoints: pts });
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.textSource).toBe('text');
      }),
      { numRuns: 300 },
    );
  });

  it('random ADF-like JSON never throws and score stays in [0,1]', () => {
    fc.assert(
      fc.property(adfLike, adfLike, fc.string(), (description, ac, summary) => {
        const r = checkStory({ id: 'P', summary: `As a user, I want ${summary}`, description, acceptanceCriteria: ac });
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(['adf', 'text', 'adf-fallback']).toContain(r.textSource);
      }),
      { numRuns: 300 },
    );
  });
});
