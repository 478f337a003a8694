import { trainBySprintEnd } from '../../../src/domain/health/trainBySprint';
import type { SprintRow } from '../../../src/domain/health';

const EMPTY = { committed: [], added: [], removed: [], accepted: [], acceptedCommitted: [], acceptedAdded: [], reopened: [], reworked: [] };

function row(team: string, sprintId: number, state: SprintRow['state'], endDate: string, keys: Partial<SprintRow['keys']>): SprintRow {
  return {
    team, sprintId, sprint: `${team} ${sprintId}`, state, startDate: '2026-01-01T08:00:00Z', endDate,
    committed: 0, added: 0, removed: 0, accepted: 0, acceptedCommitted: 0, acceptedAdded: 0, acceptanceRate: null,
    committedPoints: 0, acceptedPoints: 0, acceptedCommittedPoints: 0, acceptanceRatePoints: null, reopened: 0, reworked: 0,
    recordedCommitment: false, keys: { ...EMPTY, ...keys },
  };
}

describe('trainBySprintEnd', () => {
  it('pools the teams\' closed sprints ending the same day as a ratio of sums, not an average of rates', () => {
    const points = trainBySprintEnd([
      // Team A: 1 of 1 committed accepted (100%); team B: 1 of 3 (33%). Pooled: 2 of 4 = 50%, not 67%.
      row('A', 1, 'closed', '2026-01-14T17:00:00Z', { committed: ['A-1'], acceptedCommitted: ['A-1'], accepted: ['A-1', 'A-9'], reworked: ['A-9'] }),
      row('B', 2, 'closed', '2026-01-14T09:00:00Z', { committed: ['B-1', 'B-2', 'B-3'], acceptedCommitted: ['B-1'], accepted: ['B-1'] }),
      row('A', 3, 'closed', '2026-01-28T17:00:00Z', { committed: ['A-2', 'A-3'], acceptedCommitted: ['A-2', 'A-3'], accepted: ['A-2', 'A-3'] }),
    ]);
    expect(points).toEqual([
      { day: '2026-01-14', acceptanceRate: 0.5, reworkRatio: 1 / 3 },
      { day: '2026-01-28', acceptanceRate: 1, reworkRatio: 0 },
    ]);
  });

  it('leaves active and future sprints out, and has no rate where nothing was committed or accepted', () => {
    const points = trainBySprintEnd([
      row('A', 1, 'active', '2026-02-11T17:00:00Z', { committed: ['A-1'], acceptedCommitted: [] }),
      row('B', 2, 'future', '2026-02-25T17:00:00Z', { committed: ['B-1'] }),
      row('B', 3, 'closed', '2026-01-28T17:00:00Z', {}),
    ]);
    expect(points).toEqual([{ day: '2026-01-28', acceptanceRate: null, reworkRatio: null }]);
  });
});
