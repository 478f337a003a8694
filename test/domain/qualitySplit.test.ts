/**
 * "Split into stories" keeps what each child needs to be read alone (issue 17): the object a pronoun
 * stood for, the original's acceptance-criteria lines that apply to the child's goal, and (in the
 * app layer) the parent feature. Cases from the demo train (ART's "Merge duplicate contacts and notify
 * owners", which issue 17 saw as ART-378) and from the Dalpiaz user-story set in /work/shared/stories.
 */
import { readFileSync } from 'node:fs';
import { checkStory, readText, type AdfNode } from '../../src/domain/quality';
import { splitGoals } from '../../src/domain/quality/atomic';
import { childDescription, criteriaPerGoal, proposeSplit } from '../../src/domain/quality/template';

const text = (t: string): AdfNode => ({ type: 'text', text: t });
const p = (t: string): AdfNode => ({ type: 'paragraph', content: [text(t)] });
const h = (t: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: [text(t)] });
const ul = (...items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [p(i)] })) });
const doc = (...content: AdfNode[]) => ({ type: 'doc', version: 1, content });

/** The demo's story (dev/demo/text.ts), as the demo writes it: sentence, AC heading, Gherkin list. */
const MERGE = doc(
  p('As an account executive, I want to merge duplicate contacts and notify their owners so that we do not email the same person twice.'),
  h('Acceptance criteria'),
  ul('Given I am an account executive', 'When I merge duplicate contacts and notify their owners', 'Then every step completes without leaving the page'),
);

const dalpiaz = new Map(
  readFileSync('/work/shared/stories/dalpiaz-dev.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .map((s) => [s.id, s.text]),
);

describe('a pronoun in a later goal names the noun it stood for', () => {
  it('the demo story: "notify their owners" becomes the owners of the duplicate contacts', () => {
    const split = proposeSplit('Merge duplicate contacts and notify owners', MERGE)!;
    expect(split.proposals.map((x) => x.goal)).toEqual(['merge duplicate contacts', 'notify the owners of the duplicate contacts']);
    expect(split.proposals[1].summary).toBe('As an account executive, I want to notify the owners of the duplicate contacts, so that we do not email the same person twice');
    for (const child of split.proposals) expect(child.summary).not.toMatch(/\b(their|them|it)\b/);
  });

  it.each([
    ['to create an account and set its password', ['create an account', 'set the password of the account']],
    ['to archive old tickets and notify their reporters by email', ['archive old tickets', 'notify the reporters of the old tickets by email']],
    ['to create a report and print that', ['create a report', 'print a report']],
  ])('%s', (means, goals) => {
    expect(splitGoals(means)).toEqual(goals);
  });

  it.each<[string, string[]]>([
    // "keep a record of it": the pronoun further into the goal.
    ['g04-018', ['check transaction history', 'keep a record of transaction history']],
    // "approve or reject them": both later actions get the applications, none keeps "them".
    ['g10-013', ['read practicing and training applications', 'approve practicing and training applications', 'reject practicing and training applications']],
    // "rearrange them": the files, without the first goal's adverb.
    ['g18-068', ['move multiple files around', 'rearrange multiple files using the Neurohub file browser while processing data']],
  ])('Dalpiaz %s', (id, goals) => {
    const story = dalpiaz.get(id)!;
    expect(story).toBeDefined();
    expect(proposeSplit(story, null)!.proposals.map((x) => x.goal)).toEqual(goals);
  });

  it('leaves a determiner with its noun ("operationalize that analysis") alone', () => {
    expect(splitGoals('to do exploratory data analysis in R and operationalize that analysis in Python')).toEqual(['do exploratory data analysis in R', 'operationalize that analysis in Python']);
  });
});

describe("each child carries the original's matching acceptance criteria", () => {
  it('the demo story: the shared Given/Then lines go to both, the When line is rewritten to each goal', () => {
    const split = proposeSplit('Merge duplicate contacts and notify owners', MERGE)!;
    expect(split.proposals.map((x) => x.criteria)).toEqual([
      ['Given I am an account executive', 'When I merge duplicate contacts', 'Then every step completes without leaving the page'],
      ['Given I am an account executive', 'When I notify the owners of the duplicate contacts', 'Then every step completes without leaving the page'],
    ]);
  });

  it('a line naming one action goes to that child only, whatever the verb form', () => {
    const lines = ['Uploaded files appear in the list within 5 seconds', 'Sharing sends an email to each team member', 'The page shows no error'];
    expect(criteriaPerGoal(lines, 'to upload files and share them with my team', ['upload files', 'share files with my team'])).toEqual([
      ['Uploaded files appear in the list within 5 seconds', 'The page shows no error'],
      ['Sharing sends an email to each team member', 'The page shows no error'],
    ]);
  });

  it('reads the criteria from the acceptance-criteria field first', () => {
    const field = doc(ul('Merged contacts keep every activity', 'Each owner gets one email'));
    const split = proposeSplit('As an account executive, I want to merge duplicate contacts and notify their owners', null, field)!;
    // "Merged …" names the first action only; "Each owner gets one email" names neither, so both children keep it.
    expect(split.proposals.map((x) => x.criteria)).toEqual([['Merged contacts keep every activity', 'Each owner gets one email'], ['Each owner gets one email']]);
  });

  it("has no criteria to carry when the original has none, and the child's description then holds only the trail", () => {
    const split = proposeSplit('As an admin, I want to create, edit and delete rules', null)!;
    for (const x of split.proposals) expect(x.criteria).toEqual([]);
    expect(childDescription('ART-1', 'Rules', 'create rules', []).content).toHaveLength(1);
  });

  it("writes the child's criteria under an Acceptance criteria heading, where the engine finds them as written criteria", () => {
    const split = proposeSplit('Merge duplicate contacts and notify owners', MERGE)!;
    const child = split.proposals[1];
    const description = childDescription('ART-382', 'Merge duplicate contacts and notify owners', child.goal, child.criteria);
    expect(readText(description).text).toContain('Split from ART-382 (Merge duplicate contacts and notify owners)');
    expect(readText(description).text).not.toMatch(/"/);
    const report = checkStory({ id: 'child', summary: child.summary, description, storyPoints: 2 });
    expect(report.findings.map((f) => f.rule)).not.toContain('ac-missing');
    expect(report.atomic).toBe(true);
  });
});
