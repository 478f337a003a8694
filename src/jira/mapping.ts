import type { BacklogIssue, FieldChange, IssueLinkRef, Sprint, StatusCategory, StatusRef } from '../domain/model';
import { estimateFieldsOf, type DiscoveredFields } from '../domain/settings';
import type { StoryPointsEvidence } from '../contract';
import type { JiraChangelogHistory, JiraField, JiraIssue, JiraSprint, JiraStatus } from './types';

/** Fields to request for backlog issues: explicit, never `*all` (DOMAIN.md; keeps responses small). */
export function backlogFields(f: DiscoveredFields, opts: { withText: boolean }): string[] {
  const fields = ['summary', 'issuetype', 'status', 'parent', 'labels', 'fixVersions', 'created', 'updated', 'resolutiondate', 'assignee', 'issuelinks'];
  if (opts.withText) fields.push('description');
  // Every estimate field read, in the same search: a per-project field costs no extra request.
  for (const id of [...estimateFieldsOf(f), f.sprintField, f.teamField, f.rankField, opts.withText ? f.acceptanceCriteriaField : null, f.objectivePlannedField, f.objectiveActualField]) if (id && !fields.includes(id)) fields.push(id);
  return fields;
}

const JSW_STORY_POINTS = 'com.pyxis.greenhopper.jira:jsw-story-points';

/**
 * Every field that can hold a story's estimate, in the order discovery prefers without evidence:
 * Jira Software's own estimate type (team-managed "Story point estimate") first, then number fields
 * named "Story Points" / "Story point estimate" (the company-managed convention). A site often has
 * both, and only one of them is filled in.
 */
export function storyPointsCandidates(fields: JiraField[]): JiraField[] {
  const isJsw = (f: JiraField) => f.schema?.custom === JSW_STORY_POINTS;
  const named = (f: JiraField) => f.schema?.type === 'number' && /^story point(s| estimate)$/i.test(f.name.trim());
  return [...fields.filter(isJsw), ...fields.filter((f) => !isJsw(f) && named(f))];
}

/**
 * Which estimate field the stories use most: the candidate with a number on the most of the
 * sampled stories (ties keep the preference order) is read first, the others after it. With no
 * sample, or no values at all, the preference order decides, and the sentence says so.
 */
export function chooseStoryPointsField(candidates: JiraField[], sample: JiraIssue[] | null): StoryPointsEvidence {
  const counted = candidates.map((f) => ({ id: f.id, name: f.name, withValue: sample ? sample.filter((i) => num(i.fields?.[f.id]) !== null).length : 0 }));
  const best = counted.reduce<(typeof counted)[number] | null>((b, c) => (!b || c.withValue > b.withValue ? c : b), null);
  const sampled = sample?.length ?? 0;
  const label = (c: { id: string; name: string }) => `"${c.name}" (${c.id})`;
  const tally = counted.map((c) => `${label(c)} on ${c.withValue}`).join(', ');
  let reason: string;
  if (!best) reason = 'No story-points field was found on this site.';
  else if (counted.length === 1) reason = `${label(best)} is the only story-points field on this site.`;
  else if (sample === null) reason = `Several story-points fields exist; the stories could not be sampled, so ${label(best)} comes first by preference.`;
  else if (best.withValue === 0) reason = `Several story-points fields exist and none has a value on the ${sampled} sampled stories, so ${label(best)} comes first by preference.`;
  else reason = `${label(best)} has a value on ${best.withValue} of the ${sampled} most recently updated stories (${tally}), so Refinery reads estimates from it first.`;
  // The others stay in the preference order behind the chosen one: stories of a project that fills another field keep their estimates.
  const order = best ? [best, ...counted.filter((c) => c !== best)] : [];
  const sentence = order.length > 1 ? `${reason} Each story's estimate is read from ${order.map(label).join(', else from ')}.` : reason;
  return { chosen: best?.id ?? null, order: order.map((c) => c.id), sampled, candidates: counted, reason, sentence };
}

/** Field discovery by schema type, the stable signal (names differ between company- and team-managed projects). */
export function discoverFields(fields: JiraField[]): DiscoveredFields {
  const byCustom = (type: string) => fields.find((f) => f.schema?.custom === type)?.id ?? null;
  // Without evidence from the stories (siteMetadata samples them), the preferred candidate.
  const estimates = storyPointsCandidates(fields).map((f) => f.id);
  const ac =
    fields.find((f) => /^acceptance criteria$/i.test(f.name) && f.custom)?.id ?? null;
  return {
    storyPointsField: estimates[0] ?? null,
    storyPointsFields: estimates,
    sprintField: byCustom('com.pyxis.greenhopper.jira:gh-sprint'),
    // Atlassian's Team field where the site has it; otherwise a custom field named "Team" (a select
    // list is the common company-managed set-up).
    teamField: byCustom('com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team') ?? fields.find((f) => f.custom && /^team$/i.test(f.name))?.id ?? null,
    acceptanceCriteriaField: ac,
    rankField: byCustom('com.pyxis.greenhopper.jira:gh-lexo-rank'),
  };
}

/**
 * PI objectives, when the site tracks them the common way: an issue type named "PI Objective" (or
 * "Objective") and number fields named "Planned business value" and "Actual business value".
 */
