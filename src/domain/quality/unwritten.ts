/**
 * Whether the acceptance criteria found are written yet (docs/QUALITY.md "Criteria not written yet").
 *
 * Detection (acceptance.ts) only finds where criteria are. A story must not become ready because
 * someone clicked "Insert template": criteria that are still the app's own template, lines that are
 * only a placeholder ("Given TBD", "<outcome>", "..."), and criteria that say nothing testable ("No
 * bugs", "works as expected") are told apart here, line by line. Pure; never throws.
 */
import type { AcDetection } from './acceptance';

export type Step = 'given' | 'when' | 'then';

export interface PlaceholderLine {
  /** The criterion as written. */
  line: string;
  /** The placeholder to replace, as written ("TBD", "<role>", "..."). */
  token: string;
  /** The Gherkin step the line belongs to, when it has one. */
  step: Step | null;
}

export interface CriteriaAssessment {
  /** Criteria that are neither a placeholder nor an unchanged template line. */
  written: string[];
  /** Criteria (and skipped filler) that are still a placeholder. */
  placeholders: PlaceholderLine[];
  /** Criteria that are a line of the story's template, unchanged. */
  template: string[];
  /** When every written outcome is vague: those outcomes; otherwise empty. */
  vagueOnly: string[];
}

// List marker, task box, bold: what a line may start with before the criterion itself.
const LEAD = /^\s*(?:[-*•+]\s+|\d+[.)]\s*|\[[ xX]\]\s+)?(?:\*\*|__)?\s*/;
const KEYWORD = /^(given|when|then|and|but|gegeben|wenn|dann|aber|dado|cuando|entonces|étant donné|quand|alors)(?![\p{L}\p{N}])[\s:,]*/iu;
const STEP_OF: Record<string, Step | 'same'> = {
  given: 'given', gegeben: 'given', dado: 'given', 'étant donné': 'given',
  when: 'when', wenn: 'when', cuando: 'when', quand: 'when',
  then: 'then', dann: 'then', entonces: 'then', alors: 'then',
  and: 'same', but: 'same', aber: 'same',
};

