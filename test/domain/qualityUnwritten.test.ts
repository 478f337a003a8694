/**
 * "Definition of Ready cannot be met by a template" (issue 12, item 5): criteria that are still the
 * inserted template, placeholders, an empty heading, and vague-only criteria do not make a story
 * ready; real criteria that merely mention such a word still do.
 */
import fc from 'fast-check';
import { checkStory, DEFAULT_QUALITY_SETTINGS, type AdfNode, type QualityOptions, type QualityReport, type StoryInput } from '../../src/domain/quality';
import { buildAcTemplate, planAcInsert, storyFormOf } from '../../src/domain/quality/template';
import { isVague, placeholderIn } from '../../src/domain/quality/unwritten';
import { DEFAULT_SETTINGS, dorRulesSchema, settingsSchema } from '../../src/domain/settings';

const text = (t: string): AdfNode => ({ type: 'text', text: t });
const p = (t: string): AdfNode => ({ type: 'paragraph', content: [text(t)] });
const h = (level: number, t: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const ul = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [p(i)] })) });
const doc = (...content: AdfNode[]) => ({ type: 'doc', version: 1, content });

const STORY = 'As a project manager, I want to export the sprint report as PDF, so that I can share it with stakeholders';
const REAL = ['Given a closed sprint with 3 done issues', 'When I click "Export PDF" on the sprint report', 'Then a PDF listing the 3 issues and the burndown chart is downloaded'];

function story(over: Partial<StoryInput> = {}): StoryInput {
  return { id: 'RF-1', summary: STORY, description: null, acceptanceCriteria: doc(ul(...REAL)), storyPoints: 3, hasParent: true, blockedBy: [], team: 'Alpha', ...over };
}
const withCriteria = (...lines: string[]) => story({ acceptanceCriteria: doc(ul(...lines)) });
const find = (r: QualityReport, rule: string) => r.findings.find((f) => f.rule === rule);
const acCheck = (r: QualityReport) => r.dor.find((d) => d.rule === 'requireAcceptanceCriteria')!;
const vagueCheck = (r: QualityReport) => r.dor.find((d) => d.rule === 'rejectVagueOnlyCriteria');
const vagueOff: QualityOptions = { ...DEFAULT_QUALITY_SETTINGS, dor: { ...DEFAULT_QUALITY_SETTINGS.dor, rejectVagueOnlyCriteria: false } };

describe('the baseline: real criteria are ready', () => {
  it('a story with real Given/When/Then criteria is ready with no not-written finding', () => {
    const r = checkStory(story());
    expect(r.ready).toBe(true);
    expect(r.hasAcceptanceCriteria).toBe(true);
    expect(find(r, 'ac-not-written')).toBeUndefined();
    expect(acCheck(r)).toMatchObject({ passed: true, detail: 'found in the acceptance criteria field' });
    expect(vagueCheck(r)).toMatchObject({ passed: true });
  });
});

