/**
 * Where a story's acceptance criteria are: the acceptance-criteria field, an "Acceptance criteria"
 * heading (or bold line) with content, Given/When/Then in the description, a task list under an AC
 * heading. Detection only: whether the criteria found are still a template is judged in unwritten.ts.
 */
import type { ReadText, TextBlock } from './adf';
import { classifyHeading, splitInlineHeading } from './headings';

export type AcRoute = 'field' | 'heading' | 'gherkin' | 'taskList' | 'table';

export interface AcDetection {
  found: boolean;
  route: AcRoute | null;
  /** The acceptance-criteria text (what the vague-criteria rule reads). */
  text: string;
  evidence: string;
  scenarios: number;
  /** An "Acceptance criteria" heading with nothing (but template text) under it. */
  emptyHeading: string | null;
  /**
   * Template filler ("TBD", "<criteria>", "- [ ] ...") where the criteria are read from (the field, or
   * under the heading used or found empty). Detection skips it; the not-written-yet rule quotes it.
   */
  filler: string[];
  /**
   * A "Definition of done" (or ready) heading seen where no criteria were found: the team's general checklist,
   * which the finding names so the author sees why it was not counted.
   */
  notCriteria: string | null;
}

const TEMPLATE_FILLER = /^(?:tbd|tbc|todo|n\/?a|none|-+|\.+|…|\?+|xxx+|\(?(?:add|describe|list|enter|write|fill in|insert|provide|specify)\b.*|<[^>]*>|\[[^\]]*\]|\{[^}]*\})$/i;

