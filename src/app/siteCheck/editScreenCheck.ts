import type { JiraField } from '../../jira/types';
import { wsjfFieldTargets } from '../wsjfFields';
import type { TrainFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

const ID = 'editScreen.wsjf';

/**
 * Whether the WSJF fields are on the features' edit screen, from the `editmeta` of one feature:
 * Jira refuses to set a field that is not on the screen, and the score then lives only in the
 * issue property (boards and filters cannot show or sort by it).
 */
export function editScreenCheck(train: TrainFacts, fields: JiraField[]): SiteCheck {
  const targets = wsjfFieldTargets({ fields: fields.filter((f) => f.custom).map((f) => ({ id: f.id, name: f.name, type: f.schema?.custom ?? f.schema?.type ?? 'unknown' })) });
  if (!targets.length) {
    return failed(ID, 'Refinery’s WSJF and Cost of Delay fields are not on this site: scores are saved in the issue property only, so boards and filters cannot show or sort by them.', 'The fields come with the app (its jira:customField modules): run forge deploy and forge install --upgrade, or create number fields named “WSJF” and “Cost of Delay”.');
  }
  const names = targets.map((t) => `${t.name} (${t.fieldId})`).join(', ');
  if (!train.sampleFeature.ok) return refusedCheck(ID, `read a feature’s edit screen (GET /rest/api/3/issue/{key}?expand=editmeta)`, train.sampleFeature.error);
  const feature = train.sampleFeature.value;
  if (!feature) return failed(ID, `The train has no feature (${train.featureTypes.join(', ') || 'no issue type at the feature level'}) to check the edit screen on, so it is unknown whether ${names} can be set.`, 'Create a feature in the train, or set the feature hierarchy level in Refinery settings to the level of your Feature (or Epic) type.');
  const editable = Object.keys(feature.editmeta?.fields ?? {});
  const type = feature.fields?.issuetype?.name ?? 'feature';
  if (!editable.length) return failed(ID, `Jira shows you no editable field on ${feature.key}: you cannot edit it, so whether ${names} are on the ${type} edit screen is unknown.`, 'Run the site check as someone with Edit Issues in the project (a Jira or project administrator).');
  const missing = targets.filter((t) => !editable.includes(t.fieldId));
  if (missing.length) {
    const list = missing.map((t) => `${t.name} (${t.fieldId})`).join(' and ');
    const teamManaged = train.project.ok ? train.project.value.simplified : null;
    const where = teamManaged === null ? `company-managed projects under Project settings → Screens; team-managed projects under Project settings → Issue types → ${type} → Fields` : teamManaged ? `${train.projectKey} is team-managed: Project settings → Issue types → ${type} → Fields` : `${train.projectKey} is company-managed: Project settings → Screens (the screen scheme of ${type})`;
    return failed(ID, `${list} ${missing.length === 1 ? 'is' : 'are'} not on the edit screen of ${feature.key} (${type}): Jira will refuse to set ${missing.length === 1 ? 'it' : 'them'}, and scores are saved in the issue property only.`, `Add ${list} to the ${type} edit screen (${where}).`);
  }
  return passed(ID, `${names} ${targets.length === 1 ? 'is' : 'are'} on the edit screen of ${feature.key} (${type}), so WSJF saves also set ${targets.length === 1 ? 'it' : 'them'}.`);
}
