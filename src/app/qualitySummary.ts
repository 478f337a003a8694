import type { Criterion, Finding, Severity } from '../domain/quality';
import type { TrainHealth } from '../domain/health';
import { FIGURE_INLINE_PARTS, type QualitySummaryData } from '../contract';
import type { AppContext } from './context';
import { wireTab, type TabLinks } from './figureWire';
import { qualityRuleFigures } from '../domain/health';
import { CRITERIA, ruleName } from '../domain/quality/ruleNames';
import { figureIndex, figureView, keyListLinks } from './figureViews';
import { projectOrNotFound } from './project';
import { currentSettings } from './siteMetadata';
import { trainHealth } from './trainHealth';
import { storedTab } from './tabViews';

/**
 * The Quality tab: the backlog stories (not done, not in an active sprint — the population of
 * Overview's quality pass rate) checked by the same engine as the story panel, grouped by rule and
 * by team. The pass rates are the health domain's figures, so Overview and this tab show one
 * number per team; each count opens exactly its stories.
 */
export async function getQualitySummary(ctx: AppContext, projectKey: string): Promise<QualitySummaryData> {
  // The project check first: a person who cannot browse it gets NOT_FOUND, not an empty summary.
  const [{ settings, meta }] = await Promise.all([currentSettings(ctx), projectOrNotFound(ctx, projectKey)]);
  // The person's stored view (made by their last sync, as of the Overview's "as of"), else live.
  const stored = await storedTab(ctx, projectKey, 'quality', settings);
  if (stored) return stored;
  const { health, quality } = await trainHealth(ctx.jira, ctx.store, settings, meta, projectKey, ctx.now());
  return qualityWire(qualitySummaryView(ctx.siteUrl, health, quality)).view;
}

/**
 * The Quality tab's answer as it travels (issue 16): each figure once (no `figures` copy), and a key
 * list longer than `inlineParts` URL parts left out and marked (`linksOnDemand`: src/app/figureWire.ts);
 * those lists are returned apart, for `getFigureLinks`. Counts, ids and every short list are unchanged.
 */
export function qualityWire(full: QualitySummaryData, inlineParts = FIGURE_INLINE_PARTS): { view: QualitySummaryData; links: TabLinks } {
  return wireTab(full.asOf, { ...full, figures: [] }, inlineParts);
}

/** What the Quality tab needs of a story's quality report (a full QualityReport, or a stored train's compact findings). */
export interface StoryVerdict {
  ready: boolean;
  findings: readonly Pick<Finding, 'rule' | 'criterion' | 'severity' | 'message'>[];
}

/**
 * Each story's verdict by key, as the Quality and Improvement tabs read it: a Map of quality reports
 * (the live path) or a stored train's verdicts, made when asked (src/app/tabViews.ts `storedVerdicts`).
 */
export interface Verdicts<V> extends Iterable<[string, V]> {
  get(key: string): V | undefined;
}

/** What the Quality tab reads of the health: its "as of", the quality pass-rate figures and the teams' names (a large train's refresh stores just these: src/app/tabViews.ts). */
export type QualityHealth = Pick<TrainHealth, 'asOf' | 'figures'> & { teams: readonly Pick<TrainHealth['teams'][number], 'team'>[] };

/** The parts of `health` the Quality tab reads. */
export function qualityHealth(health: TrainHealth): QualityHealth {
  return { asOf: health.asOf, figures: health.figures.filter((f) => f.metric === 'qualityPassRate'), teams: health.teams.map((t) => ({ team: t.team })) };
}

/** The Quality tab's data from a health picture and each story's verdict (the live and the stored path). */
export function qualitySummaryView(siteUrl: string, health: QualityHealth, quality: Verdicts<StoryVerdict>): QualitySummaryData {
  const ctx = { siteUrl };
  // Only the pass rates are shown here: the other figures' views are not made (issue 16).
  const figures = figureIndex(ctx.siteUrl, health.figures.filter((f) => f.metric === 'qualityPassRate'));
  const passRate = figures.get({ metric: 'qualityPassRate', scope: 'train' });
  const backlog = health.figures.find((f) => f.metric === 'qualityPassRate' && f.scope === 'train')?.denominatorMembers ?? [];
  const link = (keys: string[]) => keyListLinks(ctx.siteUrl, keys)[0];

  // Per rule: the first finding's criterion, severity and message describe the row; the count is a figure.
  const firstFinding = new Map<string, { criterion: Criterion; severity: Severity; example: string }>();
  for (const key of backlog) {
    for (const f of quality.get(key)?.findings ?? []) if (!firstFinding.has(f.rule)) firstFinding.set(f.rule, { criterion: f.criterion, severity: f.severity, example: `${key}: ${f.message}` });
  }
  const ruleFigures = qualityRuleFigures(backlog, (key) => (quality.get(key)?.findings ?? []).map((f) => f.rule)).map((f) => figureView(ctx.siteUrl, f));
  const sevOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const n = backlog.length;
  const teamFigures = health.teams.map((t) => ({ team: t.team, f: health.figures.find((x) => x.metric === 'qualityPassRate' && x.scope === 'team' && x.team === t.team)! })).filter((t) => (t.f.denominator ?? 0) > 0);
  return {
    asOf: health.asOf,
    storyCount: n,
    byRule: ruleFigures
      .map((figure) => {
        const rule = figure.rule!;
        const first = firstFinding.get(rule)!;
        const criterion = CRITERIA[first.criterion];
        return { rule, name: ruleName(rule), criterion: first.criterion, criterionName: criterion.name, criterionMeaning: criterion.meaning, severity: first.severity, count: figure.numerator, share: figure.value ?? 0, link: figure.links[0], example: first.example, figure };
      })
      .sort((a, b) => sevOrder[a.severity] - sevOrder[b.severity] || b.count - a.count || (a.rule < b.rule ? -1 : 1)),
    byTeam: teamFigures
      .map(({ team, f }) => {
        const all = f.denominatorMembers ?? [];
        const passing = new Set(f.members);
        const failing = all.filter((k) => !passing.has(k));
        return {
          team,
          storyCount: all.length,
          failing: failing.length,
          share: all.length ? failing.length / all.length : 0,
          notReady: all.filter((k) => !quality.get(k)?.ready).length,
          link: link(failing.length ? failing : all),
          passRate: figures.get({ metric: 'qualityPassRate', scope: 'team', team }),
        };
      })
      .sort((a, b) => b.share - a.share || (a.team < b.team ? -1 : 1)),
    passRate,
    figures: [...figures.all.filter((f) => f.scope !== 'pi'), ...ruleFigures],
  };
}
