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
const OBJECT_STOP = new Set(['with', 'to', 'in', 'into', 'on', 'onto', 'as', 'for', 'from', 'by', 'via', 'at', 'of', 'about', 'using', 'through', 'within', 'without', 'after', 'before', 'when', 'while', 'if', 'so', 'that', 'which', 'where', 'because', 'per', 'over', 'under', 'up', 'out', 'down', 'off', 'back', 'away', 'around']);
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
  // "read applications and approve or reject them": the left part may join actions too.
  const leftGoals = isBareVerb(left) ? [left] : leftActions(left, depth);
  // "create a project and delete it", "merge duplicate contacts and notify their owners": a child
  // story is read alone, so a pronoun gets the noun it stands for (the first object named).
  const antecedent = [...leftGoals, ...rightGoals].map(directObject).find((o) => o && !PRONOUN_OBJECT.test(o) && !POSSESSIVE.test(o.split(/\s+/)[0]));
  const goals = [...leftGoals, ...rightGoals].map((g, i) => (i === 0 || !antecedent ? g : resolvePronoun(g, antecedent)));
  // "upload and share files with my team": a bare first action shares the object (and its complements) of the next one.
  for (let i = goals.length - 2; i >= 0; i--) {
    if (!isBareVerb(goals[i])) continue;
    const obj = directObject(goals[i + 1]);
    if (obj && !PRONOUN_OBJECT.test(obj)) goals[i] = `${goals[i]} ${goals[i + 1].split(/\s+/).slice(1).join(' ')}`;
  }
  return goals.slice(0, MAX_GOALS);
}

/** The goals of the part before the last joint, which may end in a bare action sharing the next one's object ("… and approve"). */
function leftActions(left: string, depth: number): string[] {
  const tail = /^(.*\S)\s*(?:,|\s(?:and|or))\s+([a-z]+)$/i.exec(left);
  if (tail && !isBareVerb(tail[1]) && !NOT_VERB.has(tail[2].toLowerCase()) && canBeVerb(tail[2])) return [...splitGoals(tail[1], depth + 1), tail[2]];
  return splitGoals(left, depth + 1);
}

const POSSESSIVE = /^(their|its)$/i;

/** "duplicate contacts" → "the duplicate contacts", "a project" → "the project": the object named again, as already known. */
function definite(object: string): string {
  if (/^(?:a|an)\s/i.test(object)) return object.replace(/^(?:a|an)\s+/i, 'the ');
  if (/^(?:the|my|our|your|his|her|this|that|these|those)\s/i.test(object)) return object;
  return `the ${object}`;
}

/** A later goal whose object is a pronoun ("delete it") or owned by one ("notify their owners"), with the earlier goal's object put in its place. */
function resolvePronoun(goal: string, object: string): string {
  const w = goal.split(/\s+/);
  if (w.length < 2) return goal;
  // "this"/"that" stand for the object only when no noun follows ("print that", not "operationalize that analysis").
  const demonstrative = /^(this|that|these|those)$/i.test(w[1]);
  if (PRONOUN_OBJECT.test(w[1]) && (!demonstrative || w.length === 2 || OBJECT_STOP.has(w[2].toLowerCase().replace(/[^a-z]/g, '')))) return [w[0], object, ...w.slice(2)].join(' ');
  if (demonstrative) return goal;
  if (!POSSESSIVE.test(w[1])) {
    // "keep a record of it": an object pronoun further on.
    const at = w.findIndex((x, k) => k > 1 && /^(?:it|them)$/i.test(x.replace(/[^a-z]/gi, '')));
    return at < 0 ? goal : [...w.slice(0, at), w[at].replace(/^(?:it|them)/i, object), ...w.slice(at + 1)].join(' ');
  }
  // The possessed noun runs to the first preposition or clause word: "their owners by email" → "owners".
  let end = 2;
  while (end < w.length && !OBJECT_STOP.has(w[end].toLowerCase().replace(/[^a-z]/g, ''))) end++;
  if (end === 2) return goal;
  return [w[0], 'the', ...w.slice(2, end), 'of', definite(object), ...w.slice(end)].join(' ');
}
