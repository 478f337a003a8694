/**
 * Where a feature's benefit hypothesis is (SAFe feature template): a configured field, a "Benefit hypothesis"
 * heading (or bold line, or "Benefit hypothesis: …" on a line) with content under it, or a hypothesis sentence
 * in the text ("We believe … will result in …", "… will achieve …", "We will know we are successful when …").
 * Detection only, like acceptance.ts; the feature rule family (rules/feature.ts) turns it into a check.
 */
import type { ReadText, TextBlock } from './adf';
import { editDistance, headingWords } from './headings';

export type BenefitRoute = 'field' | 'heading' | 'sentence';

export interface BenefitDetection {
  found: boolean;
  route: BenefitRoute | null;
  /** The words that satisfied the rule (short excerpt), or the empty heading / filler that failed it. */
  evidence: string;
  /** A benefit-hypothesis heading (or field) with nothing, or only filler, under it. */
  emptyHeading: string | null;
}

// Normalised heading words (headingWords). One entry per wording teams use for the template's section.
const BENEFIT_PHRASES = [
  'benefit hypothesis', 'benefits hypothesis', 'benefit hypotheses', 'hypothesis', 'value hypothesis', 'business hypothesis',
  'outcome hypothesis', 'hypothesis statement', 'expected benefit', 'expected benefits', 'benefits', 'benefit',
  'business benefit', 'business benefits', 'expected outcome', 'expected outcomes', 'outcomes', 'expected value',
  'business value', 'value statement', 'success metrics', 'success measures', 'leading indicators', 'key results',
  'nutzenhypothese', 'erwarteter nutzen', 'hypothese de benefice', 'hypothese de valeur', 'benefices attendus',
  'hipotesis de beneficio', 'beneficios esperados',
  // The "By implementing … / We will improve … / As measured by …" template, one line each.
  'we will improve', 'we will achieve',
];

const FILLER = /^(?:tbd|tbc|todo|n\/?a|none|-+|\.+|…|\?+|xxx+|\(?(?:add|describe|list|enter|write|fill in|insert|provide|specify)\b.*|please\s+(?:describe|provide|add|list|explain|enter|fill)\b.*|<[^>]*>|\[[^\]]*\]|\{[^}]*\})$/i;
// A template's own lead-in left unfinished: "So we can ...", "We believe ...".
const LEAD = /^(?:so\s+(?:that|we\s+can)|we\s+believe(?:\s+that)?|this\s+will|by\s+implementing)\b[\s:]*/i;

