/**
 * Feature readiness for PI planning (SAFe's feature template, issue 15 item 4): is the feature ready to be
 * planned? Pure and deterministic: no I/O. The story engine's readers (adf.ts, acceptance.ts, unwritten.ts,
 * headings.ts) do the reading; the feature rule families live in rules/feature.ts (FEATURE_RULES, registered
 * next to QUALITY_RULES in rules/index.ts) and each yields one check: passed, failed, or not applicable.
 *
 * A feature is ready when no check fails. Score = passed checks / applicable checks, rounded to 2 decimals.
 */
import { readText } from './adf';
import { detectAcceptanceCriteria } from './acceptance';
import { detectBenefitHypothesis } from './benefitHypothesis';
import { FEATURE_RULES, type FeatureCheckId, type FeatureFacts } from './rules/feature';
import { buildAcTemplate } from './template';
import { assessCriteria } from './unwritten';

export { FEATURE_CHECKS, FEATURE_FINDINGS, FEATURE_RULES, type FeatureCheckId } from './rules/feature';

/** One child issue of the feature (any level; only stories are counted for the split and estimate checks). */
export interface FeatureChildInput {
  key: string;
  summary?: string;
  /** The story's estimate (the site's story-points fields, read as everywhere else); null when unestimated. */
  storyPoints: number | null;
  /** At the story hierarchy level (settings.storyHierarchyLevel). Default true. */
  isStory?: boolean;
  /** Status category done: a finished story needs no estimate for planning. Default false. */
  done?: boolean;
}

/**
 * The feature's WSJF score as the WSJF tab shows it: pass the app's `wsjfView(...)` result (src/app/wsjfView.ts),
 * so staleness is the tab's rule (`settings.wsjfStaleAfterDays`), computed once; null when the feature is not scored.
 */
export interface FeatureWsjfInput {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
  scoredAt?: string | null;
  stale: boolean;
  staleReason?: string;
  offScale?: readonly { component: string; value: number; message: string }[];
}

export interface FeatureReadinessInput {
  key: string;
  summary: string;
  /** The description as Jira returns it (ADF), or text; malformed values read as what text can be extracted. */
  description?: unknown;
  /** The site's acceptance-criteria field, when there is one. */
  acceptanceCriteria?: unknown;
  /** A benefit-hypothesis field configured for the site, when there is one. */
  benefitHypothesis?: unknown;
  /** An estimate on the feature itself (its story-points field), if any. */
  storyPoints?: number | null;
  wsjf: FeatureWsjfInput | null;
  children: readonly FeatureChildInput[];
}

export interface FeatureFinding {
  /** Stable finding id (FEATURE_RULES_IDS). */
  rule: string;
  /** The check it fails (FEATURE_CHECKS) and that check's readable name. */
  check: FeatureCheckId;
  name: string;
  message: string;
  hint: string;
  /** The exact text (short excerpt) that failed the check, or the issue keys. */
  evidence: string;
  /** The issues the finding is about (e.g. each unestimated child story), for drill-down; [] when it is the text. */
  issues: string[];
}

export interface FeatureCheck {
  check: FeatureCheckId;
  name: string;
  status: 'pass' | 'fail' | 'n/a';
  /** What satisfied (or failed) it: a short quote of the text, the score, or the issue keys. */
  evidence: string;
  issues: string[];
}

export interface FeatureReadiness {
  key: string;
  ready: boolean;
  /** passed / applicable checks, 0..1, 2 decimals. */
  score: number;
  findings: FeatureFinding[];
  /** Every check in registry order, passed or not. */
  checks: FeatureCheck[];
}

function featureFacts(input: FeatureReadinessInput): FeatureFacts {
  const summary = typeof input?.summary === 'string' ? input.summary : input?.summary == null ? '' : String(input.summary);
  const description = readText(input?.description);
  const acField = readText(input?.acceptanceCriteria);
  const ac = detectAcceptanceCriteria(acField, description);
  const criteria = assessCriteria(ac, buildAcTemplate(null).lines);
  const children = (Array.isArray(input?.children) ? input.children : []).filter((c): c is FeatureChildInput => !!c && typeof c.key === 'string');
  const pts = input?.storyPoints;
  return {
    key: String(input?.key ?? ''),
    summary,
    description,
    ac,
    criteria,
    benefit: detectBenefitHypothesis(readText(input?.benefitHypothesis), description),
    wsjf: input?.wsjf ?? null,
    storyPoints: typeof pts === 'number' && Number.isFinite(pts) && pts > 0 ? pts : null,
    stories: children.filter((c) => c.isStory !== false),
  };
}

/** Checks one feature. Never throws on odd input (missing or malformed fields read as empty). */
export function assessFeatureReadiness(input: FeatureReadinessInput): FeatureReadiness {
  const facts = featureFacts(input);
  const checks: FeatureCheck[] = [];
  const findings: FeatureFinding[] = [];
  for (const rule of FEATURE_RULES) {
    const r = rule.check(facts);
    checks.push({ check: rule.id, name: rule.name, status: r.status, evidence: r.evidence, issues: r.issues ?? [] });
    for (const f of r.findings) findings.push({ ...f, check: rule.id, name: rule.name, issues: f.issues ?? [] });
  }
  const applicable = checks.filter((c) => c.status !== 'n/a');
  const passed = applicable.filter((c) => c.status === 'pass').length;
  return {
    key: facts.key,
    ready: checks.every((c) => c.status !== 'fail'),
    score: applicable.length ? Math.round((passed / applicable.length) * 100) / 100 : 1,
    findings,
    checks,
  };
}
