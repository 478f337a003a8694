/**
 * Where the sync keeps a stored train: the storage keys of its state, its chunks (one search page
 * each, compact records) and its meta record, and the readers of the stored chunks. The sync
 * (src/app/sync.ts) writes them; the compute phase (src/app/syncCompute.ts), the live train and
 * the reconciliation read them.
 */
import type { KeyValueStore } from '../storage/keyValueStore';
import type { CompactIssue } from './sync';

export type ChunkSet = 'train' | 'delta' | 'next';

export const base = (projectKey: string, principal: string) => `sync:v1:${projectKey}:${principal}`;
export const stateKey = (p: string, who: string) => `${base(p, who)}:state`;
export const chunkKey = (p: string, who: string, set: ChunkSet, n: number) => `${base(p, who)}:${set}:${String(n).padStart(6, '0')}`;
export const idsKey = (p: string, who: string, n: number) => `${base(p, who)}:ids:${String(n).padStart(6, '0')}`;
export const metaKey = (p: string, who: string) => `${base(p, who)}:meta`;

export interface TrainMeta {
  chunkCount: number;
  completedAt: string;
}

/** Every record of a stored chunk set, in chunk order. */
export async function loadChunks(store: KeyValueStore, projectKey: string, principal: string, set: 'train' | 'delta', count: number): Promise<CompactIssue[]> {
  const out: CompactIssue[] = [];
  for (let n = 0; n < count; n++) out.push(...((await store.get<CompactIssue[]>(chunkKey(projectKey, principal, set, n))) ?? []));
  return out;
}

/** The stored train's compact records and when its last run started (the live train and the reconciliation read it). */
export async function storedTrain(store: KeyValueStore, projectKey: string, principal: string): Promise<{ records: CompactIssue[]; completedAt: string } | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta) return null;
  return { records: await loadChunks(store, projectKey, principal, 'train', meta.chunkCount), completedAt: meta.completedAt };
}
