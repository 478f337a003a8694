/**
 * Feature readiness rule families (SAFe feature template): one family per check, in the order the panel lists them.
 * Like the story families (QualityRule), each reads facts computed once (featureReadiness.ts) and quotes its evidence.
 */
import type { ReadText } from '../adf';
import type { AcDetection } from '../acceptance';
import type { BenefitDetection } from '../benefitHypothesis';
import type { FeatureChildInput, FeatureWsjfInput } from '../featureReadiness';
import type { CriteriaAssessment } from '../unwritten';
import { scoreWsjf } from '../../wsjf';
import { notWrittenFinding } from './acceptance';
import { quote } from './finding';

/** Stable check ids (one per family). */
export const FEATURE_CHECKS = {
  benefitHypothesis: 'feature-benefit-hypothesis',
  acceptanceCriteria: 'feature-acceptance-criteria',
  wsjf: 'feature-wsjf',
  sized: 'feature-sized',
  split: 'feature-split',
  childrenEstimated: 'feature-children-estimated',
} as const;
export type FeatureCheckId = (typeof FEATURE_CHECKS)[keyof typeof FEATURE_CHECKS];

/** Stable finding ids: one per way a check can fail. */
export const FEATURE_FINDINGS = {
  benefitMissing: 'feature-benefit-hypothesis-missing',
  benefitNotWritten: 'feature-benefit-hypothesis-not-written',
  acMissing: 'feature-ac-missing',
  acNotWritten: 'feature-ac-not-written',
  wsjfMissing: 'feature-wsjf-missing',
  wsjfOffScale: 'feature-wsjf-off-scale',
  wsjfStale: 'feature-wsjf-stale',
  notSized: 'feature-not-sized',
  notSplit: 'feature-not-split',
  childrenUnestimated: 'feature-children-unestimated',
} as const;

export interface FeatureFacts {
  key: string;
  summary: string;
  description: ReadText;
  ac: AcDetection;
  criteria: CriteriaAssessment;
  benefit: BenefitDetection;
  wsjf: FeatureWsjfInput | null;
  /** The feature's own estimate, when positive. */
  storyPoints: number | null;
  /** Child issues at the story level. */
  stories: FeatureChildInput[];
}

export interface FeatureRuleFinding {
  rule: string;
  message: string;
  hint: string;
  evidence: string;
  issues?: string[];
}

export interface FeatureRuleResult {
  status: 'pass' | 'fail' | 'n/a';
  evidence: string;
  issues?: string[];
  findings: FeatureRuleFinding[];
}

export interface FeatureRule {
  id: FeatureCheckId;
  /** The readable name the panel and the CLI show. */
  name: string;
  check(facts: FeatureFacts): FeatureRuleResult;
}

const pass = (evidence: string, issues?: string[]): FeatureRuleResult => ({ status: 'pass', evidence: quote(evidence, 160), issues, findings: [] });
const fail = (f: FeatureRuleFinding): FeatureRuleResult => ({ status: 'fail', evidence: f.evidence, issues: f.issues, findings: [f] });
const ev = (s: string) => quote(s, 160);
const keysText = (keys: readonly string[], max = 10) => (keys.length > max ? `${keys.slice(0, max).join(', ')} and ${keys.length - max} more` : keys.join(', '));
const fmt = (x: number) => String(Math.round(x * 10) / 10);

/** What a "missing" finding quotes: the opening of the description (what is there instead), else the summary. */
const opening = (description: ReadText, summary: string) => ev(description.blocks.find((b) => b.text.trim())?.text ?? summary);

export const benefitHypothesisRule: FeatureRule = {
  id: FEATURE_CHECKS.benefitHypothesis,
  name: 'Benefit hypothesis',
  check({ benefit, summary, description }) {
    if (benefit.found) return pass(benefit.evidence);
    if (benefit.emptyHeading) {
      return fail({
        rule: FEATURE_FINDINGS.benefitNotWritten,
        message: `Benefit hypothesis not written yet: "${quote(benefit.emptyHeading, 40)}" has nothing (or only a placeholder) under it.`,
        hint: 'Write the expected benefit and how you will know: "We believe <this feature> will result in <measurable outcome>. We will know we are successful when <leading indicator>."',
        evidence: ev(benefit.emptyHeading),
      });
    }
    return fail({
      rule: FEATURE_FINDINGS.benefitMissing,
      message: `"${quote(summary, 60)}" has no benefit hypothesis (no "Benefit hypothesis" section or field, no "We believe … will result in …").`,
      hint: 'Add a "Benefit hypothesis" section: "We believe <this feature> will result in <measurable outcome>. We will know we are successful when <leading indicator>."',
      evidence: opening(description, summary),
    });
  },
};

export const featureAcceptanceRule: FeatureRule = {
  id: FEATURE_CHECKS.acceptanceCriteria,
  name: 'Acceptance criteria',
  check({ ac, criteria, summary, description }) {
    // The story engine's judgement of the same text: found, and written (not template, no placeholder line).
    const notWritten = notWrittenFinding(ac, criteria);
    if (notWritten) return fail({ rule: FEATURE_FINDINGS.acNotWritten, message: notWritten.message, hint: notWritten.hint, evidence: notWritten.evidence });
    if (!ac.found) {
      return fail({
        rule: FEATURE_FINDINGS.acMissing,
        message: `"${quote(summary, 60)}" has no acceptance criteria (no field, no "Acceptance criteria" section, no Given/When/Then, no checklist).`,
        hint: 'Add an "Acceptance criteria" section listing what must be true for the feature to be accepted (a list of checks, or Given/When/Then).',
        evidence: ac.notCriteria ? ev(ac.notCriteria) : opening(description, summary),
      });
    }
    return pass(ac.evidence);
  },
};

