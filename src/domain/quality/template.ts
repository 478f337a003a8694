/**
 * What the story panel's actions write, computed purely (no I/O): the Gherkin acceptance-criteria
 * template appended to a story, and one child story per goal of a non-atomic story.
 *
 * Both are previews first: the app layer shows exactly these nodes / summaries to the POPM and writes
 * them only on confirmation. Nothing here ever removes or rewrites existing content.
 */
import { readText, type AdfDoc, type AdfNode } from './adf';
import { splitGoals } from './atomic';
import { detectAcceptanceCriteria } from './acceptance';
import { parseStoryForm, stripMeansLead, type StoryForm } from './storyForm';
import { assessCriteria } from './unwritten';

export const AC_HEADING_TEXT = 'Acceptance criteria';

// --- ADF builders --------------------------------------------------------------------------------

const text = (t: string): AdfNode => ({ type: 'text', text: t });
const paragraph = (t: string): AdfNode => ({ type: 'paragraph', content: t ? [text(t)] : [] });
const heading = (t: string, level = 3): AdfNode => ({ type: 'heading', attrs: { level }, content: [text(t)] });
const bulletList = (items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(i)] })) });

export function adfDoc(content: AdfNode[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}

function isDoc(v: unknown): v is AdfDoc {
  return !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'doc' && Array.isArray((v as { content?: unknown }).content);
}

function plainText(node: unknown, depth = 0): string {
  if (!node || typeof node !== 'object' || depth > 32) return '';
  const n = node as AdfNode;
  if (typeof n.text === 'string') return n.text;
  return Array.isArray(n.content) ? n.content.map((c) => plainText(c, depth + 1)).join('') : '';
}

const norm = (s: string) =>
  s
    .replace(/[*_#:\s]+/g, ' ')
    .trim()
    .toLowerCase();

// --- the story form ------------------------------------------------------------------------------

/** The user-story sentence of a story: in the summary, else in the first blocks of the description (as the engine reads it). */
export function storyFormOf(summary: string, description: unknown): StoryForm | null {
  const inSummary = parseStoryForm(summary ?? '');
  if (inSummary) return inSummary;
  for (const b of readText(description).blocks.slice(0, 8)) {
    if (b.kind === 'code') continue;
    const f = parseStoryForm(b.text);
    if (f) return f;
  }
  return null;
}

/** "a project manager", "an admin", "the system": the role with the article the author used. */
export function rolePhrase(form: StoryForm): string {
  const lead = /^[^A-Za-z]*as\s+(an?\s+|the\s+|one\s+of\s+the\s+|some\s+|my\s+)?/i.exec(form.text);
  const article = lead?.[1]?.trim().toLowerCase() ?? '';
  if (article) return `${article} ${form.role}`;
  // "As Bob, …": a name takes no article; "As user, …" reads better with one.
  if (/^[A-Z]/.test(form.role) && !/\s/.test(form.role)) return form.role;
  return `${/^[aeiou]/i.test(form.role) ? 'an' : 'a'} ${form.role}`;
}

// --- acceptance-criteria template ----------------------------------------------------------------

export interface AcTemplate {
  /** The Given/When/Then lines, exactly as written into the list. */
  lines: string[];
  /** True when the lines were filled from the story's role, goal and benefit. */
  prefilled: boolean;
}

const THEN_AS_IS = /^(?:so\s+that|so|such\s+that|because|since|that\s+way|in\s+order\s+that|in\s+order\s+for|to\s+(?:ensure|make\s+sure|guarantee))$/i;
const THEN_CAN = /^(?:in\s+order\s+to|so\s+as\s+to)$/i;

/** Given/When/Then lines, prefilled from "As a ⟨role⟩, I want ⟨means⟩, so that ⟨end⟩" where the story has that form. */
export function buildAcTemplate(form: StoryForm | null): AcTemplate {
  const goal = form ? stripMeansLead(form.means).replace(/[.\s]+$/, '') : '';
  if (!form || !form.role || !goal) {
    return {
      lines: ['Given TBD: the situation before the user acts', 'When TBD: what the user does', 'Then TBD: what the user can observe afterwards'],
      prefilled: false,
    };
  }
  const end = form.end.replace(/[.\s]+$/, '');
  let then: string;
  if (end && THEN_AS_IS.test(form.endIndicator)) then = `Then ${end}`;
  else if (end && THEN_CAN.test(form.endIndicator)) then = `Then I can ${end}`;
  else if (end) then = `Then TBD: the outcome that shows it works (${form.endIndicator} ${end})`;
  else then = 'Then TBD: what I can observe afterwards';
  return { lines: [`Given I am ${rolePhrase(form)}`, `When I ${goal}`, then], prefilled: true };
}

export type AcTarget = 'description' | 'field';

export type AcInsertPlan =
  | { kind: 'refuse'; reason: string; evidence: string }
  | {
      kind: 'insert';
      target: AcTarget;
      /** The nodes appended (the preview shows exactly these). */
      nodes: AdfNode[];
      /** The complete new value of the target field: the old content, unchanged, followed by `nodes`. */
      value: AdfDoc;
      /** Readable form of `nodes`, one entry per block. */
      preview: { kind: 'heading' | 'item'; text: string }[];
      template: AcTemplate;
      /** The template's list goes under an existing, empty "Acceptance criteria" heading. */
      underExistingHeading: boolean;
    };

export interface AcInsertInput {
  summary: string;
  description: unknown;
  /** Value of the configured acceptance-criteria field, when the site has one. */
  acceptanceCriteria: unknown;
  /** Whether the site has an acceptance-criteria field (settings.fields.acceptanceCriteriaField). */
  hasAcField: boolean;
}

/** Keeps existing content as it is: an ADF document as is, a plain string as paragraphs. */
function existingContent(value: unknown): AdfNode[] {
  if (isDoc(value)) return value.content;
  if (typeof value === 'string' && value.trim()) return value.split(/\n{2,}/).map((p) => paragraph(p.trim()));
  return [];
}

/**
 * Where and what to append. Refuses when the story already has acceptance criteria (so a second
 * click never writes the template twice). Targets the acceptance-criteria field when the site has
 * one, else the description; existing content is kept and the template goes after it.
 */
export function planAcInsert(input: AcInsertInput): AcInsertPlan {
  const found = detectAcceptanceCriteria(readText(input.acceptanceCriteria), readText(input.description));
  const template = buildAcTemplate(storyFormOf(input.summary, input.description));
  if (found.found) {
    const leftover = assessCriteria(found, [...template.lines, ...buildAcTemplate(null).lines]);
    if (leftover.written.length === 0 && leftover.template.length) {
      return { kind: 'refuse', reason: `The acceptance-criteria template is already in this story ("${found.evidence.slice(0, 80)}"), so it was not added again. Replace its lines with the real criteria: until then the story is not ready.`, evidence: found.evidence };
    }
    const where = found.route === 'field' ? 'the acceptance-criteria field' : found.route === 'gherkin' ? 'Given/When/Then scenarios in the description' : 'an acceptance-criteria section in the description';
    return { kind: 'refuse', reason: `This story already has acceptance criteria (${where}: "${found.evidence.slice(0, 80)}"), so the template was not added. Edit the existing criteria instead.`, evidence: found.evidence };
  }
  const list = bulletList(template.lines);
  const items = template.lines.map((t) => ({ kind: 'item' as const, text: t }));
  if (input.hasAcField) {
    // The field is the acceptance criteria: no heading needed inside it.
    const before = existingContent(input.acceptanceCriteria);
    return { kind: 'insert', target: 'field', nodes: [list], value: adfDoc([...before, list]), preview: items, template, underExistingHeading: false };
  }
  const before = existingContent(input.description);
  if (found.emptyHeading) {
    // An "Acceptance criteria" heading with nothing under it: put the list right under it, not a second heading.
    const at = before.findIndex((n) => (n?.type === 'heading' || n?.type === 'paragraph') && norm(plainText(n)) === norm(found.emptyHeading!));
    if (at >= 0) {
      const value = adfDoc([...before.slice(0, at + 1), list, ...before.slice(at + 1)]);
      return { kind: 'insert', target: 'description', nodes: [list], value, preview: items, template, underExistingHeading: true };
    }
  }
  const nodes = [heading(AC_HEADING_TEXT), list];
  return { kind: 'insert', target: 'description', nodes, value: adfDoc([...before, ...nodes]), preview: [{ kind: 'heading', text: AC_HEADING_TEXT }, ...items], template, underExistingHeading: false };
}

// --- splitting a non-atomic story ----------------------------------------------------------------

export interface SplitProposal {
  goal: string;
  summary: string;
  /** The original's acceptance-criteria lines that apply to this goal (shared lines go to every child). */
  criteria: string[];
}

export const MAX_SUMMARY_LENGTH = 255;

/** "As a ⟨role⟩, I want to ⟨goal⟩[, so that ⟨end⟩]" for one goal of the original story. */
export function childSummary(form: StoryForm, goal: string): string {
  const end = form.end.replace(/[.\s]+$/, '');
  const s = `As ${rolePhrase(form)}, I want to ${goal}${end ? `, ${form.endIndicator || 'so that'} ${end}` : ''}`;
  return s.length > MAX_SUMMARY_LENGTH ? `${s.slice(0, MAX_SUMMARY_LENGTH - 1).trimEnd()}…` : s;
}

const wordsOf = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];
const STEM = (w: string) => w.replace(/(?:ing|ed|es|s|e)$/, '');

/** Does `line` name the action of `goal` (its verb, in any form: "merge", "merged", "merging")? */
function namesAction(line: string, goal: string): boolean {
  const verb = wordsOf(goal)[0];
  if (!verb) return false;
  const stem = STEM(verb);
  return wordsOf(line).some((w) => w === verb || (stem.length >= 3 && STEM(w) === stem));
}

/**
 * The original's criteria for each goal: a line naming the whole original goal ("When I merge duplicate
 * contacts and notify their owners") is rewritten to the child's goal; a line naming some goals'
 * actions goes to those children; a line naming none (Given …, Then …) is shared by all.
 */
export function criteriaPerGoal(lines: readonly string[], means: string, goals: readonly string[]): string[][] {
  const whole = stripMeansLead(means).replace(/^to\s+/i, '').replace(/[.\s]+$/, '');
  const wholeAt = (line: string) => (whole ? line.toLowerCase().indexOf(whole.toLowerCase()) : -1);
  return goals.map((goal) =>
    lines.flatMap((raw) => {
      const line = raw.trim();
      if (!line) return [];
      const at = wholeAt(line);
      if (at >= 0) return [`${line.slice(0, at)}${goal}${line.slice(at + whole.length)}`];
      const named = goals.filter((g) => namesAction(line, g));
      return !named.length || named.includes(goal) ? [line] : [];
    }),
  );
}

/** The original's acceptance-criteria lines, where the engine finds them (the field first, else the description). */
export function acceptanceLines(description: unknown, acceptanceCriteria: unknown): string[] {
  const found = detectAcceptanceCriteria(readText(acceptanceCriteria), readText(description));
  return found.found ? found.text.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/**
 * One proposed child story per goal of a non-atomic story; `null` when the story has no user-story
 * form or its goal is a single action (nothing to split).
 */
export function proposeSplit(summary: string, description: unknown, acceptanceCriteria: unknown = null): { form: StoryForm; proposals: SplitProposal[] } | null {
  const form = storyFormOf(summary, description);
  if (!form || !form.means) return null;
  const goals = splitGoals(form.means);
  if (goals.length < 2) return null;
  const criteria = criteriaPerGoal(acceptanceLines(description, acceptanceCriteria), form.means, goals);
  return { form, proposals: goals.map((goal, i) => ({ goal, summary: childSummary(form, goal), criteria: criteria[i] })) };
}

/**
 * Description of a child story: where it came from, so the trail survives without the link, and the
 * original's criteria that apply to its goal (to be reviewed, not a template: nothing is invented).
 */
export function childDescription(originalKey: string, originalSummary: string, goal: string, criteria: readonly string[] = []): AdfDoc {
  const origin = paragraph(`Split from ${originalKey} (${originalSummary.slice(0, 200)}) by Refinery. This story covers one goal: ${goal}.`);
  return adfDoc(criteria.length ? [origin, heading(AC_HEADING_TEXT), bulletList([...criteria])] : [origin]);
}
