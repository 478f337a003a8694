import type { BacklogIssue, Sprint } from '../model';

export type PiRisk = 'later' | 'same' | 'unplanned' | 'ok';

/** Where an end of a dependency sits on the board: its iteration (column) and sprint, or none. */
export interface Placement {
  column: number | null;
  sprint: Sprint | null;
}

/** A story by key (and team); a feature says so, since it is placed by its stories (the blocker's last, the blocked one's first). */
const who = (i: BacklogIssue, team: string | null) => `${i.hierarchyLevel > 0 ? 'feature ' : ''}${team ? `${i.key} (${team})` : i.key}`;
const where = (p: Placement) => `${p.sprint!.name} (iteration ${p.column! + 1})`;

/**
 * The risk of "`blocker` blocks `blocked`" on the PI's board (docs/PI_PLANNING.md "Dependency risk"),
 * by iteration order: later — the blocker is planned in a later iteration than the work it blocks;
 * same — the same iteration; unplanned — the blocker (not done) is in no iteration of the PI while
 * the blocked work is; ok — the blocker is done, planned earlier, or the blocked work is not planned.
 */
export function piDependencyRisk(
  blocker: { issue: BacklogIssue; team: string | null; at: Placement },
  blocked: { issue: BacklogIssue; team: string | null; at: Placement },
  pi: string,
): { risk: PiRisk; sentence: string } {
  const b = who(blocker.issue, blocker.team);
  const d = who(blocked.issue, blocked.team);
  if (blocker.issue.status.category === 'done') return { risk: 'ok', sentence: `${b} is done, so ${d} does not wait for it.` };
  if (blocked.at.column === null) {
    return blocker.at.column === null
      ? { risk: 'ok', sentence: `Neither ${b} nor ${d}, which it blocks, is planned in an iteration of ${pi} yet.` }
      : { risk: 'ok', sentence: `${b} is planned for ${where(blocker.at)}; ${d}, which it blocks, is not planned in an iteration of ${pi} yet.` };
  }
  if (blocker.at.column === null) return { risk: 'unplanned', sentence: `${b} blocks ${d} (${where(blocked.at)}) but is not planned in any iteration of ${pi}.` };
  if (blocker.at.column > blocked.at.column) {
    return { risk: 'later', sentence: `${b} is planned for ${where(blocker.at)}, after ${d} that it blocks (${where(blocked.at)}): ${blocked.issue.key} cannot finish as planned.` };
  }
  if (blocker.at.column === blocked.at.column) {
    return { risk: 'same', sentence: `${b} and ${d}, which it blocks, are both planned for iteration ${blocker.at.column + 1} (${blocker.at.sprint!.name}, ${blocked.at.sprint!.name}): ${d} can only finish if ${blocker.issue.key} is done early in it.` };
  }
  return { risk: 'ok', sentence: `${b} is planned for ${where(blocker.at)}, before ${d} that it blocks (${where(blocked.at)}).` };
}
