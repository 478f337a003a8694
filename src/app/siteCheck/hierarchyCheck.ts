import type { SiteFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

/** Issue types by hierarchy level, and whether the configured feature and story levels have any. */
export function hierarchyCheck(facts: SiteFacts): SiteCheck {
  const id = 'hierarchy';
  if (!facts.issueTypes.ok) return refusedCheck(id, 'read the issue types (GET /rest/api/3/issuetype)', facts.issueTypes.error);
  const types = facts.issueTypes.value;
  const { featureHierarchyLevel: featureLevel, storyHierarchyLevel: storyLevel } = facts.settings;
  const levels = [...new Set(types.map((t) => t.hierarchyLevel))].sort((a, b) => b - a);
  const namesAt = (level: number) => [...new Set(types.filter((t) => t.hierarchyLevel === level).map((t) => t.name))];
  const role = (level: number) => (level === featureLevel ? ' (features)' : level === storyLevel ? ' (stories)' : level < 0 ? ' (sub-tasks)' : '');
  const message = `Issue types by hierarchy level: ${levels.map((l) => `${l}${role(l)}: ${namesAt(l).join(', ')}`).join('; ')}.`;
  const missing = [
    namesAt(featureLevel).length ? null : `no issue type is at the feature level ${featureLevel}`,
    namesAt(storyLevel).length ? null : `no issue type is at the story level ${storyLevel}`,
  ].filter((m): m is string => m !== null);
  if (missing.length) return failed(id, `${message} But ${missing.join(' and ')}.`, 'Set the feature hierarchy level in Refinery settings to the level of your Feature (or Epic) type; a Jira admin can add levels under Settings → Issues → Issue type hierarchy (Premium).');
  return passed(id, message);
}
