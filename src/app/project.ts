import type { AppContext } from './context';
import { AppFailure } from './failure';
import type { JiraError } from '../jira/errors';

/**
 * The project as the person sees it, or NOT_FOUND: a project they cannot browse looks exactly like
 * one that does not exist, and every project surface checks this before reading the train.
 */
export function projectOrNotFound(ctx: AppContext, projectKey: string) {
  return ctx.jira.project(projectKey).catch((e: unknown) => {
    if ((e as Partial<JiraError>).kind === 'not-found') throw new AppFailure('NOT_FOUND', `Project ${projectKey} does not exist or you cannot browse it.`);
    throw e;
  });
}
