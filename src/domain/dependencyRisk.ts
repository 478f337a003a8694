import type { BacklogIssue, Sprint } from './model';

export type DependencyRiskKind = 'unscheduled' | 'later-sprint' | 'undone-in-closed-sprint';

export interface DependencyRisk {
  atRisk: boolean;
  risk: DependencyRiskKind | null;
  explanation: string;
}

/** The sprint an issue is planned in now: its latest non-closed sprint, else its latest sprint. */
export function plannedSprint(issue: BacklogIssue): Sprint | null {
  const open = issue.sprints.filter((s) => s.state !== 'closed');
  return open.at(-1) ?? issue.sprints.at(-1) ?? null;
}

function sprintEnd(s: Sprint): number | null {
  const t = s.completeDate ?? s.endDate;
  return t ? Date.parse(t) : null;
}

function who(i: BacklogIssue): string {
  return i.team ? `${i.key} (team ${i.team})` : i.key;
}

/**
 * DOMAIN.md "Dependencies": at risk when the blocker is not done and is unscheduled, scheduled in
 * a sprint that ends after the blocked issue's sprint, or left undone in a closed sprint. The
 * explanation is a sentence a POPM can act on.
 */
export function dependencyRisk(blocker: BacklogIssue, blocked: BacklogIssue): DependencyRisk {
  if (blocker.status.category === 'done') return { atRisk: false, risk: null, explanation: `${who(blocker)} is done.` };
  const bs = plannedSprint(blocker);
  const ds = plannedSprint(blocked);
  if (!bs) {
    return { atRisk: true, risk: 'unscheduled', explanation: `${who(blocker)} is not planned in any sprint yet, and ${blocked.key} waits for it.` };
  }
  if (bs.state === 'closed') {
    return { atRisk: true, risk: 'undone-in-closed-sprint', explanation: `${who(blocker)} was left undone in ${bs.name}, which has closed.` };
  }
  const bEnd = sprintEnd(bs);
  const dEnd = ds ? sprintEnd(ds) : null;
  if (ds && ds.id !== bs.id && ((bEnd !== null && dEnd !== null && bEnd > dEnd) || (bEnd === null && dEnd !== null))) {
    return {
      atRisk: true,
      risk: 'later-sprint',
      explanation: `${who(blocker)} is planned for ${bs.name}, after ${blocked.key}'s ${ds.name}.`,
    };
  }
  return { atRisk: false, risk: null, explanation: `${who(blocker)} is planned for ${bs.name}${ds ? `, no later than ${blocked.key}'s ${ds.name}` : ''}.` };
}
