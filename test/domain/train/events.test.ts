/**
 * The live train's event reducer (src/domain/train/events.ts): each event type, duplicates,
 * reordering and deletes.
 */
import { applyEvent, applyEvents, emptyLiveTrain, mergeIssue, overlaySprints, overlayTrain, reconcile, type LiveTrain, type TrainEvent } from '../../../src/domain/train/events';
import type { FieldChange, Sprint } from '../../../src/domain/model';
import type { Rec } from './fixtures';

const rec = (id: string, updated: string, over: Partial<Rec> = {}): Rec => ({ id, key: `ART-${id}`, updated, status: 'To Do', points: null, changes: [], ...over });
const statusChange = (at: string, from: string, to: string): FieldChange => ({ at, field: 'status', from, to, fromString: null, toString: null });
const sprint = (id: number, state: Sprint['state'], over: Partial<Sprint> = {}): Sprint => ({ id, name: `S${id}`, state, startDate: null, endDate: null, completeDate: null, boardId: 1, ...over });
const T = (m: number) => new Date(Date.UTC(2026, 11, 1, 10, m)).toISOString();

function permutations<X>(xs: X[]): X[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('issue events', () => {
  it('created: an unknown issue is added', () => {
    const s = applyEvent(emptyLiveTrain<Rec>(), { type: 'issueUpsert', issue: rec('1', T(1)) });
    expect(s.issues['1'].key).toBe('ART-1');
  });

  it('updated: the newer `updated` wins, an older reading changes nothing (returns the same state)', () => {
    const newer = applyEvent(emptyLiveTrain<Rec>(), { type: 'issueUpsert', issue: rec('1', T(5), { status: 'Done' }) });
    const after = applyEvent(newer, { type: 'issueUpsert', issue: rec('1', T(2), { status: 'In Progress' }) });
    expect(after.issues['1'].status).toBe('Done');
    const again = applyEvent(newer, { type: 'issueUpsert', issue: rec('1', T(5), { status: 'Done' }) });
    expect(again).toBe(newer);
  });

  it("an older event still contributes its changelog items (the record's changes are a set)", () => {
    const a = rec('1', T(5), { status: 'Done', changes: [statusChange(T(5), '2', '3')] });
    const b = rec('1', T(2), { status: 'In Progress', changes: [statusChange(T(2), '1', '2')] });
    const s = applyEvents(emptyLiveTrain<Rec>(), [{ type: 'issueUpsert', issue: a }, { type: 'issueUpsert', issue: b }]);
    expect(s.issues['1'].status).toBe('Done');
    expect(s.issues['1'].changes.map((c) => c.to)).toEqual(['2', '3']);
  });

  it('deleted: a tombstone; no replayed or late update brings the issue back', () => {
    const s = applyEvents(emptyLiveTrain<Rec>(), [
      { type: 'issueUpsert', issue: rec('1', T(1)) },
      { type: 'issueDeleted', issueId: '1', at: T(3) },
      { type: 'issueUpsert', issue: rec('1', T(9), { status: 'Done' }) },
    ]);
    expect(s.issues['1']).toBeUndefined();
    expect(s.deletedIssues['1']).toBe(T(3));
    expect(overlayTrain([rec('1', T(0)), rec('2', T(0))], s).map((r) => r.id)).toEqual(['2']);
  });

  it('equal `updated` with different content: the same winner whichever arrives first', () => {
    const a = rec('1', T(1), { points: 3 });
    const b = rec('1', T(1), { points: 5 });
    expect(mergeIssue(a, b)).toEqual(mergeIssue(b, a));
  });
});

describe('sprint and board events', () => {
  it('started then closed, in any order: closed; a late "created" (future) does not reopen it', () => {
    const evs: TrainEvent<Rec>[] = [
      { type: 'sprintSeen', sprint: sprint(7, 'future'), seenAt: T(1) },
      { type: 'sprintSeen', sprint: sprint(7, 'active', { startDate: T(2) }), seenAt: T(2) },
      { type: 'sprintSeen', sprint: sprint(7, 'closed', { startDate: T(2), completeDate: T(9) }), seenAt: T(9) },
    ];
    const results = permutations(evs).map((p) => applyEvents(emptyLiveTrain<Rec>(), p).sprints['7'].sprint);
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0].state).toBe('closed');
    expect(results[0].completeDate).toBe(T(9));
  });

  it('updated within one state: the later reading wins (a rename read later is kept)', () => {
    const s = applyEvents(emptyLiveTrain<Rec>(), [
      { type: 'sprintSeen', sprint: sprint(7, 'active', { name: 'New name' }), seenAt: T(5) },
      { type: 'sprintSeen', sprint: sprint(7, 'active', { name: 'Old name' }), seenAt: T(3) },
    ]);
    expect(s.sprints['7'].sprint.name).toBe('New name');
  });

  it('sprint deleted: gone from the overlaid sprints, and stays gone', () => {
    const s = applyEvents(emptyLiveTrain<Rec>(), [
      { type: 'sprintDeleted', sprintId: 7, at: T(4) },
      { type: 'sprintSeen', sprint: sprint(7, 'future'), seenAt: T(5) },
    ]);
    expect(overlaySprints([sprint(7, 'future'), sprint(8, 'active')], T(0), s as unknown as LiveTrain<never>).map((x) => x.id)).toEqual([8]);
  });

  it('board created/updated/deleted', () => {
    let s = applyEvent(emptyLiveTrain<Rec>(), { type: 'boardSeen', board: { id: 3, name: 'Team A', type: 'scrum' }, seenAt: T(1) });
    s = applyEvent(s, { type: 'boardSeen', board: { id: 3, name: 'Team A (renamed)', type: 'scrum' }, seenAt: T(2) });
    expect(s.boards['3'].board.name).toBe('Team A (renamed)');
    s = applyEvent(s, { type: 'boardDeleted', boardId: 3, at: T(3) });
    expect(s.boards['3']).toBeUndefined();
    expect(applyEvent(s, { type: 'boardSeen', board: { id: 3, name: 'x', type: 'scrum' }, seenAt: T(4) }).boards['3']).toBeUndefined();
  });
});

