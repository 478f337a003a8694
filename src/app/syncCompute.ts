/**
 * The sync's compute phase: every health metric of the stored train (its compact records, with
 * each story's quality verdict from its page), plus the boards and sprints read once.
 */
import type { TrainHealth } from '../domain/health';
import { piPredictability, type Predictability } from '../domain/predictability';
import type { EffectiveSettings } from '../domain/settings';
import type { JiraClient } from '../jira/client';
import type { KeyValueStore } from '../storage/keyValueStore';
import { recordedCommitments } from './snapshots';
import { assembleTrain, boardSprints, trainScope, type TrainData } from './trainData';
import { healthOf } from './trainHealth';
import { loadChunks, metaKey, type TrainMeta } from './trainStore';

export async function compute(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, projectKey: string, principal: string, now: Date): Promise<{ health: TrainHealth; predictability: Predictability | null; notes: string[]; train: TrainData }> {
  const meta = (await store.get<TrainMeta>(metaKey(projectKey, principal)))!;
  const all = await loadChunks(store, projectKey, principal, 'train', meta.chunkCount);
  const boards = await jira.boards(projectKey);
  const { sprints, notes } = await boardSprints(jira, boards);
  const train = assembleTrain(projectKey, trainScope(settings, projectKey), all, new Map(all.map((i) => [i.id, i.changes])), boards, sprints, settings, notes);
  const quality = new Map(all.map((i) => [i.key, i.quality]));
  const predictability = settings.piObjectives ? piPredictability(train.objectives, settings.piObjectives.piLabelPrefix) : null;
  const health = healthOf(train, settings, now, await recordedCommitments(store, projectKey), (key) => quality.get(key));
  // `train`: a person's sync builds the stored tab views from it (src/app/tabViews.ts).
  return { health, predictability, notes, train };
}