const WORD_TOKEN = 'TBD|TBC|TODO|FIXME|XXX+|lorem ipsum|to be (?:defined|determined|confirmed|decided)';
// A Markdown link or image ("[Figma](…)", "![image](…)") is content, not a slot.
const SLOT = '<[^<>\\n]*>|(?<!!)\\[[^\\[\\]\\n]*\\](?!\\()|\\{[^{}\\n]*\\}';
// "TBD", "TBD: what the user does", "<outcome> (for example …)": the criterion starts with the gap.
const STARTS_WITH_TOKEN = new RegExp(`^(${WORD_TOKEN}|\\.{3,}|…|\\?+|${SLOT})(?=\\s*(?:$|[:\\-–—(,.;]))`, 'i');
const ANY_TOKEN = new RegExp(`(?<![\\p{L}\\p{N}])(?:${WORD_TOKEN})(?![\\p{L}\\p{N}])|\\.{3,}|…|\\?+|${SLOT}`, 'giu');
// "Then the total is TBD", "Then I see Jan, Feb, …": the sentence stops where its content should be.
// Upper-case only: "my todo" is a noun, "TODO" is a gap.
const ENDS_WITH_TOKEN = /(?:^|[\s,(])(TBD|TBC|TODO|FIXME|XXX+|\.{3,}|…)[.!)]?\s*$/;
// A fill-in slot in lower case ("When I <do something>", "Then [the result]"); a capitalised "[Save]" is a button label.
const FILL_IN_SLOT = /<[a-z][^<>\n]*>|(?<!!)\[[a-z][^[\]\n]*\](?!\()/;
// A Scenario Outline's <column> refers to its Examples table: not a gap.
const OUTLINE = /^\s*(?:[-*•#]\s*)*(?:\*\*|__)?(?:scenario\s+outline|examples|scenarios)\s*:/im;
const SCENARIO_HEADER = /^\s*(?:[-*•#]\s*)*(?:\*\*|__)?(?:scenario(?:\s+outline)?|feature|background|examples|rule)\b[^:\n]*:/i;

/** A criterion without its list marker and Gherkin keyword, and the step the keyword names. */
function parse(line: string, previous: Step | null): { rest: string; step: Step | null } {
  const body = line.replace(LEAD, '');
  const k = KEYWORD.exec(body);
  if (!k) return { rest: body.trim(), step: null };
  const s = STEP_OF[k[1].toLowerCase()] ?? 'same';
  return { rest: body.slice(k[0].length).replace(/^(?:\*\*|__)\s*/, '').trim(), step: s === 'same' ? previous : s };
}

/**
 * The placeholder a criterion still is, or null when it says something of its own. `step` is the
 * Gherkin step of the line: only a step can end where its content should be ("Then the total is
 * TBD"); a note that ends "… TBC." still says something.
 */
export function placeholderIn(rest: string, outline: boolean, step: Step | null = null): string | null {
  const start = STARTS_WITH_TOKEN.exec(rest);
  if (start) return start[1];
  const tokens = rest.match(ANY_TOKEN) ?? [];
  const leftover = rest.replace(ANY_TOKEN, ' ').replace(new RegExp(KEYWORD.source.replace('^', '(?:^|\\s)'), 'giu'), ' ');
  if (!/[\p{L}\p{N}]/u.test(leftover)) return tokens[0] ?? (rest.trim() ? null : '');
  const end = step ? ENDS_WITH_TOKEN.exec(rest) : null;
  if (end) return end[1];
  if (!outline) {
    const slot = FILL_IN_SLOT.exec(rest);
    if (slot) return slot[0];
  }
  return null;
}

const norm = (s: string) =>
  s
    .replace(LEAD, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.!;:,]+$/, '')
    .trim()
    .toLowerCase();

// --- vague criteria -------------------------------------------------------------------------------

// A criterion made only of these names no value, message or state a tester could check.
const VAGUE_PHRASE =
  /\b(?:works?\s+(?:as\s+(?:expected|intended|designed|usual|before)|correctly|properly|fine|well|normally|ok(?:ay)?|smoothly|again)|as\s+(?:expected|usual|intended|appropriate|needed|required)|behaves?\s+(?:correctly|properly|as\s+expected)|should\s+work|(?:it|everything|all|that)\s+works?|works?\s*(?=[.!]?\s*$)|is\s+(?:correct|ok(?:ay)?|fine|done|good|working)|looks?\s+(?:good|nice|fine|ok(?:ay)?|great|right)|no\s+(?:bugs?|errors?|issues?|problems?|regressions?|defects?)|bug[-\s]?free|without\s+(?:bugs?|errors?|issues?|problems?)|(?:customers?|users?|clients?|the\s+po|stakeholders?)\s+(?:is|are)\s+(?:happy|satisfied)|(?:high|good)\s+(?:quality|performance))\b/gi;
const VAGUE_WORD =
  /\b(?:fast|faster|quick|quickly|easy|easier|easy[-\s]to[-\s]use|intuitive|intuitively|user[-\s]friendly|simple|nice|good|better|great|robust|flexible|seamless|seamlessly|smooth|smoothly|clean|modern|appropriate|appropriately|efficient|efficiently|properly|correctly|reliable|stable|performant|responsive|fine)\b/gi;
const EMPTY_WORDS = new Set(
  'a an the it its this that these those everything all every any feature story page app application system product screen ui ux user users customer customers i we you they he she should must shall will would can could be been being is are was were to of and or with for in on at as so then when given also still always very really just nothing anything anyone everyone overall whole entire generally it\'s'.split(' '),
);

/** "No bugs", "Works as expected", "The page should be fast": a vague phrase and at most two other words, none a number. */
export function isVague(outcome: string): boolean {
  VAGUE_PHRASE.lastIndex = 0;
  VAGUE_WORD.lastIndex = 0;
  if (!VAGUE_PHRASE.test(outcome) && !VAGUE_WORD.test(outcome)) return false;
  const rest = outcome.replace(VAGUE_PHRASE, ' ').replace(VAGUE_WORD, ' ');
  const words = rest
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .map((w) => w.replace(/^['’-]+|['’-]+$/g, ''))
    .filter((w) => w && !EMPTY_WORDS.has(w));
  if (words.some((w) => /\d/.test(w))) return false;
  return words.length <= 2;
}

/** What a criterion promises: the text after the last "then" of an inline scenario, else the line. */
function outcomeOf(rest: string): string {
  const parts = rest.split(/\bthen\b/i);
  return parts.length > 1 ? parts[parts.length - 1] : rest;
}

// --- the assessment -------------------------------------------------------------------------------

/**
 * Splits the criteria found into written lines, placeholders and unchanged template lines
 * (`templateLines`: what the app's own template generator writes for this story), and says whether
 * every written outcome is vague. Lines of `ac.filler` that are placeholders count as placeholders.
 */
export function assessCriteria(ac: AcDetection, templateLines: readonly string[]): CriteriaAssessment {
  const out: CriteriaAssessment = { written: [], placeholders: [], template: [], vagueOnly: [] };
  const lines = ac.found ? ac.text.split('\n').map((l) => l.trim()).filter(Boolean) : [];
  const outline = OUTLINE.test(ac.text);
  const templateSet = new Set(templateLines.map(norm));
  const outcomes: { line: string; text: string }[] = [];
  let step: Step | null = null;
  for (const line of lines) {
    if (SCENARIO_HEADER.test(line)) {
      step = null;
      continue;
    }
    const p = parse(line, step);
    step = p.step;
    // Gherkin found in free text runs to the end of the description: only its steps are criteria.
    if (ac.route === 'gherkin' && !KEYWORD.test(line.replace(LEAD, ''))) continue;
    const token = placeholderIn(p.rest, outline, p.step);
    const isTemplate = templateSet.has(norm(line));
    if (token !== null) out.placeholders.push({ line, token: token || line, step: p.step });
    if (isTemplate) out.template.push(line);
    if (token !== null || isTemplate) continue;
    out.written.push(line);
    if (p.step !== 'given' && p.step !== 'when') outcomes.push({ line, text: outcomeOf(p.rest) });
  }
  for (const f of ac.filler) {
    const p = parse(f, null);
    const token = placeholderIn(p.rest, outline, p.step);
    if (token) out.placeholders.push({ line: f, token, step: p.step });
  }
  if (outcomes.length && outcomes.every((o) => isVague(o.text))) out.vagueOnly = outcomes.map((o) => o.line);
  return out;
}
