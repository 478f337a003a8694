/**
 * Random ADF — well-formed, unknown node types and marks, wrong types in every slot, cycles-free deep
 * nesting, plain strings and junk — into the quality engine's ADF reader and the story check:
 * never a throw, always a well-shaped result.
 */
import fc from 'fast-check';
import { checkStory, readText } from '../../src/domain/quality';

const RUNS = { readText: 3000, checkStory: 1500 };

const KNOWN = ['doc', 'paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'taskList', 'taskItem', 'codeBlock', 'blockquote', 'panel', 'expand', 'table', 'tableRow', 'tableCell', 'tableHeader', 'text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'rule', 'status', 'mediaSingle', 'media', 'decisionList', 'decisionItem'];
const nodeType = fc.oneof(fc.constantFrom(...KNOWN), fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString'));
const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.boolean(), fc.string({ maxLength: 20 }), fc.constant([]), fc.constant({}));
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('As a POPM, I want scores so that the train ships.', 'Acceptance criteria', 'Given a user When they log in Then they see it', 'TBD', '<script>alert(1)</script>', 'fast and easy, etc.'),
);
const mark = fc.record(
  { type: fc.oneof(fc.constantFrom('strong', 'em', 'code', 'link', 'textColor'), fc.string({ maxLength: 8 }), junk), attrs: fc.oneof(junk, fc.record({ href: fc.oneof(fc.constant('javascript:alert(1)'), fc.webUrl(), junk) })) },
  { requiredKeys: [] },
);

const { node } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    junk,
    fc.record({ type: fc.constant('text'), text: fc.oneof(text, junk), marks: fc.oneof(fc.array(fc.oneof(mark, junk), { maxLength: 3 }), junk) }, { requiredKeys: ['type'] }),
    fc.record(
      {
        type: fc.oneof(nodeType, junk),
        text: fc.oneof(text, junk),
        attrs: fc.oneof(junk, fc.record({ level: fc.oneof(fc.integer({ min: -3, max: 9 }), junk), state: fc.oneof(fc.constantFrom('DONE', 'TODO'), junk), url: fc.oneof(fc.webUrl(), junk) }, { requiredKeys: [] })),
        content: fc.oneof(fc.array(tie('node'), { maxLength: 5 }), junk),
      },
      { requiredKeys: [] },
    ),
  ),
}));
const doc = fc.oneof(
  fc.record({ type: fc.constant('doc'), version: fc.oneof(fc.constant(1), junk), content: fc.oneof(fc.array(node, { maxLength: 6 }), junk) }),
  node,
  fc.string({ maxLength: 200 }),
  fc.json().map((j) => JSON.parse(j) as unknown),
);

/** Deeply nested paragraphs, past any sane depth. */
const deep = fc.integer({ min: 50, max: 3000 }).map((n) => {
  let cur: unknown = { type: 'text', text: 'bottom' };
  for (let i = 0; i < n; i++) cur = { type: i % 2 ? 'blockquote' : 'bulletList', content: [cur] };
  return { type: 'doc', version: 1, content: [cur] };
});

describe('ADF reader and story check on random input (fast-check)', () => {
  it(`readText never throws and returns blocks, text and a source (${RUNS.readText} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(doc, deep), (value) => {
        const r = readText(value);
        expect(Array.isArray(r.blocks)).toBe(true);
        expect(typeof r.text).toBe('string');
        expect(['adf', 'text', 'adf-fallback']).toContain(r.source);
        for (const b of r.blocks) expect(typeof b.text).toBe('string');
      }),
      { numRuns: RUNS.readText, seed: 9 },
    );
  });

  it(`checkStory never throws; the score is in 0..1 and findings are well-formed (${RUNS.checkStory} runs)`, () => {
    fc.assert(
      fc.property(
        fc.record({
          summary: fc.oneof(text, fc.string({ unit: 'binary', maxLength: 120 })),
          description: fc.oneof(doc, deep),
          acceptanceCriteria: fc.oneof(doc, fc.constant(null)),
          storyPoints: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 200 }), fc.double({ noNaN: false })),
          team: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })),
        }),
        (s) => {
          const report = checkStory({ id: 'ART-1', summary: s.summary, description: s.description, acceptanceCriteria: s.acceptanceCriteria, storyPoints: s.storyPoints, team: s.team, hasParent: true, issueType: 'Story', blockedBy: [] });
          expect(report.score).toBeGreaterThanOrEqual(0);
          expect(report.score).toBeLessThanOrEqual(1);
          expect(typeof report.ready).toBe('boolean');
          for (const f of report.findings) {
            expect(typeof f.rule).toBe('string');
            expect(['error', 'warning', 'info']).toContain(f.severity);
            expect(typeof f.message).toBe('string');
          }
        },
      ),
      { numRuns: RUNS.checkStory, seed: 9 },
    );
  });
});
