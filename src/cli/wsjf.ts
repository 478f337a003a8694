import { createInterface } from 'node:readline';
import { z } from 'zod';
import { DEFAULT_WSJF_SCALE } from '../domain/settings';
import { offScaleComponents, scoreWsjf, type RankableItem } from '../domain/wsjf';
import { rankFeatures, type IncompleteScorePolicy } from '../domain/wsjfPlanning';

const itemSchema = z
  .object({
    key: z.string().min(1, 'key must be a non-empty string'),
    businessValue: z.number({ error: 'businessValue must be a number' }).finite().nonnegative(),
    timeCriticality: z.number({ error: 'timeCriticality must be a number' }).finite().nonnegative(),
    riskReduction: z.number({ error: 'riskReduction must be a number' }).finite().nonnegative(),
    jobSize: z.number({ error: 'jobSize must be a number' }).finite().positive('jobSize must be a positive number'),
    /** Jira's status category key; a "done" item is listed apart, never ranked. */
    statusCategory: z.enum(['new', 'indeterminate', 'done'], { error: 'statusCategory must be "new", "indeterminate" or "done"' }).optional(),
  })
  .passthrough();

/** `--incomplete-scores exclude|rank-last`, as the `wsjfIncompleteScores` setting; exit 2 on anything else. */
export async function runWsjfCliWithOptions(
  values: Record<string, string | boolean | undefined>,
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const raw = values['incomplete-scores'] ?? 'exclude';
  if (raw !== 'exclude' && raw !== 'rank-last') {
    io.stderr.write(`refinery wsjf: --incomplete-scores must be "exclude" or "rank-last", not "${String(raw)}".\n`);
    return 2;
  }
  return runWsjfCli(io.stdin, io.stdout, io.stderr, DEFAULT_WSJF_SCALE, raw);
}

/**
 * `refinery wsjf --json < items.jsonl` (stable contract, README "CLI"): reads every line first and
 * prints nothing unless all lines are valid, so a consumer never sees half a result.
 */
export async function runWsjfCli(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream,
  scale: readonly number[] = DEFAULT_WSJF_SCALE,
  policy: IncompleteScorePolicy = 'exclude',
): Promise<number> {
  const items: (RankableItem & { statusCategory?: string })[] = [];
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
  // The same ranking as the WSJF tab: done items and off-scale scores are not ranked among the others.
  const ranking = rankFeatures(
    items.map((i) => ({ key: i.key, done: i.statusCategory === 'done', score: i })),
    scale,
    policy,
  );
  const byKey = new Map(items.map((i) => [i.key, i]));
  const result = {
    items: [
      ...ranking.ranked.map((r) => {
        const warnings: string[] = [];
        if (r.tie) warnings.push('tie');
        if (r.timeCriticality >= 8 && r.businessValue === 1 && r.riskReduction === 1) warnings.push('urgent-but-valueless');
        return { key: r.key, costOfDelay: r.costOfDelay, wsjf: r.wsjf, rank: r.rank, warnings };
      }),
      ...ranking.rankedLast.map((u) => {
        const item = byKey.get(u.key)!;
        const score = scoreWsjf(item);
        return { key: u.key, costOfDelay: score.costOfDelay, wsjf: score.wsjf, rank: u.rank, warnings: offScaleComponents(item, scale).map((o) => `off-scale:${o.component}`) };
      }),
    ],
    excluded: [...ranking.done, ...ranking.excluded].map((u) => ({ key: u.key, reason: u.reason, message: u.message })),
    delayCost: { inputOrder: ranking.delayCost?.currentOrder ?? 0, wsjfOrder: ranking.delayCost?.wsjfOrder ?? 0, counted: ranking.delayCost?.counted ?? [] },
  };
  output.write(`${JSON.stringify(result)}\n`);
  return 0;
}
