/**
 * A person's stored tab views: the Quality, Dependencies and Improvement tabs' finished data, built at
 * the end of the person's sync from the train it stored (read as that person, asUser) and kept per
 * principal next to the Overview's stored view, with the same "as of". A tab answers from it when it
 * exists, matches the current settings (the Overview's settings hash) and no write made it stale
 * (src/app/tabGeneration.ts); otherwise the tab reads the train live, as before.
 *
 * Security: the key holds the principal, and a resolver only reads `ctx.accountId`'s entry; the views
 * are built from that person's own asUser train, so they hold only issues the person can browse.
 */
import type { EffectiveSettings } from '../domain/settings';
import { RULES, QUALITY_RULES, type StoryFacts } from '../domain/quality';
import type { DependenciesData, ImprovementData, PiPlanningData, PiSummaryView, QualitySummaryData } from '../contract';
import { deleteLarge, getLarge, putLarge } from '../storage/sharded';
import type { AppContext } from './context';
import { dependenciesView } from './dependencies';
import { improvementHealth, improvementViews, type ImprovementHealth } from './improvement';
import { loadFeaturesWithText, piHealth, piPlanningView, piPlanningWire, planFrom, type PiHealth } from './piPlanning';
import { currentSettings, type SiteMetadata } from './siteMetadata';
import { qualityHealth, qualitySummaryView, qualityWire, type QualityHealth, type StoryVerdict, type Verdicts } from './qualitySummary';
import type { TrainHealth } from '../domain/health';
import { wireTab, type TabLinks } from './figureWire';
import type { CompactIssue, SyncResult } from './sync';
import { tabGeneration } from './tabGeneration';
import { recordKinds, summariesKept, trainScope, type TrainData } from './trainData';
import { qualityInput } from './trainHealth';
import { eachChunk, liveSet, metaKey, type TrainMeta } from './trainStore';

// 2: the quality view is stored as it travels (qualityWire), its long key lists apart in qualityLinks (issue 16).
// 3: so are the Improvement and PI planning views (wireFigures; improvementLinks, piPlanningLinks).
// 4: piPlanningLinks names its PI (getFigureLinks need not read the whole view to know it).
// 5: PI planning keeps only one-part lists inline (PI_PLANNING_INLINE_PARTS).
const TAB_VIEWS_VERSION = 5;

export interface StoredImprovement {
  /** The tab's data for the current PI, without the person's permissions (read live: one call). */
  base: Omit<ImprovementData, 'permissions'>;
  /** Each known PI's Inspect & Adapt summary, by its PI label as shown. */
  byPi: Record<string, PiSummaryView | null>;
}

export interface StoredPiPlanning {
  /** The tab's data for the default PI (no `pi` asked), as it travels (wireFigures); another PI is planned live. */
  default: PiPlanningData;
}

export interface TabViews {
  /** As the resolver sends it (each figure once, long key lists left out: qualityWire). */
  quality: QualitySummaryData;
  /** The key lists `quality` left out, for getFigureLinks. */
  qualityLinks: TabLinks;
  dependencies: DependenciesData;
  /** As the resolver sends it (every PI's summary too): long key lists apart in improvementLinks. */
  improvement: StoredImprovement;
  improvementLinks: TabLinks;
  piPlanning: StoredPiPlanning;
  /** The lists `piPlanning.default` left out, and its PI. */
  piPlanningLinks: TabLinks & { pi: string | null };
}
export type TabName = keyof TabViews;
export const TAB_NAMES: readonly TabName[] = ['quality', 'qualityLinks', 'dependencies', 'improvement', 'improvementLinks', 'piPlanning', 'piPlanningLinks'];

interface StoredTab<T> {
  version: number;
  settingsHash: string;
  /** The project's tab-view generation when the sync that built it started. */
  generation: number;
  data: T;
}

export const tabKey = (projectKey: string, principal: string, tab: TabName) => `tabs:v${TAB_VIEWS_VERSION}:${projectKey}:${principal}:${tab}`;

