import type { BacklogIssue } from '../model';
import { issueRate, type Figure, type Measure } from './figure';
import type { TeamBacklog } from './readiness';

/** Backlog stories with no error-level finding / backlog stories (the stories still to refine). */
export function qualityPassRate(teams: readonly TeamBacklog[], pass: (i: BacklogIssue) => boolean): Measure {
  const stories = teams.flatMap((t) => t.stories);
  return issueRate(stories.filter(pass).map((s) => s.key), stories.map((s) => s.key));
}

/** Per rule: backlog stories with at least one finding of it / backlog stories (the Quality tab's rows). */
export function qualityRuleFigures(backlogKeys: readonly string[], rulesOf: (key: string) => readonly string[]): Figure[] {
  const byRule = new Map<string, string[]>();
  for (const key of backlogKeys) {
    for (const rule of new Set(rulesOf(key))) {
      const keys = byRule.get(rule);
      if (keys) keys.push(key);
      else byRule.set(rule, [key]);
    }
  }
  return [...byRule].map(([rule, keys]) => ({ metric: 'qualityRuleFindings', scope: 'train', rule, unit: 'issues', ...issueRate(keys, backlogKeys) }));
}
