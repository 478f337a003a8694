/**
 * AQUSA "atomic": does the means of a story join several actions ("create and delete a project")
 * rather than several objects of one action ("view name and email")?
 *
 * Precision first: a story is flagged only when a conjunction (and / or / & / and/or) is followed
 * by a base-form verb according to the `compromise` part-of-speech tagger, and a verb precedes the
 * conjunction. Tagging is slowish, so it only runs on the means clause, only when a cheap lexical
 * pre-filter finds a candidate, and results are cached.
 */
import nlp from 'compromise';

export interface AtomicVerdict {
  atomic: boolean;
  /** The joined actions, e.g. ["upload", "share"]. */
  actions: string[];
  /** The quoted span, e.g. "upload files and share". */
  evidence: string;
}

const CONJ = /(?:^|\s)(and\/or|and|or|&|as\s+well\s+as|plus|\/)(?=\s)|(,)(?=\s)/gi;
// Words that may sit between the conjunction and the verb: "and then export", "and also share", "and to print".
const SKIP = new Set(['to', 'also', 'then', 'later', 'maybe', 'possibly', 'optionally', 'even', 'easily', 'quickly', 'directly', 'immediately', 'simply', 'subsequently', 'afterwards', 'finally', 'eventually', 'further', 'additionally', 'be', 'able', 'successfully', 'automatically', 'manually', 'securely', 'efficiently', 'accurately', 'i', 'we', 'can', 'could', 'will', 'would', 'should', 'may', 'might', 'have', 'the', 'ability', 'option']);
// Words after which no verb can follow as the head of a second action.
const NOT_VERB = new Set(['a', 'an', 'the', 'my', 'our', 'your', 'their', 'his', 'her', 'its', 'this', 'that', 'these', 'those', 'all', 'any', 'some', 'each', 'every', 'other', 'another', 'more', 'less', 'most', 'many', 'much', 'few', 'several', 'no', 'not', 'in', 'on', 'at', 'of', 'for', 'from', 'with', 'without', 'by', 'about', 'into', 'onto', 'over', 'under', 'between', 'via', 'per', 'it', 'them', 'him', 'me', 'us', 'you', 'they', 'he', 'she', 'who', 'what', 'which', 'when', 'where', 'how', 'why', 'if', 'whether', 'so', 'or', 'and', 'etc', 'etc.', 'other', 'others', 'such', 'same', 'related', 'new', 'old', 'existing', 'relevant', 'current', 'previous', 'public', 'private']);

const cache = new Map<string, AtomicVerdict>();
const CACHE_MAX = 20_000;

const ATOMIC: AtomicVerdict = Object.freeze({ atomic: true, actions: [], evidence: '' }) as AtomicVerdict;

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

function cleanWord(w: string): string {
  return w.toLowerCase().replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, '');
}

/** Cheap check: is there a conjunction followed (after skippable words) by something that could be a base-form verb? */
export function hasActionCandidate(means: string): boolean {
  CONJ.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONJ.exec(means))) {
    const after = words(means.slice(m.index + m[0].length));
    let k = 0;
    while (k < after.length && SKIP.has(cleanWord(after[k]))) k++;
    if (k >= after.length) continue;
    const w = cleanWord(after[k]);
    if (!w || NOT_VERB.has(w) || /^\d/.test(w)) continue;
    if (/(?:[^s]s|ed|ing|ly|tion|ment|ness|ity)$/.test(w)) continue;
    if (notVerbInLexicon(w)) continue;
    if (!likelyVerb(w)) continue;
    return true;
  }
  return false;
}

