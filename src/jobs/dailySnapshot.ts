import { Queue } from '@forge/events';
import { registeredProjects } from '../app/snapshots';
import { KvsStore } from '../storage/kvsStore';

export const REFRESH_QUEUE = 'refinery-refresh';

/**
 * Scheduled trigger (daily): one queue event per project whose health page has been opened, so
 * each project's refresh gets its own 900 s consumer invocation.
 */
export async function dailySnapshot(): Promise<{ statusCode: number; body: string }> {
  const projects = await registeredProjects(new KvsStore());
  if (projects.length) {
    const queue = new Queue({ key: REFRESH_QUEUE });
    // Forge accepts at most 50 events per push.
    for (let i = 0; i < projects.length; i += 50) await queue.push(projects.slice(i, i + 50).map((projectKey) => ({ body: { projectKey } })));
  }
  return { statusCode: 200, body: `queued ${projects.length} project refresh(es)` };
}
