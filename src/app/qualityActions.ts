/**
 * The story panel's write actions, each previewed first and written only on confirmation, as the user:
 *  - insert a Gherkin acceptance-criteria template (appended; never overwrites),
 *  - split a non-atomic story into one child story per goal.
 * Order in every write: permission → validation / conflict check → write. See docs/QUALITY.md.
 */
import { planAcInsert, proposeSplit, childDescription, type AcInsertPlan } from '../domain/quality/template';
import type { EffectiveSettings } from '../domain/settings';
import { JiraError } from '../jira/errors';
import { backlogFields, mapIssue } from '../jira/mapping';
import type { JiraIssue } from '../jira/types';
import type { AcTemplatePreview, AcTemplateResult, IssueRef, SplitPreview, SplitResult } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';
import { currentSettings, hierarchyLevelLookup, type SiteMetadata } from './siteMetadata';

export const SPLIT_LINK_TYPE = 'Relates';
const SPLIT_STORE_PREFIX = 'quality:split:v1:';
/** A split still marked "running" after this long is taken to have died (a Forge invocation lasts at most 25 s, 900 s for jobs). */
const SPLIT_LOCK_MS = 60_000;

const EDIT_DENIED = (key: string) => `You do not have the Edit Issues permission on ${key}, so Refinery cannot change it for you.`;
const CREATE_DENIED = (key: string) => `You do not have the Create Issues permission in the project of ${key}, so Refinery cannot create the new stories.`;

interface LoadedStory {
  raw: JiraIssue;
  settings: EffectiveSettings;
  meta: SiteMetadata;
  summary: string;
  description: unknown;
  acceptanceCriteria: unknown;
  updated: string;
}

async function loadStory(ctx: AppContext, issueKey: string): Promise<LoadedStory> {
  const { settings, meta } = await currentSettings(ctx);
  const raw = await ctx.jira.getIssue(issueKey, { fields: [...backlogFields(settings.fields, { withText: true }), 'project'] });
  const issue = mapIssue(raw, settings.fields, hierarchyLevelLookup(meta));
  if (issue.hierarchyLevel !== settings.storyHierarchyLevel) {
    throw new AppFailure('BAD_REQUEST', `${issueKey} is a ${issue.issueType}, not a story: the quality actions apply to stories only.`);
  }
  return { raw, settings, meta, summary: issue.summary, description: issue.description, acceptanceCriteria: issue.acceptanceCriteria, updated: issue.updated };
}

function fieldLabel(meta: SiteMetadata, fieldId: string | null): string {
  if (!fieldId) return 'the description';
  const name = meta.fields.find((f) => f.id === fieldId)?.name;
  return name ? `the "${name}" field` : `the field ${fieldId}`;
}

function plan(story: LoadedStory): AcInsertPlan {
  return planAcInsert({ summary: story.summary, description: story.description, acceptanceCriteria: story.acceptanceCriteria, hasAcField: !!story.settings.fields.acceptanceCriteriaField });
}

// --- acceptance-criteria template -----------------------------------------------------------------

/** What the template would append and where; `canInsert` false (with the reason) without Edit Issues or when criteria exist. */
export async function previewAcTemplate(ctx: AppContext, issueKey: string): Promise<AcTemplatePreview> {
  const [story, perms] = await Promise.all([loadStory(ctx, issueKey), ctx.jira.myPermissions(['EDIT_ISSUES'], { issueKey })]);
  const p = plan(story);
  const acField = story.settings.fields.acceptanceCriteriaField;
  const base = { issueKey, version: story.updated };
  if (p.kind === 'refuse') {
    return { ...base, target: acField ? 'field' : 'description', targetLabel: fieldLabel(story.meta, acField), blocks: [], nodes: [], prefilled: false, underExistingHeading: false, canInsert: false, reason: p.reason };
  }
  return {
    ...base,
    target: p.target,
    targetLabel: fieldLabel(story.meta, p.target === 'field' ? acField : null),
    blocks: p.preview,
    nodes: p.nodes,
    prefilled: p.template.prefilled,
    underExistingHeading: p.underExistingHeading,
    canInsert: perms.EDIT_ISSUES,
    ...(perms.EDIT_ISSUES ? {} : { reason: EDIT_DENIED(issueKey) }),
  };
}

/**
 * Appends the template shown in the preview. Refuses (CONFLICT) when the story changed since the
 * preview (`expectedVersion` is the `updated` time the preview was made from) or already has
 * acceptance criteria, so a double click or a stale preview never writes twice or writes blind.
 */