/** The settings fingerprint every stored view carries (the Overview's, the tabs', the feature points): a view made under other settings is not shown. */
export function settingsHash(x: unknown): string {
  const s = JSON.stringify(x);
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const principalOf = (ctx: Pick<AppContext, 'accountId'>) => ctx.accountId ?? 'anonymous';

/** A story as its verdict is made again: its kept verdict (shared), or the whole record when it has a blocked finding (its links). */
type VerdictSource = CompactIssue['quality'] | CompactIssue;
const isRecord = (s: VerdictSource): s is CompactIssue => 'key' in s;

const hasBlockedFinding = (q: CompactIssue['quality']) => !!q.findings?.some(([rule]) => rule === RULES.blockedOpen);

/**
 * Each story's verdict, made when asked from its kept verdict (issue 16: at 200,000 issues a verdict
 * object per story was a peak of its own): one without a blocked finding is made once per kept
 * verdict, which the records share (trainStore's RecordSharing); one with it each time, its
 * "blocked by an open issue" messages made again with the blockers' teams and sprints (`blockers`:
 * the train's stories and features), as the live path makes them.
 */
function verdictsOf(stories: ReadonlyMap<string, VerdictSource>, blockers: ReadonlyMap<string, Pick<CompactIssue, 'team' | 'sprints'>>): Verdicts<StoryVerdict> {
  const independent = QUALITY_RULES.find((r) => r.id === 'independent')!;
  const unblocked = new WeakMap<CompactIssue['quality'], StoryVerdict>();
  const verdictOf = (s: VerdictSource): StoryVerdict => {
    const quality = isRecord(s) ? s.quality : s;
    const kept = quality.findings!;
    if (!isRecord(s) || !hasBlockedFinding(quality)) {
      let v = unblocked.get(quality);
      if (!v) unblocked.set(quality, (v = { ready: quality.ready, findings: kept.map(([rule, criterion, severity, message]) => ({ rule, criterion, severity, message })) }));
      return v;
    }
    const input = qualityInput(s, blockers);
    const openBlockers = input.blockedBy.filter((b) => !b.isDone);
    const blocked = independent.check({ input, openBlockers, summary: '', description: { text: '', blocks: [] } } as unknown as StoryFacts).filter((f) => f.rule === RULES.blockedOpen);
    let n = 0;
    const findings = kept.map(([rule, criterion, severity, message]) => {
      if (rule !== RULES.blockedOpen) return { rule, criterion, severity, message };
      const again = blocked[n++];
      return { rule, criterion, severity, message: again?.message ?? message };
    });
    return { ready: quality.ready, findings };
  };
  return {
    get: (key) => {
      const s = stories.get(key);
      return s && verdictOf(s);
    },
    *[Symbol.iterator]() {
      for (const [key, s] of stories) yield [key, verdictOf(s)];
    },
  };
}

/**
 * Each story's quality verdict from a person's stored train: the ready/pass verdict and findings its
 * page's quality check kept (`verdictsOf`). Null when a story has no findings kept (a train stored
 * before findings were kept, or the app's): then no tab view is built.
 */
export function storedVerdicts(train: Pick<TrainData, 'stories' | 'features'>): Verdicts<StoryVerdict> | null {
  const stories = train.stories as CompactIssue[];
  if (stories.some((s) => !s.quality?.findings)) return null;
  const blockers = new Map<string, CompactIssue>();
  for (const list of [train.stories, train.features] as CompactIssue[][]) for (const i of list) blockers.set(i.key, i);
  return verdictsOf(new Map(stories.map((s) => [s.key, s])), blockers);
}

/**
 * The same verdicts folded from the person's stored chunks, one chunk at a time, without holding the
 * train (a large train's Quality and Improvement views, phase `views`): per story its kept verdict
 * (shared), the whole record only for a story with a blocked finding, and per story and feature with
 * links its team and sprints (shared values); with them the train's PI objectives (a few records). Null as
 * storedVerdicts is (a story without findings), or with no stored train.
 */
export async function foldedVerdicts(store: AppContext['store'], settings: EffectiveSettings, projectKey: string, principal: string): Promise<{ verdicts: Verdicts<StoryVerdict>; objectives: CompactIssue[] } | null> {
  const meta = await store.get<TrainMeta>(metaKey(projectKey, principal));
  if (!meta) return null;
  const { isStory, isFeature, isObjective } = recordKinds(settings);
  const stories = new Map<string, VerdictSource>();
  const blockers = new Map<string, Pick<CompactIssue, 'team' | 'sprints'>>();
  const objectives: CompactIssue[] = [];
  let complete = true;
  await eachChunk(store, projectKey, principal, liveSet(meta), meta.chunkCount, (records) => {
    for (const r of records) {
      if (isObjective(r)) objectives.push(r);
      const story = isStory(r);
      // A blocker of a story in the train links back to it (Jira lists an issue link on both its
      // issues), so only the records with links can be one: ~1 in 300 of the generated 200k train.
      if ((story || isFeature(r)) && r.links.length) blockers.set(r.key, { team: r.team, sprints: r.sprints });
      if (!story) continue;
      if (!r.quality?.findings) complete = false;
      else stories.set(r.key, hasBlockedFinding(r.quality) ? r : r.quality);
    }
  });
  return complete ? { verdicts: verdictsOf(stories, blockers), objectives } : null;
}

/** The Quality tab's stored views from a finished sync's train (its kept findings) and health, or null (no findings kept). */
export function buildQualityViews(siteUrl: string, train: TrainData, health: NonNullable<SyncResult['health']>): Pick<TabViews, 'quality' | 'qualityLinks'> | null {
  const verdicts = storedVerdicts(train);
  return verdicts && qualityTabViews(siteUrl, health, verdicts);
}

function qualityTabViews(siteUrl: string, health: QualityHealth, verdicts: Verdicts<StoryVerdict>): Pick<TabViews, 'quality' | 'qualityLinks'> {
  const quality = qualityWire(qualitySummaryView(siteUrl, health, verdicts));
  return { quality: quality.view, qualityLinks: quality.links };
}

/** The Improvement tab's stored views (every PI's I&A summary) from a finished sync's train and health, as of `now` (the Overview's "as of"), or null (no findings kept). */
export function buildImprovementViews(siteUrl: string, projectKey: string, settings: EffectiveSettings, train: TrainData, health: NonNullable<SyncResult['health']>, now: Date): Pick<TabViews, 'improvement' | 'improvementLinks'> | null {
  const verdicts = storedVerdicts(train);
  return verdicts && improvementTabViews(siteUrl, projectKey, settings, train, health, verdicts, now);
}

function improvementTabViews(siteUrl: string, projectKey: string, settings: EffectiveSettings, train: Pick<TrainData, 'scopeJql' | 'objectives'>, health: ImprovementHealth, verdicts: Verdicts<StoryVerdict>, now: Date): Pick<TabViews, 'improvement' | 'improvementLinks'> {
  const imp = improvementViews(siteUrl, projectKey, settings, train, health, verdicts, now);
  const byPi: Record<string, PiSummaryView | null> = {};
  for (const p of imp.base.pis) byPi[p.pi] = imp.summaryOf(p.pi);
  const base = { ...imp.base, inspectAndAdapt: imp.defaultPi ? byPi[imp.defaultPi] : null };
  const improvement = wireTab(imp.base.asOf, { base, byPi });
  return { improvement: improvement.view, improvementLinks: improvement.links };
}

/**
 * The PI planning tab for the default PI, from the sync's train and health plus
 * the train's features with their text and stored WSJF (one feature search as the person: the
 * stored train keeps no description, and the WSJF scores are issue properties).
 */
export async function buildPiPlanningViews(ctx: AppContext, projectKey: string, settings: EffectiveSettings, meta: SiteMetadata, train: TrainData, health: PiHealth, now: Date): Promise<Pick<TabViews, 'piPlanning' | 'piPlanningLinks'>> {
  const features = await loadFeaturesWithText(ctx, settings, meta, projectKey);
  const text = new Map(features.map((f) => [f.issue.key, f.issue]));
  const withText: TrainData = {
    ...train,
    features: train.features.map((f) => {
      const t = text.get(f.key);
      return t ? { ...f, description: t.description, acceptanceCriteria: t.acceptanceCriteria } : f;
    }),
  };
  const inputs = { train: withText, health, features, settings };
  // The default PI only (the one the tab opens on; it is the same plan asked by its label, tested):
  // planning every PI at every sync doubled the sync's cost for views a person rarely opens. Another
  // PI picked in the tab is planned live.
  const { view, links } = piPlanningWire(piPlanningView(ctx.siteUrl, projectKey, planFrom(projectKey, inputs, now), now));
  return { piPlanning: { default: view }, piPlanningLinks: { ...links, pi: view.pi } };
}

/**
 * The stored tab views in the groups a large train's refresh stores a call apart, in this order:
 * Dependencies (from the train alone: no health), Quality and Improvement (each from the train with
 * its findings and the health: at 201,287 issues the two in one call took 19–21 s of the 25 s and
 * peaked highest), and PI planning (train, health and one feature search).
 */
export const TAB_GROUP_ORDER = ['dependencies', 'quality', 'improvement', 'piPlanning'] as const;
export type TabGroup = (typeof TAB_GROUP_ORDER)[number];
export const TAB_GROUPS: Record<TabGroup, readonly TabName[]> = { dependencies: ['dependencies'], quality: ['quality', 'qualityLinks'], improvement: ['improvement', 'improvementLinks'], piPlanning: ['piPlanning', 'piPlanningLinks'] };
/** The groups whose views read the stories' findings (the others are built from a train loaded without them); a large train's are built from kept health parts and folded verdicts (`storeFromFold`). */
export const groupReadsFindings = (group: TabGroup): group is FoldGroup => group === 'quality' || group === 'improvement';
const GROUP_NAMES: Record<TabGroup, string> = { dependencies: 'Dependencies', quality: 'Quality', improvement: 'Improvement', piPlanning: 'PI planning' };

/**
 * At the end of a person's sync (where the Overview view is stored): stores the tab views of `groups`,
 * for that person only. A run without a train (the app's) or without kept findings stores none and
 * drops the person's older ones, so no tab shows data older than the Overview. A failure in a group
 * (e.g. Jira failing the feature search) leaves that group's tabs on the live path; the Overview is
 * stored already.
 */
export async function storeTabViews(ctx: AppContext, projectKey: string, settings: EffectiveSettings, r: StoreFrom, now: Date, groups: readonly TabGroup[] = TAB_GROUP_ORDER): Promise<void> {
  for (const group of groups) await storeTabGroup(ctx, projectKey, settings, r, now, group);
}

/** What the tab views are built from: a sync's train and health, or for PI planning only the health parts its Overview call kept (`piHealth`). */
type StoreFrom = Pick<SyncResult, 'state' | 'train' | 'health'> & { piHealth?: PiHealth };

async function storeTabGroup(ctx: AppContext, projectKey: string, settings: EffectiveSettings, r: StoreFrom, now: Date, group: TabGroup): Promise<void> {
  const { train, health, state } = r;
  const generation = state.tabGeneration;
  await storeGroup(ctx, projectKey, settings, now, group, async () => {
    // A person's train, with what the group shows: the summaries for the groups that may load it
    // without the findings (finishTabViews); Quality and Improvement need every story's findings,
    // which storedVerdicts checks.
    if (!train || generation === undefined) return null;
    if (!groupReadsFindings(group) && !summariesKept(train)) return null;
    const planning = r.piHealth ?? health;
    if (group === 'dependencies') return { generation, views: { dependencies: dependenciesView(ctx.siteUrl, train, now) } };
    if (group === 'piPlanning') {
      if (!planning) return null;
      const { meta } = await currentSettings(ctx);
      return { generation, views: await buildPiPlanningViews(ctx, projectKey, settings, meta, train, planning, now) };
    }
    if (!health) return null;
    const views = group === 'quality' ? buildQualityViews(ctx.siteUrl, train, health) : buildImprovementViews(ctx.siteUrl, projectKey, settings, train, health, now);
    return views && { generation, views };
  });
}

/**
 * Stores a group of tab views that `build` makes, or drops them (those tabs then read live) when it
 * makes none (null) or fails: a failure (e.g. Jira failing the feature search) is logged, and the
 * Overview is stored already.
 */
async function storeGroup(ctx: AppContext, projectKey: string, settings: EffectiveSettings, now: Date, group: TabGroup, build: () => Promise<{ generation: number; views: Partial<TabViews> } | null>): Promise<void> {
  try {
    const built = await build();
    if (built) return await putTabGroup(ctx, projectKey, settings, built.generation, now, group, built.views);
  } catch (e) {
    console.warn(`refinery: the stored ${GROUP_NAMES[group]} views of ${projectKey} were not stored (those tabs read live): ${(e as Error).message}`);
  }
  await dropTabViews(ctx, projectKey, TAB_GROUPS[group]);
}

async function putTabGroup(ctx: AppContext, projectKey: string, settings: EffectiveSettings, generation: number, now: Date, group: TabGroup, views: Partial<TabViews>): Promise<void> {
  const hash = settingsHash(settings);
  for (const tab of TAB_GROUPS[group]) {
    const entry: StoredTab<unknown> = { version: TAB_VIEWS_VERSION, settingsHash: hash, generation, data: views[tab] };
    await putLarge(ctx.store, tabKey(projectKey, principalOf(ctx), tab), entry, `${now.getTime()}`);
  }
}

/** The health parts a large train's Overview call keeps for the Quality, Improvement and PI planning views' calls. */
interface KeptParts {
  quality: QualityHealth;
  improvement: ImprovementHealth;
  piPlanning: PiHealth;
}
type FoldGroup = 'quality' | 'improvement';
const keptKey = (projectKey: string, principal: string, group: keyof KeptParts) => `tabs:v${TAB_VIEWS_VERSION}:${projectKey}:${principal}:${group}Health`;

interface Kept<T> {
  asOf: string;
  settingsHash: string;
  health: T;
}

/**
 * Keeps what the Quality, Improvement and PI planning views read of the health the Overview was just
 * computed from (as of the Overview's "as of"), for the calls that store those views (`storeFromFold`,
 * `takeKeptPiHealth`): they then do not compute the health again, and Quality and Improvement hold no train.
 */
export async function keepViewsHealth(ctx: AppContext, projectKey: string, settings: EffectiveSettings, health: TrainHealth, asOf: string): Promise<void> {
  const parts: KeptParts = { quality: { ...qualityHealth(health), asOf }, improvement: improvementHealth(health), piPlanning: piHealth(health) };
  for (const group of ['quality', 'improvement', 'piPlanning'] as const) {
    const kept: Kept<unknown> = { asOf, settingsHash: settingsHash(settings), health: parts[group] };
    await putLarge(ctx.store, keptKey(projectKey, principalOf(ctx), group), kept, `${Date.parse(asOf)}`);
  }
}

/** The kept parts of `group` when they were kept for this run (its "as of", the current settings), else null. */
async function readKept<G extends keyof KeptParts>(ctx: AppContext, projectKey: string, settings: EffectiveSettings, asOf: Date, group: G): Promise<KeptParts[G] | null> {
  const kept = await getLarge<Kept<KeptParts[G]>>(ctx.store, keptKey(projectKey, principalOf(ctx), group));
  return kept && kept.asOf === asOf.toISOString() && kept.settingsHash === settingsHash(settings) ? kept.health : null;
}

/** The PI planning health parts the Overview's call kept (keepViewsHealth) for this run, once (they are deleted either way); null when none are kept. */
export async function takeKeptPiHealth(ctx: AppContext, projectKey: string, settings: EffectiveSettings, asOf: Date): Promise<PiHealth | null> {
  const health = await readKept(ctx, projectKey, settings, asOf, 'piPlanning');
  await deleteLarge(ctx.store, keptKey(projectKey, principalOf(ctx), 'piPlanning'));
  return health;
}

/**
 * Phase `views`, the Quality or the Improvement group of a run whose Overview kept its health parts
 * (keepViewsHealth): the views from those parts and the verdicts folded from the stored chunks
 * (`foldedVerdicts`), without loading the train or computing the health again (issue 16: at 201,287
 * issues the calls that did both peaked at 592–611 MB). False when no such parts are kept (the caller
 * builds the views from the train instead).
 */
export async function storeFromFold(ctx: AppContext, projectKey: string, settings: EffectiveSettings, state: Pick<SyncResult['state'], 'tabGeneration'>, asOf: Date, group: FoldGroup): Promise<boolean> {
  const principal = principalOf(ctx);
  const health = await readKept(ctx, projectKey, settings, asOf, group);
  if (!health) return false;
  const generation = state.tabGeneration;
  await storeGroup(ctx, projectKey, settings, asOf, group, async () => {
    const folded = generation === undefined ? null : await foldedVerdicts(ctx.store, settings, projectKey, principal);
    if (!folded || generation === undefined) return null;
    if (group === 'quality') return { generation, views: qualityTabViews(ctx.siteUrl, health as QualityHealth, folded.verdicts) };
    const train = { scopeJql: trainScope(settings, projectKey), objectives: folded.objectives };
    return { generation, views: improvementTabViews(ctx.siteUrl, projectKey, settings, train, health as ImprovementHealth, folded.verdicts, asOf) };
  });
  await deleteLarge(ctx.store, keptKey(projectKey, principal, group));
  return true;
}

/** Drops the person's stored tab views (those tabs then read live): none may be older than their Overview. */
export async function dropTabViews(ctx: Pick<AppContext, 'store' | 'accountId'>, projectKey: string, tabs: readonly TabName[] = TAB_NAMES): Promise<void> {
  const principal = principalOf(ctx);
  await Promise.all(tabs.map((tab) => deleteLarge(ctx.store, tabKey(projectKey, principal, tab))));
}

/** The person's stored view of `tab` when it is current (same settings, no write since its sync started), else undefined. */
export async function storedTab<K extends TabName>(ctx: AppContext, projectKey: string, tab: K, settings: EffectiveSettings): Promise<TabViews[K] | undefined> {
  const [entry, generation] = await Promise.all([getLarge<StoredTab<TabViews[K]>>(ctx.store, tabKey(projectKey, principalOf(ctx), tab)), tabGeneration(ctx.store)]);
  if (!entry || entry.version !== TAB_VIEWS_VERSION || entry.settingsHash !== settingsHash(settings) || entry.generation !== generation) return undefined;
  return entry.data;
}
