/** Small (S): one story, one action. The part-of-speech check is ../atomic.ts. */
import { checkAtomic } from '../atomic';
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding } from './finding';

export const atomicRule: QualityRule = {
  id: 'atomic',
  criterion: 'S',
  check({ form, means }: StoryFacts): Finding[] {
    if (!form || !means) return [];
    const a = checkAtomic(form.means);
    if (a.atomic) return [];
    return [
      finding(
        RULES.notAtomic,
        'S',
        'warning',
        `The goal joins several actions: "${a.evidence}" (${a.actions.map((x) => `"${x}"`).join(', ')}).`,
        'Split the story: one story per action, each with its own acceptance criteria.',
        a.evidence,
      ),
    ];
  },
};