export function discoverPiObjectives(fields: JiraField[], issueTypes: { name: string }[]): DiscoveredFields['piObjectives'] {
  const type = issueTypes.find((t) => /^(pi )?objective$/i.test(t.name));
  const num = (re: RegExp) => fields.find((f) => f.custom && f.schema?.type === 'number' && re.test(f.name))?.id;
  const planned = num(/^planned (business )?value$/i);
  const actual = num(/^actual (business )?value$/i);
  return type && planned && actual ? { issueType: type.name, plannedValueField: planned, actualValueField: actual, piLabelPrefix: 'PI-' } : null;
}

function category(key: string | undefined): StatusCategory {
  return key === 'done' ? 'done' : key === 'indeterminate' ? 'indeterminate' : 'new';
}

export function mapStatus(s: JiraStatus | undefined): StatusRef {
  return { id: s?.id ?? '', name: s?.name ?? 'Unknown', category: category(s?.statusCategory?.key) };
}

export function mapSprint(s: Partial<JiraSprint> & { boardId?: number }): Sprint {
  return {
    id: Number(s.id),
    name: String(s.name ?? `Sprint ${s.id}`),
    state: s.state === 'closed' || s.state === 'active' ? s.state : 'future',
    startDate: s.startDate ?? null,
    endDate: s.endDate ?? null,
    completeDate: s.completeDate ?? null,
    boardId: s.originBoardId ?? s.boardId ?? null,
  };
}

function teamName(value: unknown): string | null {
  if (!value) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as { name?: unknown; title?: unknown; value?: unknown };
    for (const c of [v.name, v.title, v.value]) if (typeof c === 'string' && c) return c;
  }
  return null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A story's estimate: the first estimate field, in reading order, that holds a number. */
export function estimateOf(fields: Record<string, unknown> | undefined, f: DiscoveredFields): number | null {
  for (const id of estimateFieldsOf(f)) {
    const v = num(fields?.[id]);
    if (v !== null) return v;
  }
  return null;
}

export function mapIssue(issue: JiraIssue, f: DiscoveredFields, hierarchyLevelOf: (typeId: string, typeName: string) => number): BacklogIssue {
  const x = issue.fields ?? ({} as JiraIssue['fields']);
  const sprintsRaw = f.sprintField ? x[f.sprintField] : null;
  const links: IssueLinkRef[] = (Array.isArray(x.issuelinks) ? x.issuelinks : []).flatMap((l): IssueLinkRef[] => {
    const other = l.inwardIssue ?? l.outwardIssue;
    if (!other) return [];
    const isBlocks = /block/i.test(l.type?.name ?? '') || /blocked by/i.test(l.type?.inward ?? '');
    // An inwardIssue on this issue means "other <inward> this": for Blocks, the other one blocks us.
    const direction = !isBlocks ? 'other' : l.outwardIssue ? 'blocks' : 'blockedBy';
    return [
      {
        direction,
        typeName: l.type?.name ?? 'Link',
        other: {
          key: other.key,
          summary: other.fields?.summary ?? '',
          statusCategory: category(other.fields?.status?.statusCategory?.key),
          statusName: other.fields?.status?.name ?? '',
        },
      },
    ];
  });
  const typeId = x.issuetype?.id ?? '';
  return {
    id: issue.id,
    key: issue.key,
    summary: typeof x.summary === 'string' ? x.summary : '',
    issueType: x.issuetype?.name ?? 'Unknown',
    hierarchyLevel: typeof x.issuetype?.hierarchyLevel === 'number' ? x.issuetype.hierarchyLevel : hierarchyLevelOf(typeId, x.issuetype?.name ?? ''),
    status: mapStatus(x.status),
    team: f.teamField ? teamName(x[f.teamField]) : null,
    storyPoints: estimateOf(x, f),
    parentKey: x.parent?.key ?? null,
    sprints: Array.isArray(sprintsRaw) ? sprintsRaw.filter((s) => s && typeof s === 'object').map((s) => mapSprint(s as JiraSprint)) : [],
    labels: Array.isArray(x.labels) ? x.labels.filter((l): l is string => typeof l === 'string') : [],
    fixVersions: Array.isArray(x.fixVersions) ? (x.fixVersions as { name?: string }[]).map((v) => v?.name ?? '').filter(Boolean) : [],
    rank: f.rankField && typeof x[f.rankField] === 'string' ? (x[f.rankField] as string) : null,
    created: x.created ?? '',
    updated: x.updated ?? '',
    resolutionDate: x.resolutiondate ?? null,
    assignee: x.assignee ? { accountId: x.assignee.accountId, displayName: x.assignee.displayName } : null,
    description: x.description ?? null,
    acceptanceCriteria: f.acceptanceCriteriaField ? (x[f.acceptanceCriteriaField] ?? null) : null,
    links,
    ...(f.objectivePlannedField && f.objectiveActualField ? { objective: { planned: num(x[f.objectivePlannedField]), actual: num(x[f.objectiveActualField]) } } : {}),
  };
}

/** Status and Sprint changes from a changelog, oldest first. */
export function mapChanges(histories: JiraChangelogHistory[], sprintFieldId: string | null): FieldChange[] {
  const out: FieldChange[] = [];
  for (const h of histories) {
    for (const item of h.items ?? []) {
      const isStatus = item.fieldId === 'status' || (item.field === 'status' && item.fieldtype === 'jira');
      const isSprint = (sprintFieldId && item.fieldId === sprintFieldId) || (item.field === 'Sprint' && item.fieldtype === 'custom');
      if (!isStatus && !isSprint) continue;
      out.push({ at: h.created, field: isStatus ? 'status' : 'sprint', from: item.from, to: item.to, fromString: item.fromString, toString: item.toString });
    }
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