function isFiller(text: string): boolean {
  const t = text.replace(/[*_`]/g, '').replace(/^\s*\[[ xX]?\]\s*/, '').trim();
  if (!t || FILLER.test(t)) return true;
  const rest = t.replace(LEAD, '').trim();
  return rest !== t && (!rest || FILLER.test(rest));
}

// Sections that state why the work is done: they count when what they say is an outcome (OUTCOME), not only the task.
const GOAL_PHRASES = ['goal', 'goals', 'the goal', 'objective', 'objectives', 'purpose', 'motivation', 'why', 'intent', 'rationale', 'business case', 'why is this important', 'why is this needed', 'why are we doing this', 'what is the goal', 'project goals', 'value proposition', 'problem to solve and goal'];

// An outcome for users or the business: a change in a measure, or what someone gains.
const OUTCOME =
  /(?:^|[\s(])(?:(?:to|will|would|should|and|in\s+order\s+to)\s+)?(?:increase|improve|reduce|decrease|minimi[sz]e|maximi[sz]e|drive|grow|raise|lower|speed\s+up)\b|\bso\s+(?:that|we\s+can|they\s+can|users?\s+can)\b|\bfor\s+(?:more|less|fewer|faster|better|easier|quicker|higher|lower)\b|\b(?:easier|faster|quicker|less\s+effort)\s+(?:to|for)\b/i;

function matchesPhrase(text: string, phrases: readonly string[]): boolean {
  if (text.length > 100) return false;
  const words = headingWords(text);
  if (!words || words.split(' ').length > 6) return false;
  return phrases.some((p) => {
    const tol = p.length >= 16 ? 2 : p.length >= 8 ? 1 : 0;
    return words === p || editDistance(words, p, tol) <= tol;
  });
}

const isBenefitHeading = (text: string) => matchesPhrase(text, BENEFIT_PHRASES);
const isGoalHeading = (text: string) => matchesPhrase(text, GOAL_PHRASES);

const isHeadingLike = (b: TextBlock) => b.kind === 'heading' || !!b.bold;

// Hypothesis sentences. Each needs the belief (or the change) and the expected result in one sentence.
const SENTENCES: readonly RegExp[] = [
  /\bwe\s+(?:believe|think|expect|predict|bet|hypothesi[sz]e)\b[^.!?\n]{3,300}?\b(?:will|would|should|could|can)\b[^.!?\n]{0,200}?\b(?:result(?:s|ed)?\s+in|lead(?:s)?\s+to|achiev|deliver|enabl|increas|reduc|decreas|improv|cut|rais|grow|lower|sav|help|allow|driv|bring)[^.!?\n]*/i,
  // "This feature will result in …"; not a bug's "clicking twice will result in a duplicate": the subject is the work.
  /\b(?:this|the|our)\s+(?:feature|change|capability|work|initiative|improvement|solution|release|epic)\s+(?:will|would|should|is\s+expected\s+to)\s+(?:result\s+in|achieve|lead\s+to|deliver|enable|increase|reduce|improve)\b[^.!?\n]{3,}/i,
  /\bwe(?:'ll|\s+will)\s+know\s+(?:we(?:'re|\s+are|\s+have)|this|it)\b[^.!?\n]*\b(?:when|if|by)\b[^.!?\n]*/i,
  /\bif\s+we\b[^.!?\n]{3,200}?\bthen\s+(?:we\s+(?:expect|will\s+see)|(?:it|this)\s+will)\b[^.!?\n]*/i,
  /\bby\s+(?:implementing|building|delivering|adding)\b[^.!?\n]{3,200}?\bwe\s+will\s+(?:improve|increase|reduce|achieve|enable)\b[^.!?\n]*/i,
  // What someone gains: "… so that they can find it", "… so we can increase conversion".
  /\bso\s+(?:that\s+)?(?:(?:our\s+|the\s+)?(?:users?|customers?|people|admins?|members?|readers?|buyers?|visitors?)|more\s+\w+|it(?:'s|\s+is)|they're)\s+(?:can|could|will|are|have|get|is|easier|able)\b[^.!?\n]{3,}/i,
  /\b(?:will|would)\s+(?:allow\s+us|make\s+it\s+(?:\w+\s+)?easier)\b[^.!?\n]{3,}/i,
  /\bwhether\b[^.!?\n]{3,200}?\b(?:increases|improves|reduces|decreases|drives)\b[^.!?\n]*/i,
];

function sentenceIn(text: string): string | null {
  for (const re of SENTENCES) {
    const m = re.exec(text);
    if (m) return m[0].trim();
  }
  return null;
}

/** A table row (or column) headed "Benefit hypothesis": the cells beside (or below) it are the hypothesis. */
function benefitInTable(blocks: readonly TextBlock[]): BenefitDetection | null {
  for (const h of blocks) {
    const at = h.cell;
    if (!at || (at.row !== 0 && at.col !== 0) || !isBenefitHeading(h.text)) continue;
    const inTable = blocks.filter((c) => c.cell && c.cell.table === at.table);
    const row = at.col === 0 ? inTable.filter((c) => c.cell!.row === at.row && c.cell!.col > 0) : [];
    const column = at.row === 0 ? inTable.filter((c) => c.cell!.col === at.col && c.cell!.row > 0) : [];
    const content = [...row, ...column].filter((c) => !isFiller(c.text));
    if (content.length) return { found: true, route: 'heading', evidence: `${h.text.replace(/[\s:]+$/, '')}: ${content[0].text}`, emptyHeading: null };
    return { found: false, route: null, evidence: '', emptyHeading: h.text };
  }
  return null;
}

export function detectBenefitHypothesis(field: ReadText, description: ReadText): BenefitDetection {
  const fieldText = field.blocks.filter((b) => !isFiller(b.text));
  if (fieldText.length) return { found: true, route: 'field', evidence: fieldText[0].text, emptyHeading: null };
  const fieldEmpty = field.blocks.length ? (field.blocks[0].text || 'the benefit-hypothesis field') : null;
  const blocks = description.blocks.filter((b) => b.kind !== 'code');
  let emptyHeading: string | null = fieldEmpty;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    // "Benefit hypothesis: we believe …" on one line.
    const inline = /^(.{1,60}?)\s*[*_]*\s*:\s*[*_]*\s*(\S.*)$/s.exec(b.text);
    if (inline && isBenefitHeading(inline[1]) && !isFiller(inline[2])) return { found: true, route: 'heading', evidence: b.text, emptyHeading: null };
    if (inline && isGoalHeading(inline[1]) && OUTCOME.test(inline[2])) return { found: true, route: 'heading', evidence: b.text, emptyHeading: null };
    const candidate = isHeadingLike(b) || (b.kind === 'paragraph' && (/:\s*[*_]*\s*$/.test(b.text) || b.text.length <= 40));
    const benefit = candidate && isBenefitHeading(b.text);
    if (!benefit && !(candidate && isGoalHeading(b.text))) continue;
    const under: TextBlock[] = [];
    for (let k = i + 1; k < blocks.length && !isHeadingLike(blocks[k]); k++) under.push(blocks[k]);
    const content = under.filter((c) => !isFiller(c.text));
    const heading = b.text.replace(/[\s:]+$/, '');
    if (benefit && content.length) return { found: true, route: 'heading', evidence: `${heading}: ${content[0].text}`, emptyHeading: null };
    const outcome = content.find((c) => OUTCOME.test(c.text));
    if (outcome) return { found: true, route: 'heading', evidence: `${heading}: ${outcome.text}`, emptyHeading: null };
    if (benefit) emptyHeading ??= b.text;
  }
  const table = benefitInTable(blocks);
  if (table) return table;
  for (const b of blocks) {
    const s = sentenceIn(b.text);
    if (s) return { found: true, route: 'sentence', evidence: s, emptyHeading: null };
  }
  return { found: false, route: null, evidence: '', emptyHeading };
}
