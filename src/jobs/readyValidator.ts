/**
 * `jira:workflowValidator` "Story is ready (Refinery)": a Jira admin can add it to a transition
 * (e.g. into "Selected for Development") so stories that fail the Definition of Ready cannot take
 * it; the error message lists what is missing. Off unless an admin adds it to a workflow.
 *
 * Forge calls the function with `{ issue: { key }, transition: { from: { id }, to: { id } } }` and
 * expects `{ result: boolean, errorMessage?: string }`. There is no user session during a
 * transition, so the issue is read as the app (Forge: asApp()).
 *
 * Fails open: when Refinery cannot read the issue (Jira down, issue gone) the transition is allowed
 * and the reason logged; an advisory readiness check should not stop a team's work.
 */
import { checkStory } from '../domain/quality';
import { JiraClient } from '../jira/client';
import { forgeTransport } from '../jira/forgeTransport';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { KeyValueStore } from '../storage/keyValueStore';
import { KvsStore } from '../storage/kvsStore';
import { currentSettings, hierarchyLevelLookup } from '../app/siteMetadata';
import { qualityInput } from '../app/trainHealth';

export interface ValidatorArgs {
  issue?: { key?: string; id?: string };
  transition?: { from?: { id?: string }; to?: { id?: string } };
}

export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

export interface ValidatorDeps {
  jira: JiraClient;
  store: KeyValueStore;
  now?: () => Date;
}

/** Jira shows the message in the transition dialog: keep it to a readable paragraph. */
const MAX_MESSAGE = 1000;

export async function checkReadyForTransition(deps: ValidatorDeps, issueKey: string): Promise<ValidatorResult> {
  const ctx = { jira: deps.jira, store: deps.store, siteUrl: '', accountId: null, now: deps.now ?? (() => new Date()) };
  const { settings, meta } = await currentSettings(ctx);
  const raw = await deps.jira.getIssue(issueKey, { fields: backlogFields(settings.fields, { withText: true }) });
  const issue = mapIssue(raw, settings.fields, hierarchyLevelLookup(meta));
  // Features, epics and sub-tasks are not stories: the Definition of Ready does not apply.
  if (issue.hierarchyLevel !== settings.storyHierarchyLevel) return { result: true };
  const report = checkStory(qualityInput(issue, new Map()), { maxStoryPoints: settings.maxStoryPoints, maxScenarios: 8, dor: settings.dor });
  if (report.ready) return { result: true };
  const failed = report.dor.filter((d) => !d.passed).map((d) => `${d.label}${d.detail ? ` (${d.detail})` : ''}`);
  const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
  let message = `${issue.key} is not ready (Definition of Ready): ${failed.join('; ')}.`;
  if (errors.length) message += ` ${errors.join(' ')}`;
  message += ' Fix these in the story (the Refinery panel shows how), then try again.';
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 1)}…`;
  return { result: false, errorMessage: message };
}

/** The validator function with its Jira client and store injected (tests pass an emulator-backed client). */
export function makeReadyValidator(deps: () => ValidatorDeps) {
  return async (args: ValidatorArgs): Promise<ValidatorResult> => {
    const key = args?.issue?.key ?? args?.issue?.id;
    if (!key) return { result: true };
    try {
      return await checkReadyForTransition(deps(), key);
    } catch (e) {
      console.error(`refinery-ready-validator: allowed the transition of ${key} because the check failed: ${(e as Error).message}`);
      return { result: true };
    }
  };
}

/** The Forge function (manifest: `jira:workflowValidator` → function `ready-validator`). */
export const readyValidator = makeReadyValidator(() => ({ jira: new JiraClient(forgeTransport('app')), store: new KvsStore() }));