describe('the unchanged template is not written criteria', () => {
  it('the prefilled template (it restates the story) is Not ready, quoting the template lines', () => {
    const lines = buildAcTemplate(storyFormOf(STORY, null)).lines;
    expect(lines).toEqual(['Given I am a project manager', 'When I export the sprint report as PDF', 'Then I can share it with stakeholders']);
    const r = withCriteria(...lines);
    const rep = checkStory(r);
    expect(rep.ready).toBe(false);
    expect(rep.hasAcceptanceCriteria).toBe(false);
    const f = find(rep, 'ac-not-written')!;
    expect(f).toMatchObject({ criterion: 'AC', severity: 'error', evidence: 'Given I am a project manager' });
    expect(f.message).toBe('Acceptance criteria not written yet: they are still the inserted template, unchanged ("Given I am a project manager", "When I export the sprint report as PDF", "Then I can share it with stakeholders"), which restates the story instead of saying how to test it.');
    expect(f.hint).toMatch(/^Replace the template lines with the real checks/);
    expect(acCheck(rep)).toEqual({ rule: 'requireAcceptanceCriteria', label: 'Has acceptance criteria', passed: false, detail: 'not written yet: still the inserted template' });
    expect(rep.invest.T).toBe('fail');
  });

  it('the TBD template (no user-story sentence) is Not ready and says to replace "TBD" with each step’s content', () => {
    const summary = 'Sprint report PDF export';
    const lines = buildAcTemplate(storyFormOf(summary, null)).lines;
    expect(lines[0]).toBe('Given TBD: the situation before the user acts');
    const rep = checkStory(story({ summary, acceptanceCriteria: doc(ul(...lines)) }));
    expect(rep.ready).toBe(false);
    const f = find(rep, 'ac-not-written')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('"Given TBD: the situation before the user acts"');
    expect(f.message).toContain('with "TBD" still to be replaced');
    expect(f.hint).toMatch(/^Replace "TBD" with the situation before the user acts \(Given\), what the user does \(When\) and what the user can see afterwards \(Then\)\./);
  });

  it('editing one template line into a real check makes the criteria written (the rest may stay)', () => {
    const [given, when] = buildAcTemplate(storyFormOf(STORY, null)).lines;
    const rep = checkStory(withCriteria(given, when, 'Then a PDF with the burndown chart and the 3 done issues is downloaded'));
    expect(find(rep, 'ac-not-written')).toBeUndefined();
    expect(rep.ready).toBe(true);
  });

  it('real criteria plus a template line that is still "TBD" is Not ready and quotes only that line', () => {
    const noEnd = buildAcTemplate(storyFormOf('As an admin I want to purge logs', null)).lines;
    expect(noEnd[2]).toMatch(/^Then TBD/);
    const rep = checkStory(story({ summary: 'As an admin I want to purge logs', acceptanceCriteria: doc(ul('Given 3 log files older than 30 days', 'When I click "Purge"', noEnd[2])) }));
    expect(rep.hasAcceptanceCriteria).toBe(true);
    expect(rep.ready).toBe(false);
    const f = find(rep, 'ac-not-written')!;
    expect(f.message).toBe(`An acceptance criterion is not written yet: "${noEnd[2]}".`);
    expect(f.hint).toMatch(/^Replace "TBD" with what the user can see afterwards \(Then\)\./);
  });
});

describe('the template as inserted by the app (planAcInsert → the value Jira stores) is Not ready', () => {
  const withEmptyHeading = doc(p(STORY), h(3, 'Acceptance criteria'), h(3, 'Notes'), p('Ask finance.'));
  it.each([
    ['into the field, prefilled', STORY, null, true],
    ['into the field, TBD lines', 'Sprint report PDF export', null, true],
    ['into the description, prefilled', STORY, doc(p('Context: used in the sprint review.')), false],
    ['into the description, TBD lines', 'Fix the login bug', null, false],
    ['under an existing empty heading', STORY, withEmptyHeading, false],
    ['"in order to" benefit ("Then I can …")', 'As a coach, I want to see team velocity in order to plan capacity', null, true],
    ['benefit that is not an outcome ("Then TBD: …")', 'As an admin, I want to purge logs because disks fill up', null, false],
  ])('%s', (_, summary, description, hasAcField) => {
    const plan = planAcInsert({ summary, description, acceptanceCriteria: null, hasAcField });
    expect(plan.kind).toBe('insert');
    if (plan.kind !== 'insert') throw new Error('no insert planned');
    const rep = checkStory({
      id: 'T-1',
      summary,
      description: plan.target === 'description' ? plan.value : description,
      acceptanceCriteria: plan.target === 'field' ? plan.value : null,
      storyPoints: 3,
      hasParent: true,
      blockedBy: [],
    });
    expect(rep.ready).toBe(false);
    expect(find(rep, 'ac-not-written')).toMatchObject({ severity: 'error' });
    expect(acCheck(rep).passed).toBe(false);
    expect(acCheck(rep).detail).toMatch(/^not written yet: /);
    // The same story before the insert was not ready either: the click changes nothing about readiness.
    const before = checkStory({ id: 'T-1', summary, description, acceptanceCriteria: null, storyPoints: 3, hasParent: true, blockedBy: [] });
    expect(before.ready).toBe(false);
  });

  it('a second insert is refused with a reason that says the template is still to be replaced', () => {
    const first = planAcInsert({ summary: STORY, description: null, acceptanceCriteria: null, hasAcField: true });
    if (first.kind !== 'insert') throw new Error('no insert planned');
    const second = planAcInsert({ summary: STORY, description: null, acceptanceCriteria: first.value, hasAcField: true });
    expect(second).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/template is already in this story .* Replace its lines with the real criteria/) });
  });
});

