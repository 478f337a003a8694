import type { JiraField } from '../../jira/types';

const JSW_STORY_POINTS = 'com.pyxis.greenhopper.jira:jsw-story-points';

/**
 * Every field that can hold a story's estimate: Jira Software's own story-points type (team-managed
 * "Story point estimate") and number fields named "Story Points" / "Story point estimate", the
 * company-managed convention. A site often has both, and only one is filled in.
 */
export function storyPointCandidates(fields: JiraField[]): JiraField[] {
  return fields.filter((f) => f.custom && (f.schema?.custom === JSW_STORY_POINTS || (f.schema?.type === 'number' && /^story point(s| estimate)$/i.test(f.name.trim()))));
}
