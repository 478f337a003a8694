import { differenceInCalendarDays } from 'date-fns';
import type { BacklogIssue, Sprint } from '../model';
import { issueCount, issueRate, type Figure } from './figure';
import { evaluateSprint, sprintRow, sprintWindow, type SprintCommitment, type SprintRow } from './sprintCommitment';
import { sprintsEverIn, type Timeline } from './timeline';
import { ms, NO_TEAM, teamOrder, type HealthInput } from './types';

export interface SkippedSprint {
  sprintId: number;
  sprint: string;
  reason: string;
}

/** The active sprint, shown apart as in progress: never in acceptance, velocity or rework. */
export interface ActiveSprint {
  team: string;
  sprintId: number;
  sprint: string;
  startDate: string;
  /** The sprint's planned end (Jira's endDate); null when unset. */
  plannedEnd: string | null;
  /** Calendar days from now to the planned end (0 on the last day, negative when overdue). */
  daysLeft: number | null;
  committed: string[];
  added: string[];
  /** Committed or added stories done so far (accepted while in the sprint, still done). */
  done: string[];
}

/**
 * The In progress row's numbers as figures: committed at the start, added since, and done so far
 * of both (committed and added are the progress denominator's two parts).
 */
export function activeSprintFigures(a: ActiveSprint): Figure[] {
  const at = { scope: 'sprint' as const, team: a.team, sprint: a.sprint, sprintId: a.sprintId, unit: 'issues' as const };
  return [
    { metric: 'sprintProgress', ...at, ...issueRate(a.done, [...a.committed, ...a.added]) },
    { metric: 'sprintCommittedSoFar', ...at, ...issueCount(a.committed) },
    { metric: 'sprintAddedSoFar', ...at, ...issueCount(a.added) },
  ];
}

export interface EvaluatedSprints {
  /** Closed sprints' commitments with their team: the only ones acceptance, velocity and rework see. */
  closed: { c: SprintCommitment; team: string }[];
  /** The closed sprints' table rows, oldest end first. */
  rows: SprintRow[];
  activeSprints: ActiveSprint[];
  skippedSprints: SkippedSprint[];
  /** Board sprints plus sprints only known from an issue's Sprint field. */
  sprintById: Map<number, Sprint>;
}

/**
 * Every sprint's commitment, each story looked at only by the sprints it was ever in (no sprints ×
 * stories scan). Closed sprints become rows; active ones are in progress; future ones are skipped.
 *
 * Memory (issue 16): a story's timeline (its changelog parsed) is built for one sprint at a time
 * and dropped after it, so the train's timelines are never all held at once (they took about as
 * much memory as the stories themselves); a story in k sprints has its timeline built k times.
 */
export function evaluateSprints(input: Pick<HealthInput, 'sprints' | 'recordedCommitments' | 'reworkBoundary' | 'teamOfSprint'>, stories: readonly BacklogIssue[], timelineOf: (story: BacklogIssue) => Timeline, changesOf: (story: BacklogIssue) => Parameters<typeof sprintsEverIn>[1], now: number): EvaluatedSprints {
  const byKey = new Map(stories.map((s) => [s.key, s]));
  const candidates = new Map<number, BacklogIssue[]>();
  for (const s of stories) {
    for (const id of sprintsEverIn(s, changesOf(s))) {
      const list = candidates.get(id);
      if (list) list.push(s);
      else candidates.set(id, [s]);
    }
  }

  const sprintById = new Map<number, Sprint>(input.sprints.map((s) => [s.id, s]));
  for (const st of stories) for (const s of st.sprints) if (!sprintById.has(s.id)) sprintById.set(s.id, s);
  const skippedSprints: SkippedSprint[] = [];
  const evaluated: { c: SprintCommitment; team: string }[] = [];
  for (const sprint of sprintById.values()) {
    const window = sprintWindow(sprint, now);
    if (typeof window === 'string') {
      skippedSprints.push({ sprintId: sprint.id, sprint: sprint.name, reason: window });
      continue;
    }
    const recorded = input.recordedCommitments?.[sprint.id];
    const own = candidates.get(sprint.id) ?? [];
    const extra = (recorded ?? []).map((k) => byKey.get(k)).filter((s): s is BacklogIssue => s !== undefined && !own.includes(s));
    evaluated.push({ c: evaluateSprint(sprint, window.t0, window.t1, [...own, ...extra].map(timelineOf), recorded, input.reworkBoundary), team: input.teamOfSprint.get(sprint.id) ?? NO_TEAM });
  }
  const closed = evaluated.filter((e) => e.c.sprint.state === 'closed');
  const rows = closed.map((e) => sprintRow(e.c, e.team)).sort((a, b) => ms(a.endDate) - ms(b.endDate) || a.sprintId - b.sprintId);
  const activeSprints: ActiveSprint[] = evaluated
    .filter((e) => e.c.sprint.state === 'active')
    .map(({ c, team: t }) => {
      const end = ms(c.sprint.endDate);
      return {
        team: t,
        sprintId: c.sprint.id,
        sprint: c.sprint.name,
        startDate: c.start,
        plannedEnd: Number.isNaN(end) ? null : new Date(end).toISOString(),
        daysLeft: Number.isNaN(end) || Number.isNaN(now) ? null : differenceInCalendarDays(end, now),
        committed: [...c.committed].sort(),
        added: [...c.added].sort(),
        done: [...c.accepted].sort(),
      };
    })
    .sort((a, b) => teamOrder(a.team, b.team) || a.sprintId - b.sprintId);

  return { closed, rows, activeSprints, skippedSprints, sprintById };
}
