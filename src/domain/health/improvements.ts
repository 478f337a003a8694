import { improvementItems, improvementOverview, type ImprovementItem, type ImprovementOverview } from '../improvement';
import type { BacklogIssue, FieldChange, StatusCategoryById } from '../model';
import { slug } from '../patterns';
import { issueCount, issueRate, type Figure, type Measure } from './figure';
import { NO_TEAM } from './types';

export interface ImprovementPicture {
  items: ImprovementItem[];
  overview: ImprovementOverview;
  /** "This PI": the configured label, else the latest PI of the items; null when no item has a PI. */
  currentPi: string | null;
}

/**
 * The improvement items and their PIs, computed once for the Overview card, the Improvement tab
 * and the I&A summary. An item created from a pattern has no Team value; its pattern label
 * (`pattern-…-<team slug>`) names the team.
 */
export function improvementPicture(
  issues: readonly BacklogIssue[],
  improvementLabel: string,
  changes: Map<string, FieldChange[]>,
  statusCategoryById: StatusCategoryById,
  baseTeamOf: (i: BacklogIssue) => string | null,
  teams: readonly string[],
  now: string,
  piLabel: string | null,
): ImprovementPicture {
  const teamBySlug = new Map(teams.map((t) => [slug(t), t]));
  const teamOf = (i: BacklogIssue) => {
    const t = baseTeamOf(i);
    if (t) return t;
    for (const l of i.labels) {
      if (!l.startsWith('pattern-')) continue;
      for (const [s, team] of teamBySlug) if (l.endsWith(`-${s}`)) return team;
    }
    return null;
  };
  const items = improvementItems({ issues, improvementLabel, changes, statusCategoryById, teamOf, now });
  const overview = improvementOverview(items);
  const wanted = piLabel?.toLowerCase();
  const currentPi = wanted ? (overview.pis.find((p) => p.pi.toLowerCase() === wanted)?.pi ?? null) : overview.currentPi;
  return { items, overview, currentPi };
}

/** Done items of this PI / items of this PI; the value is the count done (the card's number). */
export function improvementsDoneThisPi(p: ImprovementPicture, team?: string): Measure {
  const row = p.overview.pis.find((r) => r.pi === p.currentPi);
  if (!row) return { kind: 'count', value: null, numerator: 0, denominator: 0, members: [], denominatorMembers: [] };
  const mine = new Set(p.items.filter((i) => i.pi === row.pi && (team === undefined || (i.team ?? NO_TEAM) === team)).map((i) => i.key));
  const r = issueRate(
    row.doneInPi.filter((k) => mine.has(k)),
    row.created.filter((k) => mine.has(k)),
  );
  return { ...r, kind: 'count', value: r.numerator };
}

/** Per PI: created, finished within the PI (of created); carried forward (train). */
export function improvementPiFigures(p: ImprovementPicture): Figure[] {
  const out: Figure[] = [];
  for (const row of p.overview.pis) {
    out.push({ metric: 'improvementsCreated', scope: 'pi', pi: row.pi, unit: 'issues', ...issueCount(row.created) });
    const done = issueRate(row.doneInPi, row.created);
    out.push({ metric: 'improvementsDoneInPi', scope: 'pi', pi: row.pi, unit: 'issues', ...done, kind: 'count', value: done.numerator });
  }
  out.push({ metric: 'improvementsCarriedForward', scope: 'train', unit: 'issues', ...issueCount(p.overview.carriedForward.map((i) => i.key)) });
  return out;
}
