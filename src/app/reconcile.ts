/**
 * The daily reconciliation of the live train (issue 18). The daily job's run for a project is an
 * incremental sync as the app — Jira's search for `updated >=` the last run (their full records and
 * changelogs) plus the id-only pass that drops deleted issues — and Jira's answer replaces what the
 * events left. Before it starts, the train as the events left it (stored train + live layer) is
 * fingerprinted; after it, every record that differs (missed create, missed delete, missed or
 * partial update) counts as drift. The drift is recorded for the site check, the live layer folded
 * into the stored train is cleared, and the live figures are recomputed.
 *
 * Pure part: `reconcile` in src/domain/train/events.ts (the property test's model of this).
 */
import type { JiraClient } from '../jira/client';
import { mergeIssue, recordFingerprint } from '../domain/train/events';
import type { KeyValueStore } from '../storage/keyValueStore';
import { deleteLarge, getLarge, putLarge } from '../storage/sharded';
import { clearLive, forgetKeptTrain, liveVersion, loadLive, recomputeLive, recordDrift, type DriftRecord, type LiveRecord, type RecomputeStats } from './events';
import { APP_PRINCIPAL, refreshProject, type RefreshResult } from './refresh';
import { syncState } from './sync';
import { takeAppCompute } from './syncCompute';
import { eachStoredRecord } from './trainStore';

const beforeKey = (p: string) => `livemeta:v1:${p}:reconcile-before`;

interface Before {
  /** Live version when the reconciliation started: live entries up to it are folded in by it. */
  upToSeq: number;
  startedAt: string;
  /** id → fingerprint of the record as the events left it. */
  prints: Record<string, string>;
}

/** A short, stable digest of a fingerprint (FNV-1a), so 50k records fit in a few storage values. */
function digest(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36) + s.length.toString(36);
}

/** Drift between two fingerprint maps: ids only on one side, or whose record differs. */
export function driftBetween(before: Record<string, string>, after: Record<string, string>): number {
  let n = 0;
  for (const [id, p] of Object.entries(before)) if (after[id] !== p) n++;
  for (const id of Object.keys(after)) if (!(id in before)) n++;
  return n;
}

export async function reconcileProject(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date, budgetMs = Number.POSITIVE_INFINITY): Promise<RefreshResult & { drift?: DriftRecord; live?: RecomputeStats['mode'] }> {
  // The live recompute's kept train goes: the reconciliation loads its own, and replaces the stored one.
  forgetKeptTrain();
  takeAppCompute(projectKey);
  const running = await syncState(store, projectKey, APP_PRINCIPAL);
  const resuming = !!running && running.phase !== 'done' && running.phase !== 'failed';
  if (!resuming) {
    // The train as the events left it (effectiveTrain's records: the stored train with the live
    // layer on top), fingerprinted one stored chunk at a time (issue 16): never held whole.
    const upToSeq = (await liveVersion(store, projectKey)).version;
    const live = await loadLive(store, projectKey);
    const prints: Record<string, string> = {};
    const seenLive = new Set<string>();
    const print = (r: LiveRecord) => {
      if (!r.outOfScope) prints[r.id] = digest(recordFingerprint(r));
    };
    const stored = await eachStoredRecord(store, projectKey, APP_PRINCIPAL, (r) => {
      if (live.deletedIssues[r.id] !== undefined) return;
      const l = live.issues[r.id];
      if (l) seenLive.add(r.id);
      print(l ? mergeIssue<LiveRecord>(r, l) : r);
    });
    if (stored) {
      for (const [id, r] of Object.entries(live.issues)) if (!seenLive.has(id) && live.deletedIssues[id] === undefined) print(r);
      await putLarge(store, beforeKey(projectKey), { upToSeq, startedAt: now.toISOString(), prints } satisfies Before);
    } else await deleteLarge(store, beforeKey(projectKey));
  }
  const result = await refreshProject(jira, store, projectKey, now, budgetMs, 'incremental');
  if (!result.done) return result;
  // The refresh's own compute (issue 16): the live figures are stored from it when a recompute
  // would compute the same ones, so this run computes the health once, not twice.
  const computed = takeAppCompute(projectKey);
  const before = await getLarge<Before>(store, beforeKey(projectKey));
  // The stored train's fingerprints one chunk at a time (memory16, issue 16): the whole train is
  // never held here next to the recompute's, and a first load reads none of it.
  const prints: Record<string, string> = {};
  const after = before ? await eachStoredRecord(store, projectKey, APP_PRINCIPAL, (r) => (prints[r.id] = digest(recordFingerprint(r)))) : null;
  if (!before || !after) {
    // A first (full) load: nothing to compare with yet.
    const live = await recomputeLive(jira, store, projectKey, now, computed);
    return { ...result, live: live?.recompute?.mode };
  }
  const drift = driftBetween(before.prints, prints);
  const folded = await clearLive(store, projectKey, before.upToSeq);
  const record: DriftRecord = { at: now.toISOString(), drift, compared: after.count, folded };
  await recordDrift(store, projectKey, record);
  await deleteLarge(store, beforeKey(projectKey));
  const live = await recomputeLive(jira, store, projectKey, now, computed);
  return { ...result, drift: record, live: live?.recompute?.mode };
}
