/**
 * Issue 14 item 3: the user-story form survives the markup real descriptions carry between role, means and
 * end, and the parts shown in the panel are clean text.
 */
import { checkStory, parseStoryForm, type AdfDoc, type AdfNode } from '../../src/domain/quality';
import { parseStoryFormInBlocks, plainStoryText } from '../../src/domain/quality/storyForm';
import { textToAdf } from '../../src/domain/quality/textToAdf';

const t = (text: string, strong = false): AdfNode => (strong ? { type: 'text', text, marks: [{ type: 'strong' }] } : { type: 'text', text });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const h = (level: number, text: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [t(text)] });
// A fresh node each time: the reader treats the same object met twice as a cycle.
const br = (): AdfNode => ({ type: 'hardBreak' });
const doc = (...content: AdfNode[]): AdfDoc => ({ type: 'doc', version: 1, content });
const bullets = (...items: AdfNode[][]): AdfNode => ({ type: 'bulletList', content: items.map((c) => ({ type: 'listItem', content: [p(...c)] })) });

const clean = { role: 'sales manager', means: 'to export the pipeline as CSV', end: 'I can share it with finance' };
function expectClean(description: unknown) {
  const r = checkStory({ id: 'S-1', summary: 'Pipeline export', description, storyPoints: 2 });
  expect(r.wellFormed).toBe(true);
  expect(r.hasBenefit).toBe(true);
  expect(r.findings.map((f) => f.rule)).not.toContain('form-missing');
}
function expectParts(text: string) {
  const f = parseStoryForm(text);
  expect(f).not.toBeNull();
  expect({ role: f!.role, means: f!.means, end: f!.end }).toEqual(clean);
}

describe('story form through markup (one block)', () => {
  it.each([
    ['Markdown bold parts and <br>', '**As a** sales manager<br>**I want** to export the pipeline as CSV<br/>**so that** I can share it with finance.'],
    ['underscore emphasis', '_As a_ sales manager, _I want_ to export the pipeline as CSV, _so that_ I can share it with finance.'],
    ['wiki bold', '*As a* sales manager *I want* to export the pipeline as CSV *so that* I can share it with finance'],
    ['bullets and line breaks', '- As a sales manager\n- I want to export the pipeline as CSV\n- so that I can share it with finance'],
    ['HTML tags', '<p>As a <b>sales manager</b>, I want to export the pipeline as CSV, so that I can share it with finance.</p>'],
  ])('%s: clean role, means and end', (_what, text) => {
    expectParts(text);
  });
  it('snake_case and a literal asterisk inside words are kept', () => {
    expect(plainStoryText('the user_name field and 2*3')).toBe('the user_name field and 2*3');
  });
});

describe('story form spread over ADF blocks', () => {
  it('bold labels with hard breaks in one paragraph', () => {
    expectClean(doc(p(t('As a', true), t(' sales manager'), br(), t('I want', true), t(' to export the pipeline as CSV'), br(), t('So that', true), t(' I can share it with finance'))));
  });
  it('one part per paragraph', () => {
    expectClean(doc(p(t('As a', true), t(' sales manager')), p(t('I want', true), t(' to export the pipeline as CSV')), p(t('so that', true), t(' I can share it with finance'))));
  });
  it('one part per bullet', () => {
    expectClean(doc(bullets([t('As a sales manager')], [t('I want to export the pipeline as CSV')], [t('so that I can share it with finance')])));
  });
  it('headings between the parts ("Who", "What", "Why")', () => {
    const d = doc(h(3, 'User story'), h(4, 'Who'), p(t('As a sales manager')), h(4, 'What'), p(t('I want to export the pipeline as CSV')), h(4, 'Why'), p(t('so that I can share it with finance')));
    expectClean(d);
    const f = parseStoryFormInBlocks([{ text: 'As a sales manager', heading: false }, { text: 'What', heading: true }, { text: 'I want to export the pipeline as CSV', heading: false }, { text: 'Why', heading: true }, { text: 'so that I can share it with finance', heading: false }]);
    expect({ role: f!.role, means: f!.means, end: f!.end }).toEqual(clean);
  });
  it('Markdown pasted into Jira (Atlassian transformer) with **bold** labels and <br>', () => {
    expectClean(textToAdf('**As a** sales manager<br>**I want** to export the pipeline as CSV<br>**so that** I can share it with finance', 'markdown'));
  });
  it('a complete story in the first block does not swallow the next paragraph', () => {
    const f = parseStoryFormInBlocks([{ text: 'As a sales manager, I want to export the pipeline as CSV, so that I can share it with finance', heading: false }, { text: 'Finance asked for it last week', heading: false }]);
    expect(f!.end).toBe(clean.end);
  });
  it('a story without an end does not take an unrelated next paragraph as its end', () => {
    const f = parseStoryFormInBlocks([{ text: 'As a sales manager I want to export the pipeline as CSV', heading: false }, { text: 'Finance asked for it last week', heading: false }]);
    expect(f!.means).toBe(clean.means);
    expect(f!.end).toBe('');
  });
});
