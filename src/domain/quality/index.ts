/**
 * Story quality (DOMAIN.md "Story quality"): INVEST / AQUSA rules over a story's summary,
 * description and acceptance criteria. Pure and deterministic: no I/O, no Forge.
 *
 * Every finding has a stable rule id, the INVEST letter or criterion it belongs to, a severity, a
 * message quoting the words that triggered it, a fix hint and the quoted evidence.
 *
 * Score: 1 − Σ penalties, clamped to [0, 1], with a penalty per finding of
 *   error 0.25 · warning 0.10 · info 0.03   (SEVERITY_WEIGHT).
 * A story is ready when every enabled Definition-of-Ready rule passes.
 */
import { DEFAULT_SETTINGS, type DorRules } from '../settings';
import { readText, type AdfDoc, type ReadText, type TextSource } from './adf';
import { detectAcceptanceCriteria, type AcDetection } from './acceptance';
import { checkAtomic } from './atomic';
import { parseStoryForm, parseStoryFormInBlocks, stripMeansLead, type StoryForm } from './storyForm';
import { buildAcTemplate } from './template';
import { assessCriteria, type CriteriaAssessment, type PlaceholderLine } from './unwritten';

export type { AdfDoc, AdfNode, TextBlock, TextSource } from './adf';
export { readText, readPlainText } from './adf';
export { parseStoryForm } from './storyForm';
export { checkAtomic } from './atomic';
export { detectAcceptanceCriteria, type AcDetection, type AcRoute } from './acceptance';
export { assessCriteria, isVague, type CriteriaAssessment } from './unwritten';

export type Criterion = 'I' | 'N' | 'V' | 'E' | 'S' | 'T' | 'AC' | 'FORM' | 'MINIMAL';
export type Severity = 'error' | 'warning' | 'info';
export type Letter = 'I' | 'N' | 'V' | 'E' | 'S' | 'T';
export type LetterVerdict = 'pass' | 'warn' | 'fail';

export interface Finding {
  rule: string;
  criterion: Criterion;
  severity: Severity;
  message: string;
  hint: string;
  evidence: string;
}

export type BlockerInput = { key: string; summary: string; isDone: boolean; team: string | null; sprintName: string | null };

export type StoryInput = {
  id: string;
  summary: string;
  description?: string | AdfDoc | null | unknown;
  acceptanceCriteria?: string | AdfDoc | null | unknown;
  storyPoints?: number | null;
  team?: string | null;
  hasParent?: boolean;
  issueType?: string;
  blockedBy?: BlockerInput[];
};

export interface QualityOptions {
  maxStoryPoints: number;
  maxScenarios: number;
  dor: DorRules;
}

export const DEFAULT_QUALITY_SETTINGS: QualityOptions = {
  maxStoryPoints: 8,
  maxScenarios: 8,
  // The site's defaults: the CLI and the project page judge readiness by the same rules.
  dor: { ...DEFAULT_SETTINGS.dor },
};

export interface DorCheck {
  rule: string;
  label: string;
  passed: boolean;
  detail?: string;
}

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

/** Stable rule ids. */
export const RULES = {
  acMissing: 'ac-missing',
  acNotWritten: 'ac-not-written',
  acVague: 'ac-vague',
  acTooManyScenarios: 'ac-too-many-scenarios',
  formMissing: 'form-missing',
  benefitMissing: 'benefit-missing',
  technicalRole: 'technical-role',
  notAtomic: 'not-atomic',
  vagueTerm: 'vague-term',
  placeholder: 'placeholder',
  estimateMissing: 'estimate-missing',
  estimateTooLarge: 'estimate-too-large',
  descriptionEmpty: 'description-empty',
  blockedOpen: 'blocked-by-open-issue',
  dependencyText: 'dependency-text',
  implementationDetail: 'implementation-detail',
  summaryTooLong: 'summary-too-long',
  summaryMultipleSentences: 'summary-multiple-sentences',
  summaryExtraText: 'summary-extra-text',
} as const;

// --- helpers -------------------------------------------------------------------------------------

const LETTER_OF: Record<Criterion, Letter | null> = { I: 'I', N: 'N', V: 'V', E: 'E', S: 'S', T: 'T', AC: 'T', FORM: null, MINIMAL: null };

function quote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function finding(rule: string, criterion: Criterion, severity: Severity, message: string, hint: string, evidence: string): Finding {
  return { rule, criterion, severity, message, hint, evidence: quote(evidence, 160) };
}

