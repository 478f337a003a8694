/**
 * Estimation mode: one WSJF column (e.g. Time Criticality) edited across all features at once, the
 * SAFe practice, saved in one action. Each feature is saved or refused on its own, and the result
 * says exactly which: permission, scale, optimistic-concurrency conflict, or Jira's refusal.
 */
import { scoreWsjf, WSJF_COMPONENT_LABELS, type WsjfComponentName } from '../domain/wsjf';
import { JiraError } from '../jira/errors';
import { issuesByKey } from './issuesByKey';
import type { WsjfColumnSaveResult, WsjfEstimationSheet } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings } from './siteMetadata';
import { writeWsjfFields } from './wsjfFields';
import { parseStoredWsjf, WSJF_PROPERTY, type StoredWsjf } from './wsjfProperty';
import { getWsjfTable } from './wsjfTable';
import { wsjfView } from './wsjfView';

export interface ColumnValue {
  issueKey: string;
  value: number;
  expectedVersion: number;
}

/** Writes run a few at a time: fast enough for a train's 20–60 features, gentle on Jira's rate limits. */
const WRITE_CONCURRENCY = 4;

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/**
 * The features of the WSJF table with each score's version (the optimistic-concurrency token the
 * column save sends back): the table, plus one search over its scored keys for their properties.
 */
export async function getWsjfEstimation(ctx: AppContext, projectKey: string): Promise<WsjfEstimationSheet> {
  const table = await getWsjfTable(ctx, projectKey);
  const scoredKeys = table.rows.filter((r) => r.wsjf !== null).map((r) => r.issue.key);
  const versions = new Map<string, number>();
  if (scoredKeys.length) {
    const { issues: found } = await issuesByKey(ctx.jira, scoredKeys, ['summary'], { properties: [WSJF_PROPERTY], fresh: true });
    for (const i of found) versions.set(i.key, parseStoredWsjf(i.properties?.[WSJF_PROPERTY])?.version ?? 0);
  }
  return {
    asOf: table.asOf,
    scale: table.scale,
    // Done features are not ranked, so they are not estimated either.
    rows: table.rows.filter((r) => r.notRanked?.reason !== 'done').map((r) => ({ issue: r.issue, currentRank: r.currentRank, scores: r.scores, scored: r.wsjf !== null, version: versions.get(r.issue.key) ?? 0 })),
    doneCount: table.counts.done,
    permissions: table.permissions,
  };
}

export async function saveWsjfColumn(ctx: AppContext, projectKey: string, component: WsjfComponentName, values: readonly ColumnValue[]): Promise<WsjfColumnSaveResult> {
  const { settings, meta } = await currentSettings(ctx);
  const label = WSJF_COMPONENT_LABELS[component];
  const result: WsjfColumnSaveResult = { component, saved: [], notSaved: [], table: null as never };

  // One search reads every feature's current score (never one request per issue).
  // Keys come from the client: a feature deleted since the sheet loaded is reported, not a failed save.
  // `fresh`: the version check must see a save made a moment ago (search lags writes).
  const { issues: found } = await issuesByKey(ctx.jira, values.map((v) => v.issueKey), ['project', 'summary'], { properties: [WSJF_PROPERTY], fresh: true });
  const byKey = new Map(found.map((i) => [i.key, i]));

  // Edit Issues, checked once per project the features live in (a train may span projects).
  const projects = [...new Set(found.map((i) => i.fields?.project?.key ?? projectKey))];
  const canEdit = new Map<string, boolean>();
  await Promise.all(projects.map(async (p) => canEdit.set(p, (await ctx.jira.myPermissions(['EDIT_ISSUES'], { projectKey: p })).EDIT_ISSUES)));
  if (projects.length && projects.every((p) => !canEdit.get(p))) {
    throw new AppFailure('FORBIDDEN', `You do not have the Edit Issues permission in ${projects.join(', ')}, so WSJF scores cannot be changed.`);
  }

  const me = await ctx.jira.myself();
  const now = ctx.now();
  const toWrite: { v: ColumnValue; stored: StoredWsjf }[] = [];
  for (const v of values) {
    const issue = byKey.get(v.issueKey);
    if (!issue) {
      result.notSaved.push({ issueKey: v.issueKey, value: v.value, reason: 'not-found', message: `${v.issueKey} no longer exists (deleted or moved to another project), or you cannot see it, so it was not saved.` });
      continue;
    }
    const project = issue.fields?.project?.key ?? projectKey;
    if (!canEdit.get(project)) {
      result.notSaved.push({ issueKey: v.issueKey, value: v.value, reason: 'forbidden', message: `You do not have the Edit Issues permission in ${project}, so ${v.issueKey} was not changed.` });
      continue;
    }
    if (!settings.wsjfScale.includes(v.value)) {
      result.notSaved.push({ issueKey: v.issueKey, value: v.value, reason: 'off-scale', message: `${label} ${v.value} is not on the scale (${settings.wsjfScale.join(', ')}).` });
      continue;
    }
    const current = parseStoredWsjf(issue.properties?.[WSJF_PROPERTY]);
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== v.expectedVersion) {
      result.notSaved.push({
        issueKey: v.issueKey,
        value: v.value,
        reason: 'conflict',
        message: `${current?.scoredBy?.displayName ?? 'Someone'} saved a different score for ${v.issueKey} while you were estimating. Nothing was overwritten: review their values, then save again.`,
        current: current ? wsjfView(current, settings.wsjfScale, settings.wsjfStaleAfterDays, now) : null,
      });
      continue;
    }
    if (!current) {
      result.notSaved.push({
        issueKey: v.issueKey,
        value: v.value,
        reason: 'not-scored',
        message: `${v.issueKey} has no score yet: score all four components once in its issue panel, then estimate column by column.`,
      });
      continue;
    }
    const components = { businessValue: current.businessValue, timeCriticality: current.timeCriticality, riskReduction: current.riskReduction, jobSize: current.jobSize, [component]: v.value };
    toWrite.push({
      v,
      stored: { ...scoreWsjf(components), scoredBy: { accountId: me.accountId, displayName: me.displayName }, scoredAt: now.toISOString(), version: currentVersion + 1 },
    });
  }

  await inBatches(toWrite, WRITE_CONCURRENCY, async ({ v, stored }) => {
    try {
      await ctx.jira.setProperty(v.issueKey, WSJF_PROPERTY, stored);
    } catch (e) {
      if (!(e instanceof JiraError)) throw e;
      result.notSaved.push({ issueKey: v.issueKey, value: v.value, reason: e.kind === 'forbidden' ? 'forbidden' : 'jira-error', message: `Jira refused to save ${v.issueKey}: ${e.message}` });
      return;
    }
    const fieldWrites = await writeWsjfFields(ctx, meta, v.issueKey, stored);
    result.saved.push({ issueKey: v.issueKey, value: v.value, version: stored.version ?? 0, fieldWrites });
  });

  // Stable report order: the order the user sent.
  const order = new Map(values.map((v, i) => [v.issueKey, i]));
  result.saved.sort((a, b) => order.get(a.issueKey)! - order.get(b.issueKey)!);
  result.notSaved.sort((a, b) => order.get(a.issueKey)! - order.get(b.issueKey)!);
  const savedIds = result.saved.map((s) => Number(byKey.get(s.issueKey)?.id)).filter((id) => Number.isFinite(id));
  result.table = await getWsjfTable(ctx, projectKey, savedIds);
  return result;
}