describe('placeholder criteria', () => {
  it.each([
    ['TBD', 'TBD'],
    ['TODO', 'TODO'],
    ['Given TBD', 'TBD'],
    ['Then TODO: check the totals', 'TODO'],
    ['<the outcome>', '<the outcome>'],
    ['[describe the result]', '[describe the result]'],
    ['When I <do something>', '<do something>'],
    ['Then [the result]', '[the result]'],
    ['...', '...'],
    ['Then …', '…'],
    ['xxx', 'xxx'],
    ['Then the total is TBD', 'TBD'],
    ['Then FIXME', 'FIXME'],
    ['Given TBC - ask finance', 'TBC'],
    ['Then to be defined', 'to be defined'],
    ['Given', 'Given'],
  ])('"%s" is not written yet (quotes %s)', (line, token) => {
    const rep = checkStory(withCriteria(line));
    expect(rep.ready).toBe(false);
    const f = find(rep, 'ac-not-written')!;
    expect(f.severity).toBe('error');
    expect(`${f.message} ${f.hint}`).toContain(`"${token}"`);
    expect(f.hint).toMatch(/^Replace "/);
  });

  it.each([
    ['Given the TBD badge is shown on a story without an estimate', 'the word is the criterion’s subject'],
    ['Then the item appears in my todo list', 'a "todo list" is a thing'],
    ['Todo list shows 3 items after I add one', 'a leading "Todo" followed by words'],
    ['Then the [Save] button is enabled', 'a capitalised label in brackets'],
    ['Then the dialog asks "Delete 3 issues?"', 'a question mark inside a quoted message'],
    ['Then the list shows the first page of results…', 'an ellipsis attached to a word'],
    ['Note: the export for Apple devices comes in a separate ticket TBC.', 'a note (not a Gherkin step) that ends with TBC'],
  ])('"%s" is a real criterion (%s)', (line) => {
    const rep = checkStory(withCriteria(line, ...REAL));
    expect(find(rep, 'ac-not-written')).toBeUndefined();
    expect(acCheck(rep).passed).toBe(true);
  });

  it('Markdown links and images under the heading are content, not "[…]" slots', () => {
    const rep = checkStory(story({ acceptanceCriteria: null, description: `${STORY}\n\n## Acceptance criteria\n\n- The export matches the [Figma frame](https://www.figma.com/file/abc)\n- ![image](/uploads/x/image.png)\n- The PDF lists the 3 done issues` }));
    expect(find(rep, 'ac-not-written')).toBeUndefined();
    expect(rep.ready).toBe(true);
  });

  it('a Scenario Outline’s <column> with an Examples table is not a placeholder', () => {
    const rep = checkStory(story({ acceptanceCriteria: doc(p('Scenario Outline: export by role'), ul('Given I am a <role>', 'When I export the sprint report', 'Then the PDF has <rows> rows'), p('Examples:'), p('| role | rows |'), p('| admin | 3 |')) }));
    expect(find(rep, 'ac-not-written')).toBeUndefined();
    expect(placeholderIn('Given I am a <role>', false)).toBe('<role>');
    expect(placeholderIn('Given I am a <role>', true)).toBeNull();
  });

  it('only Gherkin steps count when the criteria are Given/When/Then found in free text', () => {
    const rep = checkStory(story({ acceptanceCriteria: null, description: doc(p(STORY), p('Given a closed sprint with 3 done issues'), p('When I export it'), p('Then a PDF with 3 rows downloads'), p('Design notes'), p('...')) }));
    expect(rep.hasAcceptanceCriteria).toBe(true);
    expect(find(rep, 'ac-not-written')).toBeUndefined();
  });

  it('a heading with nothing under it, or only filler, is "not written yet" quoting the heading and the filler', () => {
    const empty = checkStory(story({ acceptanceCriteria: null, description: doc(p(STORY), h(3, 'Acceptance criteria'), h(3, 'Notes'), p('Ask finance.')) }));
    expect(find(empty, 'ac-not-written')).toMatchObject({ severity: 'error', evidence: 'Acceptance criteria' });
    expect(find(empty, 'ac-not-written')!.message).toContain('"Acceptance criteria" heading with nothing under it');
    expect(find(empty, 'ac-missing')).toBeUndefined();
    expect(acCheck(empty).detail).toBe('not written yet: empty "Acceptance criteria" heading');

    const tbd = checkStory(story({ acceptanceCriteria: null, description: doc(p(STORY), h(3, 'Acceptance criteria'), p('TBD')) }));
    expect(find(tbd, 'ac-not-written')!.message).toContain('heading with only "TBD" under it');
    expect(find(tbd, 'ac-not-written')!.hint).toMatch(/^Replace "TBD" with the criteria/);
    expect(tbd.ready).toBe(false);
  });

  it('an acceptance-criteria field holding only "TBD" says so (instead of "no acceptance criteria")', () => {
    const rep = checkStory(story({ acceptanceCriteria: doc(p('TBD')) }));
    expect(find(rep, 'ac-not-written')!.message).toBe('Acceptance criteria not written yet: the acceptance-criteria field says only "TBD".');
    expect(find(rep, 'ac-missing')).toBeUndefined();
    expect(rep.ready).toBe(false);
  });

  it('a story without any criteria keeps the "ac-missing" finding', () => {
    const rep = checkStory(story({ acceptanceCriteria: null, description: doc(p('We need the export.')) }));
    expect(find(rep, 'ac-missing')).toMatchObject({ severity: 'error' });
    expect(find(rep, 'ac-not-written')).toBeUndefined();
    expect(acCheck(rep).detail).toBe('none found');
  });
});

describe('vague-only criteria', () => {
  it.each([['No bugs'], ['No bugs.'], ['Works as expected.'], ['Should be fast.'], ['Everything works and looks good.'], ['It works'], ['The page is user-friendly'], ['The export works correctly']])('"%s" alone fails the Definition of Ready by default', (line) => {
    const rep = checkStory(withCriteria(line));
    expect(rep.hasAcceptanceCriteria).toBe(true);
    expect(rep.ready).toBe(false);
    expect(vagueCheck(rep)).toMatchObject({ passed: false, detail: `every criterion is vague: "${line}"` });
    expect(find(rep, 'ac-vague')!.message).toMatch(/^Every acceptance criterion is vague/);
  });

  it('the setting off: the same story is ready, and the vague criterion is still a warning', () => {
    const rep = checkStory(withCriteria('No bugs'), vagueOff);
    expect(vagueCheck(rep)).toBeUndefined();
    expect(rep.ready).toBe(true);
    expect(find(rep, 'ac-vague')).toMatchObject({ severity: 'warning' });
  });

  it('a Gherkin scenario whose only outcome is vague is vague-only; one concrete outcome is enough', () => {
    expect(checkStory(withCriteria('Given a closed sprint', 'When I export it', 'Then it works as expected')).ready).toBe(false);
    expect(checkStory(withCriteria('No bugs', 'Then a PDF with the 3 done issues is downloaded')).ready).toBe(true);
  });

  it.each(['Then the page loads within 2 seconds for 95% of requests', 'No errors are shown when the file has 3 rows', 'Then the user sees a clear error message', 'Works for keyboard-only users', 'All existing tests pass'])('"%s" is not vague', (line) => {
    expect(isVague(line)).toBe(false);
    expect(vagueCheck(checkStory(withCriteria(line)))).toMatchObject({ passed: true });
  });

  it('is not judged when there are no written criteria (the criteria check already fails)', () => {
    expect(vagueCheck(checkStory(withCriteria('TBD')))).toBeUndefined();
  });
});

describe('the setting', () => {
  it('defaults to on, also for stored or sent rules that predate it, and only takes a boolean', () => {
    expect(DEFAULT_SETTINGS.dor.rejectVagueOnlyCriteria).toBe(true);
    expect(DEFAULT_QUALITY_SETTINGS.dor).toEqual(DEFAULT_SETTINGS.dor);
    const { rejectVagueOnlyCriteria: _omit, ...old } = DEFAULT_SETTINGS.dor;
    expect(dorRulesSchema.parse(old).rejectVagueOnlyCriteria).toBe(true);
    expect(dorRulesSchema.parse({ ...old, rejectVagueOnlyCriteria: false }).rejectVagueOnlyCriteria).toBe(false);
    const bad = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, dor: { ...DEFAULT_SETTINGS.dor, rejectVagueOnlyCriteria: 'yes' } });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.error.issues[0].path).toEqual(['dor', 'rejectVagueOnlyCriteria']);
  });
});

