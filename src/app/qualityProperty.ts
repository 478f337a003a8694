/**
 * The `refinery.quality` issue entity property, written by the daily job so JQL can find stories
 * that are not ready: `issue.property[refinery.quality].ready = "false"`, or with the search aliases
 * the manifest declares, `ready = "false"` and `qualityScore < 0.5`.
 *
 * Cost: the stories and their stored values come back with one paged search (the `properties`
 * option of /rest/api/3/search/jql, ⌈N/100⌉ requests for N open stories), never a GET per issue.
 * Changed stories are written with Jira's bulk property API (POST /rest/api/3/issue/properties/multi,
 * 100 issues per request, an asynchronous task); unchanged stories cost nothing, and at most
 * `maxWrites` are written per run (the rest on the next run).
 */
import { z } from 'zod';
import { checkStory, type QualityReport } from '../domain/quality';
import type { EffectiveSettings } from '../domain/settings';
import type { JiraClient } from '../jira/client';
import { and, jqlList } from '../jira/jql';
import { backlogFields, mapIssue } from '../jira/mapping';
import { hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';
import { trainScope } from './trainData';
import { qualityInput } from './trainHealth';

export const QUALITY_PROPERTY = 'refinery.quality';
/** Each write is one request; a day's changes on a large train stay well inside the job's 900 s. */
export const DEFAULT_MAX_WRITES = 1000;

export const storedQualitySchema = z.object({
  ready: z.enum(['true', 'false']),
  score: z.number(),
  findings: z.array(z.string()),
  checkedAt: z.string(),
});

export type StoredQuality = z.infer<typeof storedQualitySchema>;

/** The property value for a report: `ready` is a string so the manifest's string alias can search it. */
export function qualityPropertyValue(report: QualityReport, now: Date): StoredQuality {
  return {
    ready: report.ready ? 'true' : 'false',
    score: report.score,
    findings: [...new Set(report.findings.map((f) => f.rule))].sort(),
    checkedAt: now.toISOString(),
  };
}

/** Same verdict, score and rules (the time of the check does not count as a change). */
export function sameQuality(stored: unknown, next: StoredQuality): boolean {
  const r = storedQualitySchema.safeParse(stored);
  if (!r.success) return false;
  const a = r.data;
  return a.ready === next.ready && a.score === next.score && a.findings.length === next.findings.length && [...a.findings].sort().every((f, i) => f === next.findings[i]);
}

export interface QualityPropertySync {
  /** Open stories compared. */
  checked: number;
  written: number;
  unchanged: number;
  /** Changed stories left for the next run (over `maxWrites`). */
  deferred: number;
  failed: { key: string; message: string }[];
  jiraRequests: number;
}

/**
 * Writes `refinery.quality` on every open story of the train whose verdict changed since the last
 * run. Run as the app by the daily job. Reads page by page (100 stories with their text and the
 * stored property per request), checks each page with the same engine as the story panel, and
 * keeps no text past its page.
 */
export async function syncQualityProperties(
  jira: JiraClient,
  input: { settings: EffectiveSettings; meta: SiteMetadata; projectKey: string; now: Date; maxWrites?: number },
): Promise<QualityPropertySync> {
  const before = jira.stats.requests;
  const { settings, meta } = input;
  const out: QualityPropertySync = { checked: 0, written: 0, unchanged: 0, deferred: 0, failed: [], jiraRequests: 0 };
  const storyTypes = typesAtLevel(meta, settings.storyHierarchyLevel);
  if (!storyTypes.length) return out;
  const jql = `${and(trainScope(settings, input.projectKey), `issuetype in ${jqlList(storyTypes)}`, 'statusCategory != Done')} ORDER BY Rank ASC`;
  const levelOf = hierarchyLevelLookup(meta);
  const max = input.maxWrites ?? DEFAULT_MAX_WRITES;
  const opts = { maxStoryPoints: settings.maxStoryPoints, maxScenarios: 8, dor: settings.dor };
  const pending: { issueId: string; key: string; value: StoredQuality }[] = [];
  const flush = async (batch: typeof pending) => {
    if (!batch.length) return;
    try {
      const r = await jira.bulkSetIssueProperties(batch.map((b) => ({ issueId: b.issueId, properties: { [QUALITY_PROPERTY]: b.value } })));
      // Jira reports failure per task (a chunk of up to 100 issues), with its reason.
      const failed = new Map(r.failures.flatMap((f) => f.issueIds.map((id) => [id, f.message] as const)));
      for (const b of batch) {
        const reason = failed.get(b.issueId);
        if (reason) out.failed.push({ key: b.key, message: reason });
        else out.written++;
      }
    } catch (e) {
      for (const b of batch) out.failed.push({ key: b.key, message: (e as Error).message });
    }
  };
  for await (const page of jira.searchPages(jql, backlogFields(settings.fields, { withText: true }), { properties: [QUALITY_PROPERTY] })) {
    const issues = page.map((r) => mapIssue(r, settings.fields, levelOf));
    const byKey = new Map(issues.map((i) => [i.key, i]));
    for (let n = 0; n < issues.length; n++) {
      const issue = issues[n];
      if (issue.hierarchyLevel !== settings.storyHierarchyLevel) continue;
      out.checked++;
      const next = qualityPropertyValue(checkStory(qualityInput(issue, byKey), opts), input.now);
      if (sameQuality(page[n].properties?.[QUALITY_PROPERTY], next)) {
        out.unchanged++;
        continue;
      }
      if (out.written + out.failed.length + pending.length >= max) {
        out.deferred++;
        continue;
      }
      pending.push({ issueId: issue.id, key: issue.key, value: next });
    }
    // One bulk request per 100 changed stories (Jira's bulk property API), never one per issue.
    while (pending.length >= 100) await flush(pending.splice(0, 100));
  }
  await flush(pending.splice(0));
  out.jiraRequests = jira.stats.requests - before;
  return out;
}
