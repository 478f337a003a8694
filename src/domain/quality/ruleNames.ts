/**
 * The quality rules and criteria in people's words, for every surface that shows them (the Quality
 * tab, the story panel's badges): a rule id such as `ac-missing` is for tools; a person reads
 * "Acceptance criteria missing", and a badge "T" needs "Testable" beside it.
 */
import { RULES, type Criterion } from './types';

type RuleId = (typeof RULES)[keyof typeof RULES];

export const RULE_NAMES: Record<RuleId, string> = {
  'ac-missing': 'Acceptance criteria missing',
  'ac-not-written': 'Acceptance criteria not written yet',
  'ac-vague': 'Vague acceptance criteria',
  'ac-too-many-scenarios': 'Too many scenarios for one story',
  'form-missing': 'Not in "As a …, I want …" form',
  'benefit-missing': 'No "so that" benefit',
  'technical-role': 'Technical role instead of a user',
  'not-atomic': 'Several goals in one story',
  'vague-term': 'Vague wording',
  placeholder: 'Placeholder text left in',
  'estimate-missing': 'Not estimated',
  'estimate-too-large': 'Too large to fit a sprint',
  'description-empty': 'Empty description',
  'blocked-by-open-issue': 'Blocked by an open issue',
  'dependency-text': 'Depends on other work (in the text)',
  'implementation-detail': 'Prescribes the implementation',
  'summary-too-long': 'Summary too long',
  'summary-multiple-sentences': 'Summary has several sentences',
  'summary-extra-text': 'Extra text around the story sentence',
};

/** A rule's name, or its id when a newer engine reports a rule this table does not know yet. */
export function ruleName(rule: string): string {
  return (RULE_NAMES as Record<string, string>)[rule] ?? rule;
}

/** INVEST (Bill Wake) and the other criteria, with what each asks of a story. */
export const CRITERIA: Record<Criterion, { name: string; meaning: string }> = {
  I: { name: 'Independent', meaning: 'can be built and shipped without waiting for other stories' },
  N: { name: 'Negotiable', meaning: 'states the need, leaving the solution open to discussion' },
  V: { name: 'Valuable', meaning: 'says what a user or the business gains' },
  E: { name: 'Estimable', meaning: 'is understood well enough to be estimated, and is' },
  S: { name: 'Small', meaning: 'fits in one sprint' },
  T: { name: 'Testable', meaning: 'has acceptance criteria a tester can check' },
  AC: { name: 'Acceptance criteria', meaning: 'has written, checkable acceptance criteria' },
  FORM: { name: 'User-story form', meaning: 'reads "As a ⟨role⟩, I want ⟨goal⟩, so that ⟨benefit⟩"' },
  MINIMAL: { name: 'Minimal', meaning: 'holds the story sentence and criteria, not extra text' },
};
