import type { Verdicts } from './qualitySummary';
import { piPredictability } from '../domain/predictability';
import type { TrainHealth } from '../domain/health';
import {
  feedbackLoop,
  piSummary,
  trackPatterns,
  type ImprovementItem,
  type ImprovementOverview,
  type PiMetric,
  type PiSummary,
  type TeamFeedback,
} from '../domain/improvement';
import type { BacklogIssue } from '../domain/model';
import { detectPatterns, type Pattern } from '../domain/patterns';
import type { Finding } from '../domain/quality';
import type { EffectiveSettings } from '../domain/settings';
import { JiraError } from '../jira/errors';
import { and, keysJql } from '../jira/jql';
import type { CreateImprovementResult, ImprovementData, ImprovementItemView, IssueRef, JqlLink, PatternView, PiMetricView, PiSummaryView } from '../contract';
import type { AppContext } from './context';
import { projectOrNotFound } from './project';
import { AppFailure } from './failure';
import { currentSettings, type SiteMetadata } from './siteMetadata';
import type { TrainData } from './trainData';
import { qualityReports, trainHealth } from './trainHealth';
import { jqlLink } from './views';
import { figureIndex, figureView, keyListJql, keyListLinks } from './figureViews';
import { wireFigures } from './figureWire';
import { storedTab } from './tabViews';
import { invalidateTabViews } from './tabGeneration';

/** Source label put on items created from a pattern (DOMAIN.md: `inspect-and-adapt` or `retrospective`). */
export const PATTERN_ITEM_SOURCE = 'retrospective';

export interface ImprovementAnalysis {
  items: ImprovementItem[];
  overview: ImprovementOverview;
  patterns: Pattern[];
  feedback: TeamFeedback[];
  qualityPass: (key: string) => boolean | undefined;
}

/** What the Improvement tab reads of the health (a large train's refresh stores just these: src/app/tabViews.ts). */
export type ImprovementHealth = Pick<TrainHealth, 'improvements' | 'sprints' | 'figures'>;

/** The parts of `health` the Improvement tab reads (its figures: the PI and improvement ones). */
export function improvementHealth(health: TrainHealth): ImprovementHealth {
  return { improvements: health.improvements, sprints: health.sprints, figures: health.figures.filter((f) => f.scope === 'pi' || f.metric.startsWith('improvements')) };
}

/** Everything the Improvement tab and the I&A export compute, from one loaded train. */
/** What the analysis needs of a story's quality report (a full QualityReport, or a stored train's compact findings). */
export interface StoryFindings {
  findings: readonly Pick<Finding, 'rule' | 'severity'>[];
}

export function analyseImprovement(health: ImprovementHealth, quality: Verdicts<StoryFindings>): ImprovementAnalysis {
  // The items and PIs come from the health computation: the Overview card and this tab count the same.
  const { items, overview } = health.improvements;
  const findings = [...quality].map(([key, r]) => ({ key, rules: r.findings.map((f) => ({ rule: f.rule, severity: f.severity })) }));
  const qualityPass = (key: string) => {
    const r = quality.get(key);
    return r ? !r.findings.some((f) => f.severity === 'error') : undefined;
  };
  return {
    items,
    overview,
    patterns: detectPatterns(health.sprints, findings),
    feedback: feedbackLoop(health.sprints, qualityPass, items),
    qualityPass,
  };
}

function keysLink(siteUrl: string, keys: readonly string[]): JqlLink | null {
  return keyListLinks(siteUrl, keys)[0] ?? null;
}