// Lexicon tags of words that never head a verb phrase (the lexicon lists one tag per word; verbs are
// mostly absent from it, so only clear non-verbs are excluded).
const NON_VERB_TAGS = new Set(['Plural', 'Determiner', 'QuestionWord', 'PastTense', 'Gerund', 'Adverb', 'Modal', 'Negative', 'Preposition', 'Possessive', 'Pronoun', 'Conjunction', 'Organization', 'Uncountable', 'Actor', 'Participle', 'Copula', 'Cardinal', 'Ordinal', 'Person', 'Place', 'Country', 'City', 'Month', 'WeekDay', 'Unit', 'Currency', 'Comparative', 'Superlative']);
let lexicon: Record<string, string | string[]> | null = null;
function notVerbInLexicon(word: string): boolean {
  try {
    lexicon ??= (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model().one.lexicon;
  } catch {
    lexicon = {};
  }
  const t = lexicon[word];
  if (!t) return false;
  const tags = Array.isArray(t) ? t : [t];
  return tags.every((x) => NON_VERB_TAGS.has(x));
}

type Term = { text: string; normal: string; tags: Set<string>; post?: string };

const PREFIX = 'I want to ';
const PREFIX_TERMS = 3;

function tag(text: string): Term[] {
  const doc = nlp(PREFIX + text) as unknown as { docs: Term[][] };
  return doc.docs.flat().slice(PREFIX_TERMS);
}

const canBeVerbCache = new Map<string, boolean>();
/** Can `word` head a verb phrase? ("I want to download" → yes; "I want to email" → yes; "I want to data" → no.) */
function canBeVerb(word: string): boolean {
  const w = word.toLowerCase();
  let v = canBeVerbCache.get(w);
  if (v === undefined) {
    try {
      const t = (nlp(`I want to ${w} it`) as unknown as { docs: Term[][] }).docs.flat()[3];
      v = !!t && t.tags.has('Verb') && (t.tags.has('Infinitive') || t.tags.has('Imperative'));
    } catch {
      v = false;
    }
    if (canBeVerbCache.size > CACHE_MAX) canBeVerbCache.clear();
    canBeVerbCache.set(w, v);
  }
  return v;
}

const likelyVerbCache = new Map<string, boolean>();
/** Is `word` read as a verb even with little context ("to download" → yes; "to data", "to email" → no)? Pre-filter only. */
function likelyVerb(word: string): boolean {
  let v = likelyVerbCache.get(word);
  if (v === undefined) {
    try {
      const t = (nlp(`to ${word}`) as unknown as { docs: Term[][] }).docs.flat()[1];
      v = !!t && t.tags.has('Verb');
    } catch {
      v = true;
    }
    if (likelyVerbCache.size > CACHE_MAX) likelyVerbCache.clear();
    likelyVerbCache.set(word, v);
  }
  return v;
}

function isNounish(t: Term): boolean {
  return t.tags.has('Noun') && !t.tags.has('Pronoun') && !t.tags.has('Verb');
}

function isBaseVerb(t: Term): boolean {
  return t.tags.has('Verb') && (t.tags.has('Infinitive') || t.tags.has('Imperative')) && !t.tags.has('Noun') && !t.tags.has('Auxiliary') && !t.tags.has('Modal');
}

function isVerb(t: Term | undefined): boolean {
  return !!t && t.tags.has('Verb') && !t.tags.has('Auxiliary') && !t.tags.has('Modal') && !t.tags.has('Copula');
}

const RELATIVE = new Set(['that', 'which', 'who', 'whom', 'whose', 'where', 'when', 'if', 'whether', 'while', 'because', 'since', 'until', 'once', 'after', 'before', 'how', 'what', 'using', 'by']);
const SKIP_TAGGED = new Set(['to', 'also', 'then', 'be', 'able', 'can', 'could', 'will', 'would', 'should', 'may', 'might', 'later', 'maybe', 'even', 'further', 'either']);
const PARTICLES = new Set(['up', 'in', 'out', 'down', 'off', 'on', 'back', 'over', 'away', 'through', 'for', 'with', 'about', 'into']);
const CONJ_WORDS = new Set(['and', 'or', 'and/or', 'plus', '/', 'as']);

/**
 * The part of the means the tagger needs to see: up to the first clause boundary, and at most four
 * words after the last conjunction.
 */
function focus(means: string): string {
  let s = means;
  const stop = /[.;:!?](?:\s|$)/.exec(s);
  if (stop) s = s.slice(0, stop.index);
  CONJ.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = CONJ.exec(s))) last = m.index + m[0].length;
  if (last < 0) return '';
  const tail = s.slice(last).split(/\s+/).filter(Boolean).slice(0, 4).join(' ');
  return `${s.slice(0, last)} ${tail}`.trim();
}

/** Judges the means clause of a user story (text after "I want"). */
export function checkAtomic(meansRaw: string): AtomicVerdict {
  let means = meansRaw
    .replace(/\band\s*\/\s*or\b/gi, ' or ')
    .replace(/&/g, ' and ')
    .replace(/([A-Za-z])\s*\/\s*([A-Za-z])/g, '$1 / $2')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\b(?:and|or|plus|as well as)\b|\s\/\s|,/i.test(means)) return ATOMIC;
  if (!hasActionCandidate(means)) return ATOMIC;
  means = focus(means);
  if (!means || !hasActionCandidate(means)) return ATOMIC;
  // Lower-case so that Title Case words are not taken for proper nouns ("Send or Post Citations").
  const key = means.toLowerCase().replace(/\bi\b/g, 'I');
  const hit = cache.get(key);
  if (hit) return hit;
  const verdict = headPair(key) ?? judge(key);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/**
 * Fast path without sentence tagging: the means opens with "<verb> and <verb>" ("upload and share
 * files", "view / download reports"). The template makes the first word the action; the second only
 * has to be readable as a base-form verb.
 */
