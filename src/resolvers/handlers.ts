import type { AppContext } from '../app/context';
import { getIssuePanel } from '../app/issuePanel';
import { getProjectOverview } from '../app/projectOverview';
import { getQualitySummary } from '../app/qualitySummary';
import { getSettings, saveSettings } from '../app/settings';
import { saveWsjf } from '../app/wsjfScoring';
import { getWsjfTable } from '../app/wsjfTable';
import type { Envelope, ResolverContract, ResolverKey } from './contract';
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
  return {
    getIssuePanel: define('getIssuePanel', (ctx, p) => getIssuePanel(ctx, p.issueKey)),
    saveWsjf: define('saveWsjf', (ctx, p) => saveWsjf(ctx, p.issueKey, p.scores, p.expectedVersion)),
    getProjectOverview: define('getProjectOverview', (ctx, p) => getProjectOverview(ctx, p.projectKey)),
    getWsjfTable: define('getWsjfTable', (ctx, p) => getWsjfTable(ctx, p.projectKey)),
    getQualitySummary: define('getQualitySummary', (ctx, p) => getQualitySummary(ctx, p.projectKey)),
    getSettings: define('getSettings', (ctx) => getSettings(ctx)),
    saveSettings: define('saveSettings', (ctx, p) => saveSettings(ctx, p.settings)),
  };
}
