/**
 * What a real site adds to the demo train (issue 13), in Jira's own shapes:
 * - a fifth ART team (Meteor) working in kanban: a kanban board, stories with no sprints;
 * - a team-managed project (ORB, "Orbit Platform"): `simplified`, a simple board without sprints,
 *   stories whose parent is an epic (no Epic Link field), estimated in "Story point estimate"
 *   (ART estimates in "Story Points"), and an Epic edit screen without the WSJF fields;
 * - a feature deleted after it was linked: a Meteor story's parent and another's "relates to"
 *   link still name it (DEMO_DELETED_FEATURE), as stale references do.
 * Own PRNG and appended after the train, so the four scrum teams' data does not change.
 */
import type { DataSet, JiraBoard, JiraChangelogHistory, JiraIssue, JiraProject, JiraStatus } from '../emulator/dataset';
import { mulberry32 } from '../random';

const SITE = 'https://aurora-demo.atlassian.net';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export const KANBAN_TEAM = 'Meteor';
export const TEAM_MANAGED = { key: 'ORB', name: 'Orbit Platform', id: '10001' } as const;
/** Key of the ART feature that was deleted after stories were linked to it. */
export const DEMO_DELETED_FEATURE = 'ART-900';

const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
type Adf = { type: string; [k: string]: unknown };
const doc = (...paragraphs: string[]): Adf => ({ type: 'doc', version: 1, content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })) });

const METEOR_STORIES: readonly [string, string, string][] = [
  ['Triage incoming support tickets by product area', 'support agent', 'the right team sees each ticket within an hour'],
  ['Show the status of a customer incident on the help centre', 'customer', 'I know when the service is back'],
  ['Export the week’s closed tickets as CSV', 'support lead', 'I can report resolution times'],
  ['Link a support ticket to the Jira bug it reports', 'support agent', 'the customer hears when the fix ships'],
  ['Alert the on-call engineer when a ticket is marked urgent', 'on-call engineer', 'urgent customer problems get an answer at night'],
  ['Suggest help-centre articles while a ticket is written', 'customer', 'I can solve simple problems myself'],
  ['Record the time to first response per ticket', 'support lead', 'we see whether we meet our promise'],
  ['Merge duplicate tickets from the same customer', 'support agent', 'one conversation holds the whole story'],
];

const ORBIT_STORIES: readonly [string, string, string][] = [
  ['Provision a workspace database in one click', 'platform engineer', 'new workspaces start in minutes'],
  ['Rotate database credentials without downtime', 'platform engineer', 'a leaked password is harmless within an hour'],
  ['Show storage use per workspace', 'workspace admin', 'I can plan before we hit the quota'],
  ['Back up every workspace nightly to a second region', 'platform engineer', 'a regional outage loses no data'],
  ['Restore one workspace from last night’s backup', 'support agent', 'a customer who deleted data gets it back the same day'],
  ['Throttle a workspace that exceeds its API quota', 'platform engineer', 'one noisy customer cannot slow the others'],
];

function statusLike(data: DataSet, category: 'new' | 'indeterminate' | 'done'): JiraStatus {
  return structuredClone(data.issues.map((i) => i.fields.status).find((s) => s.statusCategory.key === category)!);
}

