import { activeSprintFigures } from '../../../src/domain/health/sprints';
import { figureId, issueDependencies } from '../../../src/domain/health';
import type { BacklogIssue, Sprint, StatusRef } from '../../../src/domain/model';

/** Issue 12 leftovers: the In progress row's counts and the issue panel's at-risk count are figures. */
const TODO: StatusRef = { id: '1', name: 'To Do', category: 'new' };
const DONE: StatusRef = { id: '10001', name: 'Done', category: 'done' };
const sprint = (id: number, state: Sprint['state'], end: string | null): Sprint => ({ id, name: `Sprint ${id}`, state, startDate: '2026-11-01T09:00:00.000Z', endDate: end, completeDate: null, boardId: 1 });
const S1 = sprint(1, 'active', '2026-11-14T09:00:00.000Z');
const S2 = sprint(2, 'future', '2026-11-28T09:00:00.000Z');

function issue(key: string, over: Partial<BacklogIssue> = {}): BacklogIssue {
  return {
    id: `id-${key}`, key, summary: key, issueType: 'Story', hierarchyLevel: 0, status: TODO, team: 'A', storyPoints: 3, parentKey: null, sprints: [], labels: [], fixVersions: [], rank: null,
    created: '2026-10-01T00:00:00.000Z', updated: '2026-10-01T00:00:00.000Z', resolutionDate: null, assignee: null, description: null, acceptanceCriteria: null, links: [], ...over,
  };
}

describe('active sprint figures (Overview "In progress")', () => {
  const a = { team: 'A', sprintId: 7, sprint: 'Sprint 7', startDate: '2026-11-01T09:00:00.000Z', plannedEnd: null, daysLeft: 4, committed: ['P-2', 'P-1'], added: ['P-3'], done: ['P-1', 'P-3'] };
  const [progress, committed, added] = activeSprintFigures(a);

  it('counts committed at start and added since with exactly their stories, in the sprint scope', () => {
    expect(committed).toMatchObject({ metric: 'sprintCommittedSoFar', scope: 'sprint', team: 'A', sprintId: 7, unit: 'issues', kind: 'count', value: 2, numerator: 2, members: ['P-1', 'P-2'] });
    expect(added).toMatchObject({ metric: 'sprintAddedSoFar', scope: 'sprint', sprintId: 7, kind: 'count', value: 1, members: ['P-3'] });
  });

  it('makes the two counts the parts of the progress denominator, each with its own id', () => {
    expect(progress).toMatchObject({ metric: 'sprintProgress', numerator: 2, denominator: 3 });
    expect([...committed.members, ...added.members].sort()).toEqual(progress.denominatorMembers);
    expect(new Set([progress, committed, added].map(figureId)).size).toBe(3);
  });
});

describe('issue dependencies at risk (issue panel)', () => {
  const story = issue('P-1', { sprints: [S1] });
  const lateBlocker = issue('P-2', { team: 'B', sprints: [S2] });
  const unscheduled = issue('P-3', { team: 'A' });
  const doneBlocker = issue('P-4', { status: DONE });
  const blockedByMe = issue('P-5', { sprints: [S2] });

  it('counts the at-risk links as pairs, members the issues on both ends, same team or not', () => {
    const r = issueDependencies(story, [
      { direction: 'blockedBy', other: lateBlocker },
      { direction: 'blockedBy', other: unscheduled },
      { direction: 'blockedBy', other: doneBlocker },
      { direction: 'blocks', other: blockedByMe },
    ]);
    expect(r.links.map((d) => d.risk.atRisk)).toEqual([true, true, false, false]);
    expect(r.atRisk).toMatchObject({ metric: 'issueDependenciesAtRisk', scope: 'issue', issue: 'P-1', unit: 'pairs', kind: 'count', value: 2, numerator: 2 });
    expect(r.atRisk.members).toEqual(['P-1', 'P-2', 'P-3']);
    expect(r.atRisk.pairs).toEqual([['P-2', 'P-1'], ['P-3', 'P-1']]);
  });

  it('counts a link Jira lists twice once', () => {
    const r = issueDependencies(story, [
      { direction: 'blockedBy', other: lateBlocker },
      { direction: 'blockedBy', other: lateBlocker },
    ]);
    expect(r.links).toHaveLength(2);
    expect(r.atRisk.numerator).toBe(1);
  });

  it('is an empty figure (no link to open) without risk, and its id names the issue', () => {
    const r = issueDependencies(story, [{ direction: 'blockedBy', other: doneBlocker }]);
    expect(r.atRisk).toMatchObject({ value: 0, numerator: 0, members: [] });
    expect(figureId(r.atRisk)).toContain('P-1');
    expect(figureId(r.atRisk)).not.toBe(figureId(issueDependencies(blockedByMe, []).atRisk));
  });
});
