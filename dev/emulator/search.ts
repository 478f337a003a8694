/**
 * Evaluates parsed JQL against the emulator's issues, the way Jira resolves fields: by system
 * name, custom field name, clause name (`cf[10016]`, `"Story point estimate"`), or entity
 * property (`issue.property[refinery.wsjf].wsjf` or its search alias).
 */
import type { DataSet, JiraField, JiraIssue, JiraSprint } from './dataset';
import { JqlError, type JqlNode, type JqlQuery, type JqlValue } from './jql';
import { parseJqlStrict } from './jqlGrammar';

/** A search alias declared by an installed app's `jira:entityProperty` module. */
export interface PropertyAlias {
  alias: string;
  propertyKey: string;
  path: string;
  type: 'number' | 'string' | 'text' | 'date' | 'user';
}

export interface SearchContext {
  data: DataSet;
  fieldsByClause: Map<string, JiraField>;
  sprintsById: Map<number, JiraSprint>;
  aliases: PropertyAlias[];
  now: () => Date;
  currentAccountId: string | null;
  /**
   * Whether the caller can see the issue with this key or id. Jira answers a `key` clause naming an
   * issue that is gone, or that the caller may not browse, with the same 400 (so the refusal does
   * not reveal that a hidden issue exists).
   */
  issueVisible?: (keyOrId: string) => boolean;
}

export function indexFields(fields: JiraField[]): Map<string, JiraField> {
  const m = new Map<string, JiraField>();
  for (const f of fields) {
    m.set(f.id.toLowerCase(), f);
    m.set(f.name.toLowerCase(), f);
    for (const c of f.clauseNames ?? []) m.set(c.toLowerCase(), f);
    const cf = /^customfield_(\d+)$/.exec(f.id);
    if (cf) m.set(`cf[${cf[1]}]`, f);
  }
  return m;
}

type Resolved =
  | { kind: 'system'; name: string }
  | { kind: 'custom'; field: JiraField }
  | { kind: 'property'; propertyKey: string; path: string };

const SYSTEM: Record<string, string> = {
  project: 'project',
  issuetype: 'issuetype',
  type: 'issuetype',
  parent: 'parent',
  status: 'status',
  statuscategory: 'statusCategory',
  labels: 'labels',
  label: 'labels',
  key: 'key',
  issuekey: 'key',
  issue: 'key',
  id: 'key',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  resolution: 'resolution',
  resolutiondate: 'resolutiondate',
  resolved: 'resolutiondate',
  assignee: 'assignee',
  summary: 'summary',
  description: 'description',
  text: 'text',
  rank: 'rank',
};

function resolveField(ctx: SearchContext, raw: string): Resolved {
  const lower = raw.toLowerCase();
  const prop = /^issue\.property\[([^\]]+)\]\.(.+)$/i.exec(raw);
  if (prop) return { kind: 'property', propertyKey: prop[1], path: prop[2] };
  const alias = ctx.aliases.find((a) => a.alias.toLowerCase() === lower);
  if (alias) return { kind: 'property', propertyKey: alias.propertyKey, path: alias.path };
  if (SYSTEM[lower]) return { kind: 'system', name: SYSTEM[lower] };
  const field = ctx.fieldsByClause.get(lower);
  if (field?.schema?.custom === 'com.pyxis.greenhopper.jira:gh-sprint') return { kind: 'system', name: 'sprint' };
  if (field?.schema?.custom === 'com.pyxis.greenhopper.jira:gh-lexo-rank') return { kind: 'system', name: 'rank' };
  if (lower === 'sprint') return { kind: 'system', name: 'sprint' };
  if (field?.custom) return { kind: 'custom', field };
  if (field) return { kind: 'system', name: field.id };
  throw new JqlError(`Field '${raw}' does not exist or you do not have permission to view it.`);
}

