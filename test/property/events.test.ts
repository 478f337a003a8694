/**
 * Random Jira histories → the events they raise, delivered with faults (10% dropped, 5%
 * duplicated, 5% moved later) → the live train → the daily reconciliation. Whatever the faults, the
 * reconciled train equals a full load of the final Jira state; with no faults the events alone
 * already match it (the reconciliation finds zero drift).
 */
import fc from 'fast-check';
import { applyEvent, applyEvents, emptyLiveTrain, overlayTrain, reconcile, type TrainEvent } from '../../src/domain/train/events';
import type { FieldChange } from '../../src/domain/model';
import { PatchableTrain } from '../../src/domain/train/patchable';
import type { Rec } from '../domain/train/fixtures';

type Op = { kind: 'create' } | { kind: 'edit'; pick: number; points: number } | { kind: 'move'; pick: number; status: '1' | '2' | '3' } | { kind: 'delete'; pick: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'create' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), points: fc.integer({ min: 1, max: 13 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), status: fc.constantFrom('1' as const, '2' as const, '3' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

const T0 = Date.UTC(2026, 11, 1, 8, 0);
const iso = (n: number) => new Date(T0 + n * 1000).toISOString();

/** Jira, simplified: issues with a full changelog; each op raises the event Forge would send. */
function simulate(initial: number, ops: Op[]) {
  const jira = new Map<string, Rec>();
  let clock = 0;
  let nextId = 100;
  for (let i = 0; i < initial; i++) {
    const id = String(nextId++);
    jira.set(id, { id, key: `ART-${id}`, updated: iso(clock), status: '1', points: null, changes: [] });
  }
  const base = [...jira.values()].map((r) => structuredClone(r));
  const since = iso(clock);
  const events: TrainEvent<Rec>[] = [];
  for (const o of ops) {
    clock++;
    const ids = [...jira.keys()];
    if (o.kind === 'create') {
      const id = String(nextId++);
      const r: Rec = { id, key: `ART-${id}`, updated: iso(clock), status: '1', points: null, changes: [] };
      jira.set(id, r);
      events.push({ type: 'issueUpsert', issue: structuredClone(r) });
      continue;
    }
    if (!ids.length) continue;
    const r = jira.get(ids[o.pick % ids.length])!;
    if (o.kind === 'delete') {
      jira.delete(r.id);
      events.push({ type: 'issueDeleted', issueId: r.id, at: iso(clock) });
      continue;
    }
    const change: FieldChange[] = [];
    if (o.kind === 'edit') r.points = o.points;
    else {
      change.push({ at: iso(clock), field: 'status', from: r.status, to: o.status, fromString: null, toString: null });
      r.status = o.status;
    }
    r.updated = iso(clock);
    r.changes.push(...change);
    // The handler's one read gives the fields as they are now; the event's changelog gives this change.
    events.push({ type: 'issueUpsert', issue: { ...structuredClone(r), changes: change } });
  }
  return { base, since, events, jira };
}

function deliver<X>(events: X[], dice: number[]): X[] {
  const out: X[] = [];
  const late: X[] = [];
  events.forEach((e, i) => {
    const d = dice[i % dice.length];
    if (d < 0.1) return; // dropped
    if (d < 0.15) out.push(e, e); // duplicated
    else if (d < 0.2) late.push(e); // reordered: arrives after later events
    else out.push(e);
  });
  return [...out, ...late.reverse()];
}

const fullLoad = (jira: Map<string, Rec>) => [...jira.values()].map((r) => ({ ...r, changes: [...r.changes] })).sort((a, b) => a.id.localeCompare(b.id));
const byId = (rs: Rec[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id));

describe('event streams with faults, then reconciliation', () => {
  it('the reconciled train equals a full load, and a second reconciliation finds no drift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(op, { minLength: 1, maxLength: 40 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), (initial, ops, dice) => {
        const { base, since, events, jira } = simulate(initial, ops);
        const live = applyEvents(emptyLiveTrain<Rec>(), deliver(events, dice));
        const stored = overlayTrain(base, live);
        const changed = [...jira.values()].filter((r) => r.updated >= since);
        const ids = new Set(jira.keys());
        const r = reconcile(stored, changed, ids);
        expect(byId(r.records)).toEqual(fullLoad(jira));
        expect(reconcile(r.records, changed, ids).drift).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('without faults the events alone equal a full load: zero drift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(op, { minLength: 1, maxLength: 40 }), (initial, ops) => {
        const { base, since, events, jira } = simulate(initial, ops);
        const stored = overlayTrain(base, applyEvents(emptyLiveTrain<Rec>(), events));
        expect(byId(stored)).toEqual(fullLoad(jira));
        expect(reconcile(stored, [...jira.values()].filter((r) => r.updated >= since), new Set(jira.keys())).drift).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('the recompute\'s kept train, built at any point of the stream and patched with each changed record, equals the overlay of the whole live layer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(op, { minLength: 1, maxLength: 40 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.nat(), (initial, ops, dice, cut) => {
        const { base, events } = simulate(initial, ops);
        const delivered = deliver(events, dice);
        fc.pre(events.length > 0);
        const at = cut % (delivered.length + 1);
        // Built from the stored train and the live layer as it was after `at` events…
        let live = applyEvents(emptyLiveTrain<Rec>(), delivered.slice(0, at));
        const kept = PatchableTrain.from(base, live);
        // …then each later event's issue patched in as the live layer holds it after that event.
        for (const e of delivered.slice(at)) {
          live = applyEvent(live, e);
          const id = e.type === 'issueUpsert' ? e.issue.id : e.type === 'issueDeleted' ? e.issueId : null;
          if (id) kept.patch(id, live.issues[id], live.deletedIssues[id] !== undefined);
        }
        expect(kept.records()).toEqual(overlayTrain(base, live));
        expect(kept.size).toBe(overlayTrain(base, live).length);
      }),
      { numRuns: 150 },
    );
  });
});
