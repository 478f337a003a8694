import type { TrainFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { failed, passed, type SiteCheck } from './types';

const LISTED: Record<string, string> = { simple: 'team-managed (simple)' };
const KIND: Record<string, string> = { kanban: 'a kanban board', simple: 'a team-managed board' };
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Boards by type. Only scrum boards have sprints: Jira answers 400 on a kanban or simple board's
 * sprint endpoints, so their issues count for readiness only.
 */
export function boardsCheck(train: TrainFacts): SiteCheck {
  const id = 'boards';
  if (!train.boards.ok) return refusedCheck(id, `list the boards of ${train.projectKey} (GET /rest/agile/1.0/board)`, train.boards.error);
  const boards = train.boards.value;
  const byType = new Map<string, string[]>();
  for (const b of boards) byType.set(b.type, [...(byType.get(b.type) ?? []), b.name]);
  const scrum = byType.get('scrum') ?? [];
  const withoutSprints = boards.filter((b) => b.type !== 'scrum');
  const listing = [...byType].map(([type, names]) => `${plural(names.length, `${LISTED[type] ?? type} board`)} (${names.join(', ')})`).join(', ');
  // The same sentence the project page shows for such a board (src/app/trainData.ts).
  const note = withoutSprints.map((b) => ` Board ${b.name} (${KIND[b.type] ?? 'a board without sprints'}) has no sprints; its issues count for readiness only.`).join('');
  if (!boards.length) return failed(id, `${train.projectKey} has no board, so there are no sprints: acceptance rate, rework and sprint readiness stay empty.`, `Create a scrum board for each team of ${train.projectKey} (Jira: Boards → Create board → Scrum).`);
  const message = `${train.projectKey} has ${listing}.${note}`;
  const onlyTeamManaged = boards.every((b) => b.type === 'simple');
  const fix = onlyTeamManaged
    ? 'Refinery reads sprints from scrum boards only, not from a team-managed project’s board: plan the teams’ sprints on a scrum board of a company-managed project, or use this project for readiness, quality and WSJF only.'
    : 'Teams that plan in sprints need a scrum board (Boards → Create board → Scrum); kanban-only teams still get readiness, quality and WSJF.';
  if (!scrum.length) return failed(id, `${message} Without a scrum board there are no sprints: acceptance rate, rework and sprint readiness stay empty.`, fix);
  return passed(id, message);
}
