import type { JiraClient } from '../jira/client';
import type { KeyValueStore } from '../storage/keyValueStore';
import { loadSettings } from '../storage/settingsRepo';
import { effectiveSettings } from '../domain/settings';
import { discoverFields } from '../jira/mapping';
import type { SiteMetadata } from './siteMetadata';
import { pruneSnapshots, recordCommitment, recordedCommitments, saveSnapshot, toSnapshot } from './snapshots';
import { trainHealth } from './trainHealth';

export interface RefreshResult {
  projectKey: string;
  date: string;
  storyCount: number;
  commitmentsRecorded: number[];
  pruned: number;
  jiraRequests: number;
}

/**
 * The daily job for one project, run as the app (no user): stores the day's aggregates (never
 * issue keys or text), records the committed set of every sprint that started since the last run
 * (that record wins over the changelog later), and prunes snapshots past the retention age.
 */
export async function refreshProject(jira: JiraClient, store: KeyValueStore, projectKey: string, now: Date): Promise<RefreshResult> {
  const before = jira.stats.requests;
  const [stored, fields, issueTypes] = await Promise.all([loadSettings(store), jira.fields(), jira.issueTypes()]);
  const meta: SiteMetadata = {
    discovered: discoverFields(fields),
    fields: [],
    issueTypes: issueTypes.map((t) => ({ id: t.id, name: t.name, hierarchyLevel: t.hierarchyLevel })),
    fetchedAt: now.toISOString(),
  };
  const settings = effectiveSettings(stored, meta.discovered);
  const { health, train } = await trainHealth(jira, store, settings, meta, projectKey, now);
  await saveSnapshot(store, toSnapshot(projectKey, health, now));
  const already = await recordedCommitments(store, projectKey);
  const recorded: number[] = [];
  for (const s of health.sprints) {
    if (s.state !== 'active' || already[s.sprintId]) continue;
    await recordCommitment(store, projectKey, s.sprintId, s.keys.committed, now);
    recorded.push(s.sprintId);
  }
  const pruned = await pruneSnapshots(store, projectKey, settings.snapshotRetentionDays, now);
  return { projectKey, date: now.toISOString().slice(0, 10), storyCount: train.stories.length, commitmentsRecorded: recorded, pruned, jiraRequests: jira.stats.requests - before };
}
