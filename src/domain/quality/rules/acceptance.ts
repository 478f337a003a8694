/**
 * Acceptance criteria (criterion AC): missing, not written yet (template, placeholder, empty section), vague; and
 * too many scenarios for one story (S). Detection is acceptance.ts; whether lines are written is unwritten.ts.
 */
import type { AcDetection } from '../acceptance';
import type { CriteriaAssessment, PlaceholderLine } from '../unwritten';
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote } from './finding';

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
export function notWrittenFinding(ac: AcDetection, c: CriteriaAssessment): Finding | null {
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
export function notWrittenDetail(ac: AcDetection, c: CriteriaAssessment): string {
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

const VAGUE_AC = /\b(works?\s+(?:as\s+(?:expected|intended|designed|usual)|correctly|properly|fine|well|normally|ok(?:ay)?)|as\s+(?:expected|usual|intended|appropriate|needed|required)|behaves?\s+(?:correctly|properly|as expected)|should\s+work|is\s+(?:correct|ok(?:ay)?|fine)|no\s+(?:bugs|errors|issues)|should\s+be\s+(?:fast|quick|easy|good))\b/i;

export const acceptanceRule: QualityRule = {
  id: 'acceptance-criteria',
  criterion: 'AC',
  check({ ac, criteria, summary, hasAcceptanceCriteria }: StoryFacts): Finding[] {
    const notWritten = notWrittenFinding(ac, criteria);
    if (notWritten) return [notWritten, ...vagueFindings(ac, criteria, hasAcceptanceCriteria)];
    if (!ac.found) {
      return [
        finding(
          RULES.acMissing,
          'AC',
          'error',
          `"${quote(summary, 60)}" has no acceptance criteria (no field, no "Acceptance criteria" section, no Given/When/Then).${ac.notCriteria ? ` ${notCriteriaNote(ac.notCriteria)}` : ''}`,
          'Add testable acceptance criteria: an "Acceptance criteria" section with a list of checks, or Given/When/Then scenarios.',
          ac.notCriteria ?? summary,
        ),
      ];
    }
    return vagueFindings(ac, criteria, hasAcceptanceCriteria);
  },
};

/** Vague criteria: all of them ("ac-vague" listing them), or one vague phrase among concrete ones. */
function vagueFindings(ac: AcDetection, criteria: CriteriaAssessment, hasAcceptanceCriteria: boolean): Finding[] {
  if (!hasAcceptanceCriteria) return [];
  if (criteria.vagueOnly.length) {
    const shown = criteria.vagueOnly.slice(0, 3).map((l) => `"${quote(l, 50)}"`).join(', ');
    return [
      finding(
        RULES.acVague,
        'AC',
        'warning',
        `Every acceptance criterion is vague (${shown}): none names a value, message or state a tester could check.`,
        'Write what the user observes when it works: which value, which message, within which time, e.g. "Then a PDF with the 3 done issues is downloaded within 5 s".',
        criteria.vagueOnly[0],
      ),
    ];
  }
  const vm = VAGUE_AC.exec(ac.text);
  if (!vm) return [];
  return [finding(RULES.acVague, 'AC', 'warning', `An acceptance criterion is vague: "${vm[0]}".`, `State the observable outcome instead of "${vm[0]}": what the user sees, which value, within which time.`, vm[0])];
}

/** Many acceptance scenarios mean several stories (S). Judged once criteria are written. */
export const scenariosRule: QualityRule = {
  id: 'acceptance-scenarios',
  criterion: 'S',
  check({ ac, opts, hasAcceptanceCriteria }: StoryFacts): Finding[] {
    if (!hasAcceptanceCriteria || ac.scenarios <= opts.maxScenarios) return [];
    return [
      finding(
        RULES.acTooManyScenarios,
        'S',
        'warning',
        `The story has ${ac.scenarios} acceptance scenarios (more than ${opts.maxScenarios}), starting with "${quote(ac.evidence, 50)}".`,
        'Split the story along its scenarios: each group of related scenarios can become its own story.',
        ac.evidence,
      ),
    ];
  },
};
