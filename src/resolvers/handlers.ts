import type { AppContext } from '../app/context';
import { getIssuePanel } from '../app/issuePanel';
import { getProjectOverview, getProjectOverviewTables, refreshProjectOverview } from '../app/projectOverview';
import { refreshFromTrainEvents, getTrainVersion } from '../app/eventsView';
import { getQualitySummary } from '../app/qualitySummary';
import { getFigureLinks } from '../app/figureLinks';
import { createSplit, insertAcTemplate, previewAcTemplate, previewSplit } from '../app/qualityActions';
import { getSprintReadiness } from '../app/sprintReadiness';
import { getSettings, saveSettings } from '../app/settings';
import { saveWsjf } from '../app/wsjfScoring';
import { getWsjfTable } from '../app/wsjfTable';
import { getWsjfEstimation, saveWsjfColumn } from '../app/wsjfColumn';
import { previewWsjfColumn } from '../app/wsjfColumnPreview';
import { applyWsjfOrder, previewWsjfOrder } from '../app/wsjfRanking';
import { getDependencies } from '../app/dependencies';
import { createImprovementItem, getImprovement } from '../app/improvement';
import { getSiteCheck } from '../app/siteCheck';
import { getPiPlanning } from '../app/piPlanning';
import { invalidateTabViews } from '../app/tabGeneration';
import type { Envelope, ResolverContract, ResolverKey } from '../contract';
import { envelope } from './envelope';
import { payloadSchemas } from './schemas';

/** What Forge (or the local harness) hands a resolver: the payload and who is calling from where. */
export interface ResolverRequest {
  payload: unknown;
  context: { accountId?: string; siteUrl?: string; [k: string]: unknown };
}

export type ResolverHandlers = { [K in ResolverKey]: (req: ResolverRequest) => Promise<Envelope<ResolverContract[K]['result']>> };

/**
 * Resolvers are thin: parse the payload, build the context, call one use case, return an envelope.
 * `makeContext` is the only difference between Forge and the local harness.
 */
export function buildHandlers(makeContext: (req: ResolverRequest) => AppContext): ResolverHandlers {
  function define<K extends ResolverKey>(key: K, run: (ctx: AppContext, payload: ResolverContract[K]['payload']) => Promise<ResolverContract[K]['result']>) {
    return (req: ResolverRequest) =>
      envelope(async () => {
        const payload = payloadSchemas[key].parse(req.payload ?? {}) as ResolverContract[K]['payload'];
        return run(makeContext(req), payload);
      });
  }
  /** A write that changes what the stored tab views show: once it succeeded, they are stale (src/app/tabGeneration.ts). */
  const invalidating =
    <P, R>(run: (ctx: AppContext, payload: P) => Promise<R>) =>
    async (ctx: AppContext, payload: P): Promise<R> => {
      const r = await run(ctx, payload);
      await invalidateTabViews(ctx.store);
      return r;
    };
  return {
    getIssuePanel: define('getIssuePanel', (ctx, p) => getIssuePanel(ctx, p.issueKey)),
    saveWsjf: define('saveWsjf', invalidating((ctx, p) => saveWsjf(ctx, p.issueKey, p.scores, p.expectedVersion))),
    getProjectOverview: define('getProjectOverview', (ctx, p) => getProjectOverview(ctx, p.projectKey, { returnProgress: p.returnProgress ?? false, lean: p.lean ?? false })),
    getProjectOverviewTables: define('getProjectOverviewTables', (ctx, p) => getProjectOverviewTables(ctx, p.projectKey)),
    getWsjfTable: define('getWsjfTable', (ctx, p) => getWsjfTable(ctx, p.projectKey)),
    getQualitySummary: define('getQualitySummary', (ctx, p) => getQualitySummary(ctx, p.projectKey)),
    getFigureLinks: define('getFigureLinks', (ctx, p) => getFigureLinks(ctx, p.projectKey, p.figureIds, p.tab ?? 'quality', p.pi)),
    previewAcTemplate: define('previewAcTemplate', (ctx, p) => previewAcTemplate(ctx, p.issueKey)),
    insertAcTemplate: define('insertAcTemplate', invalidating((ctx, p) => insertAcTemplate(ctx, p.issueKey, p.expectedVersion))),
    previewSplit: define('previewSplit', (ctx, p) => previewSplit(ctx, p.issueKey)),
    createSplit: define('createSplit', invalidating((ctx, p) => createSplit(ctx, p.issueKey, p.summaries, p.idempotencyKey))),
    getSprintReadiness: define('getSprintReadiness', (ctx, p) => getSprintReadiness(ctx, p.sprintId)),
    refreshProjectOverview: define('refreshProjectOverview', (ctx, p) => refreshProjectOverview(ctx, p.projectKey, p.mode ?? 'incremental')),
    getTrainVersion: define('getTrainVersion', (ctx, p) => getTrainVersion(ctx, p.projectKey)),
    refreshFromTrainEvents: define('refreshFromTrainEvents', (ctx, p) => refreshFromTrainEvents(ctx, p.projectKey)),
    getSettings: define('getSettings', (ctx) => getSettings(ctx)),
    saveSettings: define('saveSettings', (ctx, p) => saveSettings(ctx, p.settings)),
    getWsjfEstimation: define('getWsjfEstimation', (ctx, p) => getWsjfEstimation(ctx, p.projectKey)),
    previewWsjfColumn: define('previewWsjfColumn', (ctx, p) => previewWsjfColumn(ctx, p.component, p.values)),
    saveWsjfColumn: define('saveWsjfColumn', invalidating((ctx, p) => saveWsjfColumn(ctx, p.projectKey, p.component, p.values))),
    previewWsjfOrder: define('previewWsjfOrder', (ctx, p) => previewWsjfOrder(ctx, p.projectKey)),
    applyWsjfOrder: define('applyWsjfOrder', invalidating((ctx, p) => applyWsjfOrder(ctx, p.projectKey, p.expectedCurrentOrder, p.expectedTargetOrder))),
    getDependencies: define('getDependencies', (ctx, p) => getDependencies(ctx, p.projectKey)),
    getImprovement: define('getImprovement', (ctx, p) => getImprovement(ctx, p.projectKey, p.pi)),
    createImprovementItem: define('createImprovementItem', (ctx, p) => createImprovementItem(ctx, p.projectKey, p.patternId, p.idempotencyKey)),
    getSiteCheck: define('getSiteCheck', (ctx, p) => getSiteCheck(ctx, p.projectKey)),
    getPiPlanning: define('getPiPlanning', (ctx, p) => getPiPlanning(ctx, p.projectKey, p.pi)),
  };
}