export const wsjfRule: FeatureRule = {
  id: FEATURE_CHECKS.wsjf,
  name: 'WSJF scored and current',
  check({ wsjf }) {
    if (!wsjf) {
      return fail({
        rule: FEATURE_FINDINGS.wsjfMissing,
        message: 'WSJF is not scored: the train cannot rank this feature.',
        hint: 'Score business value, time criticality, risk reduction and job size on the feature panel (or the WSJF tab).',
        evidence: 'no WSJF score',
      });
    }
    const s = scoreWsjf(wsjf);
    const scored = `WSJF ${fmt(s.wsjf)} (BV ${wsjf.businessValue}, TC ${wsjf.timeCriticality}, RR ${wsjf.riskReduction}, job size ${wsjf.jobSize})${wsjf.scoredAt ? `, scored ${wsjf.scoredAt.slice(0, 10)}` : ''}`;
    if (wsjf.offScale?.length) {
      return fail({
        rule: FEATURE_FINDINGS.wsjfOffScale,
        message: `The WSJF score is off the scale: ${wsjf.offScale.map((o) => o.message).join(' ')}`,
        hint: 'Re-score the off-scale components with values from the WSJF scale (Refinery settings).',
        evidence: ev(scored),
      });
    }
    if (wsjf.stale) {
      return fail({
        rule: FEATURE_FINDINGS.wsjfStale,
        message: `The WSJF score is stale: ${wsjf.staleReason ?? 'it should be revisited.'}`,
        hint: 'Re-score the feature with the train before PI planning: Cost of Delay changes as the PI approaches.',
        evidence: ev(scored),
      });
    }
    return pass(scored);
  },
};

export const sizedRule: FeatureRule = {
  id: FEATURE_CHECKS.sized,
  name: 'Sized',
  check({ wsjf, storyPoints }) {
    const jobSizeOk = wsjf && !(wsjf.offScale ?? []).some((o) => o.component === 'jobSize') && wsjf.jobSize > 0;
    if (jobSizeOk && storyPoints !== null) return pass(`job size ${wsjf.jobSize} (WSJF); ${fmt(storyPoints)} points on the feature`);
    if (jobSizeOk) return pass(`job size ${wsjf.jobSize} (WSJF)`);
    if (storyPoints !== null) return pass(`${fmt(storyPoints)} points on the feature`);
    const offJobSize = wsjf && !jobSizeOk ? (wsjf.offScale ?? []).find((o) => o.component === 'jobSize') : undefined;
    if (offJobSize) {
      return fail({
        rule: FEATURE_FINDINGS.notSized,
        message: `The feature is not sized: its job size (${offJobSize.value}) is off the WSJF scale, and there is no estimate on the feature.`,
        hint: 'Re-score the job size with a value from the WSJF scale (the panel suggests one from its stories’ points), or give the feature an estimate.',
        evidence: `job size ${offJobSize.value}`,
      });
    }
    return fail({
      rule: FEATURE_FINDINGS.notSized,
      message: 'The feature is not sized: no job size in a WSJF score and no estimate on the feature.',
      hint: 'Give it a job size when scoring WSJF (the panel suggests one from its stories’ points), or an estimate on the feature.',
      evidence: 'no job size, no estimate',
    });
  },
};

export const splitRule: FeatureRule = {
  id: FEATURE_CHECKS.split,
  name: 'Split into stories',
  check({ stories }) {
    if (stories.length) {
      const keys = stories.map((s) => s.key);
      return pass(`${stories.length} ${stories.length === 1 ? 'story' : 'stories'}: ${keysText(keys)}`, keys);
    }
    return fail({
      rule: FEATURE_FINDINGS.notSplit,
      message: 'The feature has no child stories, so no team can plan it into an iteration.',
      hint: 'Split the feature into stories (each deliverable in one iteration) and make them children of this feature.',
      evidence: 'no child stories',
    });
  },
};

export const childrenEstimatedRule: FeatureRule = {
  id: FEATURE_CHECKS.childrenEstimated,
  name: 'Stories estimated',
  check({ stories }) {
    // Done stories need no estimate for planning; a feature with no stories fails the split check instead.
    const open = stories.filter((s) => !s.done);
    if (!stories.length) return { status: 'n/a', evidence: 'no child stories', issues: [], findings: [] };
    if (!open.length) return { status: 'n/a', evidence: 'every child story is done', issues: [], findings: [] };
    const missing = open.filter((s) => s.storyPoints === null || !Number.isFinite(s.storyPoints));
    if (!missing.length) {
      const points = open.reduce((sum, s) => sum + (s.storyPoints ?? 0), 0);
      const keys = open.map((s) => s.key);
      return pass(`${open.length} open ${open.length === 1 ? 'story' : 'stories'}, ${fmt(points)} points: ${keysText(keys)}`, keys);
    }
    const keys = missing.map((s) => s.key);
    return fail({
      rule: FEATURE_FINDINGS.childrenUnestimated,
      message: `${missing.length} of ${open.length} open child ${open.length === 1 ? 'story' : 'stories'} ${missing.length === 1 ? 'is' : 'are'} not estimated: ${keysText(keys)}.`,
      hint: 'Estimate each listed story with its team (story points) before PI planning, so its load can be planned against capacity.',
      evidence: keysText(keys),
      issues: keys,
    });
  },
};

/** The registry of feature checks, in the order they are reported. */
export const FEATURE_RULES: readonly FeatureRule[] = [benefitHypothesisRule, featureAcceptanceRule, wsjfRule, sizedRule, splitRule, childrenEstimatedRule];
