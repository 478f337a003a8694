/**
 * The harness's issue view: every field of the issue that has a value, by its name, as Jira's issue
 * view shows them — so what the app writes (the acceptance-criteria field after "Insert template",
 * the WSJF and Cost of Delay fields after a score, story points, the team and parent of a split's
 * children) can be seen where a person would look. Every value is escaped; rich text goes through
 * `adfToHtml`, which renders only http(s) links.
 */
import { adfToHtml, esc } from './html';

export interface FieldMeta {
  id: string;
  name: string;
  custom: boolean;
  schema?: { type: string; custom?: string; system?: string };
}

// Shown elsewhere on the page (heading, lozenge, breadcrumbs) or not shown by Jira's issue view.
const SHOWN_ELSEWHERE = new Set(['summary', 'description', 'status', 'issuetype', 'project', 'parent', 'labels', 'issuelinks', 'created', 'updated', 'resolutiondate', 'comment', 'worklog', 'attachment', 'subtasks', 'watches', 'votes', 'lastViewed', 'statuscategorychangedate', 'timetracking', 'progress', 'aggregateprogress', 'workratio']);

const isDoc = (v: unknown): boolean => !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'doc';

/** A field value as text: a name, a display name, an option's value, a list of them; null when there is nothing to show. */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map(valueText).filter((x): x is string => !!x);
    return parts.length ? parts.join(', ') : null;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of ['displayName', 'name', 'title', 'value', 'key']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  return null;
}

/** The rich-text fields (acceptance criteria…) as sections, then a Details table of the other fields with a value. */
export function issueFieldsHtml(fields: Record<string, unknown>, meta: readonly FieldMeta[]): string {
  const byId = new Map(meta.map((m) => [m.id, m]));
  const sections: string[] = [];
  const rows: string[] = [];
  const ids = Object.keys(fields)
    .filter((id) => !SHOWN_ELSEWHERE.has(id) && byId.get(id)?.schema?.custom !== 'com.pyxis.greenhopper.jira:gh-lexo-rank')
    .sort((a, b) => (byId.get(a)?.name ?? a).localeCompare(byId.get(b)?.name ?? b));
  for (const id of ids) {
    const value = fields[id];
    const name = byId.get(id)?.name ?? id;
    if (isDoc(value) || (typeof value === 'string' && byId.get(id)?.schema?.custom?.endsWith(':textarea'))) {
      const html = isDoc(value) ? adfToHtml(value) : `<p>${esc(value)}</p>`;
      if (html) sections.push(`<h2 class="section">${esc(name)}</h2><div class="description" data-testid="field-${esc(id)}">${html}</div>`);
      continue;
    }
    const text = valueText(value);
    if (text === null) continue;
    rows.push(`<tr data-testid="field-${esc(id)}"><th scope="row">${esc(name)}</th><td>${esc(text)}</td></tr>`);
  }
  const details = rows.length ? `<h2 class="section">Details</h2><table class="details" data-testid="issue-details"><tbody>${rows.join('')}</tbody></table>` : '';
  return sections.join('') + details;
}
