/**
 * `trigger` module `refinery-live-train` (manifest.yml): Jira's issue, issue-link, sprint and board
 * events keep each project's stored train current (src/app/events.ts). No user is present, so Jira
 * is read as the app, at most once per event; the recompute of the live figures goes to the queue
 * (the consumer's 900 s), so this function stays far inside Forge's 25 s.
 */
import { Queue } from '@forge/events';
import { handleForgeEvent, type TriggerDeps, type TriggerOutcome } from '../app/events';
import { JiraClient } from '../jira/client';
import { forgeTransport } from '../jira/forgeTransport';
import { KvsStore } from '../storage/kvsStore';
import { REFRESH_QUEUE } from './dailySnapshot';

/** The handler with its dependencies injected (the harness and the tests pass emulator-backed ones). */
export function makeLiveTrigger(deps: () => TriggerDeps) {
  return async (event: unknown): Promise<TriggerOutcome | null> => {
    try {
      const out = await handleForgeEvent(deps(), event);
      if (out.ignored) console.log(`refinery-live-train: ignored ${out.eventType}: ${out.ignored}`);
      return out;
    } catch (e) {
      // Thrown on: Forge retries the event; if it never succeeds the daily reconciliation repairs it.
      console.error(`refinery-live-train: ${String((event as { eventType?: unknown })?.eventType)} failed: ${(e as Error).message}`);
      throw e;
    }
  };
}

export const liveTrain = makeLiveTrigger(() => ({
  jira: new JiraClient(forgeTransport('app')),
  store: new KvsStore(),
  now: () => new Date(),
  requestRecompute: async (projectKey) => {
    await new Queue({ key: REFRESH_QUEUE }).push([{ body: { projectKey, live: true } }]);
  },
}));
