/**
 * A deterministic demo Agile Release Train ("Aurora Release Train", project ART) in Jira Cloud's own
 * REST shapes: four teams with a scrum board each, 11 sprints per team (8 closed, 1 active, 2 future),
 * a fifth team working in kanban, a team-managed project (ORB) beside it (see realSiteShapes.ts),
 * ~30 features (Epics) with and without WSJF scores, ~400 stories of varied quality with changelogs
 * that replay to their current Sprint and status values, cross-team "Blocks" dependencies and
 * Inspect & Adapt improvement items.
 *
 * The same seed and `now` always give the same data set (seeded PRNG, no Math.random).
 */
import type {
  DataSet,
  DemoUser,
  JiraBoard,
  JiraChangelogHistory,
  JiraChangelogItem,
  JiraField,
  JiraIssue,
  JiraIssueLink,
  JiraIssueLinkType,
  JiraIssueType,
  JiraPermissionKey,
  JiraProject,
  JiraSprint,
  JiraStatus,
  JiraUser,
} from '../emulator/dataset';
import { DOMAINS, IMPROVEMENTS_PI3, IMPROVEMENTS_PI4, NON_ATOMIC, PLACEHOLDER_TEXT, RETRO_ITEMS, SLICES, SPRINT_GOALS, TECHNICAL, VAGUE_AC, VAGUE_TEXT, type Domain, type StoryItem } from './text';
import { mulberry32 } from '../random';
import { addRealSiteShapes, DEMO_DELETED_FEATURE, KANBAN_TEAM, TEAM_MANAGED } from './realSiteShapes';

export const DEMO = {
  projectKey: 'ART',
  projectName: 'Aurora Release Train',
  siteUrl: 'https://aurora-demo.atlassian.net',
  users: {
    popm: '5d53f3cbc6b9320d9ea5bdc2',
    member: '5e1f2a7b9c0d4e3f2a1b0c9d',
    admin: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    restricted: '60a7c9e2f1b34d0069e5a8b1',
  },
  fieldIds: {
    /** "Story Points", the company-managed number field ART estimates in. */
    storyPoints: 'customfield_10016',
    /** "Story point estimate" (Jira Software's type), the team-managed ORB's estimate field. */
    storyPointEstimate: 'customfield_10036',
    sprint: 'customfield_10020',
    team: 'customfield_10001',
    acceptanceCriteria: 'customfield_10050',
    rank: 'customfield_10019',
    /** The app's own `jira:customField` number fields (manifest keys refinery-wsjf-field, refinery-cost-of-delay-field). */
    wsjf: 'customfield_10060',
    costOfDelay: 'customfield_10061',
  },
  /** The four scrum teams; the fifth team, Meteor, works in kanban (`kanbanTeam`, realSiteShapes.ts). */
  teams: ['Comet', 'Nebula', 'Pulsar', 'Quasar'],
  kanbanTeam: KANBAN_TEAM,
  /** A team-managed project beside the train (simple board, parent without Epic Link). */
  teamManagedProjectKey: TEAM_MANAGED.key,
  /** A feature deleted after stories were linked to it: a parent and a link still name this key. */
  deletedFeatureKey: DEMO_DELETED_FEATURE,
  labels: { improvement: 'improvement', inspectAndAdapt: 'inspect-and-adapt', retrospective: 'retrospective', earlierPi: 'PI-2026.3', currentPi: 'PI-2026.4' },
} as const;

export interface GenerateOptions {
  seed?: number;
  now?: Date | string;
  /** Multiplier for the number of stories (default 1 ≈ 400 stories). */
  scale?: number;
}

// ---------------------------------------------------------------------------------------------------
// Basics: PRNG, time, ADF


class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SPRINT_LENGTH = 14 * DAY;

/** Issue and changelog timestamps as Jira's REST API v3 writes them. */
const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
/** Agile API (sprint) timestamps. */
const agileTime = (ms: number) => new Date(ms).toISOString();

type Adf = { type: string; [k: string]: unknown };
const txt = (t: string, strong = false): Adf => (strong ? { type: 'text', text: t, marks: [{ type: 'strong' }] } : { type: 'text', text: t });
const para = (...parts: (string | Adf)[]): Adf => ({ type: 'paragraph', content: parts.map((p) => (typeof p === 'string' ? txt(p) : p)) });
const heading = (level: number, t: string): Adf => ({ type: 'heading', attrs: { level }, content: [txt(t)] });
const bullets = (items: string[]): Adf => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [para(i)] })) });
const ordered = (items: readonly string[]): Adf => ({ type: 'orderedList', attrs: { order: 1 }, content: items.map((i) => ({ type: 'listItem', content: [para(i)] })) });
const doc = (...content: Adf[]): Adf => ({ type: 'doc', version: 1, content });

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (role: string) => (/^[aeiou]/i.test(role) ? 'an' : 'a');

// ---------------------------------------------------------------------------------------------------
// Static Jira metadata

const SITE = DEMO.siteUrl;
const F = DEMO.fieldIds;

