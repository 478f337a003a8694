import { subDays } from 'date-fns';
import type { Metrics, TrainHealth } from '../domain/health';
import type { KeyValueStore } from '../storage/keyValueStore';

/**
 * Daily snapshots hold aggregates only — numbers per train and team, never issue keys or text —
 * because the job reads as the app and a snapshot is shown to people with different permissions.
 */
export interface HealthSnapshot {
  date: string;
  projectKey: string;
  train: Metrics;
  teams: { team: string; metrics: Metrics }[];
}

const snapshotPrefix = (projectKey: string) => `snapshot:${projectKey}:`;
const commitmentPrefix = (projectKey: string) => `commitment:${projectKey}:`;
const PROJECTS_KEY = 'projects:v1';

export function toSnapshot(projectKey: string, health: TrainHealth, now: Date): HealthSnapshot {
  return { date: now.toISOString().slice(0, 10), projectKey, train: health.train, teams: health.teams.map((t) => ({ team: t.team, metrics: t.metrics })) };
}

export async function saveSnapshot(store: KeyValueStore, snap: HealthSnapshot): Promise<void> {
  await store.set(`${snapshotPrefix(snap.projectKey)}${snap.date}`, snap);
}

export async function snapshots(store: KeyValueStore, projectKey: string): Promise<HealthSnapshot[]> {
  const all = await store.list<HealthSnapshot>(snapshotPrefix(projectKey));
  return all.map((x) => x.value).sort((a, b) => (a.date < b.date ? -1 : 1));
}

export async function pruneSnapshots(store: KeyValueStore, projectKey: string, retentionDays: number, now: Date): Promise<number> {
  const cutoff = subDays(now, retentionDays).toISOString().slice(0, 10);
  const old = (await store.list<HealthSnapshot>(snapshotPrefix(projectKey))).filter((x) => x.value.date < cutoff);
  await Promise.all(old.map((x) => store.delete(x.key)));
  return old.length;
}

/** Sprint id → issue keys committed at its start, as the daily job recorded them. */
export async function recordedCommitments(store: KeyValueStore, projectKey: string): Promise<Record<number, string[]>> {
  const out: Record<number, string[]> = {};
  for (const { value } of await store.list<{ sprintId: number; keys: string[] }>(commitmentPrefix(projectKey))) out[value.sprintId] = value.keys;
  return out;
}

export async function recordCommitment(store: KeyValueStore, projectKey: string, sprintId: number, keys: string[], at: Date): Promise<void> {
  await store.set(`${commitmentPrefix(projectKey)}${sprintId}`, { sprintId, keys, recordedAt: at.toISOString() });
}

/** Projects whose health page has been opened: the daily job snapshots these. */
export async function registerProject(store: KeyValueStore, projectKey: string): Promise<void> {
  const known = (await store.get<string[]>(PROJECTS_KEY)) ?? [];
  if (!known.includes(projectKey)) await store.set(PROJECTS_KEY, [...known, projectKey].sort());
}

export async function registeredProjects(store: KeyValueStore): Promise<string[]> {
  return (await store.get<string[]>(PROJECTS_KEY)) ?? [];
}