/** Values of a field on an issue, as strings/numbers that JQL values compare against. */
function fieldValues(ctx: SearchContext, issue: JiraIssue, f: Resolved): (string | number)[] {
  const fields = issue.fields as Record<string, unknown>;
  if (f.kind === 'property') {
    let v: unknown = issue.properties?.[f.propertyKey];
    for (const part of f.path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined || v === null ? [] : Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : String(x))) : [typeof v === 'number' ? v : String(v)];
  }
  if (f.kind === 'custom') {
    const v = fields[f.field.id];
    if (v === null || v === undefined) return [];
    const one = (x: unknown): (string | number)[] => {
      if (typeof x === 'number' || typeof x === 'string') return [x];
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        // A rich-text (ADF) field, e.g. a paragraph field with acceptance criteria: Jira's `is not EMPTY` matches it when it holds text.
        if (o.type === 'doc') return adfText(o).trim() ? [adfText(o)] : [];
        return [o.value, o.name, o.id, o.title].filter((y): y is string => typeof y === 'string');
      }
      return [];
    };
    return Array.isArray(v) ? v.flatMap(one) : one(v);
  }
  switch (f.name) {
    case 'project':
      return [fields.project ? (fields.project as { key: string }).key : '', (fields.project as { id?: string })?.id ?? ''].filter(Boolean);
    case 'issuetype':
      return [issue.fields.issuetype.name, issue.fields.issuetype.id];
    case 'parent':
      return issue.fields.parent ? [issue.fields.parent.key, issue.fields.parent.id] : [];
    case 'status':
      return [issue.fields.status.name, issue.fields.status.id];
    case 'statusCategory': {
      const c = issue.fields.status.statusCategory;
      return [c.key, c.name, String(c.id)];
    }
    case 'labels':
      return issue.fields.labels ?? [];
    case 'key':
      return [issue.key, issue.id];
    case 'created':
    case 'updated':
    case 'resolutiondate': {
      const v = fields[f.name];
      return typeof v === 'string' ? [Date.parse(v)] : [];
    }
    case 'resolution':
      return issue.fields.resolution ? [issue.fields.resolution.name, issue.fields.resolution.id] : [];
    case 'assignee':
      return issue.fields.assignee ? [issue.fields.assignee.accountId, issue.fields.assignee.displayName] : [];
    case 'sprint': {
      const sprintField = ctx.data.fields.find((x) => x.schema?.custom === 'com.pyxis.greenhopper.jira:gh-sprint');
      const v = sprintField ? fields[sprintField.id] : undefined;
      return Array.isArray(v) ? v.flatMap((s: { id: number; name: string }) => [s.id, s.name]) : [];
    }
    case 'rank': {
      const rankField = ctx.data.fields.find((x) => x.schema?.custom === 'com.pyxis.greenhopper.jira:gh-lexo-rank');
      const v = rankField ? fields[rankField.id] : undefined;
      return typeof v === 'string' ? [v] : [];
    }
    case 'summary':
      return [issue.fields.summary];
    case 'description':
      return [adfText(issue.fields.description)];
    case 'text':
      return [issue.fields.summary, adfText(issue.fields.description)];
    default: {
      const v = fields[f.name];
      if (v === null || v === undefined) return [];
      return Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? String((x as { name?: string }).name ?? '') : String(x))) : [typeof v === 'number' ? v : typeof v === 'object' ? String((v as { name?: string }).name ?? '') : String(v)];
    }
  }
}

function adfText(node: unknown): string {
  if (!node) return '';
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(adfText).join(' ');
  if (typeof node === 'object') {
    const n = node as { text?: unknown; content?: unknown };
    return [typeof n.text === 'string' ? n.text : '', adfText(n.content)].join(' ');
  }
  return '';
}

const DAY = 86_400_000;

