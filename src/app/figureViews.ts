import { BANDS, bandLabel, compareKeyParts, figureBand, figureId, keyParts, type BandedMetric, type Figure } from '../domain/health';
import { jqlString, keysJql } from '../jira/jql';
import type { FigureView, JqlLink } from '../contract';
import { jqlLink } from './views';

/**
 * Drill-down links: an explicit `key in (…)` over exactly the counted issues. Every member comes
 * from the reader's own load (asUser), so each key exists and the reader can browse it — Jira
 * answers 400 for a key clause naming an issue that does not exist, so no other key is ever added.
 *
 * Jira's issue search takes the JQL in the URL (`/issues/?jql=…`), and issue search through GET is
 * documented to fail beyond about 2,000 characters of query (Atlassian: "If the JQL query is too
 * large to be encoded as a query parameter, use POST"; client libraries switch to POST at 2,000).
 * A whole link is therefore kept to MAX_SEARCH_URL_LENGTH characters, and a longer list is split
 * into several links (parts) whose union is the set.
 */
export const MAX_SEARCH_URL_LENGTH = 2000;

const ORDER = ' ORDER BY key ASC';

/** One `key in (…)` query over the whole set (the CLI's form; the page splits it into parts). */
export function keyListJql(keys: readonly string[]): string | null {
  return keys.length ? `${keysJql(sortedKeys(keys))}${ORDER}` : null;
}

/**
 * The keys once each, in keyOrder: each key's project and number are read once, not at every
 * comparison (150,000 keys, 2026-12-04: 450–530 ms sorted with keyOrder as the comparator; the whole
 * of keyListLinks now 230–300 ms, 580 ms before).
 */
function sortedKeys(keys: readonly string[]): string[] {
  const parsed = [...new Set(keys)].map((key) => ({ key, ...keyParts(key) }));
  parsed.sort(compareKeyParts);
  return parsed.map((x) => x.key);
}

export function keyListLinks(siteUrl: string, keys: readonly string[]): JqlLink[] {
  const sorted = sortedKeys(keys);
  // encodeURIComponent works per character, so a URL's length is the sum of its pieces' lengths:
  // the parts are cut in one pass instead of re-encoding a growing query for every key.
  const enc = (x: string) => encodeURIComponent(x).length;
  const fixed = jqlLink(siteUrl, `key in ()${ORDER}`).url.length;
  const comma = enc(', ');
  const links: JqlLink[] = [];
  let part: string[] = [];
  let length = fixed;
  for (const k of sorted) {
    const own = enc(jqlString(k));
    if (part.length && length + comma + own > MAX_SEARCH_URL_LENGTH) {
      links.push(jqlLink(siteUrl, `${keysJql(part)}${ORDER}`));
      part = [];
      length = fixed;
    }
    length += (part.length ? comma : 0) + own;
    part.push(k);
  }
  if (part.length) links.push(jqlLink(siteUrl, `${keysJql(part)}${ORDER}`));
  return links;
}