function headPair(means: string): AtomicVerdict | null {
  const w = means.split(/\s+/).map((x) => x.replace(/[^a-z'/&-]/g, ''));
  let k = 0;
  while (k < w.length && SKIP_TAGGED.has(w[k])) k++;
  const first = w[k];
  const conj = w[k + 1];
  if (!first || !(conj === 'and' || conj === 'or' || conj === '/')) return null;
  let j = k + 2;
  while (j < w.length && SKIP_TAGGED.has(w[j])) j++;
  const second = w[j];
  if (!second || NOT_VERB.has(second) || !/^[a-z][a-z-]*$/.test(second) || /(?:[^s]s|ed|ing)$/.test(second)) return null;
  if (!canBeVerb(second)) return null;
  const evidence = `${first}${conj === '/' ? '/' : ` ${conj} `}${second}`;
  return { atomic: false, actions: [first, second], evidence };
}

function judge(means: string): AtomicVerdict {
  let terms: Term[];
  try {
    terms = tag(means);
  } catch {
    return ATOMIC;
  }
  // The template puts the action first: "(to) <verb> …".
  let head = 0;
  while (head < terms.length && SKIP_TAGGED.has(terms[head].normal)) head++;
  if (head >= terms.length) return ATOMIC;
  const verbAt = (k: number) => k === head || isVerb(terms[k]);
  let lastVerb = head;
  let blocked = false;
  for (let i = head + 1; i < terms.length; i++) {
    const t = terms[i];
    const n = t.normal.replace(/[^a-z/]/g, '');
    const prevPost = terms[i - 1].post ?? '';
    if (/[.;:!?]/.test(prevPost)) break; // the means ends at a clause boundary
    const isComma = prevPost.includes(',') || prevPost.includes('/');
    if (RELATIVE.has(n)) blocked = true;
    if (blocked) continue;
    const isConj = CONJ_WORDS.has(n) || (t.text === '/' && n === '');
    if (!isConj && !isComma) {
      if (i !== head && isVerb(t) && !t.tags.has('Gerund') && !t.tags.has('PastTense') && !t.tags.has('Participle')) lastVerb = i;
      continue;
    }
    // A comma joins actions only directly between two verbs ("create, modify rules").
    const conjAt = isConj ? i : i - 1;
    let j = isConj ? i + 1 : i;
    if (n === 'as') {
      if (terms[i + 1]?.normal !== 'well' || terms[i + 2]?.normal !== 'as') continue;
      j = i + 3;
    }
    while (j < terms.length && (SKIP_TAGGED.has(terms[j].normal) || (terms[j].tags.has('Adverb') && !terms[j].tags.has('Verb')))) j++;
    const next = terms[j];
    if (!next || /['’]/.test(next.text)) continue;
    let left = conjAt;
    if (isConj) left = i - 1;
    while (left > head && PARTICLES.has(terms[left].normal) && verbAt(left - 1)) left--;
    const immediate = verbAt(left) && left >= head;
    // The verb before the conjunction belongs to a noun ("a method to add and remove", "instructions to register or
    // activate") or to another subject ("have the repository queue … and display"): one action of the persona.
    const v1 = immediate ? left : lastVerb;
    const dependent = v1 > head && ((terms[v1 - 1].normal === 'to' && v1 >= 2 && isNounish(terms[v1 - 2])) || isNounish(terms[v1 - 1]));
    if (dependent) continue;
    let joined = false;
    if (immediate) {
      // "upload and share", "search for and download", "create, modify": verb-and-verb.
      joined = isBaseVerb(next) || (!next.tags.has('Plural') && !next.tags.has('PastTense') && !next.tags.has('Gerund') && !next.tags.has('Pronoun') && !next.tags.has('Determiner') && canBeVerb(next.normal));
    } else if (isConj) {
      // An object sits between: "create a project and delete it". Only a clear base-form verb counts, not
      // adjective lists ("accurate and complete data"), not verbs in a noun's complement ("a method to add and remove"),
      // and not a verb with nothing after it ("track activity and schedule at camp").
      const after = terms[j + 1];
      const prevTok = terms[i - 1];
      joined =
        isBaseVerb(next) &&
        !!after &&
        !(after.tags.has('Preposition') && !PARTICLES.has(after.normal)) &&
        !after.tags.has('Conjunction') &&
        !prevTok.tags.has('Adjective');
    }
    if (!joined) continue;
    const evidence = terms
      .slice(head, Math.min(terms.length, j + 1))
      .map((x) => x.text)
      .join(' ')
      .replace(/\s+\/\s+/g, '/');
    return { atomic: false, actions: [terms[v1].normal, next.normal], evidence };
  }
  return ATOMIC;
}

// --- goals of a non-atomic story (for "Split into stories") ---------------------------------------

const GOAL_SKIP = ['to', 'also', 'then', 'later', 'maybe', 'possibly', 'optionally', 'even', 'further', 'additionally', 'finally', 'afterwards', 'subsequently', 'be able to', 'and', 'or'];
const OBJECT_STOP = new Set(['with', 'to', 'in', 'into', 'on', 'onto', 'as', 'for', 'from', 'by', 'via', 'at', 'of', 'about', 'using', 'through', 'within', 'without', 'after', 'before', 'when', 'while', 'if', 'so', 'that', 'which', 'where', 'because', 'per', 'over', 'under', 'up', 'out', 'down', 'off', 'back', 'away']);
const PRONOUN_OBJECT = /^(it|them|this|that|these|those)$/i;
const MAX_GOALS = 8;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tidyGoal(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:&/-]+|[\s,;:&/.-]+$/g, '')
    .replace(/\s+(?:and\/or|and|or|&|plus|as well as)$/i, '')
    .trim();
}

/** The verb's direct object: the words after the verb up to the first preposition or clause word ("the report" of "export the report as PDF"). */
function directObject(goal: string): string {
  const w = goal.split(/\s+/).slice(1);
  const out: string[] = [];
  for (const x of w) {
    if (OBJECT_STOP.has(x.toLowerCase().replace(/[^a-z]/g, ''))) break;
    out.push(x);
  }
  return out.join(' ').replace(/[,;:.]+$/, '');
}

/** Is `left` just the first action (a verb, maybe with a particle: "upload", "search for")? Then it shares the next goal's object. */
function isBareVerb(left: string): boolean {
  const w = left.split(/\s+/).filter(Boolean);
  return w.length === 1 || (w.length === 2 && PARTICLES.has(w[1].toLowerCase()));
}

/**
 * The goals joined in a non-atomic means, one per action, each readable on its own:
 * "upload files and share them with my team" → ["upload files", "share files with my team"];
 * "create, edit and delete rules" → ["create rules", "edit rules", "delete rules"].
 * Pure and deterministic; an atomic means (or one the tagger cannot split) gives one goal.
 */
export function splitGoals(meansRaw: string, depth = 0): string[] {
  const means = tidyGoal(
    meansRaw
      .replace(/^(?:to\s+)?(?:be\s+able\s+to|have\s+the\s+(?:ability|option|possibility)\s+to|be\s+allowed\s+to|have\s+a\s+way\s+to)\s+/i, '')
      .replace(/^to\s+/i, ''),
  );
  if (!means || depth >= MAX_GOALS - 1) return means ? [means] : [];
  const verdict = checkAtomic(means);
  if (verdict.atomic || verdict.actions.length < 2) return [means];
  const [first, second] = verdict.actions;
  const firstAt = new RegExp(`\\b${escapeRe(first)}\\b`, 'i').exec(means);
  const from = firstAt ? firstAt.index + firstAt[0].length : 0;
  const skip = GOAL_SKIP.map((s) => escapeRe(s).replace(/ /g, '\\s+')).join('|');
  const joint = new RegExp(`(\\s*,\\s*|\\s+(?:and\\s*\\/\\s*or|and|or|&|plus|as\\s+well\\s+as)\\s+|\\s*\\/\\s*)(?:(?:${skip})\\s+)*(?=${escapeRe(second)}\\b)`, 'ig');
  joint.lastIndex = from;
  const m = joint.exec(means);
  if (!m) return [means];
  const left = tidyGoal(means.slice(0, m.index));
  const rightGoals = splitGoals(means.slice(m.index + m[0].length), depth + 1);
  if (!left || !rightGoals.length) return [means];
  let leftGoal = left;
  if (isBareVerb(left)) {
    // "upload and share files with my team": the first action shares the object (and its complements) of the next one.
    const obj = directObject(rightGoals[0]);
    if (obj && !PRONOUN_OBJECT.test(obj)) leftGoal = `${left} ${rightGoals[0].split(/\s+/).slice(1).join(' ')}`;
  }
  // "create a project and delete it": name the object instead of the pronoun.
  const leftObj = directObject(leftGoal);
  const goals = [leftGoal, ...rightGoals].map((g, i) => {
    if (i === 0 || !leftObj || PRONOUN_OBJECT.test(leftObj)) return g;
    const w = g.split(/\s+/);
    return w.length >= 2 && PRONOUN_OBJECT.test(w[1]) ? [w[0], leftObj, ...w.slice(2)].join(' ') : g;
  });
  return goals.slice(0, MAX_GOALS);
}
