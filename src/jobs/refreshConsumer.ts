import { recomputeLive } from '../app/events';
import { reconcileProject } from '../app/reconcile';
import { JiraClient } from '../jira/client';
import { forgeTransport } from '../jira/forgeTransport';
import { Queue } from '@forge/events';
import { KvsStore } from '../storage/kvsStore';
import { REFRESH_QUEUE } from './dailySnapshot';

/** Consumers may run 900 s; stop taking new steps at 780 s so the state is saved in time. */
export const CONSUMER_BUDGET_MS = 780_000;

/** Queue consumer: refreshes one project's snapshot as the app (no user is present). */
export async function refreshConsumer(event: { body?: { projectKey?: unknown; live?: unknown } }): Promise<void> {
  const projectKey = event.body?.projectKey;
  if (typeof projectKey !== 'string' || !/^[A-Z][A-Z0-9_]{0,9}$/.test(projectKey)) {
    console.error(`refinery-refresh: ignored an event without a valid projectKey (${JSON.stringify(event.body ?? null).slice(0, 200)})`);
    return;
  }
  if (event.body?.live === true) {
    // Issue 18: events changed the live train; recompute its figures from storage (no Jira read).
    const view = await recomputeLive(new JiraClient(forgeTransport('app')), new KvsStore(), projectKey, new Date());
    console.log(`refinery-refresh: live ${projectKey} at version ${view?.version ?? 'none'}`);
    return;
  }
  // The daily run is the live train's reconciliation (issue 18): incremental, drift recorded.
  const result = await reconcileProject(new JiraClient(forgeTransport('app')), new KvsStore(), projectKey, new Date(), CONSUMER_BUDGET_MS);
  console.log(`refinery-refresh: ${JSON.stringify(result)}`);
  if (!result.done) {
    // Not finished within this invocation: the cursor is in storage; the next event resumes it.
    await new Queue({ key: REFRESH_QUEUE }).push([{ body: { projectKey } }]);
  }
}