export async function insertAcTemplate(ctx: AppContext, issueKey: string, expectedVersion: string): Promise<AcTemplateResult> {
  const perms = await ctx.jira.myPermissions(['EDIT_ISSUES'], { issueKey });
  if (!perms.EDIT_ISSUES) throw new AppFailure('FORBIDDEN', EDIT_DENIED(issueKey));
  const story = await loadStory(ctx, issueKey);
  const p = plan(story);
  if (p.kind === 'refuse') throw new AppFailure('CONFLICT', p.reason);
  if (expectedVersion && story.updated && story.updated !== expectedVersion) {
    throw new AppFailure('CONFLICT', `${issueKey} was changed after the preview was made, so nothing was written. Open the preview again to see what would be added now.`);
  }
  const fieldId = p.target === 'field' ? story.settings.fields.acceptanceCriteriaField! : 'description';
  try {
    // Jira has no conditional update: the read above and this write are as close together as Jira allows.
    await ctx.jira.editIssue(issueKey, { fields: { [fieldId]: p.value } });
  } catch (e) {
    throw readableJiraFailure(e, story.meta, `Jira did not save the template on ${issueKey}`);
  }
  return { issueKey, target: p.target, blocks: p.preview };
}

// --- split into stories ---------------------------------------------------------------------------

/** Jira's own words for a rejected write, with field ids turned into field names. */
function readableJiraFailure(e: unknown, meta: SiteMetadata, lead: string): unknown {
  if (!(e instanceof JiraError)) return e;
  if (e.kind === 'forbidden') return new AppFailure('FORBIDDEN', `${lead}: Jira refused (no permission).`);
  if (e.kind !== 'bad-request') return e;
  const text = jiraErrorText(e, meta);
  return new AppFailure('JIRA_REJECTED', `${lead}: ${text}`, e.fieldErrors);
}

function jiraErrorText(e: JiraError, meta: SiteMetadata): string {
  const fields = Object.entries(e.fieldErrors).map(([id, msg]) => {
    const name = meta.fields.find((f) => f.id === id)?.name ?? id;
    return msg.toLowerCase().includes(name.toLowerCase()) ? msg : `${name}: ${msg}`;
  });
  const all = [...e.jiraMessages, ...fields];
  return all.length ? all.join(' ') : e.message;
}

function teamValueForCreate(raw: unknown, fieldType: string | undefined): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object') return raw;
  const v = raw as { id?: unknown; value?: unknown };
  // The Atlassian Team field is set by team id; a select list by option id.
  if (fieldType === 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team') return typeof v.id === 'string' ? v.id : undefined;
  if (typeof v.id === 'string') return { id: v.id };
  if (typeof v.value === 'string') return { value: v.value };
  return undefined;
}

interface SplitRecord {
  summaries: string[];
  created: { index: number; key: string; linked: boolean }[];
  runningSince: string | null;
  at: string;
}

export async function previewSplit(ctx: AppContext, issueKey: string): Promise<SplitPreview> {
  const [story, perms] = await Promise.all([loadStory(ctx, issueKey), ctx.jira.myPermissions(['EDIT_ISSUES', 'CREATE_ISSUES'], { issueKey })]);
  const proposal = proposeSplit(story.summary, story.description, story.acceptanceCriteria);
  if (!proposal) {
    throw new AppFailure('BAD_REQUEST', `${issueKey} has a single goal (or no "As a …, I want …" sentence), so there is nothing to split.`);
  }
  const issue = mapIssue(story.raw, story.settings.fields, hierarchyLevelLookup(story.meta));
  const f = story.raw.fields;
  const parent: IssueRef | null = f.parent
    ? {
        key: f.parent.key,
        summary: f.parent.fields?.summary ?? '',
        issueType: f.parent.fields?.issuetype?.name ?? '',
        status: f.parent.fields?.status?.name ?? '',
        statusCategory: f.parent.fields?.status?.statusCategory?.key === 'done' ? 'done' : f.parent.fields?.status?.statusCategory?.key === 'indeterminate' ? 'indeterminate' : 'new',
        url: `${ctx.siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(f.parent.key)}`,
        team: null,
      }
    : null;
  const reason = !perms.EDIT_ISSUES ? EDIT_DENIED(issueKey) : !perms.CREATE_ISSUES ? CREATE_DENIED(issueKey) : undefined;
  return {
    issueKey,
    proposals: proposal.proposals,
    parent,
    team: issue.team,
    labels: issue.labels,
    issueType: issue.issueType,
    linkType: SPLIT_LINK_TYPE,
    canCreate: !reason,
    ...(reason ? { reason } : {}),
  };
}

/**
 * Creates one story per summary under the original's parent feature, with its team and labels, and
 * links each to the original. Idempotent per `idempotencyKey`: the keys created are stored after
 * each creation, so a retry creates only what is missing and a repeat of a finished call creates
 * nothing. Jira has no bulk create-with-links, so this is one create (and one link) per new story;
 * a split makes at most eight.
 */