describe('properties', () => {
  // Criterion lines built from the pieces the rules look at: keywords, placeholders, vague phrases, real words.
  const piece = fc.constantFrom('Given', 'When', 'Then', 'And', 'TBD', 'todo', 'TODO:', '<x>', '[y]', '[Save]', '...', '…', '?', 'xxx', 'no bugs', 'works as expected', 'fast', 'the', 'PDF', 'report', '3', 'rows', 'downloads', ':', '-', '![i](u)', '[l](https://x)');
  const line = fc.array(piece, { minLength: 0, maxLength: 8 }).map((ps) => ps.join(' '));
  const adfNode: fc.Arbitrary<unknown> = fc.oneof(
    line.map((l) => p(l)),
    fc.array(line, { maxLength: 4 }).map((ls) => ul(...ls)),
    line.map((l) => h(3, l)),
    fc.jsonValue(),
  );

  it('any ADF criteria or description yields a report without throwing, and a not-written finding always blocks readiness', () => {
    fc.assert(
      fc.property(fc.array(adfNode, { maxLength: 6 }), fc.array(adfNode, { maxLength: 6 }), fc.boolean(), (field, description, vagueSetting) => {
        const opts: QualityOptions = { ...DEFAULT_QUALITY_SETTINGS, dor: { ...DEFAULT_QUALITY_SETTINGS.dor, rejectVagueOnlyCriteria: vagueSetting } };
        const r = checkStory({ id: 'P', summary: STORY, acceptanceCriteria: { type: 'doc', version: 1, content: field }, description: { type: 'doc', version: 1, content: description }, storyPoints: 3, hasParent: true }, opts);
        expect(Array.isArray(r.findings)).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        if (r.findings.some((f) => f.rule === 'ac-not-written')) {
          expect(r.ready).toBe(false);
          expect(acCheck(r).passed).toBe(false);
        }
        if (acCheck(r).passed) expect(r.hasAcceptanceCriteria).toBe(true);
        if (vagueSetting && vagueCheck(r)?.passed === false) expect(r.ready).toBe(false);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('appending a real criterion never turns written criteria into unwritten ones', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const before = checkStory(withCriteria(...lines, REAL[2]));
        expect(before.hasAcceptanceCriteria).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
