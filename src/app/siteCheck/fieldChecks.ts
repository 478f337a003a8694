import { discoverFields, storyPointsCandidates } from '../../jira/mapping';
import type { JiraField } from '../../jira/types';
import { effectiveSettings, estimateFieldsOf, type EffectiveSettings } from '../../domain/settings';
import type { StoryPointsEvidence } from '../../contract';
import type { SiteFacts, TrainFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

type FieldRole = 'storyPointsField' | 'sprintField' | 'teamField' | 'acceptanceCriteriaField';

const LABEL: Record<FieldRole, string> = {
  storyPointsField: 'Story points',
  sprintField: 'Sprint',
  teamField: 'Team',
  acceptanceCriteriaField: 'Acceptance criteria',
};

export const FIELD_CHECK_IDS: Record<FieldRole, string> = {
  storyPointsField: 'field.storyPoints',
  sprintField: 'field.sprint',
  teamField: 'field.team',
  acceptanceCriteriaField: 'field.acceptanceCriteria',
};

const named = (f: JiraField) => `${f.name} (${f.id})`;
const inUse = (r: Resolved & { field: JiraField }) => `${r.field.name} (${r.field.id}, ${r.source === 'settings' ? 'chosen in settings' : 'discovered'})`;

interface Resolved {
  role: FieldRole;
  /** The field in effect, or null when none is set or found. */
  field: JiraField | null;
  /** An id the settings name that the site does not have. */
  missingOverride: string | null;
  source: 'settings' | 'discovered';
}

function resolve(role: FieldRole, fields: JiraField[], effective: EffectiveSettings, overridden: boolean): Resolved {
  const id = effective.fields[role];
  const field = id ? (fields.find((f) => f.id === id) ?? null) : null;
  return { role, field, missingOverride: id && !field ? id : null, source: overridden ? 'settings' : 'discovered' };
}

/** "on 312 of 380 stories of the train", or why the count is unknown. */
function usageSentence(train: TrainFacts | null, field: JiraField): { text: string; count: number | null; stories: number | null } {
  if (!train) return { text: 'Give a project to count how many of its stories have a value.', count: null, stories: null };
  const stories = train.stories.ok ? train.stories.value : null;
  const usage = train.usage.get(field.id)?.storiesWithValue;
  if (!usage || !usage.ok) return { text: `Jira could not count its values${usage && !usage.ok ? ` (${usage.error.message})` : ''}.`, count: null, stories };
  return { text: `${usage.value} of ${stories ?? '?'} stories in the train have a value.`, count: usage.value, stories };
}

const HOW_TO_CHOOSE = 'Choose the field under Fields in Refinery settings (or leave it on “discovered”).';

/** The story-points, Sprint, Team and AC checks: which field is in use and how many stories fill it. */
export function fieldChecks(facts: SiteFacts): SiteCheck[] {
  if (!facts.fields.ok) return [refusedCheck('fields', 'read the site’s fields (GET /rest/api/3/field)', facts.fields.error)];
  const fields = facts.fields.value;
  const effective = effectiveSettings(facts.settings, facts.discovery?.discovered ?? discoverFields(fields));
  const r = (role: FieldRole) => resolve(role, fields, effective, facts.settings[role] !== null);
  return [storyPointsCheck(r('storyPointsField'), fields, effective, facts.train, facts.discovery?.storyPointsEvidence ?? null), sprintCheck(r('sprintField'), facts.train), teamCheck(r('teamField'), facts, facts.train), acceptanceCriteriaCheck(r('acceptanceCriteriaField'), facts.train)];
}

function missingOverride(r: Resolved): SiteCheck {
  return failed(FIELD_CHECK_IDS[r.role], `The settings name ${r.missingOverride} as the ${LABEL[r.role].toLowerCase()} field, but this site has no such field.`, HOW_TO_CHOOSE);
}

function storyPointsCheck(r: Resolved, fields: JiraField[], effective: EffectiveSettings, train: TrainFacts | null, evidence: StoryPointsEvidence | null): SiteCheck {
  const id = FIELD_CHECK_IDS.storyPointsField;
  if (r.missingOverride) return missingOverride(r);
  if (!r.field) {
    return failed(id, 'No story points field was found: every story reads as unestimated, so the “estimated” rule of the Definition of Ready fails and story sizes cannot be checked.', 'Add the Story Points (company-managed) or Story point estimate (team-managed) field to the stories’ screens, or choose the field teams estimate in under Fields in Refinery settings.');
  }
  const first = r.field;
  // Every field the app reads, in its order: a story's estimate is the first of them with a number.
  const read = [first, ...estimateFieldsOf(effective.fields).filter((x) => x !== first.id).flatMap((x) => fields.filter((f) => f.id === x))];
  const countOf = (f: JiraField) => {
    const u = train?.usage.get(f.id)?.storiesWithValue;
    return u?.ok ? u.value : null;
  };
  const lead = read.length === 1 ? `Story points are read from ${inUse({ ...r, field: first })}.` : `Story points are read from ${read.map(named).join(', else from ')}, as discovered: each story’s estimate is the first of them with a number.`;
  // How discovery ordered several estimate fields (a sample of recent stories), in its own words.
  const why = r.source === 'discovered' && evidence && evidence.candidates.length > 1 ? ` ${evidence.reason}` : '';
  const own = read.length === 1 ? usageSentence(train, first) : estimatedSentence(train, read.map((f) => ({ field: f, count: countOf(f) })));
  // Estimate fields the app does not read (only when the settings name one field) are the usual cause of "nothing is estimated".
  const unread = storyPointsCandidates(fields)
    .filter((f) => !read.some((x) => x.id === f.id))
    .map((f) => ({ field: f, count: countOf(f) }));
  const unreadText = train && unread.length ? ` Estimate fields not read: ${unread.map((o) => `${named(o.field)} on ${o.count ?? '?'}`).join(', ')}.` : '';
  const message = `${lead}${why} ${own.text}${unreadText}`;
  const better = unread.filter((o) => o.count !== null && own.count !== null && o.count > own.count).sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0];
  if (better) {
    return failed(id, message, `The train’s stories are estimated in ${named(better.field)}: set the story points field under Fields in Refinery settings back to “Use discovered”, so Refinery reads every estimate field story by story, or choose ${named(better.field)} there.`);
  }
  if (own.count === 0 && (own.stories ?? 0) > 0) return failed(id, message, `No story in the train has an estimate in ${read.length === 1 ? 'this field' : 'these fields'}: estimate the stories, or choose the field the teams use under Fields in Refinery settings.`);
  return passed(id, message);
}

