import { NO_TEAM } from './health/types';
import { issueRate, type Figure } from './health/figure';
import type { SprintRow } from './health/sprintCommitment';
import type { Predictability, PredictabilityRow } from './predictability';
import type { BacklogIssue, FieldChange, Person, StatusCategory, StatusCategoryById } from './model';
import type { Pattern } from './patterns';

/**
 * Continuous improvement (DOMAIN.md "Continuous improvement (Inspect & Adapt)"). Pure: no I/O, no
 * clock. Improvement items are backlog issues carrying the improvement label, a source label
 * (`inspect-and-adapt`, `retrospective`) and a PI label (e.g. `PI-2026.4`).
 *
 * PI windows are not stored anywhere in Jira, so they are derived: a PI starts when its first
 * labelled improvement item was created (the Inspect & Adapt event that planned it) and ends when
 * the next PI starts; the latest PI is the current one and is still open. An item without a PI
 * label belongs to the PI whose window contains its creation date (marked `piInferred`).
 */

export const SOURCE_IA = 'inspect-and-adapt';
export const SOURCE_RETRO = 'retrospective';
export type ImprovementSource = 'inspect-and-adapt' | 'retrospective' | 'other';

const DAY = 24 * 60 * 60 * 1000;

export interface ImprovementItem {
  key: string;
  summary: string;
  status: string;
  statusCategory: StatusCategory;
  done: boolean;
  /** When it reached done (resolution date, else the last transition into done); null when open. */
  doneAt: string | null;
  created: string;
  team: string | null;
  owner: Person | null;
  source: ImprovementSource;
  pi: string | null;
  piInferred: boolean;
  labels: string[];
  /** Whole days since creation. */
  ageDays: number;
}

export interface PiWindow {
  pi: string;
  start: string;
  /** Start of the next PI; null for the current (latest) PI. */
  end: string | null;
}

export interface PiRow extends PiWindow {
  current: boolean;
  created: string[];
  done: string[];
  /** Done before the PI ended (all done items for the current PI). */
  doneInPi: string[];
  open: string[];
  /** Inspect & Adapt items of the PI and how many of them finished within it. */
  iaCreated: string[];
  iaDoneInPi: string[];
  completion: number | null;
}

export interface PiCallout {
  pi: string;
  created: number;
  finished: number;
  stillOpen: number;
  message: string;
  keys: string[];
}

export interface ImprovementOverview {
  currentPi: string | null;
  pis: PiRow[];
  /** Items without a PI that could not be placed in a PI window. */
  unplaced: string[];
  /** Open items of PIs before the current one, oldest first. */
  carriedForward: ImprovementItem[];
  callouts: PiCallout[];
}

const PI_LABEL = /^PI[-_.]?\d[\w.-]*$/i;

export function isPiLabel(label: string): boolean {
  return PI_LABEL.test(label);
}

