/**
 * Issues by key, tolerating keys that no longer resolve. Jira refuses a whole `key in (…)` search
 * with 400 when one key names an issue that was deleted, moved away or is hidden from the caller
 * ("An issue with key 'X' does not exist for field 'key'.", one message per key), so a single
 * deleted feature would fail a whole column save or panel. The keys Jira names are dropped and the
 * search asked once more; the caller reports each dropped key. `jql` builds a query around the key
 * list when it has other clauses too (called with the keys still to ask, possibly none).
 */
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/errors';
import { keysJql } from '../jira/jql';
import type { JiraIssue } from '../jira/types';

const UNKNOWN_KEY = [/An issue with key '([^']+)' does not exist for field '[^']+'/i, /The issue key '([^']+)' for field '[^']+' is invalid/i];

/** Keys Jira's 400 names as missing or invalid. */
export function unknownKeysIn(e: JiraError): string[] {
  return e.jiraMessages.flatMap((m) => UNKNOWN_KEY.map((re) => re.exec(m)?.[1]).filter((k): k is string => !!k));
}

export interface IssuesByKey {
  issues: JiraIssue[];
  /** Keys that name no issue the caller can see (deleted, moved, or hidden), in the order asked. */
  missing: string[];
}

/**
 * `fresh`: read the found issues once more naming their ids in `reconcileIssues` (≤ 50 per search),
 * for reads that must see a write made a moment ago, such as a version check before a save.
 */
export async function issuesByKey(jira: JiraClient, keys: readonly string[], fields: string[], opts: { properties?: string[]; fresh?: boolean; jql?: (keys: string[]) => string } = {}): Promise<IssuesByKey> {
  let pending = [...new Set(keys)];
  const missing: string[] = [];
  // Jira names every unknown key in one answer; a second refusal can only come from a key that
  // vanished in between, so two retries are plenty.
  for (let attempt = 0; pending.length; attempt++) {
    try {
      const issues = await jira.searchAll((opts.jql ?? keysJql)(pending), fields, { properties: opts.properties });
      if (!opts.fresh) return { issues, missing };
      const fresh: JiraIssue[] = [];
      for (let i = 0; i < issues.length; i += 50) {
        const chunk = issues.slice(i, i + 50);
        fresh.push(...(await jira.searchAll(keysJql(chunk.map((x) => x.key)), fields, { properties: opts.properties, reconcileIssues: chunk.map((x) => Number(x.id)) })));
      }
      return { issues: fresh, missing };
    } catch (e) {
      if (!(e instanceof JiraError) || e.kind !== 'bad-request' || attempt >= 2) throw e;
      const named = new Set(unknownKeysIn(e).map((k) => k.toUpperCase()));
      const drop = pending.filter((k) => named.has(k.toUpperCase()));
      if (!drop.length) throw e;
      missing.push(...drop);
      pending = pending.filter((k) => !named.has(k.toUpperCase()));
    }
  }
  // Every key was unknown: a query built around the keys may still match on its own (e.g. children).
  return { issues: opts.jql ? await jira.searchAll(opts.jql([]), fields, { properties: opts.properties }) : [], missing };
}
