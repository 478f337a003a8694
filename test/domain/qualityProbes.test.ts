/**
 * Issue 14's probes: acceptance criteria written the way real templates write them, as ADF (what Jira
 * returns), and Markdown / wiki text turned into ADF by Atlassian's transformers.
 */
import { checkStory, detectAcceptanceCriteria, readText, type AdfDoc, type AdfNode } from '../../src/domain/quality';
import { classifyHeading, editDistance, headingWords } from '../../src/domain/quality/headings';
import { textToAdf } from '../../src/domain/quality/textToAdf';

const t = (text: string, marks?: AdfNode['marks']): AdfNode => (marks ? { type: 'text', text, marks } : { type: 'text', text });
const bold = (text: string) => t(text, [{ type: 'strong' }]);
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const h = (level: number, ...content: AdfNode[]): AdfNode => ({ type: 'heading', attrs: { level }, content });
const emoji = (shortName: string, text?: string): AdfNode => ({ type: 'emoji', attrs: text ? { shortName, text } : { shortName } });
const li = (text: string): AdfNode => ({ type: 'listItem', content: [p(t(text))] });
const bullets = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map(li) });
const ordered = (...items: string[]): AdfNode => ({ type: 'orderedList', attrs: { order: 1 }, content: items.map(li) });
const cell = (type: 'tableCell' | 'tableHeader', text: string): AdfNode => ({ type, attrs: {}, content: text ? [p(t(text))] : [] });
const tr = (...cells: AdfNode[]): AdfNode => ({ type: 'tableRow', content: cells });
const table = (...rows: AdfNode[]): AdfNode => ({ type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows });
const doc = (...content: AdfNode[]): AdfDoc => ({ type: 'doc', version: 1, content });

const CRITERIA = ['The export button is shown on the sprint report', 'Clicking it downloads a CSV with one row per issue'];
const story = (description: unknown) => checkStory({ id: 'P-1', summary: 'As a POPM, I want to export the sprint report, so that I can share it', description, storyPoints: 3 });
const ac = (description: unknown) => detectAcceptanceCriteria(readText(null), readText(description));

function expectFound(description: unknown) {
  const d = ac(description);
  expect(d.found).toBe(true);
  expect(d.text).toContain(CRITERIA[0]);
  const r = story(description);
  expect(r.hasAcceptanceCriteria).toBe(true);
  expect(r.findings.map((f) => f.rule)).not.toContain('ac-missing');
  return d;
}

