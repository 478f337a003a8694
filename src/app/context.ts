import type { JiraClient } from '../jira/client';
import type { KeyValueStore } from '../storage/keyValueStore';

/** What a use case needs: Jira as the current person, storage, the site and a clock. */
export interface AppContext {
  /** Reads and writes as the person using the app (Forge `asUser()`). */
  jira: JiraClient;
  store: KeyValueStore;
  /** Base URL of the Jira site, for links into Jira's issue view and issue search. */
  siteUrl: string;
  accountId: string | null;
  now: () => Date;
  /** A person's refresh: each call's budget (default RESOLVER_SYNC_BUDGET_MS, src/app/projectOverview.ts); tests make it small to run every step apart. */
  syncBudgetMs?: number;
  /** A person's refresh: a train of this many stored chunks is computed without its text (default WITHOUT_TEXT_FROM_CHUNKS); tests lower it. */
  withoutTextFromChunks?: number;
}
