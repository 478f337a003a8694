/**
 * The live-effective train as the recompute keeps it between two recomputes (issue 18): the stored
 * train with the live layer on top (`overlayTrain`), held by id so that an event's record is
 * patched in place instead of the whole train being rebuilt. Pure; the app keeps one per project
 * (src/app/events.ts) and patches it with the records the events changed since.
 *
 * Why patching gives the same records as a rebuild: the live layer only grows by merges
 * (`mergeIssue` is last-writer-wins on `updated` with a content tie-break, and a union of changes:
 * associative, commutative, idempotent), so merging the newer live record into the record the
 * train already holds equals merging it into the stored record; a tombstone is final.
 */
import { mergeIssue, type LiveTrain, type TrainRecordLike } from './events';

export class PatchableTrain<R extends TrainRecordLike> {
  private readonly byId = new Map<string, R>();
  /** Ids of the stored train, in its order (Jira's rank order). */
  private readonly baseOrder: string[] = [];
  private readonly baseIds = new Set<string>();
  /** Ids only the events know (created since the last load). */
  private readonly extra = new Set<string>();
  private readonly deleted = new Set<string>();

  /** Equal to `overlayTrain(base, live)`. */
  static from<R extends TrainRecordLike>(base: readonly R[], live: LiveTrain<R>): PatchableTrain<R> {
    const t = new PatchableTrain<R>();
    for (const r of base) {
      t.baseOrder.push(r.id);
      t.baseIds.add(r.id);
      t.byId.set(r.id, r);
    }
    for (const id of Object.keys(live.deletedIssues)) t.patch(id, undefined, true);
    for (const [id, r] of Object.entries(live.issues)) t.patch(id, r, false);
    return t;
  }

  /**
   * One issue as the live layer now holds it: its (merged) live record, or its tombstone.
   * Returns whether the train changed.
   */
  patch(id: string, live: R | undefined, deleted: boolean): boolean {
    if (deleted) {
      if (this.deleted.has(id)) return false;
      this.deleted.add(id);
      this.byId.delete(id);
      this.extra.delete(id);
      return true;
    }
    if (!live || this.deleted.has(id)) return false;
    const held = this.byId.get(id);
    const next = mergeIssue(held, live);
    if (held && JSON.stringify(held) === JSON.stringify(next)) return false;
    this.byId.set(id, next);
    if (!this.baseIds.has(id)) this.extra.add(id);
    return true;
  }

  get size(): number {
    return this.byId.size;
  }

  /** The records, in `overlayTrain`'s order: the stored train's order, then the new issues. */
  records(): R[] {
    const out: R[] = [];
    for (const id of this.baseOrder) {
      const r = this.byId.get(id);
      if (r) out.push(r);
    }
    // overlayTrain lists the new issues as the live layer's object enumerates them (loaded in key
    // order): the same order, built the same way.
    const order: Record<string, true> = {};
    for (const id of [...this.extra].sort()) order[id] = true;
    for (const id of Object.keys(order)) out.push(this.byId.get(id)!);
    return out;
  }
}