const CAT = {
  new: { self: `${SITE}/rest/api/3/statuscategory/2`, id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { self: `${SITE}/rest/api/3/statuscategory/4`, id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { self: `${SITE}/rest/api/3/statuscategory/3`, id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

type StatusKey = 'todo' | 'progress' | 'review' | 'done';
const STATUS: Record<StatusKey, JiraStatus> = {
  todo: { self: `${SITE}/rest/api/3/status/10000`, id: '10000', name: 'To Do', description: '', statusCategory: { ...CAT.new } },
  progress: { self: `${SITE}/rest/api/3/status/3`, id: '3', name: 'In Progress', description: 'This issue is being actively worked on at the moment by the assignee.', statusCategory: { ...CAT.indeterminate } },
  review: { self: `${SITE}/rest/api/3/status/10001`, id: '10001', name: 'In Review', description: '', statusCategory: { ...CAT.indeterminate } },
  done: { self: `${SITE}/rest/api/3/status/10002`, id: '10002', name: 'Done', description: '', statusCategory: { ...CAT.done } },
};
const RESOLUTION_DONE = { self: `${SITE}/rest/api/3/resolution/10000`, id: '10000', name: 'Done', description: 'Work has been completed on this issue.' };

const icon = (n: number) => `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${n}?size=medium`;
const ISSUE_TYPES = {
  epic: { self: `${SITE}/rest/api/3/issuetype/10000`, id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down. Used for SAFe Features.', subtask: false, hierarchyLevel: 1, iconUrl: icon(10307) },
  story: { self: `${SITE}/rest/api/3/issuetype/10001`, id: '10001', name: 'Story', description: 'Stories track functionality or features expressed as user goals.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10315) },
  task: { self: `${SITE}/rest/api/3/issuetype/10002`, id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10318) },
  bug: { self: `${SITE}/rest/api/3/issuetype/10004`, id: '10004', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, iconUrl: icon(10303) },
  subtask: { self: `${SITE}/rest/api/3/issuetype/10003`, id: '10003', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1, iconUrl: icon(10316) },
  objective: { self: `${SITE}/rest/api/3/issuetype/10005`, id: '10005', name: 'PI Objective', description: 'A team PI objective with planned and actual business value (SAFe).', subtask: false, hierarchyLevel: 0, iconUrl: icon(10320) },
} satisfies Record<string, JiraIssueType>;

const LINK_TYPES: JiraIssueLinkType[] = [
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

function buildFields(): JiraField[] {
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
    customField('customfield_10060', 'Planned business value', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    customField('customfield_10061', 'Actual business value', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    customField('customfield_10015', 'Start date', 'date', 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker', ['Start date[Date]']),
    customField('customfield_10021', 'Flagged', 'array', 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes', ['Flagged[Checkboxes]'], 'option'),
    // A Forge app's custom fields: `schema.custom` is the module's extension ARI (app id from manifest.yml, a fixed environment id).
    customField(F.wsjf, 'WSJF', 'number', `${FORGE_EXTENSION}/refinery-wsjf-field`, ['WSJF[Number]']),
    customField(F.costOfDelay, 'Cost of Delay', 'number', `${FORGE_EXTENSION}/refinery-cost-of-delay-field`, ['Cost of Delay[Number]']),
  ];
}

// ---------------------------------------------------------------------------------------------------
// People

const ALL_PROJECT_PERMS: JiraPermissionKey[] = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'SCHEDULE_ISSUES', 'ADMINISTER_PROJECTS'];

function person(accountId: string, displayName: string, email: string, timeZone = 'Europe/Berlin'): JiraUser {
  return {
    self: `${SITE}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`,
    accountId,
    accountType: 'atlassian',
    displayName,
    emailAddress: email,
    active: true,
    timeZone,
    avatarUrls: { '48x48': `https://secure.gravatar.com/avatar/${accountId.replace(/[^a-f0-9]/g, '').slice(0, 32).padEnd(32, '0')}?d=identicon`, '24x24': `https://secure.gravatar.com/avatar/${accountId.replace(/[^a-f0-9]/g, '').slice(0, 32).padEnd(32, '0')}?s=24&d=identicon` },
  };
}

const POPM = person(DEMO.users.popm, 'Priya Raman', 'priya.raman@aurora-demo.example');
const MEMBER = person(DEMO.users.member, 'Tomás Eriksen', 'tomas.eriksen@aurora-demo.example');
const ADMIN = person(DEMO.users.admin, 'Grace Okafor', 'grace.okafor@aurora-demo.example', 'Europe/London');
const RESTRICTED = person(DEMO.users.restricted, 'Lukas Brandt', 'lukas.brandt@contractor.example', 'Europe/Vienna');

const TEAM_PEOPLE: readonly (readonly string[])[] = [
  ['Amelia Novak', 'Daniel Osei', 'Hannah Lindqvist', 'Rafael Costa'],
  ['Yuki Tanaka', 'Oliver Brennan', 'Fatima Zahra', 'Marco Bellini'],
  ['Sofia Petrov', 'Kwame Mensah', 'Ingrid Solberg', 'Arjun Mehta'],
  ['Chloe Martin', 'Mateo Alvarez', 'Nadia Haddad', 'Ben Whitaker'],
];

function teamMembers(): JiraUser[][] {
  const r = new Rng(424242); // fixed: the same people for every seed
  return TEAM_PEOPLE.map((names) =>
    names.map((n) => {
      const email = `${n.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(' ', '.')}@aurora-demo.example`;
      return person(`712020:${r.uuid()}`, n, email);
    }),
  );
}

function buildUsers(hiddenIssueKeys: string[]): DemoUser[] {
  const demo = (u: JiraUser, globalPermissions: JiraPermissionKey[], perms: JiraPermissionKey[], extra: Partial<DemoUser> = {}): DemoUser => ({
    ...u,
    globalPermissions,
    projectPermissions: { [DEMO.projectKey]: perms },
    apiToken: 'demo',
    ...extra,
  });
  return [
    demo(POPM, [], ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'SCHEDULE_ISSUES']),
    demo(MEMBER, [], ['BROWSE_PROJECTS', 'CREATE_ISSUES']),
    demo(ADMIN, ['ADMINISTER'], [...ALL_PROJECT_PERMS]),
    demo(RESTRICTED, [], ['BROWSE_PROJECTS'], { hiddenIssueKeys }),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Simulation model

type Quality = 'gherkin' | 'tasklist' | 'acfield' | 'boldac' | 'noac' | 'vague' | 'nonatomic' | 'technical' | 'placeholder';

interface Sim {
  kind: 'epic' | 'story';
  team: number;
  created: number;
  summary: string;
  description: Adf | null;
  acField: Adf | null;
  labels: string[];
  points: number | null;
  parent: Sim | null;
  status: StatusKey;
  resolvedAt: number | null;
  sprints: number[]; // current Sprint field value (sprint ids, in order added)
  events: { at: number; author: JiraUser; items: JiraChangelogItem[] }[];
  lastAt: number;
  assignee: JiraUser | null;
  /** Forced outcome for improvement items. */
  force?: 'done' | 'open' | 'carried' | 'active';
  quality?: Quality;
  reopenAt?: number;
  rankKey: number;
  properties?: Record<string, unknown>;
  // assigned later
  id?: string;
  key?: string;
  links: JiraIssueLink[];
}

interface SprintInfo {
  sprint: JiraSprint;
  team: number;
  index: number; // 0..10
  start: number | null;
  end: number | null;
  complete: number | null;
}

export function generateDemoTrain(opts: GenerateOptions = {}): DataSet {
  const seed = opts.seed ?? 20261120;
  const nowMs = opts.now === undefined ? Date.now() : new Date(opts.now).getTime();
  if (!Number.isFinite(nowMs)) throw new Error(`generateDemoTrain: invalid now ${String(opts.now)}`);
  const scale = opts.scale ?? 1;
  const rng = new Rng(seed);
  const people = teamMembers();
  const n = (base: number) => Math.max(0, Math.round(base * scale));

  // ------------------------------------------------------------------------------ project, boards
  const project: JiraProject = {
    self: `${SITE}/rest/api/3/project/10000`,
    id: '10000',
    key: DEMO.projectKey,
    name: DEMO.projectName,
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    lead: POPM,
    issueTypes: Object.values(ISSUE_TYPES),
  };
  const projectRef = { self: project.self, id: project.id, key: project.key, name: project.name };
  const boards: JiraBoard[] = DEMO.teams.map((t, i) => ({
    id: i + 1,
    self: `${SITE}/rest/agile/1.0/board/${i + 1}`,
    name: `${t} board`,
    type: 'scrum',
    location: { projectId: 10000, projectKey: DEMO.projectKey, projectName: DEMO.projectName, displayName: `${DEMO.projectName} (${DEMO.projectKey})` },
  }));

  // ------------------------------------------------------------------------------ sprints
  // A common biweekly cadence anchored on Monday 2024-01-01 08:00 UTC; the active sprint contains now.
  const epoch = Date.UTC(2024, 0, 1, 8);
  const activeStart = epoch + Math.floor((nowMs - epoch) / SPRINT_LENGTH) * SPRINT_LENGTH;
  const firstNumber = 12;
  const sprintInfos: SprintInfo[][] = DEMO.teams.map(() => []);
  let sprintId = 37;
  for (let index = 0; index < 11; index++) {
    for (let team = 0; team < DEMO.teams.length; team++) {
      const start = activeStart + (index - 8) * SPRINT_LENGTH;
      const state: JiraSprint['state'] = index < 8 ? 'closed' : index === 8 ? 'active' : 'future';
      const s: JiraSprint = {
        id: sprintId,
        self: `${SITE}/rest/agile/1.0/sprint/${sprintId}`,
        state,
        name: `${DEMO.teams[team]} Sprint ${firstNumber + index}`,
        originBoardId: team + 1,
      };
      sprintId++;
      const info: SprintInfo = { sprint: s, team, index, start: null, end: null, complete: null };
      if (index <= 9) {
        info.start = start;
        info.end = start + SPRINT_LENGTH - HOUR;
        s.startDate = agileTime(info.start);
        s.endDate = agileTime(info.end);
      }
      if (state === 'closed') {
        info.complete = info.end! + rng.int(5, 50) * MIN;
        s.completeDate = agileTime(info.complete);
      }
      s.createdDate = agileTime(start - rng.int(18, 30) * DAY);
      sprintInfos[team].push(info);
    }
  }
  const sprintById = new Map<number, SprintInfo>(sprintInfos.flat().map((i) => [i.sprint.id, i]));
  const sprintFieldValue = (ids: number[]) =>
    ids.map((id) => {
      const s = sprintById.get(id)!.sprint;
      const v: Record<string, unknown> = { id: s.id, name: s.name, state: s.state, boardId: s.originBoardId, goal: s.goal ?? '' };
      if (s.startDate) v.startDate = s.startDate;
      if (s.endDate) v.endDate = s.endDate;
      if (s.completeDate) v.completeDate = s.completeDate;
      return v;
    });

  // ------------------------------------------------------------------------------ epics (features)
  const sims: Sim[] = [];
  const newSim = (kind: Sim['kind'], team: number, created: number, summary: string): Sim => {
    const s: Sim = { kind, team, created, summary, description: null, acField: null, labels: [], points: null, parent: null, status: 'todo', resolvedAt: null, sprints: [], events: [], lastAt: created, assignee: null, rankKey: 0, links: [] };
    sims.push(s);
    return s;
  };
  const epicDomain = new Map<Sim, Domain>();
  const epicsByTeam: Sim[][] = DEMO.teams.map(() => []);
  let confidentialEpic: Sim | null = null;
  const epicSpecs = DOMAINS.flatMap((d, di) => d.epics.map((name, ei) => ({ d, name, team: (di + ei) % DEMO.teams.length })));
  for (const spec of rng.shuffle(epicSpecs)) {
    const created = nowMs - rng.int(170, 240) * DAY + rng.int(0, 8 * 60) * MIN;
    const e = newSim('epic', spec.team, created, spec.name);
    epicDomain.set(e, spec.d);
    epicsByTeam[spec.team].push(e);
    const role = rng.pick(spec.d.roles);
    e.description = doc(
      heading(2, 'Benefit hypothesis'),
      para(`We believe that "${spec.name.toLowerCase()}" will help ${role}s get their work done with less friction, measured by fewer support tickets about ${spec.d.name} and higher weekly active use.`),
      heading(2, 'Acceptance criteria'),
      bullets([`Available to all ${spec.d.name} customers behind a feature flag`, 'Usage analytics in place before general availability', 'Help centre article published']),
      heading(3, 'Out of scope'),
      para('Changes to the legacy admin console.'),
    );
    e.labels = [spec.d.name];
    if (spec.name.includes('Vega')) {
      confidentialEpic = e;
      e.labels.push('confidential');
    }
    e.assignee = POPM;
    e.rankKey = rng.float();
  }
  const allEpics = sims.filter((s) => s.kind === 'epic');

  // ------------------------------------------------------------------------------ story text
  const usedSummaries = new Set<string>();
  const teamQuality: Record<Quality, number>[] = [
    // Comet: disciplined
    { gherkin: 34, tasklist: 16, acfield: 16, boldac: 9, noac: 6, vague: 4, nonatomic: 4, technical: 7, placeholder: 4 },
    // Nebula: many stories without acceptance criteria, vague and placeholder text
    { gherkin: 13, tasklist: 8, acfield: 6, boldac: 5, noac: 32, vague: 12, nonatomic: 7, technical: 7, placeholder: 10 },
    // Pulsar
    { gherkin: 28, tasklist: 14, acfield: 18, boldac: 8, noac: 10, vague: 6, nonatomic: 5, technical: 6, placeholder: 5 },
    // Quasar
    { gherkin: 24, tasklist: 18, acfield: 14, boldac: 10, noac: 11, vague: 6, nonatomic: 5, technical: 8, placeholder: 4 },
  ];

  const userStory = (role: string, means: string, benefit: string | null) => `As ${article(role)} ${role}, I want to ${means}${benefit ? ` so that ${benefit}` : ''}.`;
  const gherkin = (item: StoryItem, qualifier: string): Adf[] => {
    const out: Adf[] = [para(txt('Scenario: ', true), capitalize(item[1]) + (qualifier ? ` ${qualifier}` : '')), bullets([`Given ${item[3]}`, `When ${item[4]}`, `Then ${item[5]}`])];
    if (rng.chance(0.45)) {
      out.push(para(txt('Scenario: ', true), 'Not allowed'), bullets(['Given I am signed in without the required permission', `When I try to ${item[1]}`, 'Then I see a "You don\'t have access" message and nothing is changed']));
    }
    return out;
  };
  const taskList = (items: string[], done: boolean): Adf => ({
    type: 'taskList',
    attrs: { localId: rng.uuid() },
    content: items.map((t) => ({ type: 'taskItem', attrs: { localId: rng.uuid(), state: done ? 'DONE' : 'TODO' }, content: [txt(t)] })),
  });

  const uniqueSummary = (base: string) => {
    let s = base;
    for (const suffix of rng.shuffle([' - follow-up', ' - second iteration', ' for the partner portal', ' for the admin console', ' - phase 3'])) {
      if (!usedSummaries.has(s)) break;
      s = `${base}${suffix}`;
    }
    for (let k = 2; usedSummaries.has(s); k++) s = `${base} - part ${k}`;
    usedSummaries.add(s);
    return s;
  };

  const pickPoints = (team: number, quality: Quality): number | null => {
    const missing = quality === 'placeholder' ? 0.7 : team === 1 ? 0.14 : 0.05;
    if (rng.chance(missing)) return null;
    if (rng.chance(quality === 'nonatomic' ? 0.4 : 0.035)) return rng.pick([13, 21, 40]);
    return rng.pick([1, 2, 2, 3, 3, 3, 5, 5, 5, 8, 8]);
  };

  /** Fills summary, description, AC field, points for a new story of a team's epic. */
  const writeStory = (s: Sim) => {
    const epic = s.parent;
    const domain = epic ? epicDomain.get(epic)! : rng.pick(DOMAINS);
    const quality = rng.weighted(teamQuality[s.team]);
    s.quality = quality;
    s.labels = [domain.name];
    const role = rng.pick(domain.roles);
    if (quality === 'technical') {
      const [summary, means, benefit, steps] = rng.pick(TECHNICAL);
      s.summary = uniqueSummary(`${rng.pick(['', '', 'Spike: ', 'Clean-up: ', 'Follow-up: '])}${summary}`);
      s.labels = ['tech-debt'];
      const content: Adf[] = [para(userStory('developer', means, benefit))];
      if (rng.chance(0.6)) content.push(heading(3, 'Implementation'), ordered(steps));
      if (rng.chance(0.6)) content.push(heading(3, 'Acceptance criteria'), taskList(['All existing tests pass', 'No change in p95 latency', 'Runbook updated'], false));
      s.description = doc(...content);
      s.points = pickPoints(s.team, quality);
      return;
    }
    if (quality === 'nonatomic') {
      const [summary, r, means, benefit] = rng.pick(NON_ATOMIC);
      s.summary = uniqueSummary(summary);
      s.description = doc(para(userStory(r, means, benefit)), heading(3, 'Acceptance criteria'), bullets([`Given I am ${article(r)} ${r}`, `When I ${means}`, 'Then every step completes without leaving the page']));
      s.points = pickPoints(s.team, quality);
      return;
    }
    // Domain item with a slice and a qualifier, unique per summary.
    let item: StoryItem = rng.pick(domain.items);
    let summary = '';
    let qualifier = '';
    const phase2 = rng.chance(0.03);
    for (let attempt = 0; attempt < 40; attempt++) {
      item = rng.pick(domain.items);
      const slice = attempt < 3 ? rng.pick(['', '', '', ...SLICES.slice(1, 3)]) : rng.pick(SLICES);
      qualifier = rng.chance(attempt < 3 ? 0.3 : 0.6) ? rng.pick(domain.qualifiers) : '';
      summary = `${item[0]}${qualifier ? ` ${qualifier}` : ''}${slice}`;
      if (phase2) summary += ' (phase 2)';
      if (!usedSummaries.has(summary)) break;
    }
    s.summary = uniqueSummary(summary);
    const means = item[1] + (qualifier ? ` ${qualifier}` : '');
    const story = para(userStory(role, means, rng.chance(0.88) ? item[2] : null));
    switch (quality) {
      case 'gherkin':
        s.description = doc(story, heading(3, 'Acceptance criteria'), ...gherkin(item, qualifier));
        break;
      case 'tasklist':
        s.description = doc(story, heading(3, 'Acceptance criteria'), taskList([capitalize(item[5]), 'Error states show a clear message', 'Event tracked in analytics'], false));
        break;
      case 'acfield':
        s.description = doc(story, para(rng.pick(['Design: see the Figma frame linked in the feature.', 'Copy reviewed by UX writing.', `Part of ${epic?.summary ?? domain.name}.`])));
        s.acField = rng.chance(0.6) ? doc(...gherkin(item, qualifier)) : doc(bullets([capitalize(item[5]), 'Works for keyboard-only users', 'Covered by an automated end-to-end test']));
        break;
      case 'boldac':
        s.description = doc(story, para(txt('Acceptance criteria:', true)), bullets([capitalize(item[5]), 'Error states show a clear message']));
        break;
      case 'noac':
        s.description = doc(story, ...(rng.chance(0.5) ? [para(`Context: requested by several ${role}s in customer interviews.`)] : []));
        break;
      case 'vague':
        s.description = doc(para(rng.pick(VAGUE_TEXT)), ...(rng.chance(0.6) ? [heading(3, 'Acceptance criteria'), para(rng.pick(VAGUE_AC))] : []));
        break;
      case 'placeholder': {
        const t = rng.pick(PLACEHOLDER_TEXT);
        s.description = rng.chance(0.25) ? null : doc(para(t));
        break;
      }
    }
    s.points = pickPoints(s.team, quality);
  };

  // ------------------------------------------------------------------------------ changelog helpers
  const bump = (s: Sim, at: number) => {
    const t = Math.max(Math.round(at), s.lastAt + MIN);
    s.lastAt = t;
    return t;
  };
  const sprintLabel = (ids: number[]) => ({ ids: ids.length ? ids.join(', ') : null, names: ids.length ? ids.map((id) => sprintById.get(id)!.sprint.name).join(', ') : null });
  const setSprints = (s: Sim, next: number[], at: number, author: JiraUser = POPM) => {
    const from = sprintLabel(s.sprints);
    const to = sprintLabel(next);
    s.sprints = next;
    s.events.push({ at: bump(s, at), author, items: [{ field: 'Sprint', fieldtype: 'custom', fieldId: F.sprint, from: from.ids, fromString: from.names, to: to.ids, toString: to.names }] });
  };
  const addToSprint = (s: Sim, id: number, at: number) => setSprints(s, [...s.sprints, id], at);
  const removeFromSprint = (s: Sim, id: number, at: number) => setSprints(s, s.sprints.filter((x) => x !== id), at);
  const transition = (s: Sim, to: StatusKey, at: number) => {
    if (s.status === to) return;
    const author = s.assignee ?? POPM;
    const items: JiraChangelogItem[] = [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUS[s.status].id, fromString: STATUS[s.status].name, to: STATUS[to].id, toString: STATUS[to].name }];
    if (to === 'done') items.push({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: RESOLUTION_DONE.id, toString: RESOLUTION_DONE.name });
    if (s.status === 'done') items.push({ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: RESOLUTION_DONE.id, fromString: RESOLUTION_DONE.name, to: null, toString: null });
    const t = bump(s, at);
    s.events.push({ at: t, author, items });
    s.status = to;
    s.resolvedAt = to === 'done' ? t : null;
  };
  const assign = (s: Sim, at: number) => {
    if (s.assignee) return;
    const who = rng.pick(people[s.team]);
    s.events.push({ at: bump(s, at), author: who, items: [{ field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: null, fromString: null, to: who.accountId, toString: who.displayName }] });
    s.assignee = who;
  };
  /** Work a story inside [a, b]: start, review, done. */
  const complete = (s: Sim, a: number, b: number) => {
    const span = b - a;
    if (s.status === 'todo') {
      assign(s, a + span * 0.05);
      transition(s, 'progress', a + span * rng.between(0.08, 0.3));
    }
    if (s.status === 'progress') transition(s, 'review', a + span * rng.between(0.55, 0.8));
    transition(s, 'done', b);
  };
  const partial = (s: Sim, a: number, b: number) => {
    const span = b - a;
    if (s.status === 'todo' && rng.chance(0.65)) {
      assign(s, a + span * 0.1);
      transition(s, 'progress', a + span * rng.between(0.15, 0.6));
    }
    if (s.status === 'progress' && rng.chance(0.3)) transition(s, 'review', a + span * rng.between(0.7, 0.95));
  };

  // Each team has two features delivered early (sprints 0-4), two not started yet (future sprints and
  // backlog only) and the rest running throughout.
  const epicWindow = new Map<Sim, [number, number]>();
  for (const es of epicsByTeam) {
    [...es].sort((a, b) => a.created - b.created).forEach((e, i, all) => epicWindow.set(e, i < 2 ? [0, 4] : i >= all.length - 2 ? [9, 11] : [0, 11]));
  }
  const teamEpicWeights = new Map(allEpics.map((e) => [e, rng.between(0.3, 1.5)]));
  /** A new story for a team, for sprint `index` (11 = backlog), created some time before `before`. */
  const newStory = (team: number, before: number, index: number, parentless = false): Sim => {
    const created = before - rng.int(2 * 60, 45 * 24 * 60) * MIN;
    const s = newSim('story', team, created, '');
    if (!parentless) {
      const inWindow = epicsByTeam[team].filter((e) => epicWindow.get(e)![0] <= index && index <= epicWindow.get(e)![1]);
      const es = inWindow.length ? inWindow : epicsByTeam[team];
      const w = es.map((e) => teamEpicWeights.get(e)!);
      let r = rng.float() * w.reduce((x, y) => x + y, 0);
      let parent = es[es.length - 1];
      for (let i = 0; i < es.length; i++) {
        r -= w[i];
        if (r < 0) {
          parent = es[i];
          break;
        }
      }
      s.parent = parent;
      if (s.created < parent.created + DAY) s.created = s.lastAt = parent.created + rng.int(1, 20) * DAY;
    }
    writeStory(s);
    s.rankKey = rng.float();
    return s;
  };

  // ------------------------------------------------------------------------------ improvement items
  const improvementSims: { s: Sim; entry: number | null }[] = [];
  const iaEvents = [
    { at: sprintInfos[0][1].complete! + 3 * HOUR, label: DEMO.labels.earlierPi, items: IMPROVEMENTS_PI3 as readonly (readonly [string, 'done' | 'open' | 'carried' | 'active'])[], firstSprint: 2 },
    { at: sprintInfos[0][6].complete! + 3 * HOUR, label: DEMO.labels.currentPi, items: IMPROVEMENTS_PI4, firstSprint: 7 },
  ];
  for (const ev of iaEvents) {
    ev.items.forEach(([summary, outcome], i) => {
      const team = (i + (ev.firstSprint === 2 ? 0 : 1)) % DEMO.teams.length;
      const s = newSim('story', team, ev.at + i * 7 * MIN, uniqueSummary(summary));
      s.labels = [DEMO.labels.improvement, DEMO.labels.inspectAndAdapt, ev.label];
      s.description = doc(
        para(`Raised at the Inspect & Adapt problem-solving workshop (${ev.label}).`),
        heading(3, 'Problem'),
        para('Identified as a root cause during the fishbone analysis and voted into the top three by the train.'),
        heading(3, 'Acceptance criteria'),
        taskList(['Owner named and agreed in the ART sync', 'Result demonstrated at the next system demo'], outcome === 'done'),
      );
      s.points = rng.pick([1, 2, 3, 3, 5]);
      s.force = outcome;
      s.rankKey = rng.float() * 0.3;
      const entry = outcome === 'open' ? null : outcome === 'active' ? 8 : Math.min(8, ev.firstSprint + (i % 2));
      improvementSims.push({ s, entry });
    });
  }
  RETRO_ITEMS.forEach((summary, i) => {
    const team = i === 0 ? 1 : 3;
    const at = Math.min(sprintInfos[team][7].complete! + 2 * HOUR, nowMs - 3 * HOUR);
    const s = newSim('story', team, at, uniqueSummary(summary));
    s.labels = [DEMO.labels.improvement, DEMO.labels.retrospective];
    s.description = doc(para(`Action from the ${sprintInfos[team][7].sprint.name} retrospective.`));
    s.points = 1;
    s.force = i === 0 ? 'active' : 'done';
    s.rankKey = rng.float() * 0.3;
    improvementSims.push({ s, entry: 8 });
  });

  // ------------------------------------------------------------------------------ sprint simulation
  const acceptance = (team: number, index: number) => {
    const noise = rng.between(-0.05, 0.05);
    const base = [0.9, 0.93 - index * 0.06, 0.8, 0.7 + index * 0.025][team];
    return Math.min(0.97, Math.max(0.4, base + noise));
  };
  const reopenRate = [0.05, 0.12, 0.06, 0.07];

  for (let team = 0; team < DEMO.teams.length; team++) {
    let carry: Sim[] = [];
    let reopened: Sim[] = [];
    const infos = sprintInfos[team];
    for (let index = 0; index <= 8; index++) {
      const info = infos[index];
      const start = info.start!;
      const isActive = index === 8;
      const end = isActive ? nowMs : info.end!;
      const epicNames = epicsByTeam[team].map((e) => e.summary);
      info.sprint.goal = rng.pick(SPRINT_GOALS).replace('{epic}', rng.pick(epicNames));
      const members: { s: Sim; committed: boolean; addedAt: number }[] = [];
      // carried over at the previous sprint's completion: committed
      for (const s of carry) {
        addToSprint(s, info.sprint.id, infos[index - 1].complete!);
        members.push({ s, committed: true, addedAt: infos[index - 1].complete! });
      }
      // planned at sprint planning
      const planned = isActive ? n(rng.int(5, 7)) : n(rng.int(5, 8));
      for (let k = 0; k < planned; k++) {
        const at = start - rng.int(60, 3 * 24 * 60) * MIN;
        const s = newStory(team, at, index);
        addToSprint(s, info.sprint.id, at);
        members.push({ s, committed: true, addedAt: at });
      }
      // improvement items entering here
      for (const imp of improvementSims) {
        if (imp.entry !== index || imp.s.team !== team) continue;
        const at = Math.max(start - rng.int(60, 24 * 60) * MIN, imp.s.created + HOUR);
        if (at >= end - HOUR) continue;
        addToSprint(imp.s, info.sprint.id, at);
        members.push({ s: imp.s, committed: at <= start, addedAt: at });
      }
      // added mid-sprint
      const added = n(rng.int(0, 2));
      for (let k = 0; k < added; k++) {
        const at = start + rng.between(0.5, isActive ? 0.9 : 9) * DAY;
        if (at >= end) continue;
        const s = newStory(team, at, index);
        addToSprint(s, info.sprint.id, at);
        members.push({ s, committed: false, addedAt: at });
      }
      // reopened stories come back mid-sprint
      for (const s of reopened) {
        const at = s.reopenAt! + rng.int(30, 20 * 60) * MIN;
        if (at >= end) continue;
        addToSprint(s, info.sprint.id, at);
        members.push({ s, committed: false, addedAt: at });
      }
      reopened = reopened.filter((s) => !s.sprints.includes(info.sprint.id));

      const p = acceptance(team, index);
      const nextCarry: Sim[] = [];
      const elapsed = (end - start) / SPRINT_LENGTH;
      for (const m of members) {
        const s = m.s;
        const a = Math.max(start, m.addedAt, s.lastAt) + HOUR;
        if (isActive && a > nowMs - 3 * HOUR) continue; // just planned: nothing happened yet
        // occasional scope removal during a closed sprint
        if (!isActive && m.committed && !s.force && rng.chance(0.03)) {
          removeFromSprint(s, info.sprint.id, start + rng.between(2, 8) * DAY);
          continue;
        }
        let accept: boolean;
        if (s.force === 'done') accept = true;
        else if (s.force === 'carried' || s.force === 'active' || s.force === 'open') accept = false;
        else if (isActive) accept = rng.chance(p * Math.min(1, elapsed * 1.3));
        else accept = rng.chance(s.status === 'todo' ? p : Math.min(0.97, p + 0.08));
        const latest = end - (isActive ? HOUR : 3 * HOUR);
        if (accept && a < latest - 2 * HOUR) {
          const doneAt = a + (latest - a) * rng.between(0.35, 1);
          complete(s, a, doneAt);
          if (!isActive && !s.force && rng.chance(reopenRate[team] * (index < 7 ? 1 : 0.6))) {
            const at = info.end! + rng.between(0.5, 6) * DAY;
            if (at < nowMs - 2 * HOUR) {
              s.reopenAt = at;
              transition(s, 'progress', at);
              reopened.push(s);
            }
          }
        } else {
          partial(s, a, Math.max(a + HOUR, end - 2 * HOUR));
          if (!isActive) {
            const toBacklog = s.force === 'carried' ? index >= 4 && index < 8 && rng.chance(0.5) : rng.chance(0.2);
            if (!toBacklog) nextCarry.push(s);
          }
        }
      }
      carry = nextCarry;
    }
    // future sprints: planned recently, nothing started
    for (const index of [9, 10]) {
      const info = sprintInfos[team][index];
      info.sprint.goal = index === 9 ? rng.pick(SPRINT_GOALS).replace('{epic}', rng.pick(epicsByTeam[team]).summary) : undefined;
      const count = n(index === 9 ? rng.int(6, 8) : rng.int(4, 6));
      for (let k = 0; k < count; k++) {
        const at = nowMs - rng.between(0.2, 9) * DAY;
        const s = newStory(team, at, index);
        if (s.created >= at) s.created = s.lastAt = at - DAY;
        addToSprint(s, info.sprint.id, at);
      }
      if (!info.sprint.goal) delete info.sprint.goal;
    }
    // backlog: not in any sprint, ranked below the planned work
    const backlog = n(rng.int(16, 20));
    for (let k = 0; k < backlog; k++) {
      const s = newStory(team, nowMs - rng.between(0.1, 40) * DAY, 11, k === 0);
      if (s.created > nowMs - HOUR) s.created = s.lastAt = nowMs - 2 * HOUR;
      s.rankKey = 0.5 + rng.float() * 2;
    }
  }
  // improvement items still waiting in the backlog get refined later
  for (const imp of improvementSims) if (imp.entry === null && rng.chance(0.3)) imp.s.events.push({ at: bump(imp.s, Math.min(nowMs - HOUR, imp.s.created + 3 * DAY)), author: POPM, items: [{ field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' }] });

  // ------------------------------------------------------------------------------ epic status & WSJF
  const stories = sims.filter((s) => s.kind === 'story');
  for (const e of allEpics) {
    const kids = stories.filter((s) => s.parent === e);
    const starts = kids.flatMap((k) => k.events.filter((ev) => ev.items.some((i) => i.field === 'status' && i.fromString === 'To Do')).map((ev) => ev.at));
    if (starts.length) transition(e, 'progress', Math.min(Math.min(...starts) + rng.int(5, 120) * MIN, nowMs - 10 * MIN));
    if (kids.length >= 3 && kids.every((k) => k.status === 'done')) transition(e, 'done', Math.min(Math.max(...kids.map((k) => k.resolvedAt!)) + rng.int(1, 48) * HOUR, nowMs - 5 * MIN));
    e.labels.push(e.status === 'done' || e.created < nowMs - 205 * DAY ? DEMO.labels.earlierPi : DEMO.labels.currentPi);
  }
  const scale20 = [1, 2, 3, 5, 8, 13, 20];
  const fib = () => rng.pick(scale20);
  const epicOrder = [...allEpics].sort((a, b) => a.created - b.created);
  const unscoredIdx = new Set(rng.shuffle(epicOrder.map((_, i) => i)).slice(0, 12));
  const scored = epicOrder.filter((_, i) => !unscoredIdx.has(i));
  scored.forEach((e, i) => {
    let bv = fib();
    let tc = fib();
    let rr = fib();
    let size = fib();
    if (i === 0) rr = 1;
    if (i === 1) bv = 1;
    if (i === 2) tc = 1;
    if (i === 3) size = 1;
    if (i === 5) [bv, tc, rr] = [1, 13, 1]; // urgent but valueless
    if (i === 6) bv = 4; // off the Fibonacci scale
    if (i === 7) size = 40; // off the default scale
    if (i === 8 || i === 9) [bv, tc, rr, size] = [8, 5, 3, 8]; // a tie
    const stale = i >= scored.length - 4;
    const scoredAt = stale ? nowMs - rng.int(75, 140) * DAY : nowMs - rng.int(3, 55) * DAY - rng.int(0, 600) * MIN;
    const cod = bv + tc + rr;
    e.properties = {
      'refinery.wsjf': {
        businessValue: bv,
        timeCriticality: tc,
        riskReduction: rr,
        jobSize: size,
        costOfDelay: cod,
        wsjf: Math.round((cod / size) * 100) / 100,
        scoredBy: { accountId: POPM.accountId, displayName: POPM.displayName },
        scoredAt: new Date(Math.max(scoredAt, e.created + DAY)).toISOString(),
        version: 1,
      },
    };
  });

  // ------------------------------------------------------------------------------ keys, ids, ranks
  const ordered_ = [...sims].sort((a, b) => a.created - b.created || (a.kind === b.kind ? 0 : a.kind === 'epic' ? -1 : 1));
  ordered_.forEach((s, i) => {
    s.id = String(10001 + i);
    s.key = `${DEMO.projectKey}-${i + 1}`;
  });
  const sprintOrder = (s: Sim) => {
    if (s.status === 'done') return 5;
    const last = s.sprints.length ? sprintById.get(s.sprints[s.sprints.length - 1])! : null;
    if (!last || last.sprint.state === 'closed') return 3;
    return last.sprint.state === 'active' ? 0 : last.index === 9 ? 1 : 2;
  };
  const rankOf = new Map<Sim, string>();
  [...allEpics].sort((a, b) => a.rankKey - b.rankKey).forEach((e, i) => rankOf.set(e, `0|hzzz${(1000 + i * 37).toString(36).padStart(4, '0')}:`));
  [...stories].sort((a, b) => sprintOrder(a) - sprintOrder(b) || a.rankKey - b.rankKey || Number(a.id) - Number(b.id)).forEach((s, i) => rankOf.set(s, `0|i${(4096 + i * 64).toString(36).padStart(5, '0')}:`));

  // ------------------------------------------------------------------------------ dependencies
  const linkTypeBlocks = LINK_TYPES[0];
  let linkId = 20000;
  const linked = new Set<string>();
  const lastSprint = (s: Sim) => (s.sprints.length ? sprintById.get(s.sprints[s.sprints.length - 1])! : null);
  const state = (s: Sim) => {
    const l = lastSprint(s);
    if (s.status === 'done') return 'done';
    if (!l) return 'unscheduled';
    if (l.sprint.state === 'closed') return 'closedUndone';
    if (l.sprint.state === 'active') return 'active';
    return l.index === 9 ? 'future1' : 'future2';
  };
  const hiddenCandidates = new Set(confidentialEpic ? [confidentialEpic, ...stories.filter((s) => s.parent === confidentialEpic)] : []);
  const plain = stories.filter((s) => !s.force && !hiddenCandidates.has(s));
  const byState = (st: string) => plain.filter((s) => state(s) === st);
  const pools = { done: byState('done'), active: byState('active'), future1: byState('future1'), future2: byState('future2'), unscheduled: byState('unscheduled'), closedUndone: byState('closedUndone') };
  const addBlocks = (blocker: Sim, dependent: Sim) => {
    const pair = `${blocker.key}>${dependent.key}`;
    if (linked.has(pair) || linked.has(`${dependent.key}>${blocker.key}`) || blocker === dependent || blocker.team === dependent.team) return false;
    linked.add(pair);
    const id = String(linkId++);
    const ref = (s: Sim) => ({ id: s.id!, key: s.key!, self: `${SITE}/rest/api/3/issue/${s.id}`, fields: { summary: s.summary, status: STATUS[s.status], issuetype: s.kind === 'epic' ? ISSUE_TYPES.epic : ISSUE_TYPES.story } });
    // On the dependent, the other end is the inward issue ("is blocked by"); on the blocker, the outward one ("blocks").
    dependent.links.push({ id, self: `${SITE}/rest/api/3/issueLink/${id}`, type: linkTypeBlocks, inwardIssue: ref(blocker) });
    blocker.links.push({ id, self: `${SITE}/rest/api/3/issueLink/${id}`, type: linkTypeBlocks, outwardIssue: ref(dependent) });
    return true;
  };
  const linkPlan: [string[], string[], number][] = [
    [['done'], ['active', 'future1', 'future2'], 6], // healthy: blocker already done
    [['active'], ['future1', 'future2'], 4], // healthy: blocker scheduled earlier
    [['future2'], ['active', 'future1'], 3], // at risk: blocker scheduled later
    [['future1'], ['active'], 2], // at risk: blocker scheduled later
    [['unscheduled'], ['active', 'future1', 'future2'], 5], // at risk: blocker not scheduled
    [['closedUndone'], ['active', 'future1'], 3], // at risk: blocker left undone in a closed sprint
  ];
  for (const [from, to, count] of linkPlan) {
    const blockers = from.flatMap((k) => pools[k as keyof typeof pools]);
    const dependents = to.flatMap((k) => pools[k as keyof typeof pools]);
    let made = 0;
    for (let attempt = 0; attempt < 200 && made < count && blockers.length && dependents.length; attempt++) {
      if (addBlocks(rng.pick(blockers), rng.pick(dependents))) made++;
    }
  }
  // feature-level dependencies
  for (let k = 0, made = 0; k < 50 && made < 2; k++) if (addBlocks(rng.pick(allEpics.filter((e) => e !== confidentialEpic)), rng.pick(allEpics.filter((e) => e !== confidentialEpic && e.status !== 'done')))) made++;
  // a few "relates to" links inside teams, which are not dependencies
  for (let k = 0; k < 4; k++) {
    const a = rng.pick(plain);
    const b = rng.pick(plain.filter((x) => x.team === a.team && x !== a));
    if (!b) continue;
    const id = String(linkId++);
    const ref = (s: Sim) => ({ id: s.id!, key: s.key!, self: `${SITE}/rest/api/3/issue/${s.id}`, fields: { summary: s.summary, status: STATUS[s.status], issuetype: ISSUE_TYPES.story } });
    a.links.push({ id, self: `${SITE}/rest/api/3/issueLink/${id}`, type: LINK_TYPES[2], outwardIssue: ref(b) });
    b.links.push({ id, self: `${SITE}/rest/api/3/issueLink/${id}`, type: LINK_TYPES[2], inwardIssue: ref(a) });
  }

  // ------------------------------------------------------------------------------ hidden issues
  const hidden: Sim[] = [];
  if (confidentialEpic) hidden.push(confidentialEpic, ...stories.filter((s) => s.parent === confidentialEpic).slice(0, 7));
  for (const s of rng.shuffle(plain)) {
    if (hidden.length >= 10) break;
    if (!s.links.length && !hidden.includes(s)) hidden.push(s);
  }
  const hiddenIssueKeys = hidden.map((s) => s.key!).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));

  // ------------------------------------------------------------------------------ issues
  const teamValue = (team: number) => ({
    id: ['a1b2c3d4-0001-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0002-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0003-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0004-4e5f-8a9b-c0d1e2f3a4b5'][team],
    name: DEMO.teams[team],
    title: DEMO.teams[team],
    avatarUrl: '',
    isVisible: true,
    isVerified: false,
    isShared: true,
  });
  const allHistories: { h: JiraChangelogHistory; s: Sim }[] = [];
  const issues: JiraIssue[] = ordered_.map((s) => {
    const events = [...s.events].sort((a, b) => a.at - b.at);
    const histories: JiraChangelogHistory[] = events.map((ev) => ({ id: '', author: ev.author, created: jiraTime(ev.at), items: ev.items }));
    histories.forEach((h) => allHistories.push({ h, s }));
    const updated = Math.max(s.created, ...events.map((e) => e.at));
    const isEpic = s.kind === 'epic';
    const fields: JiraIssue['fields'] = {
      summary: s.summary,
      issuetype: isEpic ? ISSUE_TYPES.epic : ISSUE_TYPES.story,
      project: projectRef,
      status: STATUS[s.status],
      created: jiraTime(s.created),
      updated: jiraTime(updated),
      resolutiondate: s.resolvedAt ? jiraTime(s.resolvedAt) : null,
      resolution: s.resolvedAt ? RESOLUTION_DONE : null,
      labels: [...s.labels].sort(),
      description: s.description,
      issuelinks: s.links,
      assignee: s.assignee,
      reporter: POPM,
      components: [],
      fixVersions: [],
      priority: { self: `${SITE}/rest/api/3/priority/3`, id: '3', name: 'Medium', iconUrl: `${SITE}/images/icons/priorities/medium.svg` },
      [F.team]: teamValue(s.team),
      [F.rank]: rankOf.get(s),
      [F.storyPoints]: isEpic ? null : s.points,
      [F.sprint]: isEpic || !s.sprints.length ? null : sprintFieldValue(s.sprints),
      [F.acceptanceCriteria]: s.acField,
      [F.wsjf]: (s.properties?.['refinery.wsjf'] as { wsjf?: number } | undefined)?.wsjf ?? null,
      [F.costOfDelay]: (s.properties?.['refinery.wsjf'] as { costOfDelay?: number } | undefined)?.costOfDelay ?? null,
    };
    if (s.parent) {
      fields.parent = { id: s.parent.id!, key: s.parent.key!, fields: { summary: s.parent.summary, status: STATUS[s.parent.status], issuetype: ISSUE_TYPES.epic } };
    }
    const issue: JiraIssue = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: s.id!,
      key: s.key!,
      self: `${SITE}/rest/api/3/issue/${s.id}`,
      fields,
      changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
    };
    if (s.properties) issue.properties = s.properties;
    return issue;
  });
  // history ids grow with time across the site, as in Jira
  allHistories
    .sort((a, b) => Date.parse(a.h.created) - Date.parse(b.h.created) || Number(a.s.id) - Number(b.s.id))
    .forEach(({ h }, i) => {
      h.id = String(30000 + i);
    });
  // Jira returns the newest history first only in /changelog; the expanded issue lists them oldest first.

  issues.push(...piObjectives(nowMs, seed, projectRef, issues, teamValue, n));

  const sprints = sprintInfos.flat().map((i) => i.sprint).sort((a, b) => a.id - b.id);
  const data: DataSet = {
    fields: buildFields(),
    issuetypes: Object.values(ISSUE_TYPES),
    projects: [project],
    users: buildUsers(hiddenIssueKeys),
    boards,
    sprints,
    issues,
    linktypes: LINK_TYPES,
  };
  // A kanban team, a team-managed project and a deleted-but-still-linked feature (realSiteShapes.ts).
  addRealSiteShapes(data, nowMs, seed);
  return data;
}

// ---------------------------------------------------------------------------------------------------
// PI objectives (SAFe): per team, committed and stretch ("uncommitted") objectives for the last PI
// (assessed: actual business value set) and the current PI (not assessed yet). Own PRNG, so the
// rest of the train does not change when these do.

const OBJECTIVES: readonly string[] = [
  'Customers download invoices without contacting support',
  'Cut onboarding time for new workspaces to one day',
  'Search answers in under a second for the largest tenants',
  'Notify field technicians of schedule changes within a minute',
  'Finance closes the month with self-service reports',
  'Mobile app works offline for a full shift',
  'Single sign-on for enterprise customers',
  'Reduce failed payments by a third',
];

function piObjectives(
  nowMs: number,
  seed: number,
  projectRef: { self?: string; id: string; key: string; name: string },
  existing: JiraIssue[],
  teamValue: (team: number) => unknown,
  n: (base: number) => number,
): JiraIssue[] {
  const rng = new Rng(seed + 4049);
  let num = existing.reduce((m, i) => Math.max(m, Number(i.key.split('-')[1])), 0);
  let id = existing.reduce((m, i) => Math.max(m, Number(i.id)), 10000);
  const out: JiraIssue[] = [];
  const pis = [
    { label: DEMO.labels.earlierPi, assessed: true, created: nowMs - 130 * DAY },
    { label: DEMO.labels.currentPi, assessed: false, created: nowMs - 55 * DAY },
  ];
  for (const pi of pis) {
    for (let team = 0; team < DEMO.teams.length; team++) {
      const count = Math.max(1, n(3));
      for (let k = 0; k < count; k++) {
        const stretch = k === count - 1 && rng.int(0, 1) === 1;
        const planned = rng.int(2, 10);
        // Nebula (team 1) delivers less of what it planned, as its acceptance shows.
        const achieved = team === 1 ? rng.int(2, 7) / 10 : rng.int(7, 11) / 10;
        const actual = pi.assessed ? Math.min(10, Math.round(planned * achieved)) : null;
        const at = pi.created + rng.int(0, 48) * HOUR;
        num++;
        id++;
        out.push({
          id: String(id),
          key: `${DEMO.projectKey}-${num}`,
          self: `${SITE}/rest/api/3/issue/${id}`,
          fields: {
            summary: `${DEMO.teams[team]}: ${rng.pick(OBJECTIVES)}`,
            issuetype: ISSUE_TYPES.objective,
            project: projectRef,
            status: STATUS[pi.assessed ? 'done' : 'progress'],
            created: jiraTime(at),
            updated: jiraTime(pi.assessed ? at + 80 * DAY : at),
            resolutiondate: pi.assessed ? jiraTime(at + 80 * DAY) : null,
            resolution: pi.assessed ? RESOLUTION_DONE : null,
            labels: [pi.label, ...(stretch ? ['uncommitted'] : [])].sort(),
            description: doc(para(`Business owners planned a business value of ${planned} for this objective.`)),
            issuelinks: [],
            assignee: null,
            reporter: POPM,
            [F.team]: teamValue(team),
            customfield_10060: planned,
            customfield_10061: actual,
          },
          changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
        });
        const issue = out[out.length - 1];
        (issue.fields as Record<string, unknown>)[F.rank] = `0|z${String(out.length).padStart(5, '0')}:`;
        const move = (from: StatusKey, to: StatusKey, t: number): JiraChangelogHistory => ({
          id: String(90000 + out.length * 2 + (to === 'done' ? 1 : 0)),
          author: POPM,
          created: jiraTime(t),
          items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: STATUS[from].id, fromString: STATUS[from].name, to: STATUS[to].id, toString: STATUS[to].name }],
        });
        const histories = [move('todo', 'progress', at + HOUR), ...(pi.assessed ? [move('progress', 'done', at + 80 * DAY)] : [])];
        issue.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
      }
    }
  }
  return out;
}