describe('sprint commitment records', () => {
  it('the earliest observation of the committed set wins: a duplicate start event seen after stories were added changes nothing', () => {
    const first = { sprintId: 7, keys: ['ART-2', 'ART-1'], points: 8, at: T(2), source: 'event' as const };
    const late = { sprintId: 7, keys: ['ART-1', 'ART-2', 'ART-3'], points: 13, at: T(6), source: 'event' as const };
    const a = applyEvents(emptyLiveTrain<Rec>(), [{ type: 'sprintCommitted', record: late }, { type: 'sprintCommitted', record: first }]);
    const b = applyEvents(emptyLiveTrain<Rec>(), [{ type: 'sprintCommitted', record: first }, { type: 'sprintCommitted', record: late }]);
    expect(a.committed['7']).toEqual(b.committed['7']);
    expect(a.committed['7'].keys).toEqual(['ART-1', 'ART-2']);
    expect(a.committed['7'].points).toBe(8);
  });

  it('accepted is kept apart from committed', () => {
    const s = applyEvent(emptyLiveTrain<Rec>(), { type: 'sprintAccepted', record: { sprintId: 7, keys: ['ART-1'], points: 5, at: T(9), source: 'event' } });
    expect(s.accepted['7'].keys).toEqual(['ART-1']);
    expect(s.committed['7']).toBeUndefined();
  });
});

describe('duplicates and reordering', () => {
  it('every order of a stream with duplicates gives the same live train', () => {
    const evs: TrainEvent<Rec>[] = [
      { type: 'issueUpsert', issue: rec('1', T(1), { changes: [statusChange(T(1), '1', '2')] }) },
      { type: 'issueUpsert', issue: rec('1', T(3), { status: 'Done', changes: [statusChange(T(3), '2', '3')] }) },
      { type: 'issueUpsert', issue: rec('2', T(2)) },
      { type: 'issueDeleted', issueId: '2', at: T(4) },
      { type: 'sprintSeen', sprint: sprint(7, 'active'), seenAt: T(2) },
    ];
    const withDup = [...evs, evs[1]];
    const all = permutations(withDup).map((p) => JSON.stringify(applyEvents(emptyLiveTrain<Rec>(), p)));
    expect(all.length).toBe(720);
    expect(new Set(all).size).toBe(1);
  });
});

describe('reconciliation', () => {
  it('repairs a missed update, a missed delete and a missed create, and counts each as drift', () => {
    const stored = [rec('1', T(1)), rec('2', T(1)), rec('3', T(1))];
    const changed = [rec('1', T(5), { status: 'Done' }), rec('4', T(6))];
    const r = reconcile(stored, changed, new Set(['1', '3', '4']));
    expect(r.records.map((x) => `${x.id}:${x.status}`)).toEqual(['1:Done', '3:To Do', '4:To Do']);
    expect(r.driftIds).toEqual(['1', '2', '4']);
    expect(reconcile(r.records, changed, new Set(['1', '3', '4'])).drift).toBe(0);
  });
});
