import type { Fetched } from './types';
import type { TrainFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

export function projectCheck(train: TrainFacts): SiteCheck {
  if (!train.project.ok) return refusedCheck('project', `open project ${train.projectKey}`, train.project.error);
  const p = train.project.value;
  const style = p.simplified ? 'team-managed' : 'company-managed';
  return passed('project', `${p.key} is “${p.name}”, a ${style} ${p.projectTypeKey} project.`);
}

const firstRefusal = (...fs: Fetched<number>[]) => fs.find((f): f is Extract<Fetched<number>, { ok: false }> => !f.ok);

/** The train JQL's count (approximate, as Jira counts without loading issues), stories and features apart. */
export function trainCountCheck(train: TrainFacts): SiteCheck {
  const id = 'train.count';
  const refusal = firstRefusal(train.issues, train.stories, train.features);
  if (refusal) return refusedCheck(id, `count the train’s issues with the JQL ${train.scopeJql}`, refusal.error);
  const [issues, stories, features] = [train.issues, train.stories, train.features].map((f) => (f.ok ? f.value : 0));
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const message = `The train JQL ${train.scopeJql} finds about ${n(issues, 'issue', 'issues')}: ${n(stories, 'story', 'stories')} (${train.storyTypes.join(', ') || 'no story type'}) and ${n(features, 'feature', 'features')} (${train.featureTypes.join(', ') || 'no feature type'}).`;
  if (!stories) return failed(id, `${message} With no story there is nothing to measure.`, 'Check the train scope JQL and the story level in Refinery settings: the train needs stories at the story level (0).');
  return passed(id, message);
}
