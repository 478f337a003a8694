import type { BacklogIssue, Sprint } from '../model';

/**
 * A story's team: its Team field, else the team owning its planned sprint (the latest sprint that
 * is not closed, else its latest sprint), else none. Sprint states come from the boards when known
 * (an issue's Sprint field can lag behind), else from the issue.
 */
export function teamResolver(teamOfSprint: ReadonlyMap<number, string>, sprints: readonly Sprint[] = []): (issue: BacklogIssue) => string | null {
  const stateById = new Map(sprints.map((s) => [s.id, s.state]));
  const cache = new Map<string, string | null>();
  return (issue) => {
    const hit = cache.get(issue.key);
    if (hit !== undefined) return hit;
    let team: string | null = issue.team;
    if (!team) {
      const open = issue.sprints.filter((s) => (stateById.get(s.id) ?? s.state) !== 'closed');
      const planned = open.at(-1) ?? issue.sprints.at(-1);
      team = planned ? (teamOfSprint.get(planned.id) ?? null) : null;
    }
    cache.set(issue.key, team);
    return team;
  };
}
