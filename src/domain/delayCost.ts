import { costOfDelay, type WsjfComponents } from './wsjf';

/**
 * Delay cost of doing items one after another in the given order (DOMAIN.md: "Delay cost of a
 * sequence"): item i finishes at C_i = Σ job sizes up to i, and the sequence costs Σ CoD_i · C_i.
 */
export function delayCost(sequence: readonly WsjfComponents[]): number {
  let elapsed = 0;
  let total = 0;
  for (const item of sequence) {
    elapsed += item.jobSize;
    total += costOfDelay(item) * elapsed;
  }
  return total;
}

/** Share of the current order's delay cost that the WSJF order saves, in 0..1 (0 when nothing to save). */
export function delayCostSaving(current: number, wsjfOrder: number): number {
  if (current <= 0) return 0;
  return Math.max(0, (current - wsjfOrder) / current);
}
