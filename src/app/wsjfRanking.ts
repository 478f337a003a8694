/**
 * "Apply WSJF order": preview the rank moves that turn the train's current feature order into the
 * WSJF order, then re-rank through Jira Software's rank endpoint (≤ 50 issues per call) after
 * checking Schedule Issues. A partial failure (HTTP 207, or a refused call) is reported move by move.
 */
import { applyRankOperations, planRankMoves, type RankOperation } from '../domain/wsjfPlanning';
import { JiraError } from '../jira/errors';
import type { WsjfOrderApplyResult, WsjfOrderPreview } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings } from './siteMetadata';
import { issueRef } from './views';
import { getWsjfTable, loadTrainFeatures, rankTrain, type TrainFeature } from './wsjfTable';
import type { EffectiveSettings } from '../domain/settings';

/**
 * The plan from the train's features (in current rank order) and their one WSJF ranking. Only the
 * features the ranking orders are planned: done features and (under `exclude`) blank or off-scale
 * ones are never a moved key nor an anchor, so Jira's rank endpoint never hears of them.
 */
export function previewFromFeatures(ctx: Pick<AppContext, 'siteUrl'>, features: readonly TrainFeature[], settings: Pick<EffectiveSettings, 'wsjfScale' | 'wsjfIncompleteScores'>, canSchedule: boolean, asOf: string): WsjfOrderPreview {
  const ranking = rankTrain(features, settings);
  const allOrder = features.map((f) => f.issue.key);
  const operations = planRankMoves(ranking.currentOrder, ranking.targetOrder);
  const after = applyRankOperations(allOrder, operations);
  const fromRank = new Map(allOrder.map((k, i) => [k, i + 1]));
  const toRank = new Map(after.map((k, i) => [k, i + 1]));
  const byKey = new Map(features.map((f) => [f.issue.key, f]));
  const ref = (k: string) => issueRef(ctx.siteUrl, byKey.get(k)!.issue);
  const wsjfOf = new Map(ranking.ranked.map((r) => [r.key, r.wsjf]));
  const moved = new Set(operations.flatMap((o) => o.keys));
  const moves = ranking.targetOrder.filter((k) => moved.has(k)).map((k) => ({ issue: ref(k), fromRank: fromRank.get(k)!, toRank: toRank.get(k)!, wsjf: wsjfOf.get(k) ?? null }));
  const withReason = (u: { key: string; reason: WsjfOrderPreview['excluded'][number]['reason']; message: string }) => ({ issue: ref(u.key), reason: u.reason, message: u.message });
  const dc = ranking.delayCost;
  return {
    asOf,
    currentOrder: allOrder,
    targetOrder: ranking.targetOrder,
    moves,
    operations,
    unchangedCount: ranking.targetOrder.length - moves.length,
    rankedLast: ranking.rankedLast.map(withReason),
    excluded: ranking.excluded.map(withReason),
    done: ranking.done.map((u) => ref(u.key)),
    delayCost: dc ? { currentOrder: dc.currentOrder, wsjfOrder: dc.wsjfOrder, saving: dc.saving } : null,
    permissions: canSchedule ? { canEdit: true } : { canEdit: false, reason: 'You do not have the Schedule Issues permission in this project, so you cannot re-rank its backlog.' },
  };
}

async function canSchedule(ctx: AppContext, projectKey: string): Promise<boolean> {
  return (await ctx.jira.myPermissions(['SCHEDULE_ISSUES'], { projectKey })).SCHEDULE_ISSUES;
}

async function preview(ctx: AppContext, projectKey: string, schedule: Promise<boolean> | boolean): Promise<WsjfOrderPreview> {
  const [{ settings, meta }, canRank] = await Promise.all([currentSettings(ctx), schedule]);
  const features = await loadTrainFeatures(ctx, settings, meta, projectKey);
  return previewFromFeatures(ctx, features, settings, canRank, ctx.now().toISOString());
}

export async function previewWsjfOrder(ctx: AppContext, projectKey: string): Promise<WsjfOrderPreview> {
  return preview(ctx, projectKey, canSchedule(ctx, projectKey));
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

export async function applyWsjfOrder(ctx: AppContext, projectKey: string, expectedCurrentOrder: readonly string[], expectedTargetOrder: readonly string[]): Promise<WsjfOrderApplyResult> {
  if (!(await canSchedule(ctx, projectKey))) {
    throw new AppFailure('FORBIDDEN', `You do not have the Schedule Issues permission in ${projectKey}, so the backlog was not re-ranked. Ask a POPM or your Jira admin.`);
  }
  const { settings, meta } = await currentSettings(ctx);
  const features = await loadTrainFeatures(ctx, settings, meta, projectKey);
  const plan = previewFromFeatures(ctx, features, settings, true, ctx.now().toISOString());
  const idOf = new Map(features.map((f) => [f.issue.key, Number(f.issue.id)]));
  if (!sameList(plan.currentOrder, expectedCurrentOrder) || !sameList(plan.targetOrder, expectedTargetOrder)) {
    throw new AppFailure(
      'CONFLICT',
      'The backlog or the scores changed since your preview (someone re-ranked or re-scored a feature). Nothing was re-ranked: review the new preview, then apply again.',
      { preview: plan },
    );
  }

  const fromRank = new Map(plan.moves.map((m) => [m.issue.key, m.fromRank]));
  const toRank = new Map(plan.moves.map((m) => [m.issue.key, m.toRank]));
  const moved: WsjfOrderApplyResult['moved'] = [];
  const notMoved: WsjfOrderApplyResult['notMoved'] = [];
  const operations: WsjfOrderApplyResult['operations'] = [];
  const entry = (key: string) => ({ key, fromRank: fromRank.get(key)!, toRank: toRank.get(key)! });

  // Operations run in plan order: each anchor is already in its final place when its call runs.
  for (const op of plan.operations as RankOperation[]) {
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
      // Jira refuses a whole rank call with 403 when the caller lacks Schedule Issues in a project of its issues.
      const reason = e.kind === 'forbidden' ? `You need the Schedule Issues permission in the project of ${op.keys.join(', ')} to re-rank it; Jira refused this move. Ask your Jira admin to grant it, then apply again.` : e.message;
      for (const k of op.keys) notMoved.push({ ...entry(k), reason });
      operations.push({ ...op, status: 'failed' });
    }
  }

  // Search lags writes: name the moved features so the re-read shows their new ranks.
  const table = await getWsjfTable(ctx, projectKey, moved.map((m) => idOf.get(m.key)).filter((id): id is number => id !== undefined));
  // In WSJF order when the features Apply orders now stand in target order; the others may sit between them.
  const ordered = new Set(plan.targetOrder);
  const nowOrder = table.rows.map((r) => r.issue.key).filter((k) => ordered.has(k));
  return {
    moved,
    notMoved,
    operations,
    inWsjfOrder: sameList(nowOrder, plan.targetOrder),
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
