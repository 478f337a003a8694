/**
 * From simulated issues to Jira issues: keys, ids and ranks in creation order, cross-team "Blocks"
 * dependencies (healthy and at risk) and a few "relates to" links, the issues hidden from the
 * restricted user, and the issues in REST v3 shape with their changelogs.
 */
import type { JiraChangelogHistory, JiraIssue } from '../../emulator/dataset';
import { jiraTime } from './basics';
import { DEMO } from './demo';
import type { Features } from './features';
import { F, ISSUE_TYPES, LINK_TYPES, RESOLUTION_DONE, SITE, STATUS } from './jira';
import type { Sim, TrainContext } from './model';
import { POPM, teamValue } from './people';
import type { Sprints } from './sprints';

/** Keys and ids in creation order (features first on a tie); ranks: features, then stories by sprint. */
export function assignKeys(ctx: TrainContext, sprints: Sprints, features: Features): { ordered: Sim[]; rankOf: Map<Sim, string> } {
  const { sims } = ctx;
  const { allEpics } = features;
  const sprintById = sprints.byId;
  const stories = sims.filter((s) => s.kind === 'story');
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
  return { ordered: ordered_, rankOf };
}

/** Cross-team "Blocks" links by plan (blocker done, earlier, later, unscheduled, left undone) and "relates to" links; returns the stories open to links. */
export function linkDependencies(ctx: TrainContext, sprints: Sprints, features: Features): Sim[] {
  const { rng, sims } = ctx;
  const { allEpics, confidentialEpic } = features;
  const sprintById = sprints.byId;
  const stories = sims.filter((s) => s.kind === 'story');
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
  return plain;
}

/** The issues the restricted user may not see: the confidential feature with some stories, and unlinked stories. */
export function hiddenIssues(ctx: TrainContext, features: Features, plain: Sim[]): string[] {
  const { rng, sims } = ctx;
  const { confidentialEpic } = features;
  const stories = sims.filter((s) => s.kind === 'story');
  const hidden: Sim[] = [];
  if (confidentialEpic) hidden.push(confidentialEpic, ...stories.filter((s) => s.parent === confidentialEpic).slice(0, 7));
  for (const s of rng.shuffle(plain)) {
    if (hidden.length >= 10) break;
    if (!s.links.length && !hidden.includes(s)) hidden.push(s);
  }
  const hiddenIssueKeys = hidden.map((s) => s.key!).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
  return hiddenIssueKeys;
}

/** `firstHistoryId`: changelog history ids count up from here, in time order. */
export function toIssues(sprints: Pick<Sprints, 'fieldValue'>, ordered_: Sim[], rankOf: Map<Sim, string>, projectRef: { self?: string; id: string; key: string; name: string }, firstHistoryId = 30000): JiraIssue[] {
  const sprintFieldValue = sprints.fieldValue;
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
      h.id = String(firstHistoryId + i);
    });
  // Jira returns the newest history first only in /changelog; the expanded issue lists them oldest first.
  return issues;
}
