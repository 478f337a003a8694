import type { AppError, Settings } from '../components/types';

/**
 * The admin form's messages from a refused save, by field: the settings schema on the server is the
 * one copy of the rules, and its messages come back as `details` [{path, message}]; this maps each
 * path to the form field it is about (pure, so it is tested without a browser).
 */

export type DorKey = Exclude<keyof Settings['dor'], 'rejectVagueOnlyCriteria'>;

export const DOR_INPUTS: { key: DorKey; label: string }[] = [
  { key: 'requireAcceptanceCriteria', label: 'Acceptance criteria are written' },
  { key: 'requireEstimate', label: 'The story is estimated' },
  { key: 'requireNoErrors', label: 'No quality check fails with an error' },
  { key: 'requireNoOpenBlockers', label: 'No open blocking issue' },
  { key: 'requireParent', label: 'The story has a parent feature' },
];

/** Each field's name on this page, for the summary of a refused save (people's words, not paths). */
export const LABELS: Record<string, string> = {
  storyPointsField: 'Story points field',
  sprintField: 'Sprint field',
  teamField: 'Team field',
  acceptanceCriteriaField: 'Acceptance criteria field',
  teamSource: 'Team source',
  featureHierarchyLevel: 'Feature hierarchy level',
  trainScopeJql: 'Train scope (JQL)',
  rejectVagueOnlyCriteria: 'When every acceptance criterion is vague',
  maxStoryPoints: 'Largest story (points)',
  wsjfScale: 'WSJF scale',
  wsjfStaleAfterDays: 'A WSJF score is stale after (days)',
  wsjfIncompleteScores: 'Features whose WSJF score is blank or off the scale',
  improvementLabel: 'Improvement label',
  snapshotRetentionDays: 'Keep daily snapshots for (days)',
  reworkFrom: 'Rework boundary: from these statuses',
  reworkTo: 'Rework boundary: back to these statuses',
  objectiveType: 'Issue type of PI objectives',
  objectivePlanned: 'Planned business value field',
  objectiveActual: 'Actual business value field',
  piLabelPrefix: 'PI label prefix',
  ...Object.fromEntries(DOR_INPUTS.map(({ key, label }) => [`dor.${key}`, `Definition of Ready: ${label.toLowerCase()}`])),
};

const PI_OBJECTIVE_FIELDS: Record<string, string> = { issueType: 'objectiveType', plannedValueField: 'objectivePlanned', actualValueField: 'objectiveActual', piLabelPrefix: 'piLabelPrefix' };

/**
 * The form field a server message belongs to, from its settings path ("wsjfScale.2",
 * "reworkBoundary.to", "piObjectives.issueType", "dor.requireEstimate"); null for a message about
 * the settings as a whole or a part this form does not edit (shown above the save button).
 */
export function fieldOfPath(rawPath: string): string | null {
  const path = rawPath.replace(/^settings\.?/, '');
  const [top, sub] = path.split('.');
  if (top === 'dor') return sub === 'rejectVagueOnlyCriteria' ? 'rejectVagueOnlyCriteria' : sub && LABELS[`dor.${sub}`] ? `dor.${sub}` : null;
  if (top === 'reworkBoundary') return sub === 'to' ? 'reworkTo' : 'reworkFrom';
  if (top === 'piObjectives') return PI_OBJECTIVE_FIELDS[sub ?? ''] ?? 'objectiveType';
  return LABELS[top] ? top : null;
}

/**
 * A refused save's messages by form field: `details` is [{path, message}] from the settings schema
 * (the one copy of the rules, on the server) or {field: message} from Jira. Messages for one field
 * are joined; those for no field of this form are returned under `rest`.
 */
export function messagesByField(error: AppError | null): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  const add = (path: string, message: string) => {
    const field = fieldOfPath(path);
    if (!field) rest.push(message);
    else byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  };
  const d = error?.details;
  if (Array.isArray(d)) {
    for (const item of d as { path?: unknown; message?: unknown }[]) if (typeof item?.message === 'string') add(String(item?.path ?? ''), item.message);
  } else if (d && typeof d === 'object') {
    for (const [k, v] of Object.entries(d as Record<string, unknown>)) if (typeof v === 'string') add(k, v);
  }
  return { byField, rest };
}

/** The messages as @atlaskit/form's submit errors: by field name, `dor.x` nested under `dor`. */
export function submitErrors(byField: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, message] of Object.entries(byField)) {
    const [top, sub] = field.split('.');
    if (sub) out[top] = { ...(out[top] as object | undefined), [sub]: message };
    else out[top] = message;
  }
  return out;
}
