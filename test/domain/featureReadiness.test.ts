import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { wsjfView } from '../../src/app/wsjfView';
import { assessFeatureReadiness, FEATURE_CHECKS, FEATURE_FINDINGS, FEATURE_RULES, type FeatureChildInput, type FeatureReadinessInput, type FeatureWsjfInput } from '../../src/domain/quality/featureReadiness';
import { QUALITY_RULES } from '../../src/domain/quality/rules';
import * as registry from '../../src/domain/quality/rules';

const DIR = path.resolve(__dirname, '../fixtures/quality/features');
type Fixture = {
  key: string;
  fields: { summary: string; description: unknown };
  expect: { benefit: boolean; benefitRoute?: string; benefitRule?: string; ac: boolean; acRule?: string };
  note: string;
};
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => /^feature-\d+\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')));

const NOW = new Date('2026-11-20T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const SCALE = [1, 2, 3, 5, 8, 13, 20];
/** The WSJF tab's view of a stored score (src/app/wsjfView.ts), so staleness is the tab's own rule. */
const scored = (scores: { businessValue: number; timeCriticality: number; riskReduction: number; jobSize: number }, ageDays: number | null, staleAfterDays = 70): FeatureWsjfInput =>
  wsjfView({ ...scores, costOfDelay: 0, wsjf: 0, scoredAt: ageDays === null ? null : daysAgo(ageDays) }, SCALE, staleAfterDays, NOW);

const story = (key: string, storyPoints: number | null, extra: Partial<FeatureChildInput> = {}): FeatureChildInput => ({ key, storyPoints, ...extra });
const base = (over: Partial<FeatureReadinessInput> = {}): FeatureReadinessInput => ({
  key: 'ART-1',
  summary: fixtures[0].fields.summary,
  description: fixtures[0].fields.description,
  wsjf: scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, 10),
  children: [story('ART-2', 3), story('ART-3', 5)],
  ...over,
});
const check = (r: ReturnType<typeof assessFeatureReadiness>, id: string) => r.checks.find((c) => c.check === id)!;

describe('feature readiness: the registry', () => {
  it('lists the six feature checks next to the story families, each with a readable name', () => {
    expect(registry.FEATURE_RULES).toBe(FEATURE_RULES);
    expect(FEATURE_RULES.map((r) => r.id)).toEqual(Object.values(FEATURE_CHECKS));
    for (const r of FEATURE_RULES) expect(r.name).toMatch(/^[A-Z][A-Za-z]* [a-z]|^[A-Z][a-z]+$/);
    // A second engine would have its own readers; the story families stay the ones the feature checks reuse.
    expect(QUALITY_RULES.length).toBeGreaterThan(0);
  });

  it('passes a complete feature: hypothesis, criteria, current WSJF, sized, split and estimated', () => {
    const r = assessFeatureReadiness(base());
    expect(r.findings).toEqual([]);
    expect(r.ready).toBe(true);
    expect(r.score).toBe(1);
    expect(check(r, FEATURE_CHECKS.benefitHypothesis).evidence).toContain('We believe that letting account owners download their own invoices');
    expect(check(r, FEATURE_CHECKS.acceptanceCriteria).evidence).toContain('Invoices of the last 24 months');
  });
});

