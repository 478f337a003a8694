import { JastBuilder } from '@atlassianlabs/jql-ast';
import type { RunningHarness } from '../../dev/harness/server';
import type { FigureLinksTab, FigureView, JqlLink } from '../../src/contract';
import { figuresIn, isFigureView } from '../../src/app/figureWire';
import { runHealthCli } from '../../src/cli/health';
import { invoke, ok } from '../integration/harness';

/**
 * What every surface shows, collected the way people get it: the resolvers the UI invokes (over
 * HTTP through the harness bridge) and the CLI's JSON. Each entry is one (surface × figure) pair.
 */
export interface Shown {
  surface: string;
  id: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  unit: string;
  kind?: string;
  metric: string;
  scope: string;
  sprintId?: number;
  /** Page links (parts), or the CLI's single key-list JQL. */
  jqls: string[];
  denominatorJqls?: string[];
  memberCount?: number;
}

type Counted = Pick<Shown, 'id' | 'value' | 'numerator' | 'denominator' | 'unit' | 'kind' | 'metric' | 'scope' | 'sprintId'>;

/** The fields every surface (page views and CLI entries alike) shows for a figure. */
const counted = (surface: string, f: Counted) => ({ surface, id: f.id, value: f.value, numerator: f.numerator, denominator: f.denominator, unit: f.unit, kind: f.kind, metric: f.metric, scope: f.scope, sprintId: f.sprintId });

const fromView = (surface: string, f: FigureView): Shown => ({
  ...counted(surface, f),
  jqls: f.links.map((l: JqlLink) => l.jql),
  ...(f.denominatorLinks ? { denominatorJqls: f.denominatorLinks.map((l) => l.jql) } : {}),
  memberCount: f.memberCount,
});

/**
 * A figure whose answer left a key list out (linksOnDemand), with that list from getFigureLinks as
 * the person: the answer must be for the same number (id, counts) and have the parts announced.
 */
export async function withOnDemandLinks(h: RunningHarness, user: string, projectKey: string, f: FigureView, tab: FigureLinksTab = 'quality', pi?: string | null): Promise<FigureView> {
  const wanted = f.linksOnDemand;
  if (!wanted) return f;
  const r = ok(await invoke(h, user, 'getFigureLinks', { projectKey, figureIds: [f.id], tab, ...(pi ? { pi } : {}) }));
  const l = r.figures.find((x) => x.id === f.id);
  if (!l || l.numerator !== f.numerator || l.denominator !== f.denominator || l.memberCount !== f.memberCount || l.digest !== wanted.digest) throw new Error(`getFigureLinks answered another number for ${f.id}: ${JSON.stringify(l && { ...l, links: l.links.length })}`);
  if (wanted.links !== undefined && l.links.length !== wanted.links) throw new Error(`${f.id}: announced ${wanted.links} parts, got ${l.links.length}`);
  if (wanted.denominatorLinks !== undefined && l.denominatorLinks?.length !== wanted.denominatorLinks) throw new Error(`${f.id}: announced ${wanted.denominatorLinks} denominator parts, got ${l.denominatorLinks?.length}`);
  return { ...f, links: wanted.links !== undefined ? l.links : f.links, ...(f.denominatorLinks ? { denominatorLinks: wanted.denominatorLinks !== undefined ? l.denominatorLinks : f.denominatorLinks } : {}) };
}

/** `view` with every key list its answer left out filled in from getFigureLinks (as withOnDemandLinks checks it), so a test reads whole figures. */
export async function withAllOnDemandLinks<T>(h: RunningHarness, user: string, projectKey: string, view: T, tab: FigureLinksTab, pi?: string | null): Promise<T> {
  const whole = new Map<string, FigureView>();
  for (const f of figuresIn(view)) if (f.linksOnDemand && !whole.has(f.id)) whole.set(f.id, await withOnDemandLinks(h, user, projectKey, f, tab, pi));
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x !== 'object' || x === null) return x;
    if (isFigureView(x)) return x.linksOnDemand ? whole.get(x.id) : x;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
  };
  return walk(view) as T;
}

