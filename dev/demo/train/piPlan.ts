/**
 * The PI plan: PI objectives per team for the last PI (assessed) and the current one (not assessed yet).
 */
import type { JiraChangelogHistory, JiraIssue } from '../../emulator/dataset';
import { doc, HOUR, DAY, jiraTime, para, Rng } from './basics';
import { DEMO } from './demo';
import { F, ISSUE_TYPES, RESOLUTION_DONE, SITE, STATUS, type StatusKey } from './jira';
import { POPM } from './people';

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

export function piObjectives(
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
            [F.plannedBusinessValue]: planned,
            [F.actualBusinessValue]: actual,
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
