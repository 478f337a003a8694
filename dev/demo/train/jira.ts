/**
 * Static Jira metadata of the demo site in REST v3 shapes: statuses, issue types, link types, fields.
 */
import type { JiraField, JiraIssueLinkType, JiraIssueType, JiraStatus } from '../../emulator/dataset';
import { DEMO } from './demo';

export const SITE = DEMO.siteUrl;
export const F = DEMO.fieldIds;

export const CAT = {
  new: { self: `${SITE}/rest/api/3/statuscategory/2`, id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { self: `${SITE}/rest/api/3/statuscategory/4`, id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { self: `${SITE}/rest/api/3/statuscategory/3`, id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export type StatusKey = 'todo' | 'progress' | 'review' | 'done';
export const STATUS: Record<StatusKey, JiraStatus> = {
  todo: { self: `${SITE}/rest/api/3/status/10000`, id: '10000', name: 'To Do', description: '', statusCategory: { ...CAT.new } },
  progress: { self: `${SITE}/rest/api/3/status/3`, id: '3', name: 'In Progress', description: 'This issue is being actively worked on at the moment by the assignee.', statusCategory: { ...CAT.indeterminate } },
  review: { self: `${SITE}/rest/api/3/status/10001`, id: '10001', name: 'In Review', description: '', statusCategory: { ...CAT.indeterminate } },
  done: { self: `${SITE}/rest/api/3/status/10002`, id: '10002', name: 'Done', description: '', statusCategory: { ...CAT.done } },
};
export const RESOLUTION_DONE = { self: `${SITE}/rest/api/3/resolution/10000`, id: '10000', name: 'Done', description: 'Work has been completed on this issue.' };

const icon = (n: number) => `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${n}?size=medium`;
export const ISSUE_TYPES = {
  epic: { self: `${SITE}/rest/api/3/issuetype/10000`, id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down. Used for SAFe Features.', subtask: false, hierarchyLevel: 1, iconUrl: icon(10307) },
  story: { self: `${SITE}/rest/api/3/issuetype/10001`, id: '10001', name: 'Story', description: 'Stories track functionality or features expressed as user goals.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10315) },
  task: { self: `${SITE}/rest/api/3/issuetype/10002`, id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10318) },
  bug: { self: `${SITE}/rest/api/3/issuetype/10004`, id: '10004', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10303) },
  subtask: { self: `${SITE}/rest/api/3/issuetype/10003`, id: '10003', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1, iconUrl: icon(10316) },
  objective: { self: `${SITE}/rest/api/3/issuetype/10005`, id: '10005', name: 'PI Objective', description: 'A team PI objective with planned and actual business value (SAFe).', subtask: false, hierarchyLevel: 0, iconUrl: icon(10320) },
} satisfies Record<string, JiraIssueType>;

export const LINK_TYPES: JiraIssueLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks', self: `${SITE}/rest/api/3/issueLinkType/10000` },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates', self: `${SITE}/rest/api/3/issueLinkType/10002` },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to', self: `${SITE}/rest/api/3/issueLinkType/10003` },
];

function systemField(id: string, name: string, schema: JiraField['schema'] | undefined, clauseNames: string[], opts: Partial<Pick<JiraField, 'orderable' | 'navigable' | 'searchable'>> = {}): JiraField {
  const f: JiraField = { id, key: id, name, custom: false, orderable: opts.orderable ?? true, navigable: opts.navigable ?? true, searchable: opts.searchable ?? true, clauseNames };
  if (schema) f.schema = schema;
  return f;
}

function customField(id: string, name: string, type: string, custom: string, extraClauses: string[] = [], items?: string): JiraField {
  const customId = Number(id.replace('customfield_', ''));
  const schema: NonNullable<JiraField['schema']> = { type, custom, customId };
  if (items) schema.items = items;
  return { id, key: id, name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[${customId}]`, name, ...extraClauses], schema };
}

const FORGE_EXTENSION = 'ari:cloud:ecosystem::extension/00000000-0000-4000-8000-000000000000/5b1c9a7e-3d2f-4e8a-9b6c-1f0e2d3c4b5a/static';

export function buildFields(): JiraField[] {
  return [
    systemField('summary', 'Summary', { type: 'string', system: 'summary' }, ['summary']),
    systemField('description', 'Description', { type: 'string', system: 'description' }, ['description']),
    systemField('status', 'Status', { type: 'status', system: 'status' }, ['status'], { orderable: false }),
    systemField('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, ['issuetype', 'type']),
    systemField('parent', 'Parent', undefined, ['parent'], { orderable: false }),
    systemField('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, ['labels']),
    systemField('issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }, ['issueLink'], { searchable: true }),
    systemField('assignee', 'Assignee', { type: 'user', system: 'assignee' }, ['assignee']),
    systemField('reporter', 'Reporter', { type: 'user', system: 'reporter' }, ['reporter']),
    systemField('created', 'Created', { type: 'datetime', system: 'created' }, ['created', 'createdDate'], { orderable: false }),
    systemField('updated', 'Updated', { type: 'datetime', system: 'updated' }, ['updated', 'updatedDate'], { orderable: false }),
    systemField('resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }, ['resolutiondate', 'resolved'], { orderable: false }),
    systemField('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }, ['resolution']),
    systemField('project', 'Project', { type: 'project', system: 'project' }, ['project']),
    systemField('components', 'Components', { type: 'array', items: 'component', system: 'components' }, ['component']),
    systemField('fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }, ['fixVersion']),
    systemField('priority', 'Priority', { type: 'priority', system: 'priority' }, ['priority']),
    // Company-managed projects estimate in "Story Points" (a number field), team-managed ones in
    // "Story point estimate" (Jira Software's own type): a site with both has values in only one per project.
    customField(F.storyPoints, 'Story Points', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    customField(F.storyPointEstimate, 'Story point estimate', 'number', 'com.pyxis.greenhopper.jira:jsw-story-points'),
    customField(F.sprint, 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint', [], 'json'),
    // Jira Cloud's Team field (Atlassian Teams); its value is { id, name, title, ... }.
    customField(F.team, 'Team', 'team', 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team', ['Team[Team]']),
    customField(F.acceptanceCriteria, 'Acceptance criteria', 'string', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', ['Acceptance criteria[Paragraph]']),
    customField(F.rank, 'Rank', 'any', 'com.pyxis.greenhopper.jira:gh-lexo-rank'),
    customField(F.plannedBusinessValue, 'Planned business value', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    customField(F.actualBusinessValue, 'Actual business value', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    customField('customfield_10015', 'Start date', 'date', 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker', ['Start date[Date]']),
    customField('customfield_10021', 'Flagged', 'array', 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes', ['Flagged[Checkboxes]'], 'option'),
    // A Forge app's custom fields: `schema.custom` is the module's extension ARI (app id from manifest.yml, a fixed environment id).
    customField(F.wsjf, 'WSJF', 'number', `${FORGE_EXTENSION}/refinery-wsjf-field`, ['WSJF[Number]']),
    customField(F.costOfDelay, 'Cost of Delay', 'number', `${FORGE_EXTENSION}/refinery-cost-of-delay-field`, ['Cost of Delay[Number]']),
  ];
}
