import { startHarness, type RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import type { DataSet } from '../../dev/emulator/dataset';
import type { Envelope, ResolverContract, ResolverKey } from '../../src/contract';

/** A fixed clock so the demo train and every "as of" are reproducible. */
export const NOW = new Date('2026-11-20T10:00:00Z');

export async function startDemoHarness(data: DataSet = generateDemoTrain({ now: NOW }), opts: { syncBudgetMs?: number; withoutTextFromChunks?: number } = {}): Promise<RunningHarness> {
  return startHarness({ data, port: 0, now: () => NOW, ...opts });
}

/** Calls a resolver the way the UI does: through the harness's bridge endpoint, over HTTP. */
export async function invoke<K extends ResolverKey>(h: RunningHarness, accountId: string, functionKey: K, payload: unknown, context: Record<string, unknown> = {}): Promise<Envelope<ResolverContract[K]['result']>> {
  const res = await fetch(`${h.url}/harness/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey, payload, context, accountId }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Envelope<ResolverContract[K]['result']>;
}

export function ok<T>(e: Envelope<T>): T {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.data;
}

export { DEMO };
