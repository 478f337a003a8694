/**
 * WSJF and Cost of Delay (DOMAIN.md: "WSJF and Cost of Delay").
 * CoD = User-Business Value + Time Criticality + Risk Reduction | Opportunity Enablement; WSJF = CoD / Job Size.
 */
export interface WsjfComponents {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
}

export interface WsjfScore extends WsjfComponents {
  costOfDelay: number;
  wsjf: number;
}

export type WsjfComponentName = keyof WsjfComponents;

export const WSJF_COMPONENTS: readonly WsjfComponentName[] = ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'];

export const WSJF_COMPONENT_LABELS: Record<WsjfComponentName, string> = {
  businessValue: 'User-Business Value',
  timeCriticality: 'Time Criticality',
  riskReduction: 'Risk Reduction | Opportunity Enablement',
  jobSize: 'Job Size',
};

export function costOfDelay(c: Pick<WsjfComponents, 'businessValue' | 'timeCriticality' | 'riskReduction'>): number {
  return c.businessValue + c.timeCriticality + c.riskReduction;
}

/** WSJF = CoD / job size, rounded to 2 decimals for display; ranking uses the exact ratio. */
export function wsjfOf(cod: number, jobSize: number): number {
  if (!(jobSize > 0)) throw new RangeError('Job size must be a positive number');
  return Math.round((cod / jobSize) * 100) / 100;
}

export function scoreWsjf(c: WsjfComponents): WsjfScore {
  const cod = costOfDelay(c);
  return { ...c, costOfDelay: cod, wsjf: wsjfOf(cod, c.jobSize) };
}

/** Off-scale components, each with a message a POPM can act on. */
export function offScaleComponents(c: WsjfComponents, scale: readonly number[]): { component: WsjfComponentName; value: number; message: string }[] {
  return WSJF_COMPONENTS.filter((k) => !scale.includes(c[k])).map((k) => ({
    component: k,
    value: c[k],
    message: `${WSJF_COMPONENT_LABELS[k]} ${c[k]} is not on the scale (${scale.join(', ')}).`,
  }));
}

export interface RankableItem extends WsjfComponents {
  key: string;
}

/** Exact WSJF ratio comparison without floating-point division: a/b > c/d ⇔ a·d > c·b for positive sizes. */
function compareWsjfDesc(a: RankableItem, b: RankableItem): number {
  return costOfDelay(b) * a.jobSize - costOfDelay(a) * b.jobSize;
}

/**
 * WSJF order, rank 1 first. Ties break by larger Cost of Delay, then smaller job size, then key
 * (a stable, explainable order; the CLI contract fixes it).
 */
export function rankByWsjf<T extends RankableItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      compareWsjfDesc(a, b) ||
      costOfDelay(b) - costOfDelay(a) ||
      a.jobSize - b.jobSize ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Keys whose WSJF equals another item's WSJF exactly. */
export function wsjfTies(items: readonly RankableItem[]): Set<string> {
  const byRatio = new Map<string, string[]>();
  for (const item of items) {
    // Reduce the fraction so equal ratios share a key (8/4 and 4/2).
    const cod = costOfDelay(item);
    const g = gcd(cod, item.jobSize);
    const k = `${cod / g}/${item.jobSize / g}`;
    byRatio.set(k, [...(byRatio.get(k) ?? []), item.key]);
  }
  return new Set([...byRatio.values()].filter((keys) => keys.length > 1).flat());
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  if (!Number.isInteger(a) || !Number.isInteger(b)) return 1;
  while (b) [a, b] = [b, a % b];
  return a || 1;
}
