/**
 * User-story form (FORM): "As a <role>, I want <goal>, so that <benefit>"; and its value (V): a benefit, a user
 * rather than the team or the system as the role. The parse itself is storyForm.ts.
 */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote } from './finding';

const TECH_ROLE = /^(?:(?:software|backend|back-end|frontend|front-end|web|mobile|app|lead|senior|junior)\s+)?(?:developer|dev|devs|developers|programmer|coder|engineer|software engineer|architect|tester|qa|qa engineer|dba|database administrator|devops(?:\s+engineer)?|sysadmin|system administrator|system|the system|scrum master|team|dev team|development team|the team|product team|backend|frontend|server|service|api|application|app|platform|database|ci|pipeline)$/i;

export const formRule: QualityRule = {
  id: 'story-form',
  criterion: 'FORM',
  check({ form, summary, wellFormed }: StoryFacts): Finding[] {
    if (wellFormed) return [];
    return [
      finding(
        RULES.formMissing,
        'FORM',
        'warning',
        form ? `The story "${quote(form.text, 60)}" names no ${form.role ? 'goal (means)' : 'role'}.` : `"${quote(summary, 60)}" is not written as a user story ("As a <role>, I want <goal>, so that <benefit>").`,
        'Rewrite it as "As a <role>, I want <goal>, so that <benefit>" in the summary or at the top of the description.',
        form?.text ?? summary,
      ),
    ];
  },
};

export const valueRule: QualityRule = {
  id: 'story-value',
  criterion: 'V',
  check({ form, wellFormed, hasBenefit }: StoryFacts): Finding[] {
    const findings: Finding[] = [];
    if (form && wellFormed && !hasBenefit) {
      findings.push(
        finding(
          RULES.benefitMissing,
          'V',
          'warning',
          `"${quote(form.text, 70)}" says what ${form.role} wants but not why (no "so that …").`,
          'Add the benefit: "…, so that <the value for the user>". It lets the PO weigh the story and the team find a simpler solution.',
          form.text,
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
    return findings;
  },
};