const LABELS: Record<Figure['metric'], string> = {
  readinessRate: BANDS.readinessRate.label,
  readyCoverageIterations: BANDS.readyCoverageIterations.label,
  acceptanceRateLastSprint: BANDS.acceptanceRateLastSprint.label,
  reworkRatio: BANDS.reworkRatio.label,
  qualityPassRate: BANDS.qualityPassRate.label,
  dependenciesAtRisk: BANDS.dependenciesAtRisk.label,
  improvementsDoneThisPi: BANDS.improvementsDoneThisPi.label,
  predictability: BANDS.predictability.label,
  readinessRatePoints: 'Backlog readiness by points',
  sprintNotReady: 'Stories that fail the Definition of Ready',
  acceptanceRateLastSprintPoints: 'Story acceptance by points (last sprint)',
  averageVelocity: 'Average velocity (last 3 closed sprints)',
  sprintCommittedAccepted: 'Committed at start → accepted',
  sprintAddedAccepted: 'Added later → accepted',
  sprintCommittedAcceptedPoints: 'Committed points accepted',
  sprintVelocity: 'Velocity (accepted points)',
  sprintRework: 'Reworked of accepted',
  sprintProgress: 'Done so far',
  sprintCommittedSoFar: 'Committed at start',
  sprintAddedSoFar: 'Added since the start',
  dependencyPairs: 'Cross-team dependencies',
  issueDependenciesAtRisk: 'Dependencies at risk',
  improvementsCreated: 'Improvement items created',
  improvementsDoneInPi: 'Improvement items finished within the PI',
  improvementsCarriedForward: 'Improvement items carried forward',
  qualityRuleFindings: 'Backlog stories with this finding',
  piLoad: 'Load (points planned)',
  piUnestimated: 'Planned stories without points',
  piUnplannedPoints: 'Points of the PI in no sprint',
  piUnplannedUnestimated: 'Stories of the PI in no sprint without points',
  piCardPoints: 'Points',
  piCardStories: 'Stories',
  piCardUnestimated: 'Stories without points',
  piAlignmentInScope: "Planned points on the PI's features",
  piAlignmentTopWsjf: 'Planned points on the top WSJF features',
  piAlignmentOrphan: 'Planned points on no feature (orphan stories)',
  piFeaturePlanned: 'Points planned for the feature',
};

export function displayFigure(f: Pick<Figure, 'kind' | 'value' | 'unit'>): string {
  if (f.value === null) return '—';
  if (f.kind === 'rate') return `${Math.round(f.value * 100)}%`;
  if (f.unit === 'iterations') return `${f.value.toFixed(1)} iterations`;
  return String(Math.round(f.value * 10) / 10);
}

const banded = (m: Figure['metric']): m is BandedMetric => m in BANDS;

/** What a figure is and where it applies: its id and only the scope fields it has (page and CLI alike). */
export function figureIdentity(f: Figure) {
  return {
    id: figureId(f),
    metric: f.metric,
    scope: f.scope,
    ...(f.team !== undefined ? { team: f.team } : {}),
    ...(f.blockerTeam !== undefined ? { blockerTeam: f.blockerTeam } : {}),
    ...(f.sprint !== undefined ? { sprint: f.sprint, sprintId: f.sprintId } : {}),
    ...(f.pi !== undefined ? { pi: f.pi } : {}),
    ...(f.rule !== undefined ? { rule: f.rule } : {}),
    ...(f.issue !== undefined ? { issue: f.issue } : {}),
  };
}

export function figureView(siteUrl: string, f: Figure): FigureView {
  const band = banded(f.metric) ? figureBand(f.metric, f.value) : undefined;
  return {
    ...figureIdentity(f),
    label: LABELS[f.metric],
    kind: f.kind,
    value: f.value,
    display: displayFigure(f),
    numerator: f.numerator,
    denominator: f.denominator,
    unit: f.unit,
    memberCount: f.members.length,
    links: keyListLinks(siteUrl, f.members),
    ...(f.denominatorMembers ? { denominatorLinks: keyListLinks(siteUrl, f.denominatorMembers) } : {}),
    ...(band ? { band, bandLabel: bandLabel(f.metric as BandedMetric, band) } : {}),
  };
}

/**
 * Figures by id, for surfaces that pick theirs out of the domain's list. A figure's view (its links
 * above all: a long member list makes many) is made when first asked for, once: the Overview asks for
 * a few hundred of a large train's tens of thousands of figures (issue 16: at 200,000 issues making
 * every view took seconds per surface). `all` makes the views of every figure, in the list's order.
 */
export function figureIndex(siteUrl: string, figures: readonly Figure[]): { readonly all: FigureView[]; get: (f: Parameters<typeof figureId>[0]) => FigureView } {
  const views: (FigureView | undefined)[] = [];
  const at = (i: number) => (views[i] ??= figureView(siteUrl, figures[i]));
  // The last figure of an id wins, as a Map built from the list would have it.
  const byId = new Map(figures.map((f, i) => [figureId(f), i]));
  return {
    get all() {
      return figures.map((_, i) => at(i));
    },
    get: (f) => {
      const i = byId.get(figureId(f));
      if (i === undefined) throw new Error(`no figure ${figureId(f)}`);
      return at(i);
    },
  };
}
