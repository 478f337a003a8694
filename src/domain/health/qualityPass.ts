import type { BacklogIssue } from '../model';
import { issueRate, type Measure } from './figure';
import type { TeamBacklog } from './readiness';

/** Backlog stories with no error-level finding / backlog stories (the stories still to refine). */
export function qualityPassRate(teams: readonly TeamBacklog[], pass: (i: BacklogIssue) => boolean): Measure {
  const stories = teams.flatMap((t) => t.stories);
  return issueRate(stories.filter(pass).map((s) => s.key), stories.map((s) => s.key));
}
