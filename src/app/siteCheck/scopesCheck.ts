import type { OperationScopes, SiteFacts } from './facts';
import { isScopeRefusal } from './jiraRefusal';
import { failed, passed, type Fetched, type SiteCheck } from './types';

const ID = 'scopes';
const REDEPLOY = 'then run forge deploy and forge install --upgrade so the site grants the new scopes';

/** Which of the check's own Jira calls were refused for a missing scope, by what they read. */
function refusedReads(facts: SiteFacts): string[] {
  const t = facts.train;
  const reads: [string, Fetched<unknown> | undefined][] = [
    ['your account', facts.myself],
    ['the fields', facts.fields],
    ['the issue types', facts.issueTypes],
    ['your permissions', facts.permissions],
    ['the project', t?.project],
    ['the boards', t?.boards],
    ['the train count', t?.issues],
    ['a feature’s edit screen', t?.sampleFeature],
  ];
  return reads.filter(([, f]) => f && !f.ok && isScopeRefusal(f.error)).map(([what]) => what);
}

const covered = (op: OperationScopes, declared: readonly string[]) => op.alternatives.some((group) => group.every((s) => declared.includes(s)));

/** The scopes still to add for the alternative that lacks the fewest (keeps the manifest least-privilege). */
function closestGroup(op: OperationScopes, declared: readonly string[]): string[] {
  const lacking = op.alternatives.map((g) => g.filter((s) => !declared.includes(s)));
  return lacking.sort((a, b) => a.length - b.length)[0] ?? [];
}

/**
 * The app's scopes: from manifest.yml against the scopes each operation it sends needs (the CLI),
 * or, inside Forge where the manifest is not readable, whether Jira refused any call of this check.
 */
export function scopesCheck(facts: SiteFacts): SiteCheck {
  const refused = refusedReads(facts);
  const refusedText = refused.length ? ` Jira refused to let the app read ${refused.join(', ')} (“scope does not match”).` : '';
  const { declared, required } = facts.scopes;
  if (!declared) {
    if (refused.length) return failed(ID, `The app lacks a scope it needs.${refusedText}`, `Add the scopes README.md lists under “Scopes” to permissions.scopes in manifest.yml, ${REDEPLOY}.`);
    return passed(ID, 'Jira accepted every call of this check with the scopes the app was installed with.');
  }
  const listed = `manifest.yml declares ${declared.join(', ') || 'no scope'}.`;
  if (!required) return refused.length ? failed(ID, `${listed}${refusedText}`, `Add the missing scope to permissions.scopes in manifest.yml, ${REDEPLOY}.`) : passed(ID, listed);
  const missing = required.filter((op) => !covered(op, declared));
  if (missing.length || refused.length) {
    const lines = missing.map((op) => `${op.operation} needs ${op.alternatives.map((g) => g.join(' + ')).join(' or ')}`);
    const wanted = [...new Set(missing.flatMap((op) => closestGroup(op, declared)))];
    return failed(ID, `${listed} ${missing.length} of the ${required.length} operations Refinery sends are not covered: ${lines.join('; ')}.${refusedText}`, `Add ${wanted.join(', ') || 'the missing scopes'} to permissions.scopes in manifest.yml, ${REDEPLOY}.`);
  }
  return passed(ID, `${listed} They cover all ${required.length} operations Refinery sends (per Atlassian’s OpenAPI specs).`);
}
