import type { BacklogIssue, FieldChange, Sprint, StatusCategoryById } from '../model';
import { buildTimeline, categoryLookup, doneAt, enteredIn, inSprintAt, matches, type Timeline } from './timeline';
import { ms, type ReworkBoundary } from './types';

/** Sprint commitment (DOMAIN.md "Precise defaults"): what was committed, added, accepted, reworked. */

export interface SprintKeys {
  committed: string[];
  added: string[];
  removed: string[];
  /** Accepted(s): committed or added stories accepted in the sprint. */
  accepted: string[];
  /** Committed ∩ Accepted: the acceptance rate's numerator. */
  acceptedCommitted: string[];
  /** Added ∩ Accepted: scope added after the start that was accepted (not in the acceptance rate). */
  acceptedAdded: string[];
  /** Committed or added stories with a done → not-done transition at or after the sprint start. */
  reopened: string[];
  /** Accepted stories reopened after acceptance, or sent back across the rework boundary. */
  reworked: string[];
}

export interface SprintRow {
  team: string;
  sprintId: number;
  sprint: string;
  state: Sprint['state'];
  startDate: string;
  /** t1: completeDate, else endDate; `now` for an active sprint (its window so far). */
  endDate: string;
  committed: number;
  added: number;
  removed: number;
  /** |Accepted(s)|, committed and added stories alike (velocity counts both). */
  accepted: number;
  acceptedCommitted: number;
  acceptedAdded: number;
  /** |Committed ∩ Accepted| / |Committed|; null when nothing was committed. */
  acceptanceRate: number | null;
  committedPoints: number;
  /** Velocity(s): Σ points of Accepted(s). */
  acceptedPoints: number;
  acceptedCommittedPoints: number;
  acceptanceRatePoints: number | null;
  reopened: number;
  reworked: number;
  /** True when the committed set came from the daily job's record rather than the changelog. */
  recordedCommitment: boolean;
  keys: SprintKeys;
}

export interface SkippedSprint {
  sprintId: number;
  sprint: string;
  reason: string;
}

/** One sprint's commitment: the key sets (SprintKeys) and their points. */
export interface SprintCommitment extends SprintKeys {
  sprint: Sprint;
  /** t0 and t1 as ISO strings. */
  start: string;
  end: string;
  recorded: boolean;
  committedPoints: number;
  addedPoints: number;
  acceptedPoints: number;
  acceptedCommittedPoints: number;
  acceptanceRate: number | null;
  acceptanceRatePoints: number | null;
}

export interface SprintCommitmentOptions {
  statusCategoryById?: StatusCategoryById;
  now?: string;
  reworkBoundary?: ReworkBoundary | null;
}

/**
 * Why a sprint gets no commitment, or its window [t0, t1]. An active sprint's window ends now: its
 * endDate is the plan (often in the future), and only what happened so far can be counted.
 */
