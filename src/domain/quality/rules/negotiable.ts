/** Negotiable (N): a story that prescribes the implementation and names no user outcome. */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding } from './finding';

const TECH_WORDS = /\b(?:sql|api|endpoint|rest|graphql|json|xml|schema|table|column|index|migration|refactor|class|method|function|module|microservice|kafka|redis|docker|kubernetes|k8s|lambda|s3|query|database|db|orm|cache|cron|webhook|payload|http|css|html|react|component|deploy|repository|repo|branch|script|config|yaml)\b/gi;

export const negotiableRule: QualityRule = {
  id: 'negotiable',
  criterion: 'N',
  check({ hasBenefit, summary, description }: StoryFacts): Finding[] {
    if (hasBenefit) return [];
    const tech = `${summary}\n${description.text}`.match(TECH_WORDS) ?? [];
    const distinct = [...new Set(tech.map((t) => t.toLowerCase()))];
    if (distinct.length < 5) return [];
    return [
      finding(
        RULES.implementationDetail,
        'N',
        'info',
        `The story prescribes an implementation (${distinct.slice(0, 5).map((t) => `"${t}"`).join(', ')}) without a user outcome.`,
        'Describe the outcome the user needs and leave the technical steps to the team (or to sub-tasks).',
        distinct.slice(0, 5).join(', '),
      ),
    ];
  },
};
