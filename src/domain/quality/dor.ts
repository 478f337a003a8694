/**
 * The Definition of Ready as a registry of checks: each enabled rule of the site's `dor` settings reads the
 * story's facts and the findings of the rule families (rules/index.ts). A story is ready when every listed check passes.
 */
import type { DorRules } from '../settings';
import { notWrittenDetail } from './rules/acceptance';
import { quote } from './rules/finding';
import type { Finding, QualityOptions, StoryFacts } from './types';

export interface DorCheck {
  rule: string;
  label: string;
  passed: boolean;
  detail?: string;
}

interface DorRule {
  rule: keyof DorRules;
  /** Listed at all (the setting is on, and the check makes sense for this story). */
  applies(facts: StoryFacts): boolean;
  check(facts: StoryFacts, findings: readonly Finding[]): Omit<DorCheck, 'rule'>;
}

/** Where the criteria were found, in the words a person reads on the story panel (not the route's id). */
const FOUND_AT: Record<StoryFacts['ac']['route'] & string, string> = {
  field: 'in the acceptance criteria field',
  heading: 'under an acceptance criteria heading in the description',
  gherkin: 'as Given/When/Then scenarios',
  taskList: 'as a checklist in the description',
  table: 'as a table in the description',
};

const DOR_RULES: readonly DorRule[] = [
  {
    rule: 'requireAcceptanceCriteria',
    applies: ({ opts }) => opts.dor.requireAcceptanceCriteria,
    check: ({ ac, criteria, criteriaWritten }, findings) => {
      const notWritten = findings.some((f) => f.rule === 'ac-not-written');
      return { label: 'Has acceptance criteria', passed: criteriaWritten, detail: criteriaWritten ? `found ${ac.route ? FOUND_AT[ac.route] : ''}`.trim() : notWritten ? `not written yet: ${notWrittenDetail(ac, criteria)}` : ac.notCriteria ? `none found ("${quote(ac.notCriteria, 40)}" is not acceptance criteria)` : 'none found' };
    },
  },
  {
    // Judged once criteria are written: "Has acceptance criteria" already fails without them.
    rule: 'rejectVagueOnlyCriteria',
    applies: ({ opts, hasAcceptanceCriteria }) => opts.dor.rejectVagueOnlyCriteria !== false && hasAcceptanceCriteria,
    check: ({ criteria }) => {
      const vague = criteria.vagueOnly;
      return { label: 'Criteria say what to check (not only "no bugs" or "works as expected")', passed: !vague.length, detail: vague.length ? `every criterion is vague: "${quote(vague[0], 50)}"` : undefined };
    },
  },
  {
    rule: 'requireEstimate',
    applies: ({ opts }) => opts.dor.requireEstimate,
    check: ({ storyPoints: pts, opts }) => ({ label: `Estimated (at most ${opts.maxStoryPoints} points)`, passed: pts !== null && pts <= opts.maxStoryPoints, detail: pts === null ? 'no estimate' : `${pts} ${pts === 1 ? 'point' : 'points'}` }),
  },
  {
    rule: 'requireNoErrors',
    applies: ({ opts }) => opts.dor.requireNoErrors,
    check: (_facts, findings) => {
      const n = findings.filter((f) => f.severity === 'error').length;
      return { label: 'No quality errors', passed: n === 0, detail: n ? `${n} error${n === 1 ? '' : 's'}` : undefined };
    },
  },
  {
    rule: 'requireNoOpenBlockers',
    applies: ({ opts }) => opts.dor.requireNoOpenBlockers,
    check: ({ openBlockers }) => ({ label: 'No open blockers', passed: openBlockers.length === 0, detail: openBlockers.length ? openBlockers.map((b) => b.key).join(', ') : undefined }),
  },
  {
    // The CLI has no parent information (undefined): the rule is skipped rather than failed.
    rule: 'requireParent',
    applies: ({ opts, input }) => opts.dor.requireParent && typeof input?.hasParent === 'boolean',
    check: ({ input }) => ({ label: 'Linked to a feature', passed: input.hasParent === true, detail: input.hasParent ? undefined : 'no parent' }),
  },
];

/** The Definition-of-Ready checks that apply to this story, in a stable order. */
export function definitionOfReady(facts: StoryFacts, findings: readonly Finding[]): DorCheck[] {
  return DOR_RULES.filter((r) => r.applies(facts)).map((r) => {
    const c = { rule: r.rule, ...r.check(facts, findings) };
    if (c.detail === undefined) delete c.detail;
    return c;
  });
}

export type { QualityOptions };
