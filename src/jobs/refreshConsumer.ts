import { refreshProject } from '../app/refresh';
import { JiraClient } from '../jira/client';
import { forgeTransport } from '../jira/forgeTransport';
import { KvsStore } from '../storage/kvsStore';

/** Queue consumer: refreshes one project's snapshot as the app (no user is present). */
export async function refreshConsumer(event: { body?: { projectKey?: unknown } }): Promise<void> {
  const projectKey = event.body?.projectKey;
  if (typeof projectKey !== 'string' || !/^[A-Z][A-Z0-9_]{0,9}$/.test(projectKey)) {
    console.error(`refinery-refresh: ignored an event without a valid projectKey (${JSON.stringify(event.body ?? null).slice(0, 200)})`);
    return;
  }
  const result = await refreshProject(new JiraClient(forgeTransport('app')), new KvsStore(), projectKey, new Date());
  console.log(`refinery-refresh: ${JSON.stringify(result)}`);
}
