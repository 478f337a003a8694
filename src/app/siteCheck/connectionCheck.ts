import type { SiteFacts } from './facts';
import { refusedCheck } from './jiraRefusal';
import { passed, type SiteCheck } from './types';

export function connectionCheck(facts: SiteFacts): SiteCheck {
  if (!facts.myself.ok) return refusedCheck('connection', `sign in to ${facts.siteUrl} (GET /rest/api/3/myself)`, facts.myself.error);
  const me = facts.myself.value;
  return passed('connection', `Connected to ${facts.siteUrl} as ${me.displayName} (${me.accountId}); every check below reads Jira as this account.`);
}