const browse = (siteUrl: string, key: string) => `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;

function itemView(siteUrl: string, i: ImprovementItem): ImprovementItemView {
  return {
    key: i.key,
    summary: i.summary,
    url: browse(siteUrl, i.key),
    status: i.status,
    statusCategory: i.statusCategory,
    done: i.done,
    doneAt: i.doneAt,
    created: i.created,
    team: i.team,
    owner: i.owner?.displayName ?? null,
    source: i.source,
    pi: i.pi,
    piInferred: i.piInferred,
    ageDays: i.ageDays,
  };
}

/** The same words as Overview's predictability table: "not tracked", "not assessed yet". */
export function displayPiMetric(m: Pick<PiMetric, 'id' | 'value' | 'status'>): string {
  if (m.value !== null) return `${Math.round(m.value * 100)}%`;
  if (m.status === 'not-tracked') return 'not tracked';
  if (m.status === 'not-assessed') return 'not assessed yet';
  if (m.status === 'no-objectives') return 'no objectives';
  return '—';
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'now');

/** The I&A summary as Markdown (for the event's wiki page or slides). */
export function piMarkdown(projectKey: string, s: PiSummary, links: Map<PiMetric, JqlLink[]>, a: ImprovementAnalysis, siteUrl: string): string {
  const row = a.overview.pis.find((p) => p.pi === s.pi);
  const lines = [
    `# Inspect & Adapt: ${s.pi} (${projectKey})`,
    '',
    `PI window ${day(s.start)} to ${day(s.end)}${s.end === null ? ' (current PI)' : ''}; ${s.sprints.length} sprint${s.sprints.length === 1 ? '' : 's'}: ${s.sprints.map((x) => x.sprint).join(', ') || 'none'}.`,
    '',
    '## Train metrics',
    '',
    '| Metric | Value | Basis |',
    '|---|---|---|',
    ...s.train.map((m) => {
      // A long key list is split into parts; the value links the first, the others follow.
      const [first, ...more] = links.get(m) ?? [];
      const value = first ? `[${displayPiMetric(m)}](${first.url})${more.map((l, i) => ` [part ${i + 2}](${l.url})`).join('')}` : displayPiMetric(m);
      return `| ${mdCell(m.label)} | ${value} | ${mdCell(m.basis)} |`;
    }),
    '',
    '## By team',
    '',
    `| Team | ${s.train.map((m) => mdCell(m.label)).join(' | ')} |`,
    `|---|${s.train.map(() => '---').join('|')}|`,
    ...s.teams.map((t) => `| ${mdCell(t.team)} | ${t.metrics.map((m) => displayPiMetric(m)).join(' | ')} |`),
    '',
    '## Improvement items',
    '',
    row ? `${row.created.length} created, ${row.doneInPi.length} finished within the PI, ${row.done.length - row.doneInPi.length} finished later, ${row.open.length} still open.` : 'No improvement items.',
  ];
  if (s.callout) lines.push('', `> **Call-out:** ${mdCell(s.callout.message)}`);
  const carried = a.items.filter((i) => i.pi === s.pi && !i.done);
  if (carried.length) {
    lines.push('', '### Still open', '');
    for (const i of carried) lines.push(`- [${i.key}](${browse(siteUrl, i.key)}) ${mdCell(i.summary)} (${i.ageDays} days old, owner ${i.owner?.displayName ?? 'unassigned'})`);
  }
  if (a.patterns.length) {
    lines.push('', '## Cross-team patterns (as of today)', '');
    for (const p of a.patterns) lines.push(`- ${mdCell(p.title)} Evidence: ${p.evidenceKeys.length} issue${p.evidenceKeys.length === 1 ? '' : 's'}.`);
  }
  return `${lines.join('\n')}\n`;
}

export function piSummaryView(siteUrl: string, projectKey: string, s: PiSummary, a: ImprovementAnalysis): PiSummaryView {
  const links = new Map<PiMetric, JqlLink[]>();
  const view = (m: PiMetric): PiMetricView => {
    const figure = m.figure ? figureView(siteUrl, m.figure) : null;
    const parts = figure ? figure.links : keyListLinks(siteUrl, m.keys);
    links.set(m, parts);
    // The links travel once: in the figure when there is one (its long lists on demand, issue 16).
    return { id: m.id, label: m.label, value: m.value, display: displayPiMetric(m), basis: m.basis, link: figure ? null : (parts[0] ?? null), figure };
  };
  const train = s.train.map(view);
  const teams = s.teams.map((t) => ({ team: t.team, metrics: t.metrics.map(view) }));
  return {
    pi: s.pi,
    start: s.start,
    end: s.end,
    sprints: s.sprints.map((x) => x.sprint),
    train,
    teams,
    callout: s.callout?.message ?? null,
    markdown: piMarkdown(projectKey, s, links, a, siteUrl),
  };
}

export function patternViews(siteUrl: string, scopeJql: string, a: ImprovementAnalysis): PatternView[] {
  const tracking = new Map(trackPatterns(a.patterns, a.items).map((t) => [t.patternId, t]));
  return a.patterns.map((p) => {
    const t = tracking.get(p.id)!;
    return {
      id: p.id,
      label: p.label,
      kind: p.kind,
      rule: p.rule,
      team: p.team,
      title: p.title,
      detail: p.detail,
      evidence: keysLink(siteUrl, p.evidenceKeys) ?? jqlLink(siteUrl, and(scopeJql, keysJql([]))),
      evidenceLinks: keyListLinks(siteUrl, p.evidenceKeys),
      evidenceCount: p.evidenceKeys.length,
      series: p.series.map((x) => ({ sprint: x.sprint, value: x.value })),
      tracking: { state: t.state, items: t.items.map((i) => itemView(siteUrl, i)) },
    };
  });
}

