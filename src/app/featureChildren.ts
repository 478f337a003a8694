/**
 * A person's stored feature children (issue 16): each feature's children as the person's last sync
 * read them (asUser), one small entry per feature, so the feature panel reads one value instead of
 * searching the feature's children page by page (at 50,000 issues a feature has ~1,000 children: 10
 * sequential search pages, since nextPageToken pagination cannot be parallelised).
 *
 * An entry is used only while it is exactly what a live read would give as far as the app can know:
 * - the same settings (the settings hash every stored view carries);
 * - no app write since the sync started (the tab-view generation, src/app/tabGeneration.ts: a split
 *   story, a template insert, a WSJF save or re-rank bump it), as the stored tabs (src/app/tabViews.ts);
 * - no Jira event on the project's train since the sync started (the live train's version,
 *   src/app/events.ts: a story created, moved, re-parented, estimated or closed in Jira raises one);
 * otherwise the panel reads the children live, as before. When it is used the panel says so, with
 * the sync's "as of" (`childrenAsOf`): Jira's events arrive with a delay, so a change made seconds
 * before the panel opened may not be in it yet.
 *
 * Security: keys hold the principal and a resolver reads only `ctx.accountId`'s entries; they are
 * built from the person's own asUser train, so they hold only issues that person could browse.
 */
import type { BacklogIssue } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import { deleteLarge, getLarge, putLarge } from '../storage/sharded';
import type { AppContext } from './context';
import { liveVersion } from './events';
import type { SyncResult } from './sync';
import { tabGeneration } from './tabGeneration';
import { settingsHash } from './tabViews';
import { summariesKept, type TrainData } from './trainData';

const VERSION = 1;

/** What the feature panel needs of a child: its counts, job size, readiness checks and issue links. */
export type FeatureChild = Pick<BacklogIssue, 'key' | 'summary' | 'issueType' | 'hierarchyLevel' | 'status' | 'team' | 'storyPoints' | 'parentKey'>;

interface ChildrenIndex {
  version: number;
  settingsHash: string;
  /** The tab-view generation when the sync started. */
  generation: number;
  /** When the sync started: a live-train event at or after it makes the entries stale. */
  syncStartedAt: string;
  /** The sync's "as of" (the Overview's), shown by the panel. */
  asOf: string;
  /** Names this store's entries, so an entry of an earlier sync is never taken for this one's. */
  token: string;
  /** The features that have an entry (so the next store can drop the entries of features gone since). */
  features: string[];
}

interface ChildrenEntry {
  token: string;
  children: FeatureChild[];
}

const prefix = (projectKey: string, principal: string) => `featurechildren:v${VERSION}:${projectKey}:${principal}`;
const indexKey = (projectKey: string, principal: string) => `${prefix(projectKey, principal)}:index`;
const entryKey = (projectKey: string, principal: string, featureKey: string) => `${prefix(projectKey, principal)}:f:${featureKey}`;
const principalOf = (ctx: Pick<AppContext, 'accountId'>) => ctx.accountId ?? 'anonymous';

export function featureChild(i: BacklogIssue): FeatureChild {
  return { key: i.key, summary: i.summary, issueType: i.issueType, hierarchyLevel: i.hierarchyLevel, status: i.status, team: i.team, storyPoints: i.storyPoints, parentKey: i.parentKey };
}

/**
 * Each feature's children in a stored train (every record with a parent among the train's features),
 * in the train's order (Rank, as read): the train's own records, made FeatureChild one feature at a
 * time as it is stored (at 200,000 issues, a copy of every child at once was a peak of its own).
 */
export function childrenByFeature(train: Pick<TrainData, 'stories' | 'features' | 'objectives'>): Map<string, BacklogIssue[]> {
  const features = new Set(train.features.map((f) => f.key));
  const out = new Map<string, BacklogIssue[]>();
  for (const list of [train.stories, train.objectives, train.features]) {
    for (const i of list) {
      if (!i.parentKey || !features.has(i.parentKey)) continue;
      const l = out.get(i.parentKey) ?? [];
      l.push(i);
      out.set(i.parentKey, l);
    }
  }
  return out;
}

/** The person's stored feature children are no longer current (the panel reads them live until the next are stored). */
export async function dropFeatureChildren(ctx: Pick<AppContext, 'store' | 'accountId'>, projectKey: string): Promise<void> {
  await ctx.store.delete(indexKey(projectKey, principalOf(ctx)));
}

/**
 * At the end of a person's sync (where the Overview view and the feature points are stored): one
 * entry per feature of the train, then the index that makes them current. A train without the
 * children's summaries (the app's) or without a start generation stores none and drops the index.
 */
export async function storeFeatureChildren(ctx: AppContext, projectKey: string, settings: EffectiveSettings, r: Pick<SyncResult, 'state' | 'train'>, asOf: string): Promise<void> {
  const principal = principalOf(ctx);
  try {
    const train = r.train;
    if (!train || r.state.tabGeneration === undefined || !summariesKept(train)) return await dropFeatureChildren(ctx, projectKey);
    const token = `${Date.parse(asOf)}-${Math.random().toString(36).slice(2)}`;
    const byFeature = childrenByFeature(train);
    // The index goes first (deleted), so no reader pairs the old index with half-written entries.
    const old = await ctx.store.get<ChildrenIndex>(indexKey(projectKey, principal));
    await dropFeatureChildren(ctx, projectKey);
    const keys = train.features.map((f) => f.key);
    for (let i = 0; i < keys.length; i += 8) {
      await Promise.all(keys.slice(i, i + 8).map((k) => putLarge(ctx.store, entryKey(projectKey, principal, k), { token, children: (byFeature.get(k) ?? []).map(featureChild) } satisfies ChildrenEntry, token)));
    }
    // Entries of features no longer in the train.
    const kept = new Set(keys);
    for (const k of old?.features ?? []) if (!kept.has(k)) await deleteLarge(ctx.store, entryKey(projectKey, principal, k));
    await ctx.store.set<ChildrenIndex>(indexKey(projectKey, principal), { version: VERSION, settingsHash: settingsHash(settings), generation: r.state.tabGeneration, syncStartedAt: r.state.startedAt, asOf, token, features: keys });
  } catch (e) {
    console.warn(`refinery: the stored feature children of ${projectKey} were not stored (the feature panel reads them live): ${(e as Error).message}`);
    await dropFeatureChildren(ctx, projectKey).catch(() => undefined);
  }
}

/**
 * The person's stored children of `featureKey` with their "as of", when they are current (same
 * settings, no app write and no Jira event on the train since the sync started); else null (read live).
 * A feature of the stored train without children answers an empty list.
 */
export async function storedFeatureChildren(ctx: AppContext, projectKey: string, featureKey: string, settings: EffectiveSettings): Promise<{ asOf: string; children: FeatureChild[] } | null> {
  const principal = principalOf(ctx);
  const [index, entry, generation, live] = await Promise.all([
    ctx.store.get<ChildrenIndex>(indexKey(projectKey, principal)),
    getLarge<ChildrenEntry>(ctx.store, entryKey(projectKey, principal, featureKey)),
    tabGeneration(ctx.store),
    liveVersion(ctx.store, projectKey),
  ]);
  if (!index || !entry || index.version !== VERSION || entry.token !== index.token) return null;
  if (index.settingsHash !== settingsHash(settings) || index.generation !== generation) return null;
  // An event at or after the sync's start may not be in the stored train.
  if (live.version && !(Date.parse(live.at) < Date.parse(index.syncStartedAt))) return null;
  return { asOf: index.asOf, children: entry.children };
}