describe('feature readiness: labelled ADF fixtures', () => {
  it('reads the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    expect(fixtures.some((f) => f.expect.benefit) && fixtures.some((f) => !f.expect.benefit)).toBe(true);
  });

  it.each(fixtures.map((f) => [f.key, f.note, f] as const))('%s (%s): benefit hypothesis and acceptance criteria as labelled', (_k, _n, f) => {
    const r = assessFeatureReadiness(base({ key: f.key, summary: f.fields.summary, description: f.fields.description }));
    const benefit = check(r, FEATURE_CHECKS.benefitHypothesis);
    // Every negative fixture names the finding it must get, so no expectation is skipped.
    expect(f.expect.benefit || !!f.expect.benefitRule).toBe(true);
    expect(f.expect.ac || !!f.expect.acRule).toBe(true);
    expect(benefit.status).toBe(f.expect.benefit ? 'pass' : 'fail');
    if (f.expect.benefitRule) expect(r.findings.map((x) => x.rule)).toContain(f.expect.benefitRule);
    expect(check(r, FEATURE_CHECKS.acceptanceCriteria).status).toBe(f.expect.ac ? 'pass' : 'fail');
    if (f.expect.acRule) expect(r.findings.map((x) => x.rule)).toContain(f.expect.acRule);
    // Evidence quotes the text: every passing quote's words are in the description.
    const text = JSON.stringify(f.fields.description);
    if (f.expect.benefit) expect(text).toContain(benefit.evidence.replace(/^.*?: /, '').replace(/…$/, '').slice(0, 40));
  });

  it('finds the hypothesis in a field configured for it before the description', () => {
    const r = assessFeatureReadiness(base({ description: fixtures.find((f) => f.key === 'FX-5')!.fields.description, benefitHypothesis: 'Faster onboarding of 50+ seat customers' }));
    expect(check(r, FEATURE_CHECKS.benefitHypothesis)).toMatchObject({ status: 'pass', evidence: 'Faster onboarding of 50+ seat customers' });
  });

  it('gives a hint that says how to write the hypothesis, and quotes the empty heading', () => {
    const r = assessFeatureReadiness(base({ description: fixtures.find((f) => f.key === 'FX-4')!.fields.description }));
    const f = r.findings.find((x) => x.rule === FEATURE_FINDINGS.benefitNotWritten)!;
    expect(f.evidence).toBe('Benefit hypothesis');
    expect(f.hint).toMatch(/We believe .* will result in/);
  });

  it('reads a malformed description as what text it holds, without throwing', () => {
    const r = assessFeatureReadiness(base({ description: { type: 'doc', content: 'not a list' } }));
    expect(check(r, FEATURE_CHECKS.benefitHypothesis).status).toBe('fail');
    expect(r.ready).toBe(false);
  });
});

describe('feature readiness: WSJF, size, split and estimates', () => {
  it('fails an unscored feature twice: no WSJF and not sized (no job size, no estimate)', () => {
    const r = assessFeatureReadiness(base({ wsjf: null }));
    expect(r.findings.map((f) => f.rule)).toEqual([FEATURE_FINDINGS.wsjfMissing, FEATURE_FINDINGS.notSized]);
    expect(assessFeatureReadiness(base({ wsjf: null, storyPoints: 40 })).findings.map((f) => f.rule)).toEqual([FEATURE_FINDINGS.wsjfMissing]);
  });

  it('uses the WSJF tab\'s staleness: stale after wsjfStaleAfterDays, with the tab\'s reason', () => {
    const fresh = assessFeatureReadiness(base({ wsjf: scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, 70) }));
    expect(check(fresh, FEATURE_CHECKS.wsjf).status).toBe('pass');
    const old = scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, 71);
    const stale = assessFeatureReadiness(base({ wsjf: old }));
    const f = stale.findings.find((x) => x.rule === FEATURE_FINDINGS.wsjfStale)!;
    expect(f.message).toContain(old.staleReason!);
    expect(f.message).toContain('71 days');
    // Stale is still sized: the job size is there.
    expect(check(stale, FEATURE_CHECKS.sized).status).toBe('pass');
    expect(assessFeatureReadiness(base({ wsjf: scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, null) })).findings.map((x) => x.rule)).toEqual([FEATURE_FINDINGS.wsjfStale]);
  });

  it('quotes the score as evidence: (BV + TC + RR) / job size', () => {
    const r = assessFeatureReadiness(base({ wsjf: scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, 1) }));
    // (8 + 5 + 3) / 5 = 3.2
    expect(check(r, FEATURE_CHECKS.wsjf).evidence).toMatch(/^WSJF 3\.2 \(BV 8, TC 5, RR 3, job size 5\)/);
  });

  it('fails an off-scale score and does not count an off-scale job size as sized', () => {
    const r = assessFeatureReadiness(base({ wsjf: scored({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 }, 1) }));
    expect(r.findings.map((f) => f.rule)).toEqual([FEATURE_FINDINGS.wsjfOffScale, FEATURE_FINDINGS.notSized]);
  });

  it('fails a feature with no child stories, and does not judge estimates it does not have', () => {
    const r = assessFeatureReadiness(base({ children: [story('ART-9', null, { isStory: false })] }));
    expect(r.findings.map((f) => f.rule)).toEqual([FEATURE_FINDINGS.notSplit]);
    expect(check(r, FEATURE_CHECKS.childrenEstimated).status).toBe('n/a');
  });

  it('lists every open unestimated story, and only those, as the evidence and the issues', () => {
    const r = assessFeatureReadiness(base({ children: [story('ART-2', 3), story('ART-3', null), story('ART-4', null, { done: true }), story('ART-5', null), story('ART-6', 0)] }));
    const f = r.findings.find((x) => x.rule === FEATURE_FINDINGS.childrenUnestimated)!;
    expect(f.issues).toEqual(['ART-3', 'ART-5']);
    expect(f.evidence).toBe('ART-3, ART-5');
    expect(f.message).toBe('2 of 4 open child stories are not estimated: ART-3, ART-5.');
    expect(check(r, FEATURE_CHECKS.split).issues).toEqual(['ART-2', 'ART-3', 'ART-4', 'ART-5', 'ART-6']);
  });
});

