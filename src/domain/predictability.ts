import type { BacklogIssue } from './model';

/**
 * PI predictability (SAFe "program predictability measure"): for each PI and team, the actual
 * business value achieved by its PI objectives over the business value planned for them.
 * Objectives labelled `uncommitted` (SAFe's stretch objectives) add to the actual value but not
 * to the plan, so a team can exceed 100%. SAFe's healthy band is 80–100%.
 */
export interface PredictabilityRow {
  pi: string;
  team: string;
  objectives: number;
  /** Objectives whose actual value has been set (assessed at the PI's end). */
  assessed: number;
  planned: number;
  actual: number;
  /** actual / planned over assessed objectives; null before any is assessed or when nothing was planned. */
  rate: number | null;
  keys: string[];
}

export interface Predictability {
  /** One row per PI for the whole train, newest PI last. */
  train: PredictabilityRow[];
  teams: PredictabilityRow[];
  /** Objectives without a PI label or without planned value: listed so they can be fixed. */
  incomplete: string[];
}

const UNCOMMITTED = 'uncommitted';

function piOf(labels: string[], prefix: string): string | null {
  const l = labels.filter((x) => x.toLowerCase().startsWith(prefix.toLowerCase())).sort();
  return l.at(-1) ?? null;
}

/** Compares PI labels such as PI-2026.3 and PI-2026.10 by their numbers, not as text. */
export function comparePi(a: string, b: string): number {
  const na = a.match(/\d+/g)?.map(Number) ?? [];
  const nb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(na.length, nb.length); i++) if ((na[i] ?? -1) !== (nb[i] ?? -1)) return (na[i] ?? -1) - (nb[i] ?? -1);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function piPredictability(objectives: readonly BacklogIssue[], piLabelPrefix: string): Predictability {
  const rows = new Map<string, PredictabilityRow>();
  const train = new Map<string, PredictabilityRow>();
  const incomplete: string[] = [];
  const assessedPlan = new Map<PredictabilityRow, number>();
  const add = (m: Map<string, PredictabilityRow>, key: string, pi: string, team: string, o: BacklogIssue, planned: number, actual: number | null) => {
    const r = m.get(key) ?? { pi, team, objectives: 0, assessed: 0, planned: 0, actual: 0, rate: null, keys: [] };
    r.objectives++;
    r.planned += planned;
    if (actual !== null) {
      r.assessed++;
      r.actual += actual;
      assessedPlan.set(r, (assessedPlan.get(r) ?? 0) + planned);
    }
    r.keys.push(o.key);
    m.set(key, r);
  };
  for (const o of objectives) {
    const pi = piOf(o.labels, piLabelPrefix);
    const committed = !o.labels.some((l) => l.toLowerCase() === UNCOMMITTED);
    const planned = o.objective?.planned ?? null;
    if (!pi || (committed && planned === null)) {
      incomplete.push(o.key);
      continue;
    }
    const p = committed ? (planned ?? 0) : 0;
    const a = o.objective?.actual ?? null;
    const team = o.team ?? 'No team';
    add(rows, `${pi}\u0000${team}`, pi, team, o, p, a);
    add(train, pi, pi, 'Train', o, p, a);
  }
  const finish = (r: PredictabilityRow) => {
    const plan = assessedPlan.get(r) ?? 0;
    return { ...r, rate: r.assessed > 0 && plan > 0 ? r.actual / plan : null, keys: r.keys.sort() };
  };
  const order = (a: PredictabilityRow, b: PredictabilityRow) => comparePi(a.pi, b.pi) || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0);
  return { train: [...train.values()].map(finish).sort(order), teams: [...rows.values()].map(finish).sort(order), incomplete: incomplete.sort() };
}

/** SAFe: 80–100% is the healthy range for program predictability. */
export function predictabilityBand(rate: number | null): 'healthy' | 'at-risk' | 'unknown' {
  if (rate === null || !Number.isFinite(rate)) return 'unknown';
  return rate >= 0.8 - 1e-9 && rate <= 1 + 1e-9 ? 'healthy' : 'at-risk';
}
