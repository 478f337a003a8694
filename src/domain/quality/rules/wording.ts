/**
 * Testable (T) and estimable (E) wording: unmeasurable terms ("fast", "user-friendly") and placeholders ("TBD",
 * "etc.") in the summary's goal, the description and the criteria field. The benefit clause is the user's words.
 */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote, sentences } from './finding';

const VAGUE_TERMS = [
  'fast', 'faster', 'quick', 'quickly', 'user-friendly', 'user friendly', 'easy', 'easier', 'easy-to-use', 'intuitive', 'intuitively', 'appropriate', 'appropriately', 'flexible', 'robust', 'seamless', 'seamlessly', 'efficient', 'efficiently', 'simple', 'nice', 'better', 'good', 'optimal', 'optimized', 'scalable', 'reasonable', 'adequate', 'sufficient', 'high performance', 'performant', 'modern', 'clean', 'beautiful', 'smooth', 'responsive', 'reliable', 'secure', 'as soon as possible', 'asap', 'state of the art', 'state-of-the-art', 'lightweight',
];
// "responsive" and "secure" have precise meanings in context; keep them only when nothing measurable is nearby.
const VAGUE_RE = new RegExp(`\\b(${VAGUE_TERMS.map((t) => t.replace(/[-\s]/g, '[-\\s]')).join('|')})\\b`, 'gi');
const MEASURE = /\d|\b(?:seconds?|ms|milliseconds?|minutes?|percent|%|wcag|p9\d|sla)\b/i;

const PLACEHOLDER_RE = /(?:\b(TBD|TBC|TODO|FIXME|XXX+|lorem ipsum|to be (?:defined|determined|confirmed|decided)|and so on|and so forth)\b|\b(etc)\b\.?|(\.\.\.|…)|(\?{2,})|(?:^|\s)(\?)(?:\s|$))/gi;

type Texts = { text: string; where: string }[];
// Both families read the same texts; built once per story.
const textsOf = new WeakMap<StoryFacts, Texts>();

/** The texts a reader must be able to test: the summary without its benefit clause, the description, the field. */
function testableTexts(facts: StoryFacts): Texts {
  let texts = textsOf.get(facts);
  if (!texts) textsOf.set(facts, (texts = buildTexts(facts)));
  return texts;
}

function buildTexts({ summary, summaryForm, description, acField }: StoryFacts): Texts {
  const summaryForTerms = summaryForm && summaryForm.end ? summary.replace(summaryForm.end, '') : summary;
  return [
    { text: summaryForTerms, where: 'summary' },
    { text: description.blocks.filter((b) => b.kind !== 'code').map((b) => b.text).join('\n'), where: 'description' },
    { text: acField.text, where: 'acceptance criteria' },
  ];
}

function vagueTermFindings(texts: { text: string; where: string }[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const { text, where } of texts) {
    for (const sentence of sentences(text.replace(/\n+/g, '. '))) {
      if (MEASURE.test(sentence)) continue;
      VAGUE_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = VAGUE_RE.exec(sentence))) {
        const term = m[1].toLowerCase();
        if (seen.has(term)) continue;
        seen.add(term);
        out.push(
          finding(
            RULES.vagueTerm,
            'T',
            'warning',
            `The ${where} uses the unmeasurable term "${m[1]}": "${quote(sentence)}".`,
            `Replace "${m[1]}" with a measurable target (a number, a time, a standard), e.g. "responds within 2 s for 95% of requests".`,
            m[1],
          ),
        );
      }
    }
  }
  return out.slice(0, 5);
}

function placeholderFindings(texts: { text: string; where: string }[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const { text, where } of texts) {
    PLACEHOLDER_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PLACEHOLDER_RE.exec(text))) {
      const token = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').trim();
      if (!token) continue;
      const label = m[2] ? 'etc.' : token;
      const key = label.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const start = Math.max(0, m.index - 30);
      const context = text.slice(start, m.index + m[0].length + 10).replace(/\s+/g, ' ').trim();
      out.push(
        finding(
          RULES.placeholder,
          'E',
          'warning',
          `The ${where} contains the placeholder "${label}": "…${quote(context, 70)}…".`,
          label === 'etc.' || /and so/i.test(label) ? 'List every case explicitly; "etc." hides scope the team cannot estimate.' : `Resolve "${label}" before refinement: replace it with the actual content or split the open question into a spike.`,
          context,
        ),
      );
    }
  }
  return out.slice(0, 5);
}

export const vagueTermRule: QualityRule = { id: 'vague-terms', criterion: 'T', check: (f) => vagueTermFindings(testableTexts(f)) };
export const placeholderRule: QualityRule = { id: 'placeholders', criterion: 'E', check: (f) => placeholderFindings(testableTexts(f)) };
