/**
 * JQL building. Every value that comes from a user or from Jira data (keys, labels, team names,
 * sprint names) is quoted here, so a hostile value such as `" OR project != X` stays one value.
 */
export function jqlString(value: string): string {
  // Jira's grammar refuses raw control characters inside a quoted string; `\uXXXX` is its escape.
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

export function jqlList(values: readonly (string | number)[]): string {
  return `(${values.map((v) => (typeof v === 'number' ? String(v) : jqlString(v))).join(', ')})`;
}

/**
 * `key in (...)`, or a clause that matches nothing for an empty list (a made-up key would be a 400:
 * Jira refuses a key clause naming an issue that does not exist).
 */
export function keysJql(keys: readonly string[]): string {
  return keys.length ? `key in ${jqlList(keys)}` : 'resolution = Unresolved AND resolution is not EMPTY';
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
