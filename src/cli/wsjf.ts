import { createInterface } from 'node:readline';
import { z } from 'zod';
import { delayCost } from '../domain/delayCost';
import { DEFAULT_WSJF_SCALE } from '../domain/settings';
import { costOfDelay, rankByWsjf, scoreWsjf, wsjfTies, offScaleComponents, type RankableItem } from '../domain/wsjf';

const itemSchema = z
  .object({
    key: z.string().min(1, 'key must be a non-empty string'),
    businessValue: z.number({ error: 'businessValue must be a number' }).finite().nonnegative(),
    timeCriticality: z.number({ error: 'timeCriticality must be a number' }).finite().nonnegative(),
    riskReduction: z.number({ error: 'riskReduction must be a number' }).finite().nonnegative(),
    jobSize: z.number({ error: 'jobSize must be a number' }).finite().positive('jobSize must be a positive number'),
  })
  .passthrough();

/**
 * `refinery wsjf --json < items.jsonl` (stable contract, README "CLI"): reads every line first and
 * prints nothing unless all lines are valid, so a consumer never sees half a result.
 */
export async function runWsjfCli(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, errors: NodeJS.WritableStream, scale: readonly number[] = DEFAULT_WSJF_SCALE): Promise<number> {
  const items: RankableItem[] = [];
  const problems: string[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${lineNo}: not valid JSON`);
      continue;
    }
    const parsed = itemSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(`line ${lineNo}: ${parsed.error.issues.map((i) => (i.path.length ? i.message : 'expected an object with key, businessValue, timeCriticality, riskReduction, jobSize')).join('; ')}`);
      continue;
    }
    items.push(parsed.data);
  }
  if (problems.length) {
    errors.write(`refinery wsjf: ${problems.length} invalid line${problems.length === 1 ? '' : 's'}; nothing was printed.\n${problems.join('\n')}\n`);
    return 2;
  }
  const ranked = rankByWsjf(items);
  const ties = wsjfTies(items);
  const result = {
    items: ranked.map((item, i) => {
      const warnings: string[] = [];
      if (ties.has(item.key)) warnings.push('tie');
      for (const o of offScaleComponents(item, scale)) warnings.push(`off-scale:${o.component}`);
      if (item.timeCriticality >= 8 && item.businessValue === 1 && item.riskReduction === 1) warnings.push('urgent-but-valueless');
      return { key: item.key, costOfDelay: costOfDelay(item), wsjf: scoreWsjf(item).wsjf, rank: i + 1, warnings };
    }),
    delayCost: { inputOrder: delayCost(items), wsjfOrder: delayCost(ranked) },
  };
  output.write(`${JSON.stringify(result)}\n`);
  return 0;
}