// --- criteria not written yet ---------------------------------------------------------------------

const STEP_GAP: Record<string, string> = {
  given: 'the situation before the user acts',
  when: 'what the user does',
  then: 'what the user can see afterwards',
};

const EXAMPLE = 'Each criterion should be a check someone can see pass or fail, e.g. "Then a PDF with the 3 done issues is downloaded".';

const joinAnd = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs.join(''));

/** "Replace "TBD" with the situation before the user acts (Given), what the user does (When) and …". */
function replaceHint(ps: readonly PlaceholderLine[]): string {
  const shown = ps.slice(0, 3);
  const what = (p: PlaceholderLine) => (p.step ? STEP_GAP[p.step] : 'the check itself');
  if (new Set(shown.map((p) => p.token)).size === 1) {
    const whats = [...new Set(shown.map((p) => (p.step ? `${what(p)} (${capitalise(p.step)})` : what(p))))];
    return `Replace "${quote(shown[0].token, 30)}" with ${joinAnd(whats)}.`;
  }
  return `Replace ${shown.map((p) => `"${quote(p.token, 30)}" in "${quote(p.line, 40)}" with ${what(p)}`).join('; ')}.`;
}

function quotedLines(lines: readonly string[], max = 3): string {
  const shown = lines.slice(0, max).map((l) => `"${quote(l, 70)}"`).join(', ');
  return lines.length > max ? `${shown} and ${lines.length - max} more` : shown;
}

/**
 * "Acceptance criteria not written yet": the unchanged template, placeholder lines, or an
 * acceptance-criteria heading (or field) with nothing but filler. An error, so it blocks readiness.
 */
function notWrittenFinding(ac: AcDetection, c: CriteriaAssessment): Finding | null {
  const rule = RULES.acNotWritten;
  if (!ac.found) {
    if (ac.emptyHeading) {
      const under = ac.filler.length ? `only ${quotedLines(ac.filler, 2)}` : 'nothing';
      return finding(rule, 'AC', 'error', `Acceptance criteria not written yet: the description has an "${quote(ac.emptyHeading, 40)}" heading with ${under} under it.`, `Replace ${ac.filler.length ? `"${quote(ac.filler[0], 30)}"` : 'the empty section'} with the criteria. ${EXAMPLE}`, ac.emptyHeading);
    }
    if (ac.filler.length) {
      return finding(rule, 'AC', 'error', `Acceptance criteria not written yet: the acceptance-criteria field says only ${quotedLines(ac.filler, 2)}.`, `Replace "${quote(ac.filler[0], 30)}" with the criteria. ${EXAMPLE}`, ac.filler[0]);
    }
    return null;
  }
  if (c.written.length === 0) {
    if (c.template.length) {
      const why = c.placeholders.length ? `with "${quote(c.placeholders[0].token, 30)}" still to be replaced` : 'which restates the story instead of saying how to test it';
      const hint = c.placeholders.length ? `${replaceHint(c.placeholders)} ${EXAMPLE}` : `Replace the template lines with the real checks: the starting situation (Given), what the user does (When) and what they see afterwards (Then). ${EXAMPLE}`;
      return finding(rule, 'AC', 'error', `Acceptance criteria not written yet: they are still the inserted template, unchanged (${quotedLines(c.template)}), ${why}.`, hint, c.template[0]);
    }
    return finding(rule, 'AC', 'error', `Acceptance criteria not written yet: ${quotedLines(c.placeholders.map((p) => p.line))} ${c.placeholders.length === 1 ? 'is a placeholder' : 'are placeholders'}.`, `${replaceHint(c.placeholders)} ${EXAMPLE}`, c.placeholders[0]?.line ?? ac.evidence);
  }
  if (c.placeholders.length) {
    const n = c.placeholders.length;
    return finding(rule, 'AC', 'error', `${n === 1 ? 'An acceptance criterion is' : `${n} acceptance criteria are`} not written yet: ${quotedLines(c.placeholders.map((p) => p.line))}.`, `${replaceHint(c.placeholders)} ${EXAMPLE}`, c.placeholders[0].line);
  }
  return null;
}

