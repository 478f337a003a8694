/**
 * The quality engine's shared types: what a story is, what a finding is, the stable rule ids, and the facts every
 * rule family reads (computed once per story in index.ts, so no rule re-parses the text).
 */
import { DEFAULT_SETTINGS, type DorRules } from '../settings';
import type { AdfDoc, ReadText } from './adf';
import type { AcDetection } from './acceptance';
import type { StoryForm } from './storyForm';
import type { CriteriaAssessment } from './unwritten';

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

/** What every rule family may read about one story. */
export interface StoryFacts {
  input: StoryInput;
  opts: QualityOptions;
  summary: string;
  /** The story sentence in the summary, if it is one. */
  summaryForm: StoryForm | null;
  /** The story sentence in the summary, else at the top of the description. */
  form: StoryForm | null;
  description: ReadText;
  acField: ReadText;
  ac: AcDetection;
  criteria: CriteriaAssessment;
  /** At least one criterion is written (not template, not placeholder). */
  hasAcceptanceCriteria: boolean;
  /** Written and no placeholder line left. */
  criteriaWritten: boolean;
  /** The goal without its leading "to" / "be able to". */
  means: string;
  wellFormed: boolean;
  hasBenefit: boolean;
  storyPoints: number | null;
  openBlockers: BlockerInput[];
}

/** One rule family: a rule is added or tuned in its family's file, and the registry lists the families in order. */
export interface QualityRule {
  /** The family's name (its findings carry the stable rule ids of RULES). */
  id: string;
  /** The INVEST letter or criterion the family judges. */
  criterion: Criterion;
  check(facts: StoryFacts): Finding[];
}