/**
 * The Improvement tab, read as the user from one train load (the health page's bounded calls):
 * PIs, carried-forward items, call-outs, patterns with their tracking items, the feedback loop
 * and the Inspect & Adapt summary of `pi` (default: the current PI).
 */
export async function getImprovement(ctx: AppContext, projectKey: string, pi?: string): Promise<ImprovementData> {
  const { settings, meta } = await currentSettings(ctx);
  await projectOrNotFound(ctx, projectKey);
  // The person's stored view (made by their last sync, as of the Overview's "as of"), else live.
  const [stored, perms] = await Promise.all([storedTab(ctx, projectKey, 'improvement', settings), ctx.jira.myPermissions(['CREATE_ISSUES'], { projectKey })]);
  const permissions: ImprovementData['permissions'] = perms.CREATE_ISSUES ? { canEdit: true } : { canEdit: false, reason: `You do not have the Create Issues permission in ${projectKey}, so you cannot turn a pattern into an improvement item.` };
  if (stored) {
    const piName = choosePiName(stored.base.pis.map((p) => p.pi), stored.base.currentPi, pi);
    return { ...stored.base, inspectAndAdapt: piName ? (stored.byPi[piName] ?? null) : null, permissions };
  }
  const now = ctx.now();
  const { train, health, quality } = await trainHealth(ctx.jira, ctx.store, settings, meta, projectKey, now);
  return { ...wireFigures(improvementView(pi, ctx.siteUrl, projectKey, settings, train, health, quality, now)).view, permissions };
}

/** The PI whose I&A summary is shown: `pi` (any case), else the current PI; an unknown `pi` is NOT_FOUND naming the known ones. */
export function choosePiName(known: readonly string[], currentPi: string | null, pi?: string): string | null {
  if (pi && !known.some((p) => p.toLowerCase() === pi.toLowerCase())) {
    throw new AppFailure('NOT_FOUND', `No improvement item carries the PI label ${pi}. Known PIs: ${known.join(', ') || 'none'}.`);
  }
  const chosen = pi ?? currentPi;
  return chosen ? (known.find((p) => p.toLowerCase() === chosen.toLowerCase()) ?? null) : null;
}

/** The Improvement tab's data (all but the person's permissions) from one health picture: the live and the stored path. */
export function improvementView(pi: string | undefined, ...inputs: Parameters<typeof improvementViews>): Omit<ImprovementData, 'permissions'> {
  const v = improvementViews(...inputs);
  return { ...v.base, inspectAndAdapt: v.summaryOf(choosePiName(v.base.pis.map((p) => p.pi), v.base.currentPi, pi)) };
}