describe('feature readiness: properties', () => {
  const child = fc.record({
    key: fc.integer({ min: 1, max: 999 }).map((n) => `ART-${n}`),
    storyPoints: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    isStory: fc.option(fc.boolean(), { nil: undefined }),
    done: fc.option(fc.boolean(), { nil: undefined }),
  });
  const wsjf = fc.option(
    fc.record({ businessValue: fc.constantFrom(...SCALE), timeCriticality: fc.constantFrom(...SCALE), riskReduction: fc.constantFrom(...SCALE), jobSize: fc.constantFrom(1, 2, 3, 4, 5, 8), age: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }) }),
    { nil: null },
  );
  const input = fc.record({
    description: fc.oneof(fc.constant(fixtures[0].fields.description), fc.constant(fixtures[4].fields.description), fc.string(), fc.anything()),
    children: fc.uniqueArray(child, { selector: (c) => c.key, maxLength: 12 }),
    wsjf,
  });

  it('is one verdict: ready exactly when no check fails, each failing check has a finding, the score is passed / applicable', () => {
    fc.assert(
      fc.property(input, ({ description, children, wsjf: w }) => {
        const r = assessFeatureReadiness({ key: 'ART-1', summary: 'Feature', description, children, wsjf: w ? scored(w, w.age) : null });
        expect(r.checks.map((c) => c.check)).toEqual(Object.values(FEATURE_CHECKS));
        const failing = r.checks.filter((c) => c.status === 'fail').map((c) => c.check);
        expect(r.ready).toBe(failing.length === 0);
        expect([...new Set(r.findings.map((f) => f.check))]).toEqual(failing);
        const applicable = r.checks.filter((c) => c.status !== 'n/a');
        expect(r.score).toBeCloseTo(applicable.filter((c) => c.status === 'pass').length / applicable.length, 2);
      }),
      { numRuns: 100 },
    );
  });

  it('names exactly the open child stories without an estimate, and splits only on stories', () => {
    fc.assert(
      fc.property(input, ({ children, wsjf: w }) => {
        const r = assessFeatureReadiness({ key: 'ART-1', summary: 'Feature', description: null, children, wsjf: w ? scored(w, w.age) : null });
        const stories = children.filter((c) => c.isStory !== false);
        const unestimated = stories.filter((c) => !c.done && c.storyPoints === null).map((c) => c.key);
        const f = r.findings.find((x) => x.rule === FEATURE_FINDINGS.childrenUnestimated);
        expect(f?.issues ?? []).toEqual(unestimated);
        expect(check(r, FEATURE_CHECKS.split).status).toBe(stories.length ? 'pass' : 'fail');
      }),
      { numRuns: 100 },
    );
  });
});