/** The DoR check's short reason when the criteria are not written yet. */
function notWrittenDetail(ac: AcDetection, c: CriteriaAssessment): string {
  if (!ac.found) return ac.emptyHeading ? `empty "${quote(ac.emptyHeading, 40)}" heading` : `"${quote(ac.filler[0] ?? '', 30)}"`;
  if (c.written.length === 0 && c.template.length) return 'still the inserted template';
  return c.placeholders
    .slice(0, 2)
    .map((p) => `"${quote(p.token, 20)}" in "${quote(p.line, 50)}"`)
    .join(', ');
}

/** Why a "Definition of done" section was not counted: it is the team's checklist for every story. */
function notCriteriaNote(heading: string): string {
  return `The "${quote(heading.replace(/[\s:]+$/, ''), 40)}" section is the team's general checklist for every story, not acceptance criteria: it does not say how to test this one.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// --- word lists ----------------------------------------------------------------------------------

const VAGUE_AC = /\b(works?\s+(?:as\s+(?:expected|intended|designed|usual)|correctly|properly|fine|well|normally|ok(?:ay)?)|as\s+(?:expected|usual|intended|appropriate|needed|required)|behaves?\s+(?:correctly|properly|as expected)|should\s+work|is\s+(?:correct|ok(?:ay)?|fine)|no\s+(?:bugs|errors|issues)|should\s+be\s+(?:fast|quick|easy|good))\b/i;

const VAGUE_TERMS = [
  'fast', 'faster', 'quick', 'quickly', 'user-friendly', 'user friendly', 'easy', 'easier', 'easy-to-use', 'intuitive', 'intuitively', 'appropriate', 'appropriately', 'flexible', 'robust', 'seamless', 'seamlessly', 'efficient', 'efficiently', 'simple', 'nice', 'better', 'good', 'optimal', 'optimized', 'scalable', 'reasonable', 'adequate', 'sufficient', 'high performance', 'performant', 'modern', 'clean', 'beautiful', 'smooth', 'responsive', 'reliable', 'secure', 'as soon as possible', 'asap', 'state of the art', 'state-of-the-art', 'lightweight',
];
// "responsive" and "secure" have precise meanings in context; keep them only when nothing measurable is nearby.
const VAGUE_RE = new RegExp(`\\b(${VAGUE_TERMS.map((t) => t.replace(/[-\s]/g, '[-\\s]')).join('|')})\\b`, 'gi');
const MEASURE = /\d|\b(?:seconds?|ms|milliseconds?|minutes?|percent|%|wcag|p9\d|sla)\b/i;

const PLACEHOLDER_RE = /(?:\b(TBD|TBC|TODO|FIXME|XXX+|lorem ipsum|to be (?:defined|determined|confirmed|decided)|and so on|and so forth)\b|\b(etc)\b\.?|(\.\.\.|…)|(\?{2,})|(?:^|\s)(\?)(?:\s|$))/gi;

const TECH_ROLE = /^(?:(?:software|backend|back-end|frontend|front-end|web|mobile|app|lead|senior|junior)\s+)?(?:developer|dev|devs|developers|programmer|coder|engineer|software engineer|architect|tester|qa|qa engineer|dba|database administrator|devops(?:\s+engineer)?|sysadmin|system administrator|system|the system|scrum master|team|dev team|development team|the team|product team|backend|frontend|server|service|api|application|app|platform|database|ci|pipeline)$/i;

const TECH_WORDS = /\b(?:sql|api|endpoint|rest|graphql|json|xml|schema|table|column|index|migration|refactor|class|method|function|module|microservice|kafka|redis|docker|kubernetes|k8s|lambda|s3|query|database|db|orm|cache|cron|webhook|payload|http|css|html|react|component|deploy|repository|repo|branch|script|config|yaml)\b/gi;

const DEPENDENCY_TEXT = /\b(depends\s+on|dependent\s+on|dependency\s+on|blocked\s+by|waiting\s+(?:for|on)|after\s+[A-Z][A-Z0-9]+-\d+\s+is\s+(?:done|finished|merged|deployed)|once\s+[^.]{1,40}\s+is\s+(?:done|finished|merged|deployed|available)|requires\s+[A-Z][A-Z0-9]+-\d+)\b/i;

// --- the check -----------------------------------------------------------------------------------

function sentences(s: string): string[] {
  return s
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((x) => x.trim())
    .filter(Boolean);
}

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

/** Checks one story. Never throws on odd input (missing or malformed fields read as empty). */
export function checkStory(input: StoryInput, opts: QualityOptions = DEFAULT_QUALITY_SETTINGS): QualityReport {
  const id = String(input?.id ?? '');
  const summary = typeof input?.summary === 'string' ? input.summary : input?.summary == null ? '' : String(input.summary);
  const description = readText(input?.description);
  const acField = readText(input?.acceptanceCriteria);
  const findings: Finding[] = [];

  // Acceptance criteria: found, and written (not the template, a placeholder, or only vague wishes).
  const summaryForm = parseStoryForm(summary);
  const form = findForm(summaryForm, description);
  const ac = detectAcceptanceCriteria(acField, description);
  const criteria = assessCriteria(ac, [...buildAcTemplate(form).lines, ...buildAcTemplate(null).lines]);
  const hasAcceptanceCriteria = ac.found && criteria.written.length > 0;
  const criteriaWritten = hasAcceptanceCriteria && criteria.placeholders.length === 0;
  const notWritten = notWrittenFinding(ac, criteria);
  if (notWritten) findings.push(notWritten);
  else if (!ac.found) {
    findings.push(
      finding(
        RULES.acMissing,
        'AC',
        'error',
        `"${quote(summary, 60)}" has no acceptance criteria (no field, no "Acceptance criteria" section, no Given/When/Then).${ac.notCriteria ? ` ${notCriteriaNote(ac.notCriteria)}` : ''}`,
        'Add testable acceptance criteria: an "Acceptance criteria" section with a list of checks, or Given/When/Then scenarios.',
        ac.notCriteria ?? summary,
      ),
    );
  }
  if (hasAcceptanceCriteria) {
    const vm = VAGUE_AC.exec(ac.text);
    if (criteria.vagueOnly.length) {
      const shown = criteria.vagueOnly.slice(0, 3).map((l) => `"${quote(l, 50)}"`).join(', ');
      findings.push(
        finding(
          RULES.acVague,
          'AC',
          'warning',
          `Every acceptance criterion is vague (${shown}): none names a value, message or state a tester could check.`,
          'Write what the user observes when it works: which value, which message, within which time, e.g. "Then a PDF with the 3 done issues is downloaded within 5 s".',
          criteria.vagueOnly[0],
        ),
      );
    } else if (vm) {
      findings.push(
        finding(
          RULES.acVague,
          'AC',
          'warning',
          `An acceptance criterion is vague: "${vm[0]}".`,
          `State the observable outcome instead of "${vm[0]}": what the user sees, which value, within which time.`,
          vm[0],
        ),
      );
    }
    if (ac.scenarios > opts.maxScenarios) {
      findings.push(
        finding(
          RULES.acTooManyScenarios,
          'S',
          'warning',
          `The story has ${ac.scenarios} acceptance scenarios (more than ${opts.maxScenarios}), starting with "${quote(ac.evidence, 50)}".`,
          'Split the story along its scenarios: each group of related scenarios can become its own story.',
          ac.evidence,
        ),
      );
    }
  }

  // User-story form.
  const means = form ? stripMeansLead(form.means) : '';
  const wellFormed = !!form && !!form.role && means.split(/\s+/).filter(Boolean).length >= 1;
  const hasBenefit = !!form && !!form.end && form.end.split(/\s+/).length >= 2;
  if (!wellFormed) {
    findings.push(
      finding(
        RULES.formMissing,
        'FORM',
        'warning',
        form ? `The story "${quote(form.text, 60)}" names no ${form.role ? 'goal (means)' : 'role'}.` : `"${quote(summary, 60)}" is not written as a user story ("As a <role>, I want <goal>, so that <benefit>").`,
        'Rewrite it as "As a <role>, I want <goal>, so that <benefit>" in the summary or at the top of the description.',
        form?.text ?? summary,
      ),
    );
  } else if (!hasBenefit) {
    findings.push(
      finding(
        RULES.benefitMissing,
        'V',
        'warning',
        `"${quote(form!.text, 70)}" says what ${form!.role} wants but not why (no "so that …").`,
        'Add the benefit: "…, so that <the value for the user>". It lets the PO weigh the story and the team find a simpler solution.',
        form!.text,
      ),
    );
  }
  if (form && TECH_ROLE.test(form.role.replace(/[^\w\s-]/g, '').trim())) {
    findings.push(
      finding(
        RULES.technicalRole,
        'V',
        'warning',
        `The role "${form.role}" is the team or the system, not a user: "${quote(form.text, 60)}".`,
        'Name the user who benefits (e.g. "As a customer …"), or treat it as an enabler / technical task.',
        `As ${/^(the|a|an)\s/i.test(form.role) ? '' : 'a '}${form.role}`,
      ),
    );
  }

  // Atomic.
  let atomic = true;
  if (form && means) {
    const a = checkAtomic(form.means);
    if (!a.atomic) {
      atomic = false;
      findings.push(
        finding(
          RULES.notAtomic,
          'S',
          'warning',
          `The goal joins several actions: "${a.evidence}" (${a.actions.map((x) => `"${x}"`).join(', ')}).`,
          'Split the story: one story per action, each with its own acceptance criteria.',
          a.evidence,
        ),
      );
    }
  }

  // Vague terms and placeholders (the benefit clause is the user's words; only the goal, the description and the AC must be testable).
  const summaryForTerms = summaryForm && summaryForm.end ? summary.replace(summaryForm.end, '') : summary;
  const texts = [
    { text: summaryForTerms, where: 'summary' },
    { text: description.blocks.filter((b) => b.kind !== 'code').map((b) => b.text).join('\n'), where: 'description' },
    { text: acField.text, where: 'acceptance criteria' },
  ];
  findings.push(...vagueTermFindings(texts));
  findings.push(...placeholderFindings(texts));

  // Estimate.
  const pts = typeof input?.storyPoints === 'number' && Number.isFinite(input.storyPoints) && input.storyPoints >= 0 ? input.storyPoints : null;
  if (pts === null) {
    findings.push(
      finding(
        RULES.estimateMissing,
        'E',
        opts.dor.requireEstimate ? 'error' : 'warning',
        `"${quote(summary, 60)}" has no story-point estimate.`,
        'Estimate the story in refinement (story points); if the team cannot, the story needs a spike or more detail.',
        summary,
      ),
    );
  } else if (pts > opts.maxStoryPoints) {
    findings.push(
      finding(
        RULES.estimateTooLarge,
        'S',
        pts > 2 * opts.maxStoryPoints ? 'error' : 'warning',
        `The estimate of ${pts} points is above the maximum of ${opts.maxStoryPoints}.`,
        `Split the story until each part is at most ${opts.maxStoryPoints} points (by workflow step, business rule, data variation or acceptance scenario).`,
        `${pts} points`,
      ),
    );
  }

  // Empty description (nothing to estimate from).
  if (!description.text.trim() && !acField.text.trim() && !wellFormed) {
    findings.push(
      finding(RULES.descriptionEmpty, 'E', 'info', `"${quote(summary, 60)}" has an empty description.`, 'Describe who needs what and why, and the acceptance criteria.', summary),
    );
  }

  // Independent: open blocking links, and dependency wording.
  const openBlockers = (Array.isArray(input?.blockedBy) ? input.blockedBy : []).filter((b) => b && !b.isDone);
  for (const b of openBlockers) {
    const otherTeam = b.team && input.team && b.team !== input.team;
    const where = [b.team ? `team ${b.team}` : null, b.sprintName ? `sprint ${b.sprintName}` : 'no sprint'].filter(Boolean).join(', ');
    findings.push(
      finding(
        RULES.blockedOpen,
        'I',
        'warning',
        `Blocked by ${b.key} "${quote(b.summary ?? '', 50)}" (${where}), which is not done${otherTeam ? ' — another team' : ''}.`,
        otherTeam ? `Agree a date with team ${b.team} or re-slice the story so it no longer waits for ${b.key}.` : `Finish ${b.key} first, or re-slice the story so it no longer waits for it.`,
        `${b.key} ${b.summary ?? ''}`,
      ),
    );
  }
  const dep = DEPENDENCY_TEXT.exec(`${summary}\n${description.text}`);
  if (dep) {
    findings.push(
      finding(RULES.dependencyText, 'I', 'info', `The text mentions a dependency: "${dep[0]}".`, 'Link the issue it depends on ("is blocked by") so the dependency is visible on the board, or remove it by re-slicing.', dep[0]),
    );
  }

  // Negotiable: implementation detail without a user outcome.
  if (!hasBenefit) {
    const tech = `${summary}\n${description.text}`.match(TECH_WORDS) ?? [];
    const distinct = [...new Set(tech.map((t) => t.toLowerCase()))];
    if (distinct.length >= 5) {
      findings.push(
        finding(
          RULES.implementationDetail,
          'N',
          'info',
          `The story prescribes an implementation (${distinct.slice(0, 5).map((t) => `"${t}"`).join(', ')}) without a user outcome.`,
          'Describe the outcome the user needs and leave the technical steps to the team (or to sub-tasks).',
          distinct.slice(0, 5).join(', '),
        ),
      );
    }
  }

  // Minimal: summary carries extra text.
  const summarySentences = sentences(summary);
  const summaryWords = summary.split(/\s+/).filter(Boolean).length;
  const maxWords = summaryForm ? 40 : 25;
  if (summarySentences.length > 1) {
    findings.push(
      finding(
        RULES.summaryMultipleSentences,
        'MINIMAL',
        'info',
        `The summary has ${summarySentences.length} sentences; the extra one is "${quote(summarySentences[1], 60)}".`,
        'Keep one sentence in the summary and move the rest to the description.',
        summarySentences[1],
      ),
    );
  } else if (summaryWords > maxWords) {
    findings.push(
      finding(RULES.summaryTooLong, 'MINIMAL', 'info', `The summary has ${summaryWords} words: "${quote(summary, 60)}".`, `Shorten the summary to at most ${maxWords} words; details belong in the description.`, summary),
    );
  }
  const extra = /\(([^)]{3,})\)|\[([^\]]{3,})\]/.exec(summary);
  if (extra && !/^\s*\[[^\]]*\]\s/.test(summary)) {
    findings.push(finding(RULES.summaryExtraText, 'MINIMAL', 'info', `The summary carries extra text in brackets: "${extra[0]}".`, 'Move remarks in brackets to the description.', extra[0]));
  }

  // Definition of Ready.
  const dor: DorCheck[] = [];
  const hasError = findings.some((f) => f.severity === 'error');
  if (opts.dor.requireAcceptanceCriteria) {
    dor.push({ rule: 'requireAcceptanceCriteria', label: 'Has acceptance criteria', passed: criteriaWritten, detail: criteriaWritten ? `found (${ac.route})` : notWritten ? `not written yet: ${notWrittenDetail(ac, criteria)}` : ac.notCriteria ? `none found ("${quote(ac.notCriteria, 40)}" is not acceptance criteria)` : 'none found' });
  }
  // Judged once criteria are written: "Has acceptance criteria" already fails without them.
  if (opts.dor.rejectVagueOnlyCriteria !== false && hasAcceptanceCriteria) {
    const vague = criteria.vagueOnly;
    dor.push({ rule: 'rejectVagueOnlyCriteria', label: 'Criteria say what to check (not only "no bugs" or "works as expected")', passed: !vague.length, detail: vague.length ? `every criterion is vague: "${quote(vague[0], 50)}"` : undefined });
  }
  if (opts.dor.requireEstimate) {
    const ok = pts !== null && pts <= opts.maxStoryPoints;
    dor.push({ rule: 'requireEstimate', label: `Estimated (at most ${opts.maxStoryPoints} points)`, passed: ok, detail: pts === null ? 'no estimate' : `${pts} points` });
  }
  if (opts.dor.requireNoErrors) {
    const n = findings.filter((f) => f.severity === 'error').length;
    dor.push({ rule: 'requireNoErrors', label: 'No quality errors', passed: !hasError, detail: n ? `${n} error${n === 1 ? '' : 's'}` : undefined });
  }
  if (opts.dor.requireNoOpenBlockers) {
    dor.push({ rule: 'requireNoOpenBlockers', label: 'No open blockers', passed: openBlockers.length === 0, detail: openBlockers.length ? openBlockers.map((b) => b.key).join(', ') : undefined });
  }
  if (opts.dor.requireParent && typeof input?.hasParent === 'boolean') {
    dor.push({ rule: 'requireParent', label: 'Linked to a feature', passed: input.hasParent, detail: input.hasParent ? undefined : 'no parent' });
  }
  for (const d of dor) if (d.detail === undefined) delete d.detail;

  const penalty = findings.reduce((s, f) => s + SEVERITY_WEIGHT[f.severity], 0);
  const score = Math.round(Math.min(1, Math.max(0, 1 - penalty)) * 100) / 100;

  return {
    id,
    score,
    ready: dor.every((d) => d.passed),
    hasAcceptanceCriteria,
    wellFormed,
    atomic,
    hasBenefit,
    findings,
    invest: letterVerdicts(findings),
    dor,
    textSource: combineSources(description, acField),
  };
}

export function checkStories(inputs: readonly StoryInput[], opts: QualityOptions = DEFAULT_QUALITY_SETTINGS): QualityReport[] {
  return inputs.map((i) => checkStory(i, opts));
}
