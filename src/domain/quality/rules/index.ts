/**
 * The rule registry: every rule family, in the order its findings are reported. To add or tune a rule, edit its
 * family's file (or add one here); the Definition of Ready (../dor.ts) and the score read what these produce.
 */
import type { QualityRule } from '../types';
import { acceptanceRule, scenariosRule } from './acceptance';
import { atomicRule } from './atomic';
import { descriptionRule, estimateRule } from './estimate';
import { formRule, valueRule } from './form';
import { independentRule } from './independent';
import { minimalRule } from './minimal';
import { negotiableRule } from './negotiable';
import { placeholderRule, vagueTermRule } from './wording';

export const QUALITY_RULES: readonly QualityRule[] = [acceptanceRule, scenariosRule, formRule, valueRule, atomicRule, vagueTermRule, placeholderRule, estimateRule, descriptionRule, independentRule, negotiableRule, minimalRule];

/** The feature-readiness families (SAFe feature template), run by ../featureReadiness.ts over a feature's facts. */
export { FEATURE_RULES } from './feature';