/** The tab's data without its I&A summary, and the summary of any PI, from one analysis (the stored views make every PI's). */
export function improvementViews(
  siteUrl: string,
  projectKey: string,
  settings: EffectiveSettings,
  train: Pick<TrainData, 'scopeJql' | 'objectives'>,
  health: ImprovementHealth,
  quality: Verdicts<StoryFindings>,
  now: Date,
): { base: Omit<ImprovementData, 'permissions'>; summaryOf: (piName: string | null) => PiSummaryView | null; defaultPi: string | null } {
  const ctx = { siteUrl };
  const a = analyseImprovement(health, quality);
  // The PI and improvement figures only, those this tab shows (the rest's views are not made: issue 16).
  const figures = figureIndex(ctx.siteUrl, health.figures.filter((f) => f.scope === 'pi' || f.metric.startsWith('improvements')));
  const predictability = settings.piObjectives ? piPredictability(train.objectives, settings.piObjectives.piLabelPrefix) : null;
  const summaryOf = (piName: string | null) => {
    const summary = piName ? piSummary(piName, a.overview, health.sprints, a.qualityPass, a.items, now.toISOString(), predictability) : null;
    return summary ? piSummaryView(ctx.siteUrl, projectKey, summary, a) : null;
  };
  const byKey = new Map(a.items.map((i) => [i.key, i]));
  const base: Omit<ImprovementData, 'permissions'> = {
    asOf: now.toISOString(),
    improvementLabel: settings.improvementLabel,
    currentPi: a.overview.currentPi,
    pis: a.overview.pis.map((p) => ({
      pi: p.pi,
      start: p.start,
      end: p.end,
      current: p.current,
      created: p.created.length,
      done: p.done.length,
      doneInPi: p.doneInPi.length,
      open: p.open.length,
      completion: p.completion,
      link: keysLink(ctx.siteUrl, p.created),
      createdFigure: figures.get({ metric: 'improvementsCreated', scope: 'pi', pi: p.pi }),
      doneInPiFigure: figures.get({ metric: 'improvementsDoneInPi', scope: 'pi', pi: p.pi }),
    })),
    doneThisPi: figures.get({ metric: 'improvementsDoneThisPi', scope: 'train' }),
    figures: figures.all,
    carriedForward: a.overview.carriedForward.map((i) => itemView(ctx.siteUrl, i)),
    callouts: a.overview.callouts.map((c) => ({ pi: c.pi, message: c.message, link: keysLink(ctx.siteUrl, c.keys), links: keyListLinks(ctx.siteUrl, c.keys) })),
    patterns: patternViews(ctx.siteUrl, train.scopeJql, a),
    feedback: a.feedback.map((f) => ({
      team: f.team,
      points: f.points.map((p) => ({
        sprint: p.sprint,
        endDate: p.endDate,
        acceptanceRate: p.acceptanceRate,
        reworkRatio: p.reworkRatio,
        qualityPassRate: p.qualityPassRate,
        improvementsDone: p.improvementsDone.map((d) => ({ key: d.key, summary: byKey.get(d.key)?.summary ?? d.summary, url: browse(ctx.siteUrl, d.key) })),
      })),
      effects: f.effects,
    })),
    inspectAndAdapt: null,
  };
  return { base, summaryOf, defaultPi: choosePiName(base.pis.map((p) => p.pi), base.currentPi) };
}

// --- create an improvement item from a pattern --------------------------------------------------

interface CreateRecord {
  /** pending: a call is creating it; uncertain: Jira failed mid-call (it may exist); done: created. */
  state: 'pending' | 'uncertain' | 'done';
  patternId: string;
  at: string;
  issue?: IssueRef;
}

/** A pending record younger than this means another request is creating the item right now. */
const PENDING_MS = 60_000;

const recordKey = (projectKey: string, accountId: string | null, idem: string) => `improvement:create:v1:${projectKey}:${accountId ?? 'anonymous'}:${idem}`;

/** The issue type for a new improvement item: the one existing items use most, else "Story", else any story-level type. */
export function improvementIssueType(meta: SiteMetadata, settings: EffectiveSettings, existing: readonly BacklogIssue[]): { id: string; name: string } | null {
  const storyTypes = meta.issueTypes.filter((t) => t.hierarchyLevel === settings.storyHierarchyLevel);
  const counts = new Map<string, number>();
  for (const i of existing) counts.set(i.issueType, (counts.get(i.issueType) ?? 0) + 1);
  const used = [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => storyTypes.find((t) => t.name === name)).find((t) => t !== undefined);
  const chosen = used ?? storyTypes.find((t) => /^story$/i.test(t.name)) ?? storyTypes[0];
  return chosen ? { id: chosen.id, name: chosen.name } : null;
}

/** The new item's description (ADF): the pattern, its numbers, a link to the evidence in issue search. */
export function improvementDescription(p: Pattern, evidence: JqlLink, detectedOn: string, requestId: string): unknown {
  const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
  return {
    type: 'doc',
    version: 1,
    content: [
      { type: 'paragraph', content: [text(`Refinery detected this cross-team pattern on ${detectedOn}: `), text(p.title, [{ type: 'strong' }])] },
      { type: 'paragraph', content: [text(p.detail)] },
      {
        type: 'paragraph',
        content: [text('Evidence: '), text(`the ${p.evidenceKeys.length} issue${p.evidenceKeys.length === 1 ? '' : 's'} behind it in Jira issue search`, [{ type: 'link', attrs: { href: evidence.url } }]), text('.')],
      },
      { type: 'heading', attrs: { level: 3 }, content: [text('Acceptance criteria')] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [text(`The team has agreed a countermeasure with an owner (pattern ${p.id}).`)] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [text(`The pattern no longer shows for team ${p.team} on Refinery's Improvement tab within three sprints.`)] }] },
        ],
      },
      // The request id lets a retry after an interrupted call find this issue instead of creating another.
      { type: 'paragraph', content: [text(`Created from Refinery's Improvement tab (request ${requestId}).`, [{ type: 'em' }])] },
    ],
  };
}

