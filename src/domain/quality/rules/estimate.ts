/** Estimable (E): a story-point estimate; small (S): at most the site's maximum. */
import { RULES, type Finding, type QualityRule, type StoryFacts } from '../types';
import { finding, quote } from './finding';

export const estimateRule: QualityRule = {
  id: 'estimate',
  criterion: 'E',
  check({ storyPoints: pts, summary, opts }: StoryFacts): Finding[] {
    if (pts === null) {
      return [
        finding(
          RULES.estimateMissing,
          'E',
          opts.dor.requireEstimate ? 'error' : 'warning',
          `"${quote(summary, 60)}" has no story-point estimate.`,
          'Estimate the story in refinement (story points); if the team cannot, the story needs a spike or more detail.',
          summary,
        ),
      ];
    }
    if (pts <= opts.maxStoryPoints) return [];
    return [
      finding(
        RULES.estimateTooLarge,
        'S',
        pts > 2 * opts.maxStoryPoints ? 'error' : 'warning',
        `The estimate of ${pts} points is above the maximum of ${opts.maxStoryPoints}.`,
        `Split the story until each part is at most ${opts.maxStoryPoints} points (by workflow step, business rule, data variation or acceptance scenario).`,
        `${pts} points`,
      ),
    ];
  },
};

/** Nothing to estimate from: no description, no criteria, no story sentence. */
export const descriptionRule: QualityRule = {
  id: 'description',
  criterion: 'E',
  check({ description, acField, wellFormed, summary }: StoryFacts): Finding[] {
    if (description.text.trim() || acField.text.trim() || wellFormed) return [];
    return [finding(RULES.descriptionEmpty, 'E', 'info', `"${quote(summary, 60)}" has an empty description.`, 'Describe who needs what and why, and the acceptance criteria.', summary)];
  },
};
