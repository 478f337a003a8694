/**
 * Forge entry points (manifest.yml `function` handlers). Everything here is wiring: the logic lives
 * in src/app and src/domain, shared with the local harness and the CLI.
 */
import { JiraClient, RESOLVER_BUDGET_MS } from './jira/client';
import { forgeTransport } from './jira/forgeTransport';
import { resolverDefinitions } from './resolvers/definitions';
import { buildHandlers } from './resolvers/handlers';
import { KvsStore } from './storage/kvsStore';

const store = new KvsStore();

export const resolver = resolverDefinitions(
  buildHandlers((req) => ({
    // asUser(): everything a person sees is read with that person's Jira permissions.
    jira: new JiraClient(forgeTransport('user'), { deadlineMs: RESOLVER_BUDGET_MS }),
    store,
    siteUrl: typeof req.context.siteUrl === 'string' ? req.context.siteUrl : '',
    accountId: req.context.accountId ?? null,
    now: () => new Date(),
  })),
);

export { dailySnapshot } from './jobs/dailySnapshot';
export { refreshConsumer } from './jobs/refreshConsumer';
export { readyValidator } from './jobs/readyValidator';
export { liveTrain } from './jobs/trigger';
export { actionCheckStoryReadiness, actionCheckSprintReadiness, actionScoreWsjf, actionTrainHealth, actionCreateImprovementItem } from './jobs/actions';
