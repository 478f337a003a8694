/**
 * JQL building. Every value that comes from a user or from Jira data (keys, labels, team names,
 * sprint names) is quoted here, so a hostile value such as `" OR project != X` stays one value.
 */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

export function jqlList(values: readonly (string | number)[]): string {
  return `(${values.map((v) => (typeof v === 'number' ? String(v) : jqlString(v))).join(', ')})`;
}

/** `key in (...)`, or a clause that matches nothing for an empty list. */
export function keysJql(keys: readonly string[]): string {
  return keys.length ? `key in ${jqlList(keys)}` : 'key in ("NONE-0")';
}

export function cfClause(fieldId: string): string {
  const m = /^customfield_(\d+)$/.exec(fieldId);
  return m ? `cf[${m[1]}]` : fieldId;
}

export function and(...clauses: (string | null | undefined | false)[]): string {
  return clauses.filter((c): c is string => !!c).map((c) => `(${c})`).join(' AND ');
}

/** Link into Jira's issue search for a JQL query. */
export function issueSearchUrl(siteUrl: string, jql: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/issues/?jql=${encodeURIComponent(jql)}`;
}