describe('AC headings decorated the way real templates decorate them (ADF)', () => {
  it('an ADF emoji node leading a heading', () => {
    expectFound(doc(h(3, emoji(':white_check_mark:', '✅'), t(' Acceptance criteria')), bullets(...CRITERIA)));
  });
  it('an ADF emoji node without a text attribute (only its shortName) leading a bold paragraph', () => {
    expectFound(doc(p(emoji(':white_check_mark:'), t(' '), bold('Acceptance criteria')), bullets(...CRITERIA)));
  });
  it('a :shortcode: typed as text leading a heading and a bold paragraph', () => {
    expectFound(doc(h(2, t(':white_check_mark: Acceptance Criteria')), ordered(...CRITERIA)));
    expectFound(doc(p(t(':heavy_check_mark: '), bold('Acceptance Criteria:')), ordered(...CRITERIA)));
  });
  it('a numbered heading ("3. Acceptance criteria", "III) Acceptance criteria", "2.1 Acceptance criteria –")', () => {
    expectFound(doc(h(2, t('1. Description')), p(t('Export it.')), h(2, t('3. Acceptance criteria')), bullets(...CRITERIA)));
    expectFound(doc(h(2, t('III) Acceptance criteria')), bullets(...CRITERIA)));
    expectFound(doc(h(2, t('2.1 Acceptance criteria –')), bullets(...CRITERIA)));
  });
  it('a misspelt heading ("Acceptance creteria", "Acceptence Criteria", "Akzeptanzkriterein")', () => {
    expectFound(doc(h(3, t('Acceptance creteria')), bullets(...CRITERIA)));
    expectFound(doc(h(3, t('Acceptence Criteria')), bullets(...CRITERIA)));
    expectFound(doc(h(3, t('Akzeptanzkriterein')), bullets(...CRITERIA)));
  });
  it.each([
    ['EN', 'Acceptance criteria'],
    ['DE', 'Akzeptanzkriterien'],
    ['FR', "Critères d'acceptation"],
    ['ES', 'Criterios de aceptación'],
    ['NL', 'Acceptatiecriteria'],
    ['PT', 'Critérios de aceitação'],
    ['EN tests', 'Acceptance tests'],
    ['EN abbreviation', 'AC'],
    ['EN abbreviation plural', "AC's:"],
  ])('heading words in %s: "%s"', (_lang, heading) => {
    expectFound(doc(h(3, t(heading)), bullets(...CRITERIA)));
  });
  it('a table whose header row names the criteria column', () => {
    const d = expectFound(doc(table(tr(cell('tableHeader', 'Scenario'), cell('tableHeader', '✅ Acceptance criteria')), tr(cell('tableCell', 'Export'), cell('tableCell', CRITERIA[0])), tr(cell('tableCell', 'Download'), cell('tableCell', CRITERIA[1])))));
    expect(d.route).toBe('table');
    // Only that column: the scenario names are not criteria.
    expect(d.text).not.toContain('Export\n');
    expect(d.text.split('\n')).toEqual(CRITERIA);
  });
  it('a table whose first column names the criteria row (a key/value template)', () => {
    const d = expectFound(doc(table(tr(cell('tableHeader', 'Owner'), cell('tableCell', 'Team Nova')), tr(cell('tableHeader', 'Acceptance Criteria'), cell('tableCell', CRITERIA[0])))));
    expect(d.route).toBe('table');
    expect(d.text).toBe(CRITERIA[0]);
  });
  it('a table with an "Acceptance criteria" header and nothing under it is not written (ac-not-written, naming it)', () => {
    const r = story(doc(table(tr(cell('tableHeader', 'Acceptance criteria')), tr(cell('tableCell', 'TBD')))));
    expect(r.hasAcceptanceCriteria).toBe(false);
    const f = r.findings.find((x) => x.rule === 'ac-not-written');
    expect(f?.message).toContain('"Acceptance criteria" heading with only "TBD"');
  });
  it('a heading whose section is empty says so (ac-not-written), not just "missing"', () => {
    const r = story(doc(h(3, emoji(':white_check_mark:', '✅'), t(' Acceptance criteria')), h(3, t('Notes')), p(t('See the design.'))));
    expect(r.ready).toBe(false);
    expect(r.findings.find((f) => f.rule === 'ac-not-written')?.message).toMatch(/heading with nothing under it/);
  });
});

describe('"Definition of done" is not acceptance criteria, and the finding says so', () => {
  it('a DoD checklist is not counted; ac-missing names it and why', () => {
    const r = story(doc(h(3, t('Definition of Done')), bullets('Code reviewed', 'Deployed to staging')));
    expect(r.hasAcceptanceCriteria).toBe(false);
    const f = r.findings.find((x) => x.rule === 'ac-missing');
    expect(f?.message).toContain('"Definition of Done" section is the team\'s general checklist');
    expect(r.dor.find((d) => d.rule === 'requireAcceptanceCriteria')?.detail).toBe('none found ("Definition of Done" is not acceptance criteria)');
  });
  it('a story with both keeps its criteria (the DoD does not hide them)', () => {
    expectFound(doc(h(3, t('DoD')), bullets('Code reviewed'), h(3, t('Acceptance criteria')), bullets(...CRITERIA)));
  });
});