export async function createSplit(ctx: AppContext, issueKey: string, summaries: string[], idempotencyKey: string): Promise<SplitResult> {
  const perms = await ctx.jira.myPermissions(['EDIT_ISSUES', 'CREATE_ISSUES'], { issueKey });
  if (!perms.EDIT_ISSUES) throw new AppFailure('FORBIDDEN', EDIT_DENIED(issueKey));
  if (!perms.CREATE_ISSUES) throw new AppFailure('FORBIDDEN', CREATE_DENIED(issueKey));

  const storeKey = `${SPLIT_STORE_PREFIX}${issueKey}:${idempotencyKey}`;
  const now = ctx.now();
  const previous = await ctx.store.get<SplitRecord>(storeKey);
  if (previous && JSON.stringify(previous.summaries) !== JSON.stringify(summaries)) {
    throw new AppFailure('CONFLICT', 'This split request was already used for different stories. Open the split preview again to start a new one.');
  }
  if (previous?.runningSince && now.getTime() - Date.parse(previous.runningSince) < SPLIT_LOCK_MS) {
    throw new AppFailure('CONFLICT', `The same split of ${issueKey} is still being created. Wait a moment, then reload the panel.`);
  }
  const story = await loadStory(ctx, issueKey);
  const record: SplitRecord = { summaries, created: previous?.created ?? [], runningSince: now.toISOString(), at: now.toISOString() };
  const alreadyAll = summaries.every((_, i) => record.created.some((c) => c.index === i && c.linked));
  if (alreadyAll) return result(ctx, issueKey, summaries, record, [], new Map(), true);
  await ctx.store.set(storeKey, record);

  const f = story.raw.fields;
  const teamField = story.settings.fields.teamField;
  const teamType = story.meta.fields.find((x) => x.id === teamField)?.type;
  const team = teamField ? teamValueForCreate(f[teamField], teamType) : undefined;
  const goals = proposeSplit(story.summary, story.description, story.acceptanceCriteria)?.proposals ?? [];
  const failed: SplitResult['failed'] = [];
  const linkErrors = new Map<number, string>();
  try {
    for (let i = 0; i < summaries.length; i++) {
      let entry = record.created.find((c) => c.index === i);
      if (!entry) {
        const fields: Record<string, unknown> = {
          project: { key: f.project.key },
          issuetype: { id: f.issuetype.id },
          summary: summaries[i],
          description: childDescription(issueKey, story.summary, goals[i]?.goal ?? summaries[i], goals[i]?.criteria ?? []),
          labels: Array.isArray(f.labels) ? f.labels : [],
          ...(f.parent ? { parent: { key: f.parent.key } } : {}),
          ...(teamField && team !== undefined ? { [teamField]: team } : {}),
        };
        try {
          const created = await ctx.jira.createIssue(fields);
          entry = { index: i, key: created.key, linked: false };
          record.created.push(entry);
          await ctx.store.set(storeKey, record);
        } catch (e) {
          if (!(e instanceof JiraError)) throw e;
          failed.push({ summary: summaries[i], message: e.kind === 'bad-request' ? `Jira rejected it: ${jiraErrorText(e, story.meta)}` : e.message });
          continue;
        }
      }
      if (!entry.linked) {
        try {
          await ctx.jira.createIssueLink(SPLIT_LINK_TYPE, issueKey, entry.key);
          entry.linked = true;
          await ctx.store.set(storeKey, record);
        } catch (e) {
          if (!(e instanceof JiraError)) throw e;
          linkErrors.set(i, `Created, but not linked to ${issueKey}: ${e.message}`);
        }
      }
    }
  } finally {
    record.runningSince = null;
    await ctx.store.set(storeKey, record);
  }
  if (!record.created.length && failed.length) {
    // Nothing was created: one readable error (usually the same field error for every story).
    const messages = [...new Set(failed.map((x) => x.message))];
    throw new AppFailure('JIRA_REJECTED', `None of the ${summaries.length} stories was created. ${messages.join(' ')}`, { failed });
  }
  return result(ctx, issueKey, summaries, record, failed, linkErrors, false);
}

function result(ctx: AppContext, issueKey: string, summaries: string[], record: SplitRecord, failed: SplitResult['failed'], linkErrors: Map<number, string>, replayed: boolean): SplitResult {
  const base = ctx.siteUrl.replace(/\/+$/, '');
  return {
    issueKey,
    created: [...record.created]
      .sort((a, b) => a.index - b.index)
      .map((c) => ({
        summary: summaries[c.index],
        key: c.key,
        url: `${base}/browse/${encodeURIComponent(c.key)}`,
        linked: c.linked,
        ...(linkErrors.has(c.index) ? { linkError: linkErrors.get(c.index)! } : {}),
      })),
    failed,
    replayed,
  };
}
