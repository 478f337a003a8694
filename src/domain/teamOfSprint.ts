import type { BacklogIssue, Sprint } from './model';

/**
 * A team's sprints live on its board, so a sprint belongs to the team that most of its stories
 * belong to (boards are per team in SAFe; the Team field is the stronger signal where set).
 * Sprints with no team-tagged story fall back to the board's majority, then to the board name.
 */
export function teamOfSprints(issues: readonly BacklogIssue[], sprints: readonly Sprint[], boardNames: ReadonlyMap<number, string> = new Map()): Map<number, string> {
  const votesBySprint = new Map<number, Map<string, number>>();
  const votesByBoard = new Map<number, Map<string, number>>();
  const boardOf = new Map(sprints.map((s) => [s.id, s.boardId]));
  const vote = (m: Map<number, Map<string, number>>, id: number, team: string) => {
    const v = m.get(id) ?? new Map<string, number>();
    v.set(team, (v.get(team) ?? 0) + 1);
    m.set(id, v);
  };
  for (const issue of issues) {
    if (!issue.team) continue;
    for (const s of issue.sprints) {
      vote(votesBySprint, s.id, issue.team);
      const board = boardOf.get(s.id) ?? s.boardId;
      if (board !== null && board !== undefined) vote(votesByBoard, board, issue.team);
    }
  }
  const top = (v: Map<string, number> | undefined) => (v ? [...v.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] : undefined);
  const out = new Map<number, string>();
  for (const s of sprints) {
    const team = top(votesBySprint.get(s.id)) ?? (s.boardId !== null ? (top(votesByBoard.get(s.boardId)) ?? boardNames.get(s.boardId)?.replace(/\s+(board|scrum board)$/i, '')) : undefined);
    if (team) out.set(s.id, team);
  }
  return out;
}
