/**
 * The site's tab-view generation: a counter every write that changes a tab's data bumps
 * (createImprovementItem, the quality actions, WSJF re-ranking). A person's stored tab views
 * (src/app/tabViews.ts) carry the generation their sync started at; a view of an older generation
 * is stale and is not shown (the tab reads live until the next sync stores new views). One counter
 * for the site, not per project or person: a train's scope may span projects, and a write by one
 * person changes what every person's tabs show.
 */
import type { KeyValueStore } from '../storage/keyValueStore';

const GENERATION_KEY = 'tabs:generation';

export async function tabGeneration(store: KeyValueStore): Promise<number> {
  return (await store.get<number>(GENERATION_KEY)) ?? 0;
}

/** After a write to Jira that changes a tab's data: every stored tab view is stale. */
export async function invalidateTabViews(store: KeyValueStore): Promise<void> {
  await store.set(GENERATION_KEY, (await tabGeneration(store)) + 1);
}
