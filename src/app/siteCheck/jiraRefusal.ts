import type { JiraError } from '../../jira/errors';
import { failed, type SiteCheck } from './types';

/** Forge's answer when the app's manifest lacks a scope the operation needs (a 401, not a 403). */
export function isScopeRefusal(e: JiraError): boolean {
  return e.status === 401 && /scope does not match/i.test(e.message);
}

function fixFor(e: JiraError): string {
  if (isScopeRefusal(e)) return 'Add the missing scope to permissions.scopes in manifest.yml (see the scopes check), then run forge deploy and forge install --upgrade so the site grants it.';
  switch (e.kind) {
    case 'unauthenticated':
      return 'Check the email and API token (create a token at https://id.atlassian.com/manage-profile/security/api-tokens) and that the account is active on this site.';
    case 'forbidden':
      return 'Ask a Jira administrator to grant the permission named above in the project’s permission scheme.';
    case 'not-found':
      return 'Check the project key, and that your account can browse the project.';
    case 'bad-request':
      return 'Correct the train scope JQL in Refinery settings (Jira’s message above names the problem), or clear it to use the whole project.';
    case 'rate-limited':
      return 'Jira is limiting requests right now; run the site check again in a minute.';
    default:
      return 'Jira did not answer properly; run the site check again in a few minutes, and check https://status.atlassian.com if it keeps failing.';
  }
}

/** A failed check for a Jira call that was refused: what Refinery tried, Jira's reason, and the fix. */
export function refusedCheck(id: string, attempted: string, e: JiraError): SiteCheck {
  return failed(id, `Refinery could not ${attempted}: ${e.message}`, fixFor(e));
}
