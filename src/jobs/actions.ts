/**
 * The Forge functions behind Refinery's `action` modules (manifest.yml: `automation:actionProvider`
 * and the `rovo:agent` "Refinery coach"). One function per action, so a handler never has to guess
 * which action Automation invoked.
 *
 * Forge calls each with `(payload, context)`: the configured inputs at the top level of `payload`
 * (Rovo adds `payload.context`), the invoking user in `context.principal`. Automation runs an action
 * as the rule's connection user and Forge's docs say to read with `asUser()`; so does Rovo: every
 * number is what that person may browse.
 */
import { JiraClient, RESOLVER_BUDGET_MS } from '../jira/client';
import { forgeTransport } from '../jira/forgeTransport';
import type { AppContext } from '../app/context';
import { ACTIONS } from '../app/actions/catalog';
import { runAction, type ActionOutcome } from '../app/actions/run';
import type { KeyValueStore } from '../storage/keyValueStore';
import { KvsStore } from '../storage/kvsStore';

export interface ActionInvocationContext {
  principal?: { accountId?: string };
  installContext?: string;
  [k: string]: unknown;
}

/** One action's Forge function, with its Jira client and store injected (tests use the emulator). */
export function makeActionHandler(key: string, deps: (accountId: string | null) => Omit<AppContext, 'accountId'>) {
  return (payload: unknown, context?: ActionInvocationContext): Promise<ActionOutcome> => {
    const accountId = context?.principal?.accountId ?? null;
    return runAction(key, payload, () => ({ ...deps(accountId), accountId }));
  };
}

let store: KeyValueStore | null = null;
const forgeDeps = (): Omit<AppContext, 'accountId'> => ({
  jira: new JiraClient(forgeTransport('user'), { deadlineMs: RESOLVER_BUDGET_MS }),
  store: (store ??= new KvsStore()),
  // Links are built relative to the site; Forge gives no site URL to an action.
  siteUrl: '',
  now: () => new Date(),
});

const handlerFor = (key: (typeof ACTIONS)[number]['key']) => makeActionHandler(key, forgeDeps);

export const actionCheckStoryReadiness = handlerFor('refinery-check-story-readiness');
export const actionCheckSprintReadiness = handlerFor('refinery-check-sprint-readiness');
export const actionScoreWsjf = handlerFor('refinery-score-wsjf');
export const actionTrainHealth = handlerFor('refinery-train-health');
export const actionCreateImprovementItem = handlerFor('refinery-create-improvement-item');
