import type { JiraClient } from '../jira/client';
import type { KeyValueStore } from '../storage/keyValueStore';
import { currentSettings } from './siteMetadata';
import { pruneSnapshots, recordCommitment, recordedCommitments, saveSnapshot, toSnapshot } from './snapshots';
import { startSync, syncState, syncStep } from './sync';
import { APP_PRINCIPAL } from './trainStore';
import { syncQualityProperties, type QualityPropertySync } from './qualityProperty';

export interface RefreshResult {
  /** False when the budget ran out first: call again (the queue consumer re-queues) to resume. */
  done: boolean;
  projectKey: string;
  date: string;
  storyCount: number;
  commitmentsRecorded: number[];
  pruned: number;
  /** `refinery.quality` issue properties written for stories whose verdict changed (docs/QUALITY.md). */
  qualityProperties?: QualityPropertySync;
  jiraRequests: number;
}

/**
 * The daily job for one project, run as the app (no user): stores the day's aggregates (never
 * issue keys or text), records the committed set of every sprint that started since the last run
 * (that record wins over the changelog later), and prunes snapshots past the retention age.
 */
export async function refreshProject(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date, budgetMs = Number.POSITIVE_INFINITY, mode: 'full' | 'incremental' = 'full'): Promise<RefreshResult> {
  const before = jira.stats.requests;
  // The same discovered settings as every resolver (cached for an hour in storage).
  const { settings, meta } = await currentSettings({ jira, store, siteUrl: '', accountId: null, now: () => now });
  // The app's run: resumes a run that an earlier invocation left unfinished, else starts a full one.
  const running = await syncState(store, projectKey, APP_PRINCIPAL);
  // `incremental`: the daily reconciliation of the live train (src/app/reconcile.ts); a first run is full anyway.
  if (!running || running.phase === 'done' || running.phase === 'failed') await startSync(store, settings, meta, projectKey, APP_PRINCIPAL, mode, now);
  const r = await syncStep(jira, store, settings, meta, projectKey, APP_PRINCIPAL, () => now, budgetMs);
  const date = now.toISOString().slice(0, 10);
  if (!r.health) return { done: false, projectKey, date, storyCount: r.state.issuesLoaded, commitmentsRecorded: [], pruned: 0, jiraRequests: jira.stats.requests - before };
  const health = r.health;
  await saveSnapshot(store, toSnapshot(projectKey, health, now));
  const already = await recordedCommitments(store, projectKey);
  const recorded: number[] = [];
  for (const s of health.activeSprints) {
    if (already[s.sprintId]) continue;
    await recordCommitment(store, projectKey, s.sprintId, s.committed, now);
    recorded.push(s.sprintId);
  }
  const pruned = await pruneSnapshots(store, projectKey, settings.snapshotRetentionDays, now);
  const qualityProperties = await syncQualityProperties(jira, { settings, meta, projectKey, now });
  const storyCount = health.teams.reduce((n, t) => n + t.baseKeys.qualityPassRate.length, 0);
  return { done: true, projectKey, date, storyCount: Math.max(storyCount, r.state.issuesLoaded), commitmentsRecorded: recorded, pruned, qualityProperties, jiraRequests: jira.stats.requests - before };
}

/** The app's own (aggregate-only) train data is kept under this principal. */
export { APP_PRINCIPAL } from './trainStore';
