/**
 * Pure parts of the story panel's actions: goal extraction for "Split into stories" and the Gherkin
 * acceptance-criteria template (what is written and where; never overwriting).
 */
import fc from 'fast-check';
import { checkStory, detectAcceptanceCriteria, parseStoryForm, readText, type AdfNode } from '../../src/domain/quality';
import { splitGoals } from '../../src/domain/quality/atomic';
import { buildAcTemplate, childSummary, planAcInsert, proposeSplit, rolePhrase, storyFormOf } from '../../src/domain/quality/template';

const text = (t: string): AdfNode => ({ type: 'text', text: t });
const p = (t: string): AdfNode => ({ type: 'paragraph', content: [text(t)] });
const h = (level: number, t: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const ul = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [p(i)] })) });
const doc = (...content: AdfNode[]) => ({ type: 'doc', version: 1, content });

const STORY = 'As a project manager, I want to export the sprint report as PDF, so that I can share it with stakeholders';

describe('splitGoals: one goal per joined action', () => {
  it.each([
    ['to upload files and share them with my team', ['upload files', 'share files with my team']],
    ['to upload and share files with my team', ['upload files with my team', 'share files with my team']],
    ['to create, edit and delete rules', ['create rules', 'edit rules', 'delete rules']],
    ['to create a project and delete it', ['create a project', 'delete a project']],
    ['to search for and download datasets', ['search for datasets', 'download datasets']],
    ['to export the report as PDF or print it', ['export the report as PDF', 'print the report']],
    ['to register and then log in to the portal', ['register', 'log in to the portal']],
    ['to be able to add, edit, and remove tags on a dataset', ['add tags on a dataset', 'edit tags on a dataset', 'remove tags on a dataset']],
  ])('%s', (means, goals) => {
    expect(splitGoals(means)).toEqual(goals);
  });

  it.each(['to view name and email', 'to see the list of open and closed tickets', 'to export the sprint report as PDF', 'to receive accurate and complete data'])('keeps an atomic goal whole: %s', (means) => {
    expect(splitGoals(means)).toEqual([means.replace(/^to /, '')]);
  });

  it('gives every goal back as an atomic goal (a split of a split splits no further)', () => {
    for (const means of ['to upload files and share them with my team', 'to create, edit and delete rules', 'to search for and download datasets']) {
      for (const g of splitGoals(means)) expect(splitGoals(g)).toEqual([g]);
    }
  });

  it('never throws and never returns an empty goal, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const goals = splitGoals(s);
        expect(goals.length).toBeLessThanOrEqual(8);
        for (const g of goals) expect(g.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('proposeSplit and child summaries', () => {
  it('keeps the role, its article and the benefit in every child summary', () => {
    const s = proposeSplit('As an admin, I want to create, edit and delete rules, so that I control access', null)!;
    expect(s.proposals.map((x) => x.summary)).toEqual([
      'As an admin, I want to create rules, so that I control access',
      'As an admin, I want to edit rules, so that I control access',
      'As an admin, I want to delete rules, so that I control access',
    ]);
    // Each child is atomic by the engine's own check.
    for (const x of s.proposals) expect(checkStory({ id: 'c', summary: x.summary }).atomic).toBe(true);
  });

  it('reads the story sentence from the description when the summary is a title', () => {
    const s = proposeSplit('Credit notes', doc(p('As a finance administrator, I want to create and send credit notes, in order to refund customers')))!;
    expect(s.proposals.map((x) => x.summary)).toEqual([
      'As a finance administrator, I want to create credit notes, in order to refund customers',
      'As a finance administrator, I want to send credit notes, in order to refund customers',
    ]);
  });

  it('has nothing to propose for a single goal or a story without the form', () => {
    expect(proposeSplit(STORY, null)).toBeNull();
    expect(proposeSplit('Fix the login and logout buttons', null)).toBeNull();
  });

  it('keeps summaries within Jira’s 255 characters', () => {
    const form = parseStoryForm(`As a user, I want to upload files, so that ${'x '.repeat(200)}`)!;
    expect(childSummary(form, 'upload files').length).toBeLessThanOrEqual(255);
  });

  it.each([
    ['As a user, I want x', 'a user'],
    ['As an admin, I want x', 'an admin'],
    ['As the system, I want x', 'the system'],
    ['As Bob, I want x', 'Bob'],
  ])('uses the article the author used: %s', (s, phrase) => {
    expect(rolePhrase(parseStoryForm(s)!)).toBe(phrase);
  });
});

describe('Gherkin template', () => {
  it('prefills Given/When/Then from role, goal and benefit', () => {
    expect(buildAcTemplate(parseStoryForm(STORY))).toEqual({
      lines: ['Given I am a project manager', 'When I export the sprint report as PDF', 'Then I can share it with stakeholders'],
      prefilled: true,
    });
    expect(buildAcTemplate(parseStoryForm('As a coach, I want to see team velocity in order to plan capacity')).lines[2]).toBe('Then I can plan capacity');
  });

  it('marks what it cannot fill with TBD (so the engine flags it as a placeholder)', () => {
    const noEnd = buildAcTemplate(parseStoryForm('As an admin I want to purge logs'));
    expect(noEnd.lines[2]).toMatch(/^Then TBD/);
    const none = buildAcTemplate(storyFormOf('Fix the login bug', null));
    expect(none.prefilled).toBe(false);
    expect(none.lines.every((l) => /TBD/.test(l))).toBe(true);
    const plan = planAcInsert({ summary: 'Fix the login bug', description: null, acceptanceCriteria: null, hasAcField: false });
    const after = checkStory({ id: 'x', summary: 'Fix the login bug', description: plan.kind === 'insert' ? plan.value : null, storyPoints: 2 });
    expect(after.findings.find((f) => f.rule === 'placeholder')?.evidence).toMatch(/TBD/);
  });
});

describe('planAcInsert: where the template goes, never overwriting', () => {
  const description = doc(p(STORY), p('Context: the report is used in the sprint review.'));

  it('appends a heading and the list after the existing description, where the engine finds it (but not as written criteria)', () => {
    const plan = planAcInsert({ summary: 'Sprint report export', description, acceptanceCriteria: null, hasAcField: false });
    expect(plan.kind).toBe('insert');
    if (plan.kind !== 'insert') return;
    expect(plan.target).toBe('description');
    expect(plan.value.content.slice(0, 2)).toEqual(description.content);
    expect(plan.value.content.slice(2)).toEqual(plan.nodes);
    expect(plan.preview[0]).toEqual({ kind: 'heading', text: 'Acceptance criteria' });
    expect(detectAcceptanceCriteria(readText(null), readText(plan.value))).toMatchObject({ found: true, route: 'heading' });
    const after = checkStory({ id: 'x', summary: 'Sprint report export', description: plan.value, storyPoints: 3, hasParent: true });
    expect(after.hasAcceptanceCriteria).toBe(false);
    expect(after.findings.map((f) => f.rule)).toContain('ac-not-written');
  });

  it('writes only the list into an acceptance-criteria field, after what the field holds', () => {
    const plan = planAcInsert({ summary: STORY, description: null, acceptanceCriteria: 'TBD', hasAcField: true });
    expect(plan.kind === 'insert' && plan.target).toBe('field');
    if (plan.kind !== 'insert') return;
    expect(plan.value.content[0]).toEqual(p('TBD')); // a plain-text field keeps its text, as a paragraph
    expect(plan.value.content.slice(1)).toEqual(plan.nodes);
    expect(plan.nodes.map((n) => n.type)).toEqual(['bulletList']);
  });

  it('fills an empty "Acceptance criteria" heading instead of adding a second one', () => {
    const withEmpty = doc(p(STORY), h(3, 'Acceptance criteria'), h(3, 'Notes'), p('Ask finance.'));
    const plan = planAcInsert({ summary: STORY, description: withEmpty, acceptanceCriteria: null, hasAcField: false });
    expect(plan.kind === 'insert' && plan.underExistingHeading).toBe(true);
    if (plan.kind !== 'insert') return;
    expect(plan.value.content.map((n) => n.type)).toEqual(['paragraph', 'heading', 'bulletList', 'heading', 'paragraph']);
    expect(readText(plan.value).text.match(/Acceptance criteria/g)).toHaveLength(1);
  });

  it.each([
    ['a criteria section', { description: doc(p(STORY), h(3, 'Acceptance criteria'), ul('The PDF contains the burndown chart')), acceptanceCriteria: null }],
    ['Gherkin in the description', { description: doc(p('Given a closed sprint, when I export, then a PDF downloads')), acceptanceCriteria: null }],
    ['the acceptance-criteria field', { description: null, acceptanceCriteria: doc(p('The PDF lists every issue of the sprint')) }],
  ])('refuses when the story already has criteria (%s)', (_, input) => {
    const plan = planAcInsert({ summary: STORY, hasAcField: true, ...input });
    expect(plan.kind).toBe('refuse');
    expect(plan.kind === 'refuse' && plan.reason).toMatch(/already has acceptance criteria/);
  });

  it('after an insert, a second plan refuses (no double insert), for any existing description', () => {
    const para = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/accept|given|\bac\b|criteria|then|when/i.test(s));
    fc.assert(
      fc.property(fc.array(para, { maxLength: 5 }), fc.boolean(), (paras, hasAcField) => {
        const d = paras.length ? doc(...paras.map((x) => p(x))) : null;
        const first = planAcInsert({ summary: STORY, description: d, acceptanceCriteria: null, hasAcField });
        if (first.kind !== 'insert') return;
        // The old content survives unchanged, in order, ahead of the template.
        const old = hasAcField ? [] : (d?.content ?? []);
        expect(first.value.content.slice(0, old.length)).toEqual(old);
        const second = planAcInsert({
          summary: STORY,
          description: hasAcField ? d : first.value,
          acceptanceCriteria: hasAcField ? first.value : null,
          hasAcField,
        });
        expect(second.kind).toBe('refuse');
      }),
      { numRuns: 200 },
    );
  });
});
