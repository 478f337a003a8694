/**
 * "Apply WSJF order": preview the rank moves that turn the train's current feature order into the
 * WSJF order, then re-rank through Jira Software's rank endpoint (≤ 50 issues per call) after
 * checking Schedule Issues. A partial failure (HTTP 207, or a refused call) is reported move by move.
 */
import { applyRankOperations, planRankMoves, rankChanges, wsjfTargetOrder, type OrderedFeature, type RankOperation } from '../domain/wsjfPlanning';
import type { WsjfComponents } from '../domain/wsjf';
import { JiraError } from '../jira/errors';
import type { WsjfOrderApplyResult, WsjfOrderPreview, WsjfRow, WsjfTableData } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { getWsjfTable } from './wsjfTable';

function completeScore(row: WsjfRow): WsjfComponents | null {
  const s = row.scores;
  return s.businessValue !== undefined && s.timeCriticality !== undefined && s.riskReduction !== undefined && s.jobSize !== undefined && s.jobSize > 0
    ? { businessValue: s.businessValue, timeCriticality: s.timeCriticality, riskReduction: s.riskReduction, jobSize: s.jobSize }
    : null;
}

/** The plan from a WSJF table (rows come in current rank order). */
export function previewFromTable(table: WsjfTableData, canSchedule: boolean): WsjfOrderPreview {
  const features: OrderedFeature[] = table.rows.map((r) => ({ key: r.issue.key, score: completeScore(r) }));
  const currentOrder = features.map((f) => f.key);
  const targetOrder = wsjfTargetOrder(features);
  const operations = planRankMoves(currentOrder, targetOrder);
  const rowByKey = new Map(table.rows.map((r) => [r.issue.key, r]));
  const moves = rankChanges(currentOrder, targetOrder, operations).map((m) => ({ ...m, issue: rowByKey.get(m.key)!.issue, wsjf: rowByKey.get(m.key)!.wsjf })).map(({ key: _key, ...m }) => m);
  return {
    asOf: table.asOf,
    currentOrder,
    targetOrder,
    moves,
    operations,
    unchangedCount: currentOrder.length - moves.length,
    unscoredCount: features.filter((f) => !f.score).length,
    delayCost: table.delayCost ? { currentOrder: table.delayCost.currentOrder, wsjfOrder: table.delayCost.wsjfOrder, saving: table.delayCost.saving } : null,
    permissions: canSchedule ? { canEdit: true } : { canEdit: false, reason: 'You do not have the Schedule Issues permission in this project, so you cannot re-rank its backlog.' },
  };
}

async function canSchedule(ctx: AppContext, projectKey: string): Promise<boolean> {
  return (await ctx.jira.myPermissions(['SCHEDULE_ISSUES'], { projectKey })).SCHEDULE_ISSUES;
}

export async function previewWsjfOrder(ctx: AppContext, projectKey: string): Promise<WsjfOrderPreview> {
  const [table, schedule] = await Promise.all([getWsjfTable(ctx, projectKey), canSchedule(ctx, projectKey)]);
  return previewFromTable(table, schedule);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

export async function applyWsjfOrder(ctx: AppContext, projectKey: string, expectedCurrentOrder: readonly string[], expectedTargetOrder: readonly string[]): Promise<WsjfOrderApplyResult> {
  if (!(await canSchedule(ctx, projectKey))) {
    throw new AppFailure('FORBIDDEN', `You do not have the Schedule Issues permission in ${projectKey}, so the backlog was not re-ranked. Ask a POPM or your Jira admin.`);
  }
  const preview = previewFromTable(await getWsjfTable(ctx, projectKey), true);
  if (!sameList(preview.currentOrder, expectedCurrentOrder) || !sameList(preview.targetOrder, expectedTargetOrder)) {
    throw new AppFailure(
      'CONFLICT',
      'The backlog or the scores changed since your preview (someone re-ranked or re-scored a feature). Nothing was re-ranked: review the new preview, then apply again.',
      { preview },
    );
  }

  const fromRank = new Map(preview.currentOrder.map((k, i) => [k, i + 1]));
  const toRank = new Map(preview.targetOrder.map((k, i) => [k, i + 1]));
  const moved: WsjfOrderApplyResult['moved'] = [];
  const notMoved: WsjfOrderApplyResult['notMoved'] = [];
  const operations: WsjfOrderApplyResult['operations'] = [];
  const entry = (key: string) => ({ key, fromRank: fromRank.get(key)!, toRank: toRank.get(key)! });

  // Operations run in plan order: each anchor is already in its final place when its call runs.
  for (const op of preview.operations as RankOperation[]) {
    const anchor = 'before' in op ? { before: op.before } : { after: op.after };
    try {
      const r = await ctx.jira.rankIssues(op.keys, anchor);
      const reasons = new Map(r.failed.map((f) => [f.key, f.errors.join(' ') || `Jira answered ${f.status}.`]));
      for (const k of op.keys) {
        if (reasons.has(k)) notMoved.push({ ...entry(k), reason: reasons.get(k)! });
        else moved.push(entry(k));
      }
      operations.push({ ...op, status: r.failed.length === 0 ? 'done' : r.moved.length ? 'partial' : 'failed' });
    } catch (e) {
      if (!(e instanceof JiraError)) throw e;
      for (const k of op.keys) notMoved.push({ ...entry(k), reason: e.message });
      operations.push({ ...op, status: 'failed' });
    }
  }

  const table = await getWsjfTable(ctx, projectKey);
  const nowOrder = table.rows.map((r) => r.issue.key);
  return {
    moved,
    notMoved,
    operations,
    inWsjfOrder: sameList(nowOrder, preview.targetOrder),
    table,
  };
}

/** Where the features would be if only the moves Jira accepted had happened (for messages and tests). */
export function expectedOrderAfter(current: readonly string[], operations: readonly RankOperation[], movedKeys: ReadonlySet<string>): string[] {
  return applyRankOperations(
    current,
    operations.map((op) => ({ ...op, keys: op.keys.filter((k) => movedKeys.has(k)) })).filter((op) => op.keys.length),
  );
}
