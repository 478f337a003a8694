import { boardsCheck } from './boardsCheck';
import { connectionCheck } from './connectionCheck';
import { editScreenCheck } from './editScreenCheck';
import type { SiteFacts } from './facts';
import { fieldChecks } from './fieldChecks';
import { hierarchyCheck } from './hierarchyCheck';
import { liveTrainCheck } from './liveCheck';
import { permissionChecks } from './permissionChecks';
import { scopesCheck } from './scopesCheck';
import { projectCheck, trainCountCheck } from './trainCheck';
import { failed, type SiteCheck } from './types';

/** Every check from what was gathered, in reading order: connection, site, train, scopes. Pure. */
export function evaluateSite(facts: SiteFacts): SiteCheck[] {
  const connection = connectionCheck(facts);
  // Without a session every other answer is the same refusal; one check with its fix says it all.
  if (!connection.ok) return [connection];
  const train = facts.train;
  const trainChecks: SiteCheck[] = train
    ? [projectCheck(train), trainCountCheck(train), boardsCheck(train), ...(train.liveDrift !== undefined ? [liveTrainCheck(train.projectKey, train.liveDrift)] : []), ...(facts.fields.ok ? [editScreenCheck(train, facts.fields.value)] : [])]
    : [untrainedProject(facts.projectKey)];
  return [connection, ...fieldChecks(facts), hierarchyCheck(facts), ...permissionChecks(facts, train?.projectKey ?? null), ...trainChecks, scopesCheck(facts)];
}

/** Why the train was not checked: no project given, or the site's fields or issue types could not be read. */
function untrainedProject(projectKey: string | null): SiteCheck {
  if (projectKey) return failed('project', `The train of ${projectKey} was not checked: Refinery could not read the site’s fields or issue types (see the failing check above).`, 'Fix the failing check above, then run the site check again.');
  return failed('project', 'No project was given, so the train (its count, boards, field values and the features’ edit screen) was not checked.', 'Run the check again with the train’s project key (refinery doctor --project KEY, or the project box on the admin page).');
}

/** The exit status of `refinery doctor`: 0 when everything needed works, 1 when something will not. */
export function exitCodeOf(checks: readonly SiteCheck[]): 0 | 1 {
  return checks.every((c) => c.ok) ? 0 : 1;
}