export function sprintWindow(sprint: Sprint, now: number): { t0: number; t1: number } | string {
  if (sprint.state === 'future') return 'future sprint: not started';
  const t0 = ms(sprint.startDate);
  if (Number.isNaN(t0)) return 'no start date: commitment cannot be rebuilt';
  if (sprint.state === 'active') return { t0, t1: Number.isNaN(now) ? t0 : Math.max(now, t0) };
  const t1 = ms(sprint.completeDate ?? sprint.endDate);
  if (Number.isNaN(t1)) return 'closed sprint without an end or complete date';
  return { t0, t1: Math.max(t1, t0) };
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

export function evaluateSprint(sprint: Sprint, t0: number, t1: number, candidates: readonly Timeline[], recorded: readonly string[] | undefined, boundary: ReworkBoundary | null | undefined): SprintCommitment {
  const id = sprint.id;
  const recordedSet = recorded ? new Set(recorded) : null;
  const out: SprintCommitment = {
    sprint,
    start: new Date(t0).toISOString(),
    end: new Date(t1).toISOString(),
    recorded: recordedSet !== null,
    committed: [],
    added: [],
    removed: [],
    accepted: [],
    acceptedCommitted: [],
    acceptedAdded: [],
    reopened: [],
    reworked: [],
    committedPoints: 0,
    addedPoints: 0,
    acceptedPoints: 0,
    acceptedCommittedPoints: 0,
    acceptanceRate: null,
    acceptanceRatePoints: null,
  };
  for (const tl of candidates) {
    const key = tl.issue.key;
    const inAtStart = inSprintAt(tl, id, t0);
    const committed = recordedSet ? recordedSet.has(key) : inAtStart;
    // With a recorded commitment, a story the changelog shows at the start but the record does not
    // is neither committed nor added (the record wins; it did not "enter" after the start).
    const added = !committed && !inAtStart && enteredIn(tl, id, t0, t1);
    if (!committed && !added) continue;
    if (committed) {
      out.committed.push(key);
      out.committedPoints += tl.points;
      if (!inSprintAt(tl, id, t1) && !doneAt(tl, t1)) out.removed.push(key);
    } else {
      out.added.push(key);
      out.addedPoints += tl.points;
    }
    // Accepted: moved into done in [t0, t1] while in the sprint, and still done at t1.
    let acceptedAt: number | null = null;
    for (const step of tl.statusSteps) {
      if (step.at < t0) continue;
      if (step.at > t1) break;
      if (step.toDone && !step.fromDone && inSprintAt(tl, id, step.at)) {
        acceptedAt = step.at;
        break;
      }
    }
    const accepted = acceptedAt !== null && doneAt(tl, t1);
    let reopened = false;
    let reworked = false;
    for (const step of tl.statusSteps) {
      if (step.at < t0) continue;
      const back = step.fromDone && !step.toDone;
      if (back) reopened = true;
      if (accepted && acceptedAt !== null) {
        if (back && step.at > acceptedAt) reworked = true;
        if (boundary && matches(boundary.from, step.fromId, step.fromName) && matches(boundary.to, step.toId, step.toName)) reworked = true;
      }
    }
    if (reopened) out.reopened.push(key);
    if (accepted) {
      out.accepted.push(key);
      out.acceptedPoints += tl.points;
      if (reworked) out.reworked.push(key);
      if (committed) {
        out.acceptedCommitted.push(key);
        out.acceptedCommittedPoints += tl.points;
      } else out.acceptedAdded.push(key);
    }
  }
  out.acceptanceRate = ratio(out.acceptedCommitted.length, out.committed.length);
  out.acceptanceRatePoints = ratio(out.acceptedCommittedPoints, out.committedPoints);
  return out;
}

/**
 * Commitment of one sprint (DOMAIN.md "Precise defaults"): committed = stories in the sprint at its
 * start (Sprint changelog replay; an issue created with the field set is in the sprint from its
 * creation; with no Sprint change at all, the current field is taken as the history), added =
 * entered in (start, end], accepted = moved into done in [start, end] while in the sprint and still
 * done at end, reopened = done → not-done at or after the start. `recorded` keys (the daily job's
 * record at sprint start) win over the changelog for the committed set.
 *
 * Returns null for a sprint with no start date (or a future one, or a closed one with no end):
 * its commitment cannot be rebuilt, so it is skipped rather than guessed.
 */
export function sprintCommitment(
  issues: BacklogIssue[],
  changes: Map<string, FieldChange[]>,
  sprint: Sprint,
  recorded?: string[],
  options: SprintCommitmentOptions = {},
): SprintCommitment | null {
  const window = sprintWindow(sprint, ms(options.now ?? null));
  if (typeof window === 'string') return null;
  const categoryOf = categoryLookup(options.statusCategoryById ?? {}, issues);
  const recordedSet = recorded ? new Set(recorded) : null;
  const candidates: Timeline[] = [];
  for (const issue of issues) {
    const tl = buildTimeline(issue, changes.get(issue.id), categoryOf);
    if (tl.everIn.has(sprint.id) || recordedSet?.has(issue.key)) candidates.push(tl);
  }
  return evaluateSprint(sprint, window.t0, window.t1, candidates, recorded, options.reworkBoundary);
}


/** The row a table shows for one evaluated sprint. */
export function sprintRow(c: SprintCommitment, team: string): SprintRow {
  return {
    team,
    sprintId: c.sprint.id,
    sprint: c.sprint.name,
    state: c.sprint.state,
    startDate: c.start,
    endDate: c.end,
    committed: c.committed.length,
    added: c.added.length,
    removed: c.removed.length,
    accepted: c.accepted.length,
    acceptedCommitted: c.acceptedCommitted.length,
    acceptedAdded: c.acceptedAdded.length,
    acceptanceRate: c.acceptanceRate,
    committedPoints: c.committedPoints,
    acceptedPoints: c.acceptedPoints,
    acceptedCommittedPoints: c.acceptedCommittedPoints,
    acceptanceRatePoints: c.acceptanceRatePoints,
    reopened: c.reopened.length,
    reworked: c.reworked.length,
    recordedCommitment: c.recorded,
    keys: {
      committed: c.committed,
      added: c.added,
      removed: c.removed,
      accepted: c.accepted,
      acceptedCommitted: c.acceptedCommitted,
      acceptedAdded: c.acceptedAdded,
      reopened: c.reopened,
      reworked: c.reworked,
    },
  };
}
