/**
 * Is this heading an "Acceptance criteria" heading? Real templates decorate the words (✅, :white_check_mark:,
 * "3.", "**", trailing ":" or " –"), write them in the team's language and misspell them, so the heading is first
 * reduced to its words and then compared with a short multilingual list, allowing a small edit distance.
 * Matching the words rather than listing decorated phrases is what lets it work on templates nobody here has seen.
 */

export type HeadingKind = 'ac' | 'dod';

// Normalised (lower case, no diacritics, punctuation as spaces). One entry per wording, not per decoration.
// A bug report's "Expected behaviour" is not here: it describes the wanted state as part of the problem, and the
// labelled descriptions (test/fixtures/quality/README.md) do not count it as criteria.
const AC_PHRASES = [
  // English
  'acceptance criteria', 'acceptance criterion', 'acceptance criterias', 'acceptance', 'acceptance tests', 'acceptance test',
  'acceptance conditions', 'acceptance condition', 'acceptance scenarios', 'acceptance test cases', 'conditions of satisfaction',
  'condition of satisfaction', 'success criteria', 'done when',
  // German
  'akzeptanzkriterien', 'akzeptanzkriterium', 'abnahmekriterien', 'abnahmekriterium', 'akzeptanztests', 'abnahmetests',
  // French
  'criteres d acceptation', 'critere d acceptation', 'criteres d acceptance', 'conditions d acceptation', 'criteres de recette',
  'criteres de validation',
  // Spanish
  'criterios de aceptacion', 'criterio de aceptacion', 'pruebas de aceptacion',
  // Dutch
  'acceptatiecriteria', 'acceptatiecriterium', 'acceptatie criteria', 'acceptatietests', 'acceptatiecriteria en tests',
  // Portuguese
  'criterios de aceitacao', 'criterio de aceitacao', 'criterios de aceite', 'testes de aceitacao',
  // Others already recognised before
  'criteri di accettazione', 'критерии приемки', '受け入れ基準', '验收标准',
];
// Abbreviations are compared exactly: one edit away from "AC" is every two-letter word.
const AC_SHORT = new Set(['ac', 'acs', 'a c', 'a c s', 'ak', 'ca']);

// The team's general checklist: worth recognising, to say that it is not this story's acceptance criteria.
const DOD_PHRASES = ['definition of done', 'definition of ready', 'definition de fini', 'definition du fini', 'definicion de terminado', 'definicion de hecho', 'definitie van klaar', 'definitie van gereed', 'definicao de pronto', 'definicao de feito'];
const DOD_SHORT = new Set(['dod', 'dor']);

// A heading may go on after the words: "Acceptance criteria for the MVP", "Akzeptanzkriterien für …".
const CONTINUATION = /^(?:for|of|to|per|fur|für|pour|para|voor|do|da|de|del|der|des|du)\b/;

const SHORTCODE = /:[a-z0-9_+-]{2,40}:/gi;
// Pictographs, dingbats, arrows and their joiners: decoration, never words.
const SYMBOLS = /[\p{Extended_Pictographic}\p{So}\p{Sm}\p{Emoji_Modifier}\p{Regional_Indicator}]|\u200d|\ufe0f|\ufe0e|\u20e3/gu;
const MARKUP = /[#*_>`~|=]+/g;
// "3.", "3)", "2.1", "IV.", "a)", "(3)": numbering, dropped. A letter needs its "." or ")" and a space, so "A.C." stays.
const NUMBERING = /^\(?(?:\d{1,3}(?:\.\d{1,3})*[.)]?|(?:[ivx]{1,4}|[a-h])[.)])(?:\s*[-–—:])?\s+/i;
// Where a heading's own words end: "Acceptance criteria (draft)", "AC – see below", "AC: …".
const TAIL = /\s(?:[-–—]\s|\()|[:([]/;

/** The heading's words: no emoji, shortcodes, markup, numbering, diacritics or punctuation; lower case. */
export function headingWords(text: string): string {
  let t = text.replace(SHORTCODE, ' ').replace(SYMBOLS, ' ').replace(MARKUP, ' ').trim();
  t = t.replace(NUMBERING, '').trim();
  const tail = TAIL.exec(t);
  if (tail && tail.index > 0) t = t.slice(0, tail.index);
  // "A.C." and "AC's" are the abbreviation, not two words.
  t = t.replace(/\b([a-z])\.(?=[a-z]\b)/gi, '$1').replace(/['’]s\b/gi, 's');
  return t
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps), stopping once above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** Edits tolerated for a phrase: none for short words (too many neighbours), one from 8 letters, two from 16. */
function tolerance(phrase: string): number {
  return phrase.length >= 16 ? 2 : phrase.length >= 8 ? 1 : 0;
}

function matches(words: string, phrases: readonly string[], short: ReadonlySet<string>): boolean {
  if (short.has(words)) return true;
  const ws = words.split(' ');
  for (const p of phrases) {
    const n = p.split(' ').length;
    const head = ws.slice(0, n).join(' ');
    const rest = ws.slice(n);
    // A lone short word ("Acceptance") goes on only as itself: "Acceptance of the terms" is about something else.
    if (rest.length && (!CONTINUATION.test(rest[0]) || (n === 1 && p.length < 12))) continue;
    if (head === p || editDistance(head, p, tolerance(p)) <= tolerance(p)) return true;
  }
  return false;
}

/** 'ac' for an acceptance-criteria heading, 'dod' for a Definition of Done / Ready heading, otherwise null. */
export function classifyHeading(text: string): HeadingKind | null {
  if (text.length > 120) return null;
  const words = headingWords(text);
  if (!words || words.split(' ').length > 10) return null;
  if (matches(words, AC_PHRASES, AC_SHORT)) return 'ac';
  if (matches(words, DOD_PHRASES, DOD_SHORT)) return 'dod';
  return null;
}

/**
 * "Acceptance criteria: the user sees …" — a heading and its first criterion on one line. Returns the
 * content after the separator when the words before it are an AC heading.
 */
export function splitInlineHeading(text: string): { heading: string; rest: string } | null {
  const m = /^(.{1,80}?)\s*[*_]*\s*(?::|\s[-–—])\s*[*_]*\s*(\S.*)$/s.exec(text);
  if (!m) return null;
  return classifyHeading(m[1]) === 'ac' ? { heading: m[1], rest: m[2] } : null;
}