export async function collectSurfaces(h: RunningHarness, user: string, projectKey: string, futureSprintIds: readonly number[] = [], panelIssueKeys: readonly string[] = []): Promise<Shown[]> {
  const shown: Shown[] = [];
  // Issue 16: the overview's long key lists come on demand too (getFigureLinks, tab overview).
  const overview = await withAllOnDemandLinks(h, user, projectKey, ok(await invoke(h, user, 'getProjectOverview', { projectKey })), 'overview');
  for (const c of overview.cards) shown.push(fromView('overview card', c.figure));
  for (const t of overview.teams) for (const f of Object.values(t.figures)) shown.push(fromView('overview team table', f));
  for (const s of overview.sprints) for (const f of Object.values(s.figures)) shown.push(fromView('overview closed sprint row', f));
  for (const a of overview.activeSprints) {
    shown.push(fromView('overview active sprint', a.progress));
    // Committed at start and added since are counts; each is checked to lie within the sprint's stories so far (progress's denominator).
    const within = a.progress.denominatorLinks?.map((l) => l.jql) ?? [];
    shown.push({ ...fromView('overview active sprint', a.figures.committed), denominatorJqls: within }, { ...fromView('overview active sprint', a.figures.added), denominatorJqls: within });
  }
  const quality = ok(await invoke(h, user, 'getQualitySummary', { projectKey }));
  // Issue 16: long key lists come on demand (getFigureLinks), as the tab fetches them when a count is reached for.
  const q = (f: FigureView) => withOnDemandLinks(h, user, projectKey, f);
  shown.push(fromView('quality tab', await q(quality.passRate)));
  for (const t of quality.byTeam) shown.push(fromView('quality tab team', await q(t.passRate)));
  for (const r of quality.byRule) shown.push(fromView('quality tab rule', await q(r.figure)));
  const deps = ok(await invoke(h, user, 'getDependencies', { projectKey }));
  shown.push(fromView('dependencies tab', deps.pairs), fromView('dependencies tab', deps.atRiskPairs));
  for (const c of deps.matrix) shown.push(fromView('dependencies matrix', c.pairs), fromView('dependencies matrix', c.atRiskPairs));
  const answered = ok(await invoke(h, user, 'getImprovement', { projectKey }));
  const imp = await withAllOnDemandLinks(h, user, projectKey, answered, 'improvement', answered.inspectAndAdapt?.pi);
  shown.push(fromView('improvement tab', imp.doneThisPi));
  for (const p of imp.pis) shown.push(fromView('improvement tab PI row', p.createdFigure), fromView('improvement tab PI row', p.doneInPiFigure));
  for (const m of imp.inspectAndAdapt?.train ?? []) if (m.figure) shown.push(fromView('I&A summary', m.figure));
  // Pattern evidence and call-outs are counts of issues without an id of their own: each is its own figure.
  for (const p of imp.patterns) shown.push({ surface: 'improvement tab pattern', id: `pattern|${p.id}`, value: p.evidenceCount, numerator: p.evidenceCount, denominator: null, unit: 'issues', kind: 'count', metric: 'patternEvidence', scope: 'train', jqls: p.evidenceLinks.map((l) => l.jql) });
  for (const t of imp.inspectAndAdapt?.teams ?? []) for (const m of t.metrics) if (m.figure) shown.push(fromView('I&A summary team', m.figure));

  // The sprint action ("Check sprint readiness") on every future sprint the viewer can see.
  for (const id of futureSprintIds) {
    const r = ok(await invoke(h, user, 'getSprintReadiness', { sprintId: id }));
    shown.push(fromView('sprint readiness action', r.ready), fromView('sprint readiness action', r.readyPoints), fromView('sprint readiness action', r.notReadyFigure));
  }

  // The issue panel's at-risk dependencies, on issues the viewer can open (the others answer 404).
  for (const issueKey of panelIssueKeys) {
    const p = await invoke(h, user, 'getIssuePanel', { issueKey });
    if (!p.ok && p.error.code === 'NOT_FOUND') continue;
    const panel = ok(p);
    if (panel.kind !== 'other') shown.push(fromView('issue panel', panel.dependenciesAtRisk));
  }

  let text = '';
  const code = await runHealthCli({ project: projectKey, json: true, emulator: h.url, as: user }, { write: (s: string) => (text += s) }, { write: () => true }, {});
  if (code !== 0) throw new Error(`refinery health exited ${code}`);
  const cli = JSON.parse(text) as { figures: { id: string; metric: string; scope: string; sprintId?: number; kind: string; value: number | null; numerator: number; denominator: number | null; unit: string; jql: string | null; denominatorJql?: string | null }[] };
  for (const f of cli.figures) {
    shown.push({
      ...counted('cli', f),
      jqls: f.jql ? [f.jql] : [],
      ...(f.denominatorJql !== undefined ? { denominatorJqls: f.denominatorJql ? [f.denominatorJql] : [] } : {}),
    });
  }
  return shown;
}

/** The issue keys a `key in (…)` query names, read with Atlassian's JQL grammar; throws on a syntax error. */
export function keysNamedBy(jql: string): string[] {
  const jast = new JastBuilder().build(jql);
  if (jast.errors.length) throw new Error(`JQL does not parse (${String((jast.errors[0] as { message?: string }).message)}): ${jql}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const where = (jast.query as any)?.where;
  if (where?.clauseType !== 'terminal' || String(where.field?.value).toLowerCase() !== 'key' || where.operator?.value !== 'in') throw new Error(`not a key list: ${jql}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (where.operand.values as any[]).map((v) => String(v.value));
}

/** POST /rest/api/3/search/jql as the viewing user: the keys Jira returns (all pages), memoised per query. */
export function searcher(h: RunningHarness, user: string): (jql: string) => Promise<Set<string>> {
  const cache = new Map<string, Promise<Set<string>>>();
  const run = async (jql: string) => {
    const keys = new Set<string>();
    let nextPageToken: string | undefined;
    do {
      const res = await fetch(`${h.url}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Refinery-As-User': user },
        body: JSON.stringify({ jql, fields: ['key'], maxResults: 5000, ...(nextPageToken ? { nextPageToken } : {}) }),
      });
      if (res.status !== 200) throw new Error(`search ${res.status} for ${jql}: ${await res.text()}`);
      const body = (await res.json()) as { issues: { key: string }[]; nextPageToken?: string };
      for (const i of body.issues) keys.add(i.key);
      nextPageToken = body.nextPageToken;
    } while (nextPageToken);
    return keys;
  };
  return (jql) => {
    let p = cache.get(jql);
    if (!p) cache.set(jql, (p = run(jql)));
    return p;
  };
}