/** A JQL date: `2026-11-01`, `2026-11-01 10:00`, `-7d`, `-2w`, `-4h`, `now()`, `startOfDay()`. */
function dateValue(ctx: SearchContext, v: JqlValue): number {
  const now = ctx.now().getTime();
  if (v.kind === 'function') {
    if (v.name === 'now') return now;
    if (v.name === 'startofday') return Math.floor(now / DAY) * DAY;
    throw new JqlError(`Error in the JQL Query: Unable to find JQL function '${v.name}()'.`);
  }
  if (v.kind === 'number') return v.value;
  if (v.kind !== 'string') throw new JqlError('Error in the JQL Query: Expecting a date value.');
  const rel = /^([-+]?)(\d+)([mhdw])$/.exec(v.value.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY }[rel[3] as 'm' | 'h' | 'd' | 'w'];
    return now + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit;
  }
  const abs = /^\d{4}[-/]\d{2}[-/]\d{2}( \d{2}:\d{2})?$/.test(v.value) ? Date.parse(v.value.replace(/\//g, '-').replace(' ', 'T') + (v.value.includes(' ') ? ':00Z' : 'T00:00:00Z')) : Date.parse(v.value);
  if (!Number.isFinite(abs))
    throw new JqlError(
      `Date value '${v.value}' for field is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    );
  return abs;
}

const DATE_FIELDS = new Set(['created', 'updated', 'resolutiondate']);

function expandValue(ctx: SearchContext, f: Resolved, v: JqlValue): (string | number)[] {
  if (v.kind === 'empty') return [];
  if (v.kind === 'function') {
    if (f.kind === 'system' && f.name === 'sprint') {
      const state = { opensprints: 'active', futuresprints: 'future', closedsprints: 'closed' }[v.name];
      if (!state) throw new JqlError(`Error in the JQL Query: Unable to find JQL function '${v.name}()'.`);
      return ctx.data.sprints.filter((s) => s.state === state).map((s) => s.id);
    }
    if (v.name === 'currentuser') return ctx.currentAccountId ? [ctx.currentAccountId] : [];
    if (f.kind === 'system' && DATE_FIELDS.has(f.name)) return [dateValue(ctx, v)];
    throw new JqlError(`Error in the JQL Query: Unable to find JQL function '${v.name}()'.`);
  }
  if (f.kind === 'system' && DATE_FIELDS.has(f.name)) return [dateValue(ctx, v)];
  if (f.kind === 'system' && f.name === 'resolution' && v.kind === 'string' && v.value.toLowerCase() === 'unresolved') return ['__unresolved__'];
  return [v.value];
}

function same(a: string | number, b: string | number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && String(a).trim() !== '' && String(b).trim() !== '';
  return a.toLowerCase() === b.toLowerCase();
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function evalNode(ctx: SearchContext, node: JqlNode, issue: JiraIssue): boolean {
  switch (node.type) {
    case 'all':
      return true;
    case 'and':
      return node.nodes.every((n) => evalNode(ctx, n, issue));
    case 'or':
      return node.nodes.some((n) => evalNode(ctx, n, issue));
    case 'not':
      return !evalNode(ctx, node.node, issue);
    case 'clause':
      return evalClause(ctx, node, issue);
  }
}

function evalClause(ctx: SearchContext, node: Extract<JqlNode, { type: 'clause' }>, issue: JiraIssue): boolean {
  const f = resolveField(ctx, node.field);
  const have = fieldValues(ctx, issue, f);
  const wanted = node.values.flatMap((v) => expandValue(ctx, f, v));
  switch (node.op) {
    case 'is':
      return have.length === 0;
    case 'is not':
      return have.length > 0;
    case '=':
    case 'in':
      if (wanted.includes('__unresolved__')) return have.length === 0;
      if (node.values.some((v) => v.kind === 'empty') && have.length === 0) return true;
      return have.some((h) => wanted.some((w) => same(h, w)));
    case '!=':
    case 'not in':
      if (wanted.includes('__unresolved__')) return have.length > 0;
      // Jira: `field != x` does not match issues where the field is empty.
      return have.length > 0 && !have.some((h) => wanted.some((w) => same(h, w)));
    case '~':
      return have.some((h) => wanted.some((w) => String(h).toLowerCase().includes(String(w).toLowerCase().replace(/\*$/, ''))));
    case '!~':
      return !have.some((h) => wanted.some((w) => String(h).toLowerCase().includes(String(w).toLowerCase())));
    case '>':
    case '>=':
    case '<':
    case '<=': {
      if (!have.length || !wanted.length) return false;
      const c = compare(have[0], wanted[0]);
      return node.op === '>' ? c > 0 : node.op === '>=' ? c >= 0 : node.op === '<' ? c < 0 : c <= 0;
    }
  }
}

function keyNumber(key: string): [string, number] {
  const i = key.lastIndexOf('-');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}

function sortKey(ctx: SearchContext, issue: JiraIssue, field: string): string | number | null {
  const lower = field.toLowerCase();
  if (lower === 'key' || lower === 'issuekey') {
    const [p, n] = keyNumber(issue.key);
    return `${p}-${String(n).padStart(10, '0')}`;
  }
  const f = resolveField(ctx, field);
  const v = fieldValues(ctx, issue, f);
  return v.length ? v[0] : null;
}

export function orderIssues(ctx: SearchContext, issues: JiraIssue[], orderBy: JqlQuery['orderBy']): JiraIssue[] {
  const allowed = /^(rank|created|updated|key|issuekey|resolutiondate|summary|status|issuetype|duedate|priority)$/i;
  for (const o of orderBy) {
    if (!allowed.test(o.field) && !/^issue\.property\[/i.test(o.field) && !ctx.aliases.some((a) => a.alias.toLowerCase() === o.field.toLowerCase()) && !ctx.fieldsByClause.has(o.field.toLowerCase()))
      throw new JqlError(`Error in the JQL Query: Field '${o.field}' does not exist or you do not have permission to view it.`);
  }
  // Jira's default order for /search/jql without ORDER BY is by key descending? It is unspecified; use key ascending.
  const order = orderBy.length ? orderBy : [{ field: 'key', direction: 'asc' as const }];
  const keyed = issues.map((i) => ({ i, k: order.map((o) => sortKey(ctx, i, o.field)) }));
  keyed.sort((a, b) => {
    for (let n = 0; n < order.length; n++) {
      const x = a.k[n];
      const y = b.k[n];
      if (x === y) continue;
      // Empty values sort last ascending, as in Jira.
      if (x === null) return 1;
      if (y === null) return -1;
      const c = compare(x, y);
      if (c !== 0) return order[n].direction === 'desc' ? -c : c;
    }
    return compare(sortKey(ctx, a.i, 'key') as string, sortKey(ctx, b.i, 'key') as string);
  });
  return keyed.map((x) => x.i);
}

/** Parses, validates the fields it names (as Jira does up front) and filters `issues`. */
export function runJql(ctx: SearchContext, jql: string, issues: JiraIssue[]): JiraIssue[] {
  const q = parseJqlStrict(jql);
  validateFields(ctx, q.where);
  validateKeys(ctx, q.where);
  const matched = issues.filter((i) => evalNode(ctx, q.where, i));
  return orderIssues(ctx, matched, q.orderBy);
}

function validateFields(ctx: SearchContext, node: JqlNode): void {
  if (node.type === 'and' || node.type === 'or') node.nodes.forEach((n) => validateFields(ctx, n));
  else if (node.type === 'not') validateFields(ctx, node.node);
  else if (node.type === 'clause') {
    const f = resolveField(ctx, node.field);
    if (f.kind === 'system' && f.name === 'sprint')
      for (const v of node.values) if (v.kind === 'function') expandValue(ctx, f, v);
    if (f.kind === 'system' && DATE_FIELDS.has(f.name)) for (const v of node.values) if (v.kind !== 'empty') dateValue(ctx, v);
  }
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/i;

/** Every issue a `key`/`issuekey`/`id` clause names must exist for the caller, as Jira checks up front. */
function validateKeys(ctx: SearchContext, where: JqlNode): void {
  if (!ctx.issueVisible) return;
  const problems: string[] = [];
  const walk = (node: JqlNode) => {
    if (node.type === 'and' || node.type === 'or') node.nodes.forEach(walk);
    else if (node.type === 'not') walk(node.node);
    else if (node.type === 'clause' && ['=', '!=', 'in', 'not in'].includes(node.op)) {
      const f = resolveField(ctx, node.field);
      if (f.kind !== 'system' || f.name !== 'key') return;
      const name = node.field.toLowerCase() === 'id' ? 'id' : node.field.toLowerCase() === 'issue' ? 'issue' : 'key';
      for (const v of node.values) {
        if (v.kind !== 'string' && v.kind !== 'number') continue;
        const ref = String(v.value);
        if (v.kind === 'string' && !ISSUE_KEY.test(ref) && !/^\d+$/.test(ref)) problems.push(`The issue key '${ref}' for field '${name}' is invalid.`);
        else if (!ctx.issueVisible!(ref)) problems.push(`An issue with key '${ref}' does not exist for field '${name}'.`);
      }
    }
  };
  walk(where);
  if (problems.length) throw new JqlError([...new Set(problems)]);
}
