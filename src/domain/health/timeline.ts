import type { BacklogIssue, FieldChange, StatusCategory, StatusCategoryById } from '../model';
import { ms } from './types';

/**
 * Each story's changelog parsed once into a timeline (sprint membership and done-ness over time),
 * so a sprint asks "in the sprint at t?" and "done at t?" without rescanning the changelog.
 */

function sprintIds(encoded: string | null): number[] {
  if (!encoded) return [];
  const out: number[] = [];
  for (const part of encoded.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const n = Number(p);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

export interface StatusStep {
  at: number;
  fromDone: boolean;
  toDone: boolean;
  fromId: string | null;
  toId: string | null;
  fromName: string | null;
  toName: string | null;
}

export interface Timeline {
  issue: BacklogIssue;
  created: number;
  initialSprints: number[];
  sprintSteps: { at: number; ids: number[] }[];
  /** Every sprint id the issue has been in (current field + changelog). */
  everIn: Set<number>;
  initialDone: boolean;
  statusSteps: StatusStep[];
  points: number;
}

export type CategoryOf = (id: string | null, name: string | null) => StatusCategory | null;

export function categoryLookup(byId: StatusCategoryById, issues: readonly BacklogIssue[]): CategoryOf {
  const byName = new Map<string, StatusCategory>();
  for (const i of issues) if (i.status?.name) byName.set(i.status.name.toLowerCase(), i.status.category);
  // Unknown statuses (neither id nor name seen) count as not done: done statuses are the ones every
  // project's current issues show, so an unseen status is far more likely a retired work state.
  return (id, name) => (id !== null && byId[id] !== undefined ? byId[id] : name ? (byName.get(name.toLowerCase()) ?? null) : null);
}

/**
 * Every sprint id the issue has been in (its Sprint field and its dated Sprint changes): the same
 * set as `buildTimeline(...).everIn`, without building the timeline.
 */
export function sprintsEverIn(issue: BacklogIssue, changes: readonly FieldChange[] | undefined): Set<number> {
  const everIn = new Set<number>(issue.sprints.map((s) => s.id));
  for (const c of changes ?? []) {
    if (c.field !== 'sprint' || Number.isNaN(ms(c.at))) continue;
    for (const id of sprintIds(c.from)) everIn.add(id);
    for (const id of sprintIds(c.to)) everIn.add(id);
  }
  return everIn;
}

export function buildTimeline(issue: BacklogIssue, changes: readonly FieldChange[] | undefined, categoryOf: CategoryOf): Timeline {
  const sorted = (changes ?? []).map((c, i) => ({ c, i, at: ms(c.at) })).filter((x) => !Number.isNaN(x.at));
  sorted.sort((a, b) => a.at - b.at || a.i - b.i);
  const sprintSteps: { at: number; ids: number[] }[] = [];
  const statusSteps: StatusStep[] = [];
  let firstSprintFrom: number[] | null = null;
  let firstStatus: { id: string | null; name: string | null } | null = null;
  const everIn = new Set<number>(issue.sprints.map((s) => s.id));
  for (const { c, at } of sorted) {
    if (c.field === 'sprint') {
      const from = sprintIds(c.from);
      const to = sprintIds(c.to);
      if (firstSprintFrom === null) firstSprintFrom = from;
      for (const id of from) everIn.add(id);
      for (const id of to) everIn.add(id);
      sprintSteps.push({ at, ids: to });
    } else if (c.field === 'status') {
      if (firstStatus === null) firstStatus = { id: c.from, name: c.fromString };
      statusSteps.push({
        at,
        fromDone: categoryOf(c.from, c.fromString) === 'done',
        toDone: categoryOf(c.to, c.toString) === 'done',
        fromId: c.from,
        toId: c.to,
        fromName: c.fromString,
        toName: c.toString,
      });
    }
  }
  const created = ms(issue.created);
  return {
    issue,
    created: Number.isNaN(created) ? -Infinity : created,
    initialSprints: firstSprintFrom ?? issue.sprints.map((s) => s.id),
    sprintSteps,
    everIn,
    initialDone: firstStatus ? categoryOf(firstStatus.id, firstStatus.name) === 'done' : issue.status.category === 'done',
    statusSteps,
    points: typeof issue.storyPoints === 'number' && Number.isFinite(issue.storyPoints) ? issue.storyPoints : 0,
  };
}

export function inSprintAt(tl: Timeline, sprintId: number, t: number): boolean {
  if (t < tl.created) return false;
  let ids = tl.initialSprints;
  for (const step of tl.sprintSteps) {
    if (step.at > t) break;
    ids = step.ids;
  }
  return ids.includes(sprintId);
}

export function doneAt(tl: Timeline, t: number): boolean {
  let done = tl.initialDone;
  for (const step of tl.statusSteps) {
    if (step.at > t) break;
    done = step.toDone;
  }
  return done;
}

/** Entered the sprint in (t0, t1]: by creation with the field set, or by a Sprint change. */
export function enteredIn(tl: Timeline, sprintId: number, t0: number, t1: number): boolean {
  if (tl.created > t0 && tl.created <= t1 && tl.initialSprints.includes(sprintId)) {
    // Created with the sprint set — unless a change at the very creation instant says otherwise.
    if (tl.sprintSteps.length === 0 || tl.sprintSteps[0].at > tl.created || inSprintAt(tl, sprintId, tl.created)) return true;
  }
  for (const step of tl.sprintSteps) {
    if (step.at <= t0) continue;
    if (step.at > t1) break;
    if (step.ids.includes(sprintId)) return true;
  }
  return false;
}

export function matches(list: readonly string[], id: string | null, name: string | null): boolean {
  for (const x of list) {
    const v = x.trim().toLowerCase();
    if ((id !== null && id.toLowerCase() === v) || (name !== null && name.toLowerCase() === v)) return true;
  }
  return false;
}

