/**
 * Story quality (DOMAIN.md "Story quality"): INVEST / AQUSA rules over a story's summary,
 * description and acceptance criteria. Pure and deterministic: no I/O, no Forge.
 *
 * The story's facts (text read once, story form, acceptance criteria) are computed here; the rule families in
 * rules/ (listed in rules/index.ts) turn them into findings, each with a stable rule id, the INVEST letter or
 * criterion, a severity, a message quoting the words that triggered it, a fix hint and the quoted evidence; the
 * Definition of Ready (dor.ts) and the score read those findings.
 *
 * Score: 1 − Σ penalties, clamped to [0, 1], with a penalty per finding of
 *   error 0.25 · warning 0.10 · info 0.03   (SEVERITY_WEIGHT).
 * A story is ready when every enabled Definition-of-Ready rule passes.
 */
import { readText, type ReadText, type TextSource } from './adf';
import { detectAcceptanceCriteria } from './acceptance';
import { definitionOfReady, type DorCheck } from './dor';
import { QUALITY_RULES } from './rules';
import { parseStoryForm, parseStoryFormInBlocks, stripMeansLead, type StoryForm } from './storyForm';
import { buildAcTemplate } from './template';
import { DEFAULT_QUALITY_SETTINGS, RULES, type Criterion, type Finding, type Letter, type LetterVerdict, type QualityOptions, type Severity, type StoryFacts, type StoryInput } from './types';
import { assessCriteria } from './unwritten';

export type { AdfDoc, AdfNode, TextBlock, TextSource } from './adf';
export { readText, readPlainText } from './adf';
export { parseStoryForm } from './storyForm';
export { checkAtomic } from './atomic';
export { detectAcceptanceCriteria, type AcDetection, type AcRoute } from './acceptance';
export { assessCriteria, isVague, type CriteriaAssessment } from './unwritten';
export { DEFAULT_QUALITY_SETTINGS, RULES, type BlockerInput, type Criterion, type Finding, type Letter, type LetterVerdict, type QualityOptions, type QualityRule, type Severity, type StoryFacts, type StoryInput } from './types';
export { QUALITY_RULES } from './rules';
export type { DorCheck } from './dor';

export interface QualityReport {
  id: string;
  score: number;
  ready: boolean;
  hasAcceptanceCriteria: boolean;
  wellFormed: boolean;
  atomic: boolean;
  hasBenefit: boolean;
  findings: Finding[];
  invest: Record<Letter, LetterVerdict>;
  dor: DorCheck[];
  textSource: TextSource;
}

export const SEVERITY_WEIGHT: Record<Severity, number> = { error: 0.25, warning: 0.1, info: 0.03 };

const LETTER_OF: Record<Criterion, Letter | null> = { I: 'I', N: 'N', V: 'V', E: 'E', S: 'S', T: 'T', AC: 'T', FORM: null, MINIMAL: null };

function combineSources(...r: ReadText[]): TextSource {
  if (r.some((x) => x.source === 'adf-fallback')) return 'adf-fallback';
  if (r.some((x) => x.source === 'adf')) return 'adf';
  return 'text';
}

function findForm(inSummary: StoryForm | null, description: ReadText): StoryForm | null {
  if (inSummary) return inSummary;
  // A story written in the description: its first few blocks (and a "User story" section), possibly one part per line.
  const blocks = description.blocks.slice(0, 12).filter((b) => b.kind !== 'code');
  return parseStoryFormInBlocks(blocks.map((b) => ({ text: b.text, heading: b.kind === 'heading' })));
}

function letterVerdicts(findings: Finding[]): Record<Letter, LetterVerdict> {
  const v: Record<Letter, LetterVerdict> = { I: 'pass', N: 'pass', V: 'pass', E: 'pass', S: 'pass', T: 'pass' };
  for (const f of findings) {
    const l = LETTER_OF[f.criterion];
    if (!l) continue;
    if (f.severity === 'error') v[l] = 'fail';
    else if (f.severity === 'warning' && v[l] === 'pass') v[l] = 'warn';
  }
  return v;
}

/** What the rule families read: the text parsed once, the story form, the acceptance criteria and their state. */
function storyFacts(input: StoryInput, opts: QualityOptions): StoryFacts {
  const summary = typeof input?.summary === 'string' ? input.summary : input?.summary == null ? '' : String(input.summary);
  const description = readText(input?.description);
  const acField = readText(input?.acceptanceCriteria);
  const summaryForm = parseStoryForm(summary);
  const form = findForm(summaryForm, description);
  const ac = detectAcceptanceCriteria(acField, description);
  const criteria = assessCriteria(ac, [...buildAcTemplate(form).lines, ...buildAcTemplate(null).lines]);
  const hasAcceptanceCriteria = ac.found && criteria.written.length > 0;
  const means = form ? stripMeansLead(form.means) : '';
  const pts = typeof input?.storyPoints === 'number' && Number.isFinite(input.storyPoints) && input.storyPoints >= 0 ? input.storyPoints : null;
  return {
    input,
    opts,
    summary,
    summaryForm,
    form,
    description,
    acField,
    ac,
    criteria,
    hasAcceptanceCriteria,
    criteriaWritten: hasAcceptanceCriteria && criteria.placeholders.length === 0,
    means,
    wellFormed: !!form && !!form.role && means.split(/\s+/).filter(Boolean).length >= 1,
    hasBenefit: !!form && !!form.end && form.end.split(/\s+/).length >= 2,
    storyPoints: pts,
    openBlockers: (Array.isArray(input?.blockedBy) ? input.blockedBy : []).filter((b) => b && !b.isDone),
  };
}

/** Checks one story. Never throws on odd input (missing or malformed fields read as empty). */
export function checkStory(input: StoryInput, opts: QualityOptions = DEFAULT_QUALITY_SETTINGS): QualityReport {
  const facts = storyFacts(input, opts);
  const findings = QUALITY_RULES.flatMap((r) => r.check(facts));
  const dor = definitionOfReady(facts, findings);
  const penalty = findings.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
  const score = Math.round(Math.min(1, Math.max(0, 1 - penalty)) * 100) / 100;
  return {
    id: String(input?.id ?? ''),
    score,
    ready: dor.every((d) => d.passed),
    hasAcceptanceCriteria: facts.hasAcceptanceCriteria,
    wellFormed: facts.wellFormed,
    atomic: !findings.some((f) => f.rule === RULES.notAtomic),
    hasBenefit: facts.hasBenefit,
    findings,
    invest: letterVerdicts(findings),
    dor,
    textSource: combineSources(facts.description, facts.acField),
  };
}

export function checkStories(inputs: readonly StoryInput[], opts: QualityOptions = DEFAULT_QUALITY_SETTINGS): QualityReport[] {
  return inputs.map((i) => checkStory(i, opts));
}