function isFiller(text: string): boolean {
  // A Markdown checkbox ("[ ] ...") that reached us as text is still only its label.
  const t = text.replace(/[*_`]/g, '').replace(/^\s*\[[ xX]?\]\s*/, '').trim();
  return !t || TEMPLATE_FILLER.test(t);
}

/** The filler blocks that say something ("TBD", "..."): blank lines and rules are not quoted back. */
function fillerOf(blocks: readonly TextBlock[]): string[] {
  return blocks.filter((b) => isFiller(b.text) && /[\p{L}\p{N}.…?<[{]/u.test(b.text)).map((b) => b.text.trim());
}

function isHeadingLike(b: TextBlock): boolean {
  return b.kind === 'heading' || (b.bold === true && b.kind === 'paragraph' && b.text.length <= 80);
}

function headingLevel(b: TextBlock): number {
  return b.kind === 'heading' ? (b.level ?? 1) : 7;
}

const GIVEN = /^\s*(?:[-*•]\s*|\d+[.)]\s*)?(?:\*\*|__)?(given|gegeben|dado|étant donné)\b/i;
const WHEN_THEN = /^\s*(?:[-*•]\s*|\d+[.)]\s*)?(?:\*\*|__)?(when|then|and|but|wenn|dann|cuando|entonces|quand|alors)\b/i;
const INLINE_GHERKIN = /\bgiven\b[^.\n]{2,}?[,;]?\s*\bwhen\b[^.\n]{2,}?[,;]?\s*\bthen\b\s+\S/i;
const SCENARIO = /^\s*(?:[-*•#]\s*)*(?:\*\*|__)?scenario(?:\s+outline)?\b[^:\n]*:/i;

function countScenarios(lines: string[]): number {
  let scenarios = 0;
  let givens = 0;
  for (const l of lines) {
    if (SCENARIO.test(l)) scenarios++;
    if (GIVEN.test(l) || INLINE_GHERKIN.test(l)) givens++;
  }
  return Math.max(scenarios, givens);
}

function detectGherkin(lines: string[]): { evidence: string; text: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (INLINE_GHERKIN.test(l)) {
      const m = INLINE_GHERKIN.exec(l);
      return { evidence: m ? m[0] : l, text: lines.slice(i).join('\n') };
    }
    if (GIVEN.test(l)) {
      // Given … followed within a few lines by When/Then.
      let sawThen = false;
      let sawWhen = false;
      for (let k = i; k < Math.min(lines.length, i + 12); k++) {
        const m = WHEN_THEN.exec(k === i ? l.replace(GIVEN, '') : lines[k]);
        if (m) {
          const w = m[1].toLowerCase();
          if (w === 'then' || w === 'dann' || w === 'entonces' || w === 'alors') sawThen = true;
          if (w === 'when' || w === 'wenn' || w === 'cuando' || w === 'quand') sawWhen = true;
        }
        // Prose that merely contains "then" further down is not a step: steps start their line.
        if (/\bthen\b/i.test(l) && /\bwhen\b/i.test(l)) sawThen = true;
      }
      if (sawThen || sawWhen) return { evidence: l, text: lines.slice(i).join('\n') };
    }
  }
  return null;
}

/** Finds acceptance criteria: the custom field, an AC heading with content, Gherkin, a task list under an AC heading. */
export function detectAcceptanceCriteria(field: ReadText, description: ReadText): AcDetection {
  const fieldText = field.blocks.filter((b) => !isFiller(b.text));
  const fieldFiller = fillerOf(field.blocks);
  if (fieldText.length) {
    const lines = fieldText.map((b) => b.text);
    return { found: true, route: 'field', text: lines.join('\n'), evidence: lines[0], scenarios: countScenarios(lines), emptyHeading: null, filler: fieldFiller, notCriteria: null };
  }
  const blocks = description.blocks;
  let emptyHeading: string | null = null;
  let emptyHeadingFiller: string[] = [];
  let notCriteria: string | null = null;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind === 'code') continue;
    // "AC: …" on any line of the block (a paragraph keeps its line breaks).
    const lines = /[:\-–—]/.test(b.text) ? b.text.split('\n') : [];
    for (let l = 0; l < lines.length; l++) {
      const inline = splitInlineHeading(lines[l]);
      if (!inline || isFiller(inline.rest)) continue;
      const rest = [inline.rest, ...lines.slice(l + 1), ...blocks.slice(i + 1).filter((x) => !isHeadingLike(x)).map((x) => x.text)];
      return { found: true, route: 'heading', text: rest.join('\n'), evidence: lines[l], scenarios: countScenarios(rest), emptyHeading: null, filler: [], notCriteria: null };
    }
    // A label line ends with a colon whatever block holds it ("Acceptance criteria:" as a list item, as wiki "** …" makes it).
    const candidate = isHeadingLike(b) || ((b.kind === 'paragraph' || b.kind === 'listItem') && /:\s*[*_]*\s*$/.test(b.text)) || (b.kind === 'paragraph' && b.text.length <= 40);
    const kind = candidate ? classifyHeading(b.text) : null;
    if (kind === 'dod' && notCriteria === null) notCriteria = b.text;
    if (kind !== 'ac') continue;
    const level = headingLevel(b);
    const under: TextBlock[] = [];
    for (let k = i + 1; k < blocks.length; k++) {
      const c = blocks[k];
      if (isHeadingLike(c) && headingLevel(c) <= Math.max(level, 6) && !(c.bold && level === 7 && false)) break;
      if (c.kind === 'paragraph' && /^[A-Z][\w ]{0,40}:\s*$/.test(c.text) && under.length) break;
      under.push(c);
    }
    const content = under.filter((c) => !isFiller(c.text));
    if (content.length) {
      const lines = content.map((c) => c.text);
      const route: AcRoute = content.every((c) => c.kind === 'taskItem') ? 'taskList' : 'heading';
      return { found: true, route, text: lines.join('\n'), evidence: `${b.text.replace(/[\s:]+$/, '')}: ${lines[0]}`, scenarios: countScenarios(lines), emptyHeading: null, filler: fillerOf(under), notCriteria: null };
    }
    if (emptyHeading === null) {
      emptyHeading = b.text;
      emptyHeadingFiller = fillerOf(under);
    }
  }
  const table = detectTable(blocks);
  if (table && 'found' in table) return { ...table.found, notCriteria: null };
  if (table && emptyHeading === null) {
    emptyHeading = table.empty;
    emptyHeadingFiller = table.filler;
  }
  const lines = blocks.flatMap((b) => b.text.split('\n'));
  const g = detectGherkin(lines);
  if (g) return { found: true, route: 'gherkin', text: g.text, evidence: g.evidence, scenarios: countScenarios(lines), emptyHeading: null, filler: [], notCriteria: null };
  return { found: false, route: null, text: '', evidence: '', scenarios: 0, emptyHeading, filler: [...fieldFiller, ...emptyHeadingFiller], notCriteria };
}

type TableResult = { found: Omit<AcDetection, 'notCriteria'> } | { empty: string; filler: string[] };

/**
 * A table whose first row or first column names acceptance criteria: the cells below that header (or to
 * the right of it) are the criteria. Either orientation is common — a column per field, or a row per field.
 */
function detectTable(blocks: readonly TextBlock[]): TableResult | null {
  let empty: { empty: string; filler: string[] } | null = null;
  for (const h of blocks) {
    const at = h.cell;
    if (!at || (at.row !== 0 && at.col !== 0) || classifyHeading(h.text) !== 'ac') continue;
    // A cell in the first row names its column; in the first column, its row (the top-left cell: whichever holds text).
    const inTable = blocks.filter((c) => c.cell && c.cell.table === at.table);
    const column = at.row === 0 ? inTable.filter((c) => c.cell!.col === at.col && c.cell!.row > 0) : [];
    const row = at.col === 0 ? inTable.filter((c) => c.cell!.row === at.row && c.cell!.col > 0) : [];
    const cells = column.some((c) => !isFiller(c.text)) ? column : row.length ? row : column;
    const content = cells.filter((c) => !isFiller(c.text));
    if (content.length) {
      const lines = content.map((c) => c.text);
      return { found: { found: true, route: 'table', text: lines.join('\n'), evidence: `${h.text.replace(/[\s:]+$/, '')}: ${lines[0]}`, scenarios: countScenarios(lines), emptyHeading: null, filler: fillerOf(cells) } };
    }
    empty ??= { empty: h.text, filler: fillerOf(cells) };
  }
  return empty;
}