describe('text arriving as wiki markup or Markdown, parsed by Atlassian\'s transformers into ADF', () => {
  it('wiki markup: "h3. Acceptance Criteria" and "#" items', () => {
    const wiki = `h3. Context\nThe POPM shares the report.\n\nh3. Acceptance Criteria\n# ${CRITERIA[0]}\n# ${CRITERIA[1]}\n`;
    expectFound(textToAdf(wiki, 'wiki'));
    // The same text read directly (no transformer, as the Forge function would): "#" items are list items, not headings.
    expectFound(wiki);
  });
  it('wiki markup: an icon ("(/)") before the heading words', () => {
    const wiki = `h3. (/) Acceptance criteria\n* ${CRITERIA[0]}\n* ${CRITERIA[1]}\n`;
    expectFound(textToAdf(wiki, 'wiki'));
    expectFound(wiki);
  });
  it('wiki markup: a table with an "||Acceptance criteria||" header cell', () => {
    const wiki = `||Acceptance criteria||Owner||\n|${CRITERIA[0]}|Nova|\n`;
    const adf = textToAdf(wiki, 'wiki');
    expect(expectFound(adf).route).toBe('table');
    expect(expectFound(wiki).route).toBe('table');
  });
  it('Markdown: "## ✅ Acceptance criteria" with a list', () => {
    const md = `## Why\nTo share it.\n\n## ✅ Acceptance criteria\n\n- ${CRITERIA[0]}\n- ${CRITERIA[1]}\n`;
    expectFound(textToAdf(md, 'markdown'));
    expectFound(md);
  });
  it('Markdown: "**3. Acceptance creteria:**" bold line with a numbered list', () => {
    const md = `**3. Acceptance creteria:**\n1. ${CRITERIA[0]}\n2. ${CRITERIA[1]}\n`;
    expectFound(textToAdf(md, 'markdown'));
    expectFound(md);
  });
});

describe('heading normalisation and matching', () => {
  it('reduces a heading to its words', () => {
    expect(headingWords('### :white_check_mark: 3. **Acceptance Criteria** (draft):')).toBe('acceptance criteria');
    expect(headingWords("✅ Critères d'acceptation –")).toBe('criteres d acceptation');
    expect(headingWords('A.C.')).toBe('ac');
  });
  it('edit distance counts an adjacent swap as one edit', () => {
    expect(editDistance('criteria', 'creteria', 2)).toBe(1);
    expect(editDistance('criteria', 'criteira', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
  it.each(['Acceptance of the terms', 'Accessibility', 'Actions', 'Background', 'Expected costs', 'Description', 'Act', 'Acceptance testing went well yesterday'])('"%s" is not an AC heading', (x) => {
    expect(classifyHeading(x)).toBeNull();
  });
  it('classifies "Definition of Done" / "DoD" as dod and "Acceptance criteria for the MVP" as ac', () => {
    expect(classifyHeading('Definition of Done:')).toBe('dod');
    expect(classifyHeading('DoD')).toBe('dod');
    expect(classifyHeading('Acceptance criteria for the MVP')).toBe('ac');
  });
});

describe('shapes found in the labelled GitLab descriptions', () => {
  it('"AC: …" on its own line inside a longer paragraph (a soft line break, in text and in ADF)', () => {
    const md = `(Define both the success metrics and the criteria for this request.)\nAC: ${CRITERIA[0]}\n`;
    expectFound(md);
    expectFound(textToAdf(md, 'markdown'));
  });
  it('an AC section holding only an unticked "[ ] ..." is empty even when the checkbox arrives as text, and Gherkin elsewhere still counts', () => {
    const empty = doc(h(2, t('Acceptance Criteria')), bullets('[ ] ...'));
    expect(story(empty).findings.find((f) => f.rule === 'ac-not-written')?.message).toContain('"Acceptance Criteria" heading with only "[ ] ..."');
    const withGherkin = doc(h(2, t('What needs to be done')), bullets('Given a Boost is rejected,', `when the user retries it,`, `then ${CRITERIA[0]}`), h(2, t('Acceptance Criteria')), bullets('[ ] ...'));
    expect(ac(withGherkin).route).toBe('gherkin');
  });
  it('prose that says "given that" and later "then" is not a Gherkin scenario', () => {
    const d = doc(p(t('Given the size of the list, we copy it nightly.')), p(t('The job runs at 2am.')), p(t('It was slow back then.')));
    expect(ac(d).found).toBe(false);
  });
  it('a list item that is a label ("Acceptance criteria:") heads the items after it', () => {
    const d = doc(bullets('Acceptance criteria: **', ...CRITERIA));
    expectFound(d);
  });
});
