/**
 * The live train as a person sees it (issue 18). Events arrive as the app; a person's stored view
 * holds only what they may browse, so events never write into it directly. Instead:
 *   - `getTrainVersion` (the page polls it every few seconds): storage only, no Jira call, answers
 *     whether events changed the project's train since this person's view was computed;
 *   - `refreshFromTrainEvents`: when it did, an incremental refresh as the person (asUser: only issues
 *     changed since their last run, plus the id-only pass), recording the live version it includes.
 * So the page updates without a reload and without polling Jira, and permissions stay the person's.
 */
import type { TrainVersion } from '../contract';
import type { AppContext } from './context';
import { liveVersion } from './events';
import { refreshProjectOverview } from './projectOverview';
import { lastCompleted } from './sync';

const seenKey = (projectKey: string, principal: string) => `livemeta:v1:${projectKey}:seen:${principal}`;

export async function getTrainVersion(ctx: AppContext, projectKey: string): Promise<TrainVersion> {
  const principal = ctx.accountId ?? 'anonymous';
  const [live, seen, viewAsOf] = await Promise.all([liveVersion(ctx.store, projectKey), ctx.store.get<number>(seenKey(projectKey, principal)), lastCompleted(ctx.store, projectKey, principal)]);
  // Only someone with a stored view of the project (they could browse it) learns that it changed.
  if (!viewAsOf) return { version: 0, viewVersion: 0, changed: false, eventAt: null, viewAsOf: null };
  const viewVersion = seen ?? 0;
  return { version: live.version, viewVersion, changed: live.version > viewVersion, eventAt: live.at || null, viewAsOf };
}

export async function refreshFromTrainEvents(ctx: AppContext, projectKey: string) {
  const principal = ctx.accountId ?? 'anonymous';
  // The version before the refresh reads Jira: an event landing during it moves the version on again.
  const { version } = await liveVersion(ctx.store, projectKey);
  const r = await refreshProjectOverview(ctx, projectKey, 'incremental');
  if (r.overview) await ctx.store.set(seenKey(projectKey, principal), version);
  return r;
}