/** Natural order of PI labels: PI-2026.3 < PI-2026.4 < PI-2026.10. */
export function comparePi(a: string, b: string): number {
  const parts = (s: string) => s.toUpperCase().match(/\d+|\D+/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function ms(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : NaN;
}

/** When an issue reached done: the resolution date, else the last status change into done. */
export function doneTime(issue: BacklogIssue, changes: readonly FieldChange[] | undefined, categoryById: StatusCategoryById): string | null {
  if (issue.status.category !== 'done') return null;
  if (issue.resolutionDate && !Number.isNaN(ms(issue.resolutionDate))) return issue.resolutionDate;
  const cat = (id: string | null) => (id !== null ? categoryById[id] : undefined);
  let last: string | null = null;
  for (const c of changes ?? []) {
    if (c.field !== 'status' || cat(c.to) !== 'done' || cat(c.from) === 'done') continue;
    if (last === null || ms(c.at) >= ms(last)) last = c.at;
  }
  return last ?? issue.updated;
}

export interface ItemInput {
  issues: readonly BacklogIssue[];
  improvementLabel: string;
  changes: Map<string, FieldChange[]>;
  statusCategoryById: StatusCategoryById;
  /** Team of an issue (Team field, else its planned sprint's team). */
  teamOf: (issue: BacklogIssue) => string | null;
  now: string;
}

/** Whether an issue carries `label`, in any case (Jira labels are matched so by the improvement items and the patterns' tracking). */
export function carriesLabel(label: string): (issue: { labels: readonly string[] }) => boolean {
  const wanted = label.toLowerCase();
  return (issue) => issue.labels.some((l) => l.toLowerCase() === wanted);
}

/** The improvement items among `issues`, with source, PI (labelled or inferred), owner and age. */
export function improvementItems(input: ItemInput): ImprovementItem[] {
  const now = ms(input.now);
  const raw = input.issues.filter(carriesLabel(input.improvementLabel));
  const items: ImprovementItem[] = raw.map((i) => {
    const lower = i.labels.map((l) => l.toLowerCase());
    const pis = i.labels.filter(isPiLabel).sort(comparePi);
    return {
      key: i.key,
      summary: i.summary,
      status: i.status.name,
      statusCategory: i.status.category,
      done: i.status.category === 'done',
      doneAt: doneTime(i, input.changes.get(i.id), input.statusCategoryById),
      created: i.created,
      team: input.teamOf(i),
      owner: i.assignee,
      source: lower.includes(SOURCE_IA) ? SOURCE_IA : lower.includes(SOURCE_RETRO) ? SOURCE_RETRO : 'other',
      // An item relabelled into a later PI counts in the latest one.
      pi: pis.at(-1) ?? null,
      piInferred: false,
      labels: [...i.labels],
      ageDays: Math.max(0, Math.floor((now - ms(i.created)) / DAY)),
    };
  });
  const windows = piWindows(items);
  for (const it of items) {
    if (it.pi) continue;
    const w = windowAt(windows, it.created);
    if (w) {
      it.pi = w.pi;
      it.piInferred = true;
    }
  }
  return items.sort((a, b) => ms(a.created) - ms(b.created) || a.key.localeCompare(b.key));
}

/** PI windows from the labelled items: each PI starts at its first item's creation. */
export function piWindows(items: readonly Pick<ImprovementItem, 'pi' | 'piInferred' | 'created'>[]): PiWindow[] {
  const starts = new Map<string, number>();
  for (const it of items) {
    if (!it.pi || it.piInferred) continue;
    const t = ms(it.created);
    if (Number.isNaN(t)) continue;
    starts.set(it.pi, Math.min(starts.get(it.pi) ?? Infinity, t));
  }
  const pis = [...starts.keys()].sort(comparePi);
  // A later PI never starts before an earlier one: clamp so windows stay ordered.
  let floor = -Infinity;
  const startOf = pis.map((pi) => (floor = Math.max(floor, starts.get(pi)!)));
  return pis.map((pi, i) => ({ pi, start: new Date(startOf[i]).toISOString(), end: i + 1 < pis.length ? new Date(startOf[i + 1]).toISOString() : null }));
}

export function windowAt(windows: readonly PiWindow[], iso: string): PiWindow | null {
  const t = ms(iso);
  for (const w of windows) if (t >= ms(w.start) && (w.end === null || t < ms(w.end))) return w;
  return null;
}

/** A PI whose Inspect & Adapt items mostly did not finish within it is called out (finished < half). */
export const CALLOUT_FINISHED_SHARE = 0.5;

export function improvementOverview(items: readonly ImprovementItem[]): ImprovementOverview {
  const windows = piWindows(items);
  const currentPi = windows.at(-1)?.pi ?? null;
  const pis: PiRow[] = windows.map((w) => {
    const mine = items.filter((i) => i.pi === w.pi);
    const end = w.end === null ? Infinity : ms(w.end);
    const finished = (i: ImprovementItem) => i.done && (i.doneAt === null || ms(i.doneAt) < end);
    const ia = mine.filter((i) => i.source === SOURCE_IA);
    const iaBase = ia.length ? ia : mine;
    return {
      ...w,
      current: w.pi === currentPi,
      created: mine.map((i) => i.key),
      done: mine.filter((i) => i.done).map((i) => i.key),
      doneInPi: mine.filter(finished).map((i) => i.key),
      open: mine.filter((i) => !i.done).map((i) => i.key),
      iaCreated: iaBase.map((i) => i.key),
      iaDoneInPi: iaBase.filter(finished).map((i) => i.key),
      completion: mine.length ? mine.filter(finished).length / mine.length : null,
    };
  });
  const callouts: PiCallout[] = [];
  for (const row of pis) {
    if (row.current || row.iaCreated.length === 0) continue;
    const finished = row.iaDoneInPi.length;
    if (finished / row.iaCreated.length >= CALLOUT_FINISHED_SHARE) continue;
    const open = row.iaCreated.filter((k) => row.open.includes(k));
    const late = row.iaCreated.length - finished - open.length;
    const missed = row.iaCreated.filter((k) => !row.iaDoneInPi.includes(k));
    callouts.push({
      pi: row.pi,
      created: row.iaCreated.length,
      finished,
      stillOpen: open.length,
      message:
        `${row.pi}: only ${finished} of ${row.iaCreated.length} Inspect & Adapt items were finished within the PI` +
        `${open.length ? `; ${open.length} ${open.length === 1 ? 'is' : 'are'} still open` : ''}${late ? `; ${late} finished only in a later PI` : ''}.`,
      keys: missed,
    });
  }
  const rank = new Map(windows.map((w, i) => [w.pi, i]));
  const currentRank = currentPi === null ? -1 : rank.get(currentPi)!;
  const carriedForward = items
    .filter((i) => !i.done && i.pi !== null && (rank.get(i.pi) ?? Infinity) < currentRank)
    .sort((a, b) => b.ageDays - a.ageDays || a.key.localeCompare(b.key));
  return { currentPi, pis, unplaced: items.filter((i) => i.pi === null).map((i) => i.key), carriedForward, callouts };
}

// --- patterns being worked on ----------------------------------------------------------------

export interface PatternTracking {
  patternId: string;
  /** Improvement items carrying the pattern's label, open ones first. */
  items: ImprovementItem[];
  state: 'untracked' | 'in-progress' | 'done-but-persists';
}

export function trackPatterns(patterns: readonly Pattern[], items: readonly ImprovementItem[]): PatternTracking[] {
  return patterns.map((p) => {
    const mine = items.filter(carriesLabel(p.label)).sort((a, b) => Number(a.done) - Number(b.done) || ms(b.created) - ms(a.created));
    const state = mine.some((i) => !i.done) ? 'in-progress' : mine.length ? 'done-but-persists' : 'untracked';
    return { patternId: p.id, items: mine, state };
  });
}

// --- feedback loop ---------------------------------------------------------------------------

export interface FeedbackPoint {
  sprintId: number;
  sprint: string;
  endDate: string;
  state: SprintRow['state'];
  acceptanceRate: number | null;
  reworkRatio: number | null;
  qualityPassRate: number | null;
  /** Improvement items of the team (or train-wide ones) done in this sprint. */
  improvementsDone: { key: string; summary: string }[];
}

export interface FeedbackEffect {
  key: string;
  sprint: string;
  metric: 'acceptanceRate' | 'reworkRatio' | 'qualityPassRate';
  before: number | null;
  after: number | null;
  sprintsAfter: number;
}

export interface TeamFeedback {
  team: string;
  points: FeedbackPoint[];
  effects: FeedbackEffect[];
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/**
 * Per team and closed sprint (oldest first; a sprint in progress would show half-done numbers): acceptance, rework (reworked / accepted in
 * the sprint) and quality pass rate (stories in the sprint with no error finding), with markers
 * where improvement items were done. Effects compare up to 3 sprints up to the marker with up to
 * 3 sprints after it.
 */
export function feedbackLoop(sprints: readonly SprintRow[], qualityPass: (key: string) => boolean | undefined, items: readonly ImprovementItem[], window = 3): TeamFeedback[] {
  const byTeam = new Map<string, SprintRow[]>();
  for (const s of sprints) {
    if (s.team === NO_TEAM || s.state !== 'closed') continue;
    byTeam.set(s.team, [...(byTeam.get(s.team) ?? []), s]);
  }
  const doneItems = items.filter((i) => i.done && i.doneAt);
  const out: TeamFeedback[] = [];
  for (const [team, rows] of [...byTeam].sort((a, b) => a[0].localeCompare(b[0]))) {
    rows.sort((a, b) => ms(a.endDate) - ms(b.endDate) || a.sprintId - b.sprintId);
    const points: FeedbackPoint[] = rows.map((s, i) => {
      const lo = i === 0 ? -Infinity : ms(rows[i - 1].endDate);
      const hi = ms(s.endDate);
      const keys = [...new Set([...s.keys.committed, ...s.keys.added])];
      const judged = keys.map(qualityPass).filter((v): v is boolean => v !== undefined);
      return {
        sprintId: s.sprintId,
        sprint: s.sprint,
        endDate: s.endDate,
        state: s.state,
        acceptanceRate: s.acceptanceRate,
        reworkRatio: s.accepted ? s.reworked / s.accepted : null,
        qualityPassRate: judged.length ? judged.filter(Boolean).length / judged.length : null,
        improvementsDone: doneItems
          .filter((it) => (it.team === team || it.team === null) && ms(it.doneAt!) > lo && ms(it.doneAt!) <= hi)
          .map((it) => ({ key: it.key, summary: it.summary })),
      };
    });
    const effects: FeedbackEffect[] = [];
    points.forEach((p, i) => {
      const after = points.slice(i + 1, i + 1 + window);
      if (!p.improvementsDone.length || !after.length) return;
      const before = points.slice(Math.max(0, i + 1 - window), i + 1);
      for (const it of p.improvementsDone) {
        for (const metric of ['acceptanceRate', 'reworkRatio', 'qualityPassRate'] as const) {
          effects.push({ key: it.key, sprint: p.sprint, metric, before: mean(before.map((x) => x[metric])), after: mean(after.map((x) => x[metric])), sprintsAfter: after.length });
        }
      }
    });
    out.push({ team, points, effects });
  }
  return out;
}

// --- Inspect & Adapt summary -----------------------------------------------------------------

export interface PiMetric {
  id: 'predictability' | 'acceptance' | 'rework' | 'quality' | 'improvementCompletion';
  label: string;
  value: number | null;
  /** e.g. "41 of 52 committed stories accepted". */
  basis: string;
  /** The numerator's members (what the link opens). */
  keys: string[];
  /** The number with its members; null for predictability (business value, not issues). */
  figure: Figure | null;
  /** Predictability only: why there is no value. */
  status?: 'not-tracked' | 'no-objectives' | 'not-assessed' | 'measured';
}

export interface PiSummary {
  pi: string;
  start: string;
  end: string | null;
  sprints: { team: string; sprint: string; sprintId: number }[];
  train: PiMetric[];
  teams: { team: string; metrics: PiMetric[] }[];
  callout: PiCallout | null;
}

function predictabilityMetric(row: PredictabilityRow | null | undefined, tracked: boolean): PiMetric {
  const base = { id: 'predictability' as const, label: 'PI predictability', value: null, figure: null };
  if (!tracked) return { ...base, status: 'not-tracked', basis: 'Not tracked: the train has no PI objectives with planned and actual business value in Jira.', keys: [] };
  if (!row) return { ...base, status: 'no-objectives', basis: 'No PI objectives carry this PI\'s label.', keys: [] };
  return {
    ...base,
    value: row.rate,
    status: row.rate === null ? 'not-assessed' : 'measured',
    basis: row.rate === null ? `${row.objectives} objectives planned for ${row.planned} business value; not assessed yet.` : `Actual business value ${row.actual} of ${row.planned} planned, over ${row.assessed} assessed objectives.`,
    keys: row.keys,
  };
}

function piMetrics(rows: readonly SprintRow[], qualityPass: (key: string) => boolean | undefined, items: readonly ImprovementItem[], end: number, predictability: PiMetric, at: { pi: string; team?: string }): PiMetric[] {
  const inSprints = rows.flatMap((s) => [...s.keys.committed, ...s.keys.added]);
  const judged = inSprints.filter((k) => qualityPass(k) !== undefined);
  const finished = items.filter((i) => i.done && (i.doneAt === null || ms(i.doneAt) < end));
  const scope = { scope: 'pi' as const, pi: at.pi, ...(at.team !== undefined ? { team: at.team } : {}), unit: 'issues' as const };
  // Pooled over the PI's closed sprints; each rate's members are its numerator (a subset of its denominator).
  const acceptance: Figure = { metric: 'sprintCommittedAccepted', ...scope, ...issueRate(rows.flatMap((s) => s.keys.acceptedCommitted), rows.flatMap((s) => s.keys.committed)) };
  const rework: Figure = { metric: 'sprintRework', ...scope, ...issueRate(rows.flatMap((s) => s.keys.reworked), rows.flatMap((s) => s.keys.accepted)) };
  const quality: Figure = { metric: 'qualityPassRate', ...scope, ...issueRate(judged.filter((k) => qualityPass(k) === true), judged) };
  const done = issueRate(finished.map((i) => i.key), items.map((i) => i.key));
  const completion: Figure = { metric: 'improvementsDoneInPi', ...scope, ...done, kind: 'count', value: done.numerator };
  const metric = (id: PiMetric['id'], label: string, f: Figure, basis: string, value: number | null = f.value): PiMetric => ({ id, label, value, basis, keys: f.members, figure: f });
  return [
    predictability,
    metric('acceptance', 'Story acceptance', acceptance, `${acceptance.numerator} of ${acceptance.denominator} committed stories accepted.`),
    metric('rework', 'Rework ratio', rework, `${rework.numerator} of ${rework.denominator} accepted stories came back after acceptance.`),
    metric('quality', 'Story quality pass rate', quality, `${quality.numerator} of ${quality.denominator} stories in the PI's sprints have no error-level finding (current text).`),
    metric('improvementCompletion', 'Improvement completion', completion, `${done.numerator} of ${done.denominator} improvement items of the PI finished within it.`, done.value),
  ];
}

/**
 * The Inspect & Adapt summary of one PI: closed sprints that ended inside the PI window (up to
 * `now` for the current PI), pooled over the train (a ratio of sums) and per team.
 */
export function piSummary(
  pi: string,
  overview: ImprovementOverview,
  sprints: readonly SprintRow[],
  qualityPass: (key: string) => boolean | undefined,
  items: readonly ImprovementItem[],
  now: string,
  /** PI objectives' predictability (src/domain/predictability.ts), when the train tracks them. */
  predictability: Predictability | null = null,
): PiSummary | null {
  const row = overview.pis.find((p) => p.pi === pi);
  if (!row) return null;
  const start = ms(row.start);
  const end = row.end === null ? Math.max(ms(now), start) : ms(row.end);
  const inPi = sprints.filter((s) => s.team !== NO_TEAM && s.state === 'closed' && ms(s.endDate) > start && ms(s.endDate) <= end);
  const piItems = items.filter((i) => i.pi === pi);
  const teams = [...new Set(inPi.map((s) => s.team))].sort();
  return {
    pi,
    start: row.start,
    end: row.end,
    sprints: inPi.map((s) => ({ team: s.team, sprint: s.sprint, sprintId: s.sprintId })),
    train: piMetrics(inPi, qualityPass, piItems, row.end === null ? Infinity : end, predictabilityMetric(predictability?.train.find((r) => r.pi === pi), !!predictability), { pi }),
    teams: teams.map((team) => ({
      team,
      metrics: piMetrics(
        inPi.filter((s) => s.team === team),
        qualityPass,
        piItems.filter((i) => i.team === team),
        row.end === null ? Infinity : end,
        predictabilityMetric(predictability?.teams.find((r) => r.pi === pi && r.team === team), !!predictability),
        { pi, team },
      ),
    })),
    callout: overview.callouts.find((c) => c.pi === pi) ?? null,
  };
}
