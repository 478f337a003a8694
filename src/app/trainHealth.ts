import { computeHealth, type TrainHealth } from '../domain/health';
import type { BacklogIssue } from '../domain/model';
import { checkStory, type QualityReport } from '../domain/quality';
import type { EffectiveSettings } from '../domain/settings';
import type { JiraClient } from '../jira/client';
import type { KeyValueStore } from '../storage/keyValueStore';
import { loadTrain, type TrainData } from './trainData';
import type { SiteMetadata } from './siteMetadata';
import { recordedCommitments } from './snapshots';

export interface TrainHealthResult {
  train: TrainData;
  health: TrainHealth;
  /** Quality report per story key (the same engine as the story panel). */
  quality: Map<string, QualityReport>;
}

/** The quality engine's input for a backlog story, as the story panel builds it. */
export function qualityInput(issue: BacklogIssue, blockers: ReadonlyMap<string, Pick<BacklogIssue, 'team' | 'sprints'>>) {
  return {
    id: issue.key,
    summary: issue.summary,
    description: issue.description,
    acceptanceCriteria: issue.acceptanceCriteria,
    storyPoints: issue.storyPoints,
    team: issue.team,
    hasParent: issue.parentKey !== null,
    issueType: issue.issueType,
    blockedBy: issue.links
      .filter((l) => l.direction === 'blockedBy')
      .map((l) => ({
        key: l.other.key,
        summary: l.other.summary,
        isDone: l.other.statusCategory === 'done',
        team: blockers.get(l.other.key)?.team ?? null,
        sprintName: blockers.get(l.other.key)?.sprints.at(-1)?.name ?? null,
      })),
  };
}

export function qualityReports(stories: BacklogIssue[], all: BacklogIssue[], settings: EffectiveSettings): Map<string, QualityReport> {
  const byKey = new Map(all.map((i) => [i.key, i]));
  const out = new Map<string, QualityReport>();
  for (const s of stories) out.set(s.key, checkStory(qualityInput(s, byKey), { maxStoryPoints: settings.maxStoryPoints, maxScenarios: 8, dor: settings.dor }));
  return out;
}

/**
 * Every health metric of a loaded train, given each story's quality verdict (a story without one
 * counts as not ready and passing).
 */
export function healthOf(train: TrainData, settings: EffectiveSettings, now: Date, recorded: Record<number, string[]>, verdict: (key: string) => { ready: boolean; pass: boolean } | undefined): TrainHealth {
  return computeHealth({
    stories: train.stories,
    features: train.features,
    changes: train.changes,
    sprints: train.sprints,
    teamOfSprint: train.teamOfSprint,
    statusCategoryById: train.statusCategoryById,
    ready: (i) => verdict(i.key)?.ready ?? false,
    qualityPass: (i) => verdict(i.key)?.pass ?? true,
    improvementLabel: settings.improvementLabel,
    now: now.toISOString(),
    recordedCommitments: recorded,
    reworkBoundary: settings.reworkBoundary,
  });
}

/**
 * Loads the train through `jira` (asUser for a person, asApp for the daily job) and computes every
 * health metric on the pure domain core.
 */
export async function trainHealth(jira: JiraClient, store: KeyValueStore, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string, now: Date): Promise<TrainHealthResult> {
  const [train, recorded] = await Promise.all([loadTrain(jira, settings, meta, projectKey), recordedCommitments(store, projectKey)]);
  const quality = qualityReports(train.stories, [...train.stories, ...train.features], settings);
  const health = healthOf(train, settings, now, recorded, (key) => {
    const r = quality.get(key);
    return r && { ready: r.ready, pass: !r.findings.some((f) => f.severity === 'error') };
  });
  return { train, health, quality };
}
