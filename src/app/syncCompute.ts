/**
 * The sync's compute phase: every health metric of the stored train (its compact records, with
 * each story's quality verdict from its page), plus the boards and sprints read once.
 */
import type { TrainHealth } from '../domain/health';
import { carriesLabel } from '../domain/improvement';
import { piPredictability, type Predictability } from '../domain/predictability';
import type { EffectiveSettings } from '../domain/settings';
import type { JiraClient } from '../jira/client';
import type { JiraBoard, JiraSprint } from '../jira/types';
import type { KeyValueStore } from '../storage/keyValueStore';
import { recordedCommitments } from './snapshots';
import { assembleTrain, boardSprints, recordKinds, trainScope, type TrainData } from './trainData';
import { healthOf } from './trainHealth';
import type { CompactIssue } from './sync';
import { isPacked, loadPackedChunks, metaKey, type LoadText, type TrainMeta } from './trainStore';

/** The boards and their sprints as the compute read them from Jira (the live recompute caches the same shape). */
export interface ReadBoards {
  boards: Pick<JiraBoard, 'id' | 'name' | 'type'>[];
  sprints: JiraSprint[];
  notes: string[];
}

/**
 * The stored train as the compute reads it (changelogs packed), with the boards and sprints read
 * from Jira: what a view that needs no health is built from (the Dependencies tab, the feature
 * children). `opts`: what of each record's text is left out (src/app/trainStore.ts `LoadText`), also
 * returned with the train so a caller knows what it holds.
 */
export async function storedTrainData(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, projectKey: string, principal: string, opts: LoadText = {}) {
  const meta = (await store.get<TrainMeta>(metaKey(projectKey, principal)))!;
  // The changelogs packed, ~300 of a record's ~830 bytes (issue 16): only the health reads them (by
  // id), and the stored tab views read the health, not a record's changelog.
  const packed = await loadPackedChunks(store, projectKey, principal, meta, opts);
  const boards = await jira.boards(projectKey);
  const { sprints, notes } = await boardSprints(jira, boards);
  const train = assembleTrain(projectKey, trainScope(settings, projectKey), packed.records, packed.changes, boards, sprints, settings, notes);
  return { train, packed, boards, sprints, notes };
}
export type StoredTrainData = Awaited<ReturnType<typeof storedTrainData>>;

/**
 * What a load of the stored train keeps, from least to most: the Dependencies, feature children and
 * PI planning views' fields (no health is computed from it), the whole records without the stories'
 * findings (the health, PI planning), and with them (Quality and Improvement). A load serves the
 * loads before it in this list.
 */
export const TRAIN_LOADS = ['viewFields', 'withoutFindings', 'findings'] as const;
export type TrainLoad = (typeof TRAIN_LOADS)[number];

export function trainLoadText(load: TrainLoad, settings: EffectiveSettings): LoadText {
  if (load === 'findings') return {};
  if (load === 'withoutFindings') return { withoutFindings: true };
  return { viewFieldsOf: recordKinds(settings).isStory };
}

/**
 * The health of the stored train. `withoutText`: its records loaded without their text (summaries,
 * findings), which the health does not read; its train then serves no stored tab view or feature
 * children (later calls load it again with what they show, or fold its chunks: src/app/tabViews.ts). `loaded`: the stored train this invocation already loaded
 * (whole), instead of loading it again.
 */
export async function compute(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, projectKey: string, principal: string, now: Date, opts: { withoutText?: boolean; loaded?: StoredTrainData } = {}): Promise<{ health: TrainHealth; predictability: Predictability | null; notes: string[]; train: TrainData; boards: ReadBoards; issueCount: number }> {
  // Without text, the improvement items keep their summaries (a handful of records): the health's
  // items then carry them, and a large train's Improvement view is made from this health (tabViews).
  const keepSummaryOf = carriesLabel(settings.improvementLabel);
  const { train, packed, boards, sprints, notes } = opts.loaded ?? (await storedTrainData(jira, store, settings, projectKey, principal, { withoutText: opts.withoutText, keepSummaryOf }));
  const all = packed.records;
  const quality = new Map(all.map((i) => [i.key, i.quality]));
  const predictability = settings.piObjectives ? piPredictability(train.objectives, settings.piObjectives.piLabelPrefix) : null;
  const health = healthOf(train, settings, now, await recordedCommitments(store, projectKey), (key) => quality.get(key));
  // The dependencies hold their two issues' records: those get their changelog back, so the health
  // is the one a compute over the records as stored gives, value for value.
  for (const d of health.dependencies) for (const r of [d.blocker, d.blocked] as CompactIssue[]) if (isPacked(r)) r.changes = packed.changes.get(r.id) ?? [];
  // `train`: a person's sync builds the stored tab views from it (src/app/tabViews.ts).
  return { health, predictability, notes, train, boards: { boards: boards.map((b) => ({ id: b.id, name: b.name, type: b.type })), sprints, notes }, issueCount: all.length };
}

/**
 * The app's last compute (issue 16, docs/PERFORMANCE.md "Memory"): what the daily reconciliation
 * needs to store the live figures without computing the same health a second time. The live
 * recompute (src/app/events.ts `recomputeLive`) over the stored train just loaded, with an empty
 * live layer, the same boards, settings and `now`, computes exactly these figures (the commitments
 * the refresh records after the compute are the active sprints' committed sets the compute found,
 * which give the same committed sets again): it uses them only when all of that holds.
 */
export interface AppCompute {
  projectKey: string;
  /** The stored train's meta.completedAt this was computed over (the run's startedAt). */
  base: string;
  /** The compute's `now` (ISO). */
  now: string;
  health: Pick<TrainHealth, 'train' | 'figures'>;
  issueCount: number;
  boards: ReadBoards;
}

let lastApp: AppCompute | null = null;

/** Keeps the app's compute for the reconciliation that runs after it in this invocation (src/app/sync.ts). */
export function keepAppCompute(c: AppCompute): void {
  lastApp = c;
}

/** The app's last compute for this project, once (it is dropped here either way). */
export function takeAppCompute(projectKey: string): AppCompute | null {
  const c = lastApp;
  lastApp = null;
  return c && c.projectKey === projectKey ? c : null;
}
