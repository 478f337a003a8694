/**
 * The demo train's names, users and field ids that tests and tools rely on (re-exported by generateDemoTrain.ts).
 */
import { DEMO_DELETED_FEATURE, KANBAN_TEAM, TEAM_MANAGED } from '../realSiteShapes';

export const DEMO = {
  projectKey: 'ART',
  projectName: 'Aurora Release Train',
  siteUrl: 'https://aurora-demo.atlassian.net',
  users: {
    popm: '5d53f3cbc6b9320d9ea5bdc2',
    member: '5e1f2a7b9c0d4e3f2a1b0c9d',
    admin: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    restricted: '60a7c9e2f1b34d0069e5a8b1',
    /** The Release Train Engineer / ART lead: browses and creates issues, no admin, edits nothing. */
    rte: '63f0b8d4e2a1c70068d9f4a2',
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
    /** PI objectives' business values (SAFe's planned / actual business value), read by name. */
    plannedBusinessValue: 'customfield_10062',
    actualBusinessValue: 'customfield_10063',
  },
  /** The four scrum teams; the fifth team, Meteor, works in kanban (`kanbanTeam`, realSiteShapes.ts). */
  teams: ['Comet', 'Nebula', 'Pulsar', 'Quasar'],
  kanbanTeam: KANBAN_TEAM,
  /** A team-managed project beside the train (simple board, parent without Epic Link). */
  teamManagedProjectKey: TEAM_MANAGED.key,
  /** A feature deleted after stories were linked to it: a parent and a link still name this key. */
  deletedFeatureKey: DEMO_DELETED_FEATURE,
  labels: { improvement: 'improvement', inspectAndAdapt: 'inspect-and-adapt', retrospective: 'retrospective', earlierPi: 'PI-2026.3', currentPi: 'PI-2026.4', nextPi: 'PI-2027.1' },
} as const;

export interface GenerateOptions {
  seed?: number;
  now?: Date | string;
  /** Multiplier for the number of stories (default 1 ≈ 400 stories). */
  scale?: number;
}