/**
 * Turn a detected pattern into an improvement item: a real Jira issue created as the user.
 * Order: Create Issues permission → idempotency record (claimed as pending) → the pattern
 * (recomputed on the server, never taken from the client) → create → done record. A retry with
 * the same idempotency key returns the issue created the first time instead of a second one; after
 * a failure with an unknown outcome (Jira unavailable) the retry adopts the item if Jira made it.
 */
export async function createImprovementItem(ctx: AppContext, projectKey: string, patternId: string, idempotencyKey: string): Promise<CreateImprovementResult> {
  const { settings, meta } = await currentSettings(ctx);
  const perms = await ctx.jira.myPermissions(['CREATE_ISSUES'], { projectKey });
  if (!perms.CREATE_ISSUES) {
    throw new AppFailure('FORBIDDEN', `You do not have the Create Issues permission in ${projectKey}, so Refinery cannot create an improvement item for you. Ask a Jira admin for it, or share the evidence link with your POPM.`);
  }
  const key = recordKey(projectKey, ctx.accountId, idempotencyKey);
  const existing = await ctx.store.get<CreateRecord>(key);
  if (existing && existing.patternId !== patternId) {
    throw new AppFailure('BAD_REQUEST', 'This request id was already used for another pattern. Reload the page and try again.');
  }
  if (existing?.state === 'done' && existing.issue) return { issue: existing.issue, created: false, patternId };

  const now = ctx.now();
  // Claim the request id before the slow train load, so a concurrent duplicate sees it as pending.
  // (KVS has no compare-and-set; the window left is the few milliseconds between get and set.)
  const mine = !existing;
  if (mine) await ctx.store.set<CreateRecord>(key, { state: 'pending', patternId, at: now.toISOString() });
  const release = () => (mine ? ctx.store.delete(key) : Promise.resolve());

  let train: TrainData;
  let a: ImprovementAnalysis;
  try {
    const loaded = await trainHealth(ctx.jira, ctx.store, settings, meta, projectKey, now);
    train = loaded.train;
    a = analyseImprovement(loaded.health, loaded.quality);
  } catch (e) {
    await release();
    throw e;
  }
  const pattern = a.patterns.find((p) => p.id === patternId);
  if (!pattern) {
    await release();
    throw new AppFailure('NOT_FOUND', `The pattern ${patternId} is no longer detected in ${projectKey}. Reload the Improvement tab to see the current patterns.`);
  }

  if (existing && existing.state !== 'done') {
    // Another call with this id is creating the item, or created it and failed before recording
    // it: adopt the item whose description carries this request id.
    const issue = train.stories.find((s) => s.labels.includes(pattern.label) && JSON.stringify(s.description ?? '').includes(`(request ${idempotencyKey})`));
    if (issue) {
      const ref: IssueRef = { key: issue.key, summary: issue.summary, issueType: issue.issueType, status: issue.status.name, statusCategory: issue.status.category, url: browse(ctx.siteUrl, issue.key), team: pattern.team };
      await ctx.store.set<CreateRecord>(key, { state: 'done', patternId, at: existing.at, issue: ref });
      return { issue: ref, created: false, patternId };
    }
    if (existing.state === 'pending' && now.getTime() - Date.parse(existing.at) < PENDING_MS) {
      const again = await ctx.store.get<CreateRecord>(key);
      if (again?.state === 'done' && again.issue) return { issue: again.issue, created: false, patternId };
      throw new AppFailure('CONFLICT', 'This improvement item is still being created by an earlier click. Wait a moment, then reload the Improvement tab.');
    }
    // A stale claim, or an uncertain one whose item never appeared: this call takes over.
    await ctx.store.set<CreateRecord>(key, { state: 'pending', patternId, at: now.toISOString() });
  }

  const type = improvementIssueType(meta, settings, train.stories.filter((s) => s.labels.includes(settings.improvementLabel)));
  if (!type) {
    await ctx.store.delete(key);
    throw new AppFailure('BAD_REQUEST', `No issue type at the story level exists on this site, so Refinery cannot create an improvement item. Ask a Jira admin to check the hierarchy levels in Refinery's settings.`);
  }
  const evidence = keysLink(ctx.siteUrl, pattern.evidenceKeys) ?? jqlLink(ctx.siteUrl, train.scopeJql);
  const labels = [...new Set([settings.improvementLabel, PATTERN_ITEM_SOURCE, pattern.label, ...(a.overview.currentPi ? [a.overview.currentPi] : [])])];
  const summary = pattern.title.replace(/\.$/, '').slice(0, 250);

  let created: { id: string; key: string };
  try {
    created = await ctx.jira.createIssue({
      project: { key: projectKey },
      issuetype: { id: type.id },
      summary,
      labels,
      description: improvementDescription(pattern, evidence, now.toISOString().slice(0, 10), idempotencyKey),
    });
  } catch (e) {
    const definite = e instanceof JiraError && ['bad-request', 'forbidden', 'not-found', 'unauthenticated'].includes(e.kind);
    // Jira said no, so nothing was created: a retry starts afresh. Otherwise the outcome is unknown.
    if (definite) await ctx.store.delete(key);
    else {
      await ctx.store.set<CreateRecord>(key, { state: 'uncertain', patternId, at: now.toISOString() });
      // Jira may have made it: the stored tab views may be stale.
      await invalidateTabViews(ctx.store);
    }
    if (e instanceof JiraError && e.kind === 'bad-request') {
      const fields = Object.entries(e.fieldErrors).map(([f, m]) => `${f}: ${m}`);
      throw new AppFailure('JIRA_REJECTED', `Jira rejected the improvement item (issue type ${type.name}): ${[...e.jiraMessages, ...fields].join('; ') || e.message}. Ask a Jira admin whether ${projectKey} needs more required fields or another issue type.`, e.fieldErrors);
    }
    if (e instanceof JiraError && e.kind === 'forbidden') throw new AppFailure('FORBIDDEN', `Jira refused to create the improvement item in ${projectKey}: ${e.message}`);
    throw e;
  }
  // The new item changes the Improvement (and Quality) tab: every stored tab view is stale now.
  await invalidateTabViews(ctx.store);
  const ref: IssueRef = { key: created.key, summary, issueType: type.name, status: 'To Do', statusCategory: 'new', url: browse(ctx.siteUrl, created.key), team: pattern.team };
  await ctx.store.set<CreateRecord>(key, { state: 'done', patternId, at: now.toISOString(), issue: ref });
  return { issue: ref, created: true, patternId };
}

