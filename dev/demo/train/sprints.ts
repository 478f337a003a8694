/**
 * Sprints and history: the project and its scrum boards, the four teams' sprints on a common biweekly
 * cadence, the changelog helpers (Sprint field, status, assignee) and the sprint-by-sprint simulation
 * that fills closed, active and future sprints and the backlog.
 */
import type { JiraBoard, JiraChangelogItem, JiraProject, JiraSprint, JiraUser } from '../../emulator/dataset';
import { SPRINT_GOALS } from '../text';
import { agileTime, DAY, HOUR, MIN, SPRINT_LENGTH } from './basics';
import { DEMO } from './demo';
import { F, ISSUE_TYPES, RESOLUTION_DONE, SITE, STATUS, type StatusKey } from './jira';
import type { Sim, SprintInfo, TrainContext } from './model';
import { POPM } from './people';

export function buildProject() {
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
  return { project, projectRef, boards };
}

export interface Sprints {
  infos: SprintInfo[][];
  byId: Map<number, SprintInfo>;
  /** The Sprint field's value for these sprint ids, as Jira returns it. */
  fieldValue: (ids: number[]) => Record<string, unknown>[];
}

/** The Sprint field's value for sprint ids (id, name, state, board, goal and the sprint's dates), as Jira returns it. */
export function sprintFieldValueOf(sprintById: ReadonlyMap<number, { sprint: JiraSprint }>): (ids: number[]) => Record<string, unknown>[] {
  return (ids: number[]) =>
    ids.map((id) => {
      const s = sprintById.get(id)!.sprint;
      const v: Record<string, unknown> = { id: s.id, name: s.name, state: s.state, boardId: s.originBoardId, goal: s.goal ?? '' };
      if (s.startDate) v.startDate = s.startDate;
      if (s.endDate) v.endDate = s.endDate;
      if (s.completeDate) v.completeDate = s.completeDate;
      return v;
    });
}

export function buildSprints(ctx: TrainContext): Sprints {
  const { rng, nowMs } = ctx;
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
      // Both future sprints are dated: they open the next PI (nextPi.ts), whose iterations are the dated sprints.
      if (index <= 10) {
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
  const sprintFieldValue = sprintFieldValueOf(sprintById);
  return { infos: sprintInfos, byId: sprintById, fieldValue: sprintFieldValue };
}

export type Changelog = ReturnType<typeof changelogHelpers>;

export function changelogHelpers(ctx: TrainContext, sprints: Sprints) {
  const { rng, people } = ctx;
  const sprintById = sprints.byId;
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
  return { bump, setSprints, addToSprint, removeFromSprint, transition, assign, complete, partial };
}

/** Stories of the improvement items, and the sprint (index) each enters, or null for the backlog. */
export type ImprovementSims = { s: Sim; entry: number | null }[];

/**
 * Plays the sprints of each team: carry-over, planning, improvement items, scope added mid-sprint,
 * reopened stories, acceptance, then the future sprints and the backlog.
 */
export function simulateSprints(
  ctx: TrainContext,
  sprints: Sprints,
  log: Changelog,
  epicsByTeam: Sim[][],
  improvementSims: ImprovementSims,
  newStory: (team: number, before: number, index: number, parentless?: boolean) => Sim,
): void {
  const { rng, nowMs, n } = ctx;
  const sprintInfos = sprints.infos;
  const { addToSprint, removeFromSprint, transition, complete, partial, bump } = log;
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
}
