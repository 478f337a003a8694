/**
 * The PI planning numbers worked out from the raw emulator data (the Jira REST shapes the emulator
 * serves) with this file's own arithmetic — not with src/domain/piPlanning or src/domain/health — so
 * the consistency suite can check the tab, the CLI and the Overview against something independent.
 * Definitions: docs/PI_PLANNING.md (load, unestimated, cards, alignment, risk) and DOMAIN.md
 * "Precise defaults" (Accepted(s), Velocity(s)).
 */
import { DEMO } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue, JiraSprint } from '../../dev/emulator/dataset';

const F = DEMO.fieldIds;
const ms = (s: string | null | undefined) => (s ? Date.parse(s) : NaN);

export interface RawTrain {
  stories: JiraIssue[];
  features: Map<string, JiraIssue>;
  byKey: Map<string, JiraIssue>;
  points: (i: JiraIssue) => number | null;
  sprintIds: (i: JiraIssue) => number[];
  parentFeature: (i: JiraIssue) => JiraIssue | null;
  labels: (i: JiraIssue) => string[];
  done: (i: JiraIssue) => boolean;
}

/** The train's issues a viewer can see (the emulator hides `hiddenIssueKeys` from that user). */
export function rawTrain(data: DataSet, projectKey: string, viewer: string): RawTrain {
  const hidden = new Set(data.users.find((u) => u.accountId === viewer)?.hiddenIssueKeys ?? []);
  const mine = data.issues.filter((i) => i.fields.project.key === projectKey && !hidden.has(i.key));
  const stories = mine.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && i.fields.issuetype.name !== 'PI Objective');
  const features = new Map(mine.filter((i) => i.fields.issuetype.hierarchyLevel === 1).map((i) => [i.key, i]));
  const points = (i: JiraIssue) => (typeof i.fields[F.storyPoints] === 'number' ? (i.fields[F.storyPoints] as number) : null);
  const sprintIds = (i: JiraIssue) => ((i.fields[F.sprint] as { id: number }[] | null | undefined) ?? []).map((s) => s.id);
  const parentFeature = (i: JiraIssue) => (i.fields.parent ? (features.get(i.fields.parent.key) ?? null) : null);
  return {
    stories,
    features,
    byKey: new Map(mine.map((i) => [i.key, i])),
    points,
    sprintIds,
    parentFeature,
    labels: (i) => (i.fields.labels as string[] | undefined) ?? [],
    done: (i) => i.fields.status.statusCategory.key === 'done',
  };
}

export const sumPoints = (t: RawTrain, issues: readonly JiraIssue[]) => issues.reduce((s, i) => s + (t.points(i) ?? 0), 0);

/** Stories whose Sprint field (as Jira returns it now) includes the sprint. */
export const inSprintNow = (t: RawTrain, sprintId: number) => t.stories.filter((i) => t.sprintIds(i).includes(sprintId));

// --- Accepted(s) by DOMAIN.md, replayed from the changelog -----------------------------------------

interface Step {
  at: number;
  from: string | null;
  to: string | null;
}
function steps(i: JiraIssue, field: string): Step[] {
  return (i.changelog?.histories ?? [])
    .flatMap((h) => h.items.filter((it) => it.field === field).map((it) => ({ at: ms(h.created), from: (field === 'Sprint' ? it.from : it.fromString) ?? null, to: (field === 'Sprint' ? it.to : it.toString) ?? null })))
    .sort((a, b) => a.at - b.at);
}
/** The field's value at time t: the last change at or before t, else the first change's `from`, else `now` (no change at all). */
function valueAt(st: Step[], t: number, now: string | null): string | null {
  let v: string | null | undefined;
  for (const s of st) if (s.at <= t) v = s.to;
  if (v !== undefined) return v;
  return st.length ? st[0].from : now;
}

/**
 * DOMAIN.md: Accepted(s) = stories of Committed(s) ∪ Added(s) whose status moved into the done
 * category at a time in [t0, t1] while in s, and were still in the done category at t1 (t1 =
 * completeDate). Statuses by name, their category from the statuses the issues carry.
 */
export function acceptedByDomain(t: RawTrain, data: DataSet, sprint: JiraSprint): JiraIssue[] {
  const category = new Map(data.issues.map((i) => [i.fields.status.name, i.fields.status.statusCategory.key]));
  const isDone = (name: string | null) => name !== null && category.get(name) === 'done';
  const t0 = ms(sprint.startDate);
  const t1 = ms(sprint.completeDate ?? sprint.endDate);
  const id = String(sprint.id);
  const inSprint = (i: JiraIssue, at: number) => {
    if (ms(i.fields.created) > at) return false;
    const v = valueAt(steps(i, 'Sprint'), at, t.sprintIds(i).join(','));
    return (v ?? '').split(',').map((x) => x.trim()).includes(id);
  };
  return t.stories.filter((i) => {
    const sprintSteps = steps(i, 'Sprint');
    const ever = t.sprintIds(i).includes(sprint.id) || sprintSteps.some((s) => `${s.from ?? ''},${s.to ?? ''}`.split(',').map((x) => x.trim()).includes(id));
    if (!ever) return false;
    const status = steps(i, 'status');
    const statusAt = (at: number) => valueAt(status, at, i.fields.status.name);
    const movedIn = status.some((s) => s.at >= t0 && s.at <= t1 && isDone(s.to) && !isDone(s.from) && inSprint(i, s.at));
    return movedIn && isDone(statusAt(t1));
  });
}

/** demo-pi's measure (test/demo/nextPi.test.ts): stories in the sprint now whose resolutiondate lies in [start, complete]. */
export function resolvedInside(t: RawTrain, sprint: JiraSprint): JiraIssue[] {
  return inSprintNow(t, sprint.id).filter((i) => {
    const r = ms(i.fields.resolutiondate as string | null | undefined);
    return r >= ms(sprint.startDate) && r <= ms(sprint.completeDate);
  });
}

/** Reopened after t1: done at the sprint's end, then a move out of the done category later (rework). */
export function reopenedAfter(data: DataSet, i: JiraIssue, t1: number): boolean {
  const category = new Map(data.issues.map((x) => [x.fields.status.name, x.fields.status.statusCategory.key]));
  return steps(i, 'status').some((s) => s.at > t1 && category.get(s.from ?? '') === 'done' && category.get(s.to ?? '') !== 'done');
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A team's closed sprints on the same board as one of its PI sprints, newest completion first. */
export function closedSprintsOfBoard(data: DataSet, boardSprintId: number): JiraSprint[] {
  const board = data.sprints.find((s) => s.id === boardSprintId)!.originBoardId;
  return data.sprints.filter((s) => s.originBoardId === board && s.state === 'closed').sort((a, b) => ms(b.completeDate ?? b.endDate) - ms(a.completeDate ?? a.endDate) || b.id - a.id);
}