// --- CLI: refinery health --pi NAME (--json | --md) -----------------------------------------------

/**
 * The Inspect & Adapt export for the CLI from an already loaded train (the health command's load):
 * JSON with the summary's numbers and JQL, or the Markdown of the page section.
 */
export function inspectAndAdaptExport(siteUrl: string, projectKey: string, train: TrainData, health: TrainHealth, settings: EffectiveSettings, now: Date, pi: string): { json: unknown; markdown: string } | { error: string } {
  const quality = qualityReports(train.stories, [...train.stories, ...train.features], settings);
  const a = analyseImprovement(health, quality);
  const row = a.overview.pis.find((p) => p.pi.toLowerCase() === pi.trim().toLowerCase());
  if (!row) return { error: `no improvement item carries the PI label ${pi}. Known PIs: ${a.overview.pis.map((p) => p.pi).join(', ') || 'none'}.` };
  const predictability = settings.piObjectives ? piPredictability(train.objectives, settings.piObjectives.piLabelPrefix) : null;
  const s = piSummary(row.pi, a.overview, health.sprints, a.qualityPass, a.items, now.toISOString(), predictability)!;
  const view = piSummaryView(siteUrl, projectKey, s, a);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
  const metrics = (ms: PiMetricView[]) => Object.fromEntries(ms.map((m) => [m.id, round(m.value)]));
  const json = {
    project: projectKey,
    pi: view.pi,
    current: row.current,
    start: view.start,
    end: view.end,
    asOf: now.toISOString(),
    sprints: view.sprints,
    train: metrics(view.train),
    basis: Object.fromEntries(view.train.map((m) => [m.id, m.basis])),
    teams: view.teams.map((t) => ({ team: t.team, ...metrics(t.metrics) })),
    improvement: { created: row.created.length, doneInPi: row.doneInPi.length, done: row.done.length, open: row.open.length, openKeys: row.open },
    callout: view.callout,
    patterns: a.patterns.map((p) => ({ id: p.id, team: p.team, title: p.title, evidence: p.evidenceKeys.length })),
    // The whole key list of each metric's numerator (the page splits it into link parts).
    jql: Object.fromEntries(s.train.filter((m) => m.keys.length).map((m) => [m.id, keyListJql(m.keys)])),
  };
  return { json, markdown: view.markdown };
}