export function addRealSiteShapes(data: DataSet, nowMs: number, seed: number): void {
  const rng = mulberry32(seed ^ 0x5eed13);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const art = data.projects[0];
  const artRef = { self: art.self, id: art.id, key: art.key, name: art.name };
  const todo = statusLike(data, 'new');
  const progress = statusLike(data, 'indeterminate');
  const done = statusLike(data, 'done');
  const resolution = data.issues.find((i) => i.fields.resolution)!.fields.resolution!;
  const story = data.issuetypes.find((t) => t.name === 'Story')!;
  const epic = data.issuetypes.find((t) => t.name === 'Epic')!;
  const fields = data.fields;
  const fieldId = (custom: string) => fields.find((f) => f.schema?.custom === custom)!.id;
  const sprintField = fieldId('com.pyxis.greenhopper.jira:gh-sprint');
  const rankField = fieldId('com.pyxis.greenhopper.jira:gh-lexo-rank');
  const teamField = fieldId('com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team');
  // ART (company-managed) estimates in "Story Points"; ORB (team-managed) in "Story point estimate".
  const pointsField = fields.find((f) => f.schema?.type === 'number' && /^story points$/i.test(f.name))!.id;
  const estimateField = fieldId('com.pyxis.greenhopper.jira:jsw-story-points');
  const acField = fields.find((f) => /^acceptance criteria$/i.test(f.name))!.id;
  const wsjfFields = fields.filter((f) => /\/static\/refinery-(wsjf|cost-of-delay)-field$/.test(f.schema?.custom ?? '')).map((f) => f.id);
  const popm = data.users[0];
  const author = { accountId: popm.accountId, accountType: popm.accountType, displayName: popm.displayName, active: true };

  let nextId = data.issues.reduce((m, i) => Math.max(m, Number(i.id) || 0), 0) + 1;
  let nextHistory = data.issues.flatMap((i) => i.changelog?.histories ?? []).reduce((m, h) => Math.max(m, Number(h.id) || 0), 0) + 1;
  const nextLink = data.issues.flatMap((i) => i.fields.issuelinks ?? []).reduce((m, l) => Math.max(m, Number(l.id) || 0), 0) + 1;
  let lastRank = data.issues.map((i) => i.fields[rankField]).filter((r): r is string => typeof r === 'string').sort().at(-1) ?? '0|i00000:';
  const nextRank = () => (lastRank = `${lastRank}m`);

  /** A story created `ageDays` ago that moved To Do → In Progress → Done as far as `status` says. */
  const makeIssue = (project: { id: string; key: string; name: string; self?: string }, key: string, summary: string, role: string, benefit: string, state: 'todo' | 'progress' | 'done', extra: Record<string, unknown>): JiraIssue => {
    const created = nowMs - (10 + Math.floor(rng() * 40)) * DAY;
    const histories: JiraChangelogHistory[] = [];
    const move = (at: number, from: JiraStatus, to: JiraStatus) => histories.push({ id: String(nextHistory++), author, created: jiraTime(at), items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name }] });
    const started = created + (2 + Math.floor(rng() * 5)) * DAY;
    const finished = Math.min(nowMs - DAY, started + (2 + Math.floor(rng() * 6)) * DAY);
    if (state !== 'todo') move(started, todo, progress);
    if (state === 'done') move(finished, progress, done);
    const id = String(nextId++);
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id,
      key,
      self: `${SITE}/rest/api/3/issue/${id}`,
      fields: {
        summary,
        issuetype: structuredClone(story),
        project,
        status: structuredClone(state === 'todo' ? todo : state === 'progress' ? progress : done),
        created: jiraTime(created),
        updated: jiraTime(histories.length ? Date.parse(histories.at(-1)!.created) : created),
        resolutiondate: state === 'done' ? jiraTime(finished) : null,
        resolution: state === 'done' ? structuredClone(resolution) : null,
        labels: [],
        description: doc(`As a ${role}, I want to ${summary.charAt(0).toLowerCase()}${summary.slice(1)} so that ${benefit}.`),
        issuelinks: [],
        assignee: null,
        reporter: author,
        components: [],
        fixVersions: [],
        [rankField]: nextRank(),
        [sprintField]: null,
        [acField]: doc(`Given a ${role}, when they ${summary.charAt(0).toLowerCase()}${summary.slice(1)}, then ${benefit}.`),
        ...extra,
      },
      changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
      properties: {},
    };
  };
  const parentRef = (e: JiraIssue) => ({ id: e.id, key: e.key, fields: { summary: e.fields.summary, status: e.fields.status, issuetype: e.fields.issuetype } });

  // --- ART: the Meteor team works in kanban ---------------------------------------------------
  const artBoard = data.boards[0];
  data.boards.push({ id: 5, self: `${SITE}/rest/agile/1.0/board/5`, name: `${KANBAN_TEAM} board`, type: 'kanban', location: { ...artBoard.location } });
  const openEpics = data.issues.filter((i) => i.fields.project.key === art.key && i.fields.issuetype.name === 'Epic' && i.fields.status.statusCategory.key !== 'done' && !data.users.some((u) => u.hiddenIssueKeys?.includes(i.key)));
  const meteorTeam = { id: 'a1b2c3d4-0005-4e5f-8a9b-c0d1e2f3a4b5', name: KANBAN_TEAM, title: KANBAN_TEAM, avatarUrl: '', isVisible: true, isVerified: false, isShared: true };
  // A loop, not Math.max(...): a 200,000-issue train (npm run bench -- --sizes 200000) overflows the call stack with a spread.
  let artNumber = data.issues.reduce((m, i) => (i.fields.project.key === art.key ? Math.max(m, Number(i.key.split('-')[1])) : m), -Infinity);
  const states = ['done', 'done', 'done', 'progress', 'progress', 'todo', 'todo', 'todo'] as const;
  const meteor = METEOR_STORIES.map(([summary, role, benefit], n) => {
    const parent = pick(openEpics);
    return makeIssue(artRef, `${art.key}-${++artNumber}`, summary, role, benefit, states[n], { [teamField]: meteorTeam, [pointsField]: n % 4 === 3 ? null : pick([1, 2, 3, 5]), parent: parentRef(parent) });
  });
  // The demo's deleted feature is ART-900; a train scaled past 900 issues (npm run bench) names the
  // number after its last issue instead, so the stale reference never points at a live issue.
  const deletedKey = artNumber < Number(DEMO_DELETED_FEATURE.split('-')[1]) ? DEMO_DELETED_FEATURE : `${art.key}-${artNumber + 1}`;
  // The deleted feature: still a parent of one story and linked from another.
  meteor[6].fields.parent = { id: '99000', key: deletedKey, fields: { summary: 'Self-service support portal (deleted)', status: structuredClone(progress), issuetype: structuredClone(epic) } };
  const relates = data.linktypes?.find((t) => t.name === 'Relates') ?? { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' };
  const linkId = String(nextLink);
  meteor[7].fields.issuelinks!.push({ id: linkId, self: `${SITE}/rest/api/3/issueLink/${linkId}`, type: structuredClone(relates), outwardIssue: { id: '99000', key: deletedKey, fields: { summary: 'Self-service support portal (deleted)', status: structuredClone(progress), issuetype: structuredClone(epic) } } });
  data.issues.push(...meteor);

  // --- ORB: a team-managed project ------------------------------------------------------------
  const orb: JiraProject = {
    self: `${SITE}/rest/api/3/project/${TEAM_MANAGED.id}`,
    id: TEAM_MANAGED.id,
    key: TEAM_MANAGED.key,
    name: TEAM_MANAGED.name,
    projectTypeKey: 'software',
    simplified: true,
    style: 'next-gen',
    lead: art.lead,
    issueTypes: art.issueTypes?.filter((t) => ['Epic', 'Story', 'Task', 'Bug', 'Sub-task'].includes(t.name)),
    // The team never added the WSJF fields to its epics' screen: Jira refuses to set them there.
    fieldsNotOnEditScreen: { Epic: wsjfFields },
  };
  data.projects.push(orb);
  const orbRef = { self: orb.self, id: orb.id, key: orb.key, name: orb.name };
  const board: JiraBoard = { id: 6, self: `${SITE}/rest/agile/1.0/board/6`, name: 'ORB board', type: 'simple', location: { projectId: Number(orb.id), projectKey: orb.key, projectName: orb.name, displayName: `${orb.name} (${orb.key})` } };
  data.boards.push(board);
  const orbEpic = makeIssue(orbRef, `${orb.key}-1`, 'Self-service workspace operations', 'platform engineer', 'workspace chores need no ticket', 'progress', {});
  orbEpic.fields.issuetype = structuredClone(epic);
  orbEpic.fields[acField] = null;
  orbEpic.fields[estimateField] = null;
  const orbStates = ['done', 'done', 'progress', 'todo', 'todo', 'todo'] as const;
  const orbStories = ORBIT_STORIES.map(([summary, role, benefit], n) => makeIssue(orbRef, `${orb.key}-${n + 2}`, summary, role, benefit, orbStates[n], { [estimateField]: pick([1, 2, 3, 5, 8]), parent: parentRef(orbEpic) }));
  data.issues.push(orbEpic, ...orbStories);
  for (const u of data.users) {
    const p = u.projectPermissions[art.key];
    if (p) u.projectPermissions[orb.key] = [...p];
  }
}
