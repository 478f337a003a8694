/**
 * People and teams of the demo train: the demo users of the harness's "Acting as" switcher with their
 * permissions, and four people per scrum team (the same for every seed).
 */
import type { DemoUser, JiraPermissionKey, JiraUser } from '../../emulator/dataset';
import { Rng } from './basics';
import { DEMO } from './demo';
import { SITE } from './jira';

const ALL_PROJECT_PERMS: JiraPermissionKey[] = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'SCHEDULE_ISSUES', 'ADMINISTER_PROJECTS'];

export function person(accountId: string, displayName: string, email: string, timeZone = 'Europe/Berlin'): JiraUser {
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

export const POPM = person(DEMO.users.popm, 'Priya Raman', 'priya.raman@aurora-demo.example');
export const MEMBER = person(DEMO.users.member, 'Tomás Eriksen', 'tomas.eriksen@aurora-demo.example');
export const ADMIN = person(DEMO.users.admin, 'Grace Okafor', 'grace.okafor@aurora-demo.example', 'Europe/London');
export const RESTRICTED = person(DEMO.users.restricted, 'Lukas Brandt', 'lukas.brandt@contractor.example', 'Europe/Vienna');
/** The project page's main audience: the Release Train Engineer (ART lead). */
export const RTE = person(DEMO.users.rte, 'Elena Marsh', 'elena.marsh@aurora-demo.example');

export const TEAM_PEOPLE: readonly (readonly string[])[] = [
  ['Amelia Novak', 'Daniel Osei', 'Hannah Lindqvist', 'Rafael Costa'],
  ['Yuki Tanaka', 'Oliver Brennan', 'Fatima Zahra', 'Marco Bellini'],
  ['Sofia Petrov', 'Kwame Mensah', 'Ingrid Solberg', 'Arjun Mehta'],
  ['Chloe Martin', 'Mateo Alvarez', 'Nadia Haddad', 'Ben Whitaker'],
];

export function teamMembers(): JiraUser[][] {
  const r = new Rng(424242); // fixed: the same people for every seed
  return TEAM_PEOPLE.map((names) =>
    names.map((n) => {
      const email = `${n.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(' ', '.')}@aurora-demo.example`;
      return person(`712020:${r.uuid()}`, n, email);
    }),
  );
}

export function buildUsers(hiddenIssueKeys: string[]): DemoUser[] {
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
    demo(RTE, [], ['BROWSE_PROJECTS', 'CREATE_ISSUES']),
  ];
}

/** The Team field's value (Atlassian Teams) of a scrum team. */
export const teamValue = (team: number) => ({
  id: ['a1b2c3d4-0001-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0002-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0003-4e5f-8a9b-c0d1e2f3a4b5', 'a1b2c3d4-0004-4e5f-8a9b-c0d1e2f3a4b5'][team],
  name: DEMO.teams[team],
  title: DEMO.teams[team],
  avatarUrl: '',
  isVisible: true,
  isVerified: false,
  isShared: true,
});