/** "98 of 130 stories in the train have an estimate in one of them (A on 90, B on 8)." */
function estimatedSentence(train: TrainFacts | null, read: { field: JiraField; count: number | null }[]): { text: string; count: number | null; stories: number | null } {
  if (!train) return { text: 'Give a project to count how many of its stories have an estimate.', count: null, stories: null };
  const stories = train.stories.ok ? train.stories.value : null;
  const each = read.map((o) => `${named(o.field)} on ${o.count ?? '?'}`).join(', ');
  const any = train.estimated;
  if (!any || !any.ok) return { text: `Jira could not count the estimated stories${any && !any.ok ? ` (${any.error.message})` : ''}.`, count: null, stories };
  return { text: `${any.value} of ${stories ?? '?'} stories in the train have an estimate in one of them (${each}).`, count: any.value, stories };
}

function sprintCheck(r: Resolved, train: TrainFacts | null): SiteCheck {
  const id = FIELD_CHECK_IDS.sprintField;
  if (r.missingOverride) return missingOverride(r);
  if (!r.field) return failed(id, 'No Sprint field was found: sprint history, acceptance rate and rework cannot be computed.', 'The Sprint field comes with Jira Software; make sure Jira Software is on this site and the Sprint field is on the stories’ screens.');
  const usage = usageSentence(train, r.field);
  const message = `Sprints are read from ${inUse({ ...r, field: r.field })}. ${usage.text}`;
  if (usage.count === 0 && (usage.stories ?? 0) > 0) return failed(id, message, 'No story of the train is in a sprint: plan stories into sprints on a scrum board, or the sprint metrics stay empty.');
  return passed(id, message);
}

function teamCheck(r: Resolved, facts: SiteFacts, train: TrainFacts | null): SiteCheck {
  const id = FIELD_CHECK_IDS.teamField;
  if (facts.settings.teamSource !== 'teamField') return passed(id, `Teams come from the ${facts.settings.teamSource === 'board' ? 'boards (one board per team)' : 'components'}, as the settings say; the Team field is not used.`);
  if (r.missingOverride) return missingOverride(r);
  if (!r.field) return failed(id, 'No Team field was found: every story counts for “no team”, so the per-team rows stay empty.', 'Add Atlassian’s Team field (or a select field named Team) to the stories, or set the team source to “Board” in Refinery settings.');
  const usage = usageSentence(train, r.field);
  const message = `Teams are read from ${inUse({ ...r, field: r.field })}. ${usage.text}`;
  if (usage.count === 0 && (usage.stories ?? 0) > 0) return failed(id, message, 'No story of the train names its team: fill the Team field, or set the team source to “Board” in Refinery settings.');
  return passed(id, message);
}

function acceptanceCriteriaCheck(r: Resolved, train: TrainFacts | null): SiteCheck {
  const id = FIELD_CHECK_IDS.acceptanceCriteriaField;
  if (r.missingOverride) return missingOverride(r);
  // Optional by design: without a field, acceptance criteria are found in the description.
  if (!r.field) return passed(id, 'No Acceptance criteria field was found: acceptance criteria are looked for in the description (an “Acceptance criteria” heading, Given/When/Then steps or a checklist under such a heading).');
  return passed(id, `Acceptance criteria are read from ${inUse({ ...r, field: r.field })}, else from the description. ${usageSentence(train, r.field).text}`);
}
