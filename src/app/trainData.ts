import type { BacklogIssue, FieldChange, Sprint, StatusCategoryById } from '../domain/model';
import type { EffectiveSettings } from '../domain/settings';
import { teamOfSprints } from '../domain/teamOfSprint';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/errors';
import { and, jqlList, jqlString } from '../jira/jql';
import { backlogFields, mapChanges, mapIssue, mapSprint } from '../jira/mapping';
import type { JiraBoard, JiraSprint } from '../jira/types';
import { hierarchyLevelLookup, typesAtLevel, type SiteMetadata } from './siteMetadata';

export interface TrainData {
  projectKey: string;
  scopeJql: string;
  stories: BacklogIssue[];
  features: BacklogIssue[];
  /** PI objective issues, when PI objectives are configured or discovered. */
  objectives: BacklogIssue[];
  changes: Map<string, FieldChange[]>;
  sprints: Sprint[];
  teamOfSprint: Map<number, string>;
  statusCategoryById: StatusCategoryById;
  /** Sentences for the page about what the numbers leave out, e.g. a kanban board's missing sprints. */
  notes: string[];
}

const BOARD_KIND: Record<string, string> = { kanban: 'a kanban board', simple: 'a team-managed board' };

/**
 * The sprints of the train's boards. Only scrum boards have sprints: Jira answers a kanban or
 * team-managed ("simple") board's sprint list with 400 "The board does not support sprints", so
 * those are not asked, and a scrum board answering that 400 anyway (sprints switched off) is
 * skipped the same way. Their issues still count for readiness; the notes say so on the page.
 */
export async function boardSprints(jira: JiraClient, boards: readonly Pick<JiraBoard, 'id' | 'name' | 'type'>[]): Promise<{ sprints: JiraSprint[]; notes: string[] }> {
  const notes: string[] = [];
  const noSprints = (b: Pick<JiraBoard, 'name' | 'type'>) => notes.push(`Board ${b.name} (${BOARD_KIND[b.type] ?? 'a board without sprints'}) has no sprints; its issues count for readiness only.`);
  const lists = await Promise.all(
    boards.map(async (b) => {
      if (b.type === 'kanban' || b.type === 'simple') {
        noSprints(b);
        return [];
      }
      try {
        return await jira.sprints(b.id);
      } catch (e) {
        if (!(e instanceof JiraError) || e.kind !== 'bad-request') throw e;
        noSprints(b);
        return [];
      }
    }),
  );
  return { sprints: lists.flat(), notes };
}

export function trainScope(settings: EffectiveSettings, projectKey: string): string {
  return settings.trainScopeJql ?? `project = ${jqlString(projectKey)}`;
}

/**
 * Everything the health metrics need, in a bounded number of Jira calls: ⌈N/100⌉ search pages with
 * an explicit field list, ⌈N/1000⌉ bulk changelog calls limited to the status and Sprint fields,
 * and one call per board for its sprints. Never one request per issue.
 */
export async function loadTrain(jira: JiraClient, settings: EffectiveSettings, meta: SiteMetadata, projectKey: string): Promise<TrainData> {
  const scopeJql = trainScope(settings, projectKey);
  const storyTypes = typesAtLevel(meta, settings.storyHierarchyLevel);
  const featureTypes = typesAtLevel(meta, settings.featureHierarchyLevel);
  const jql = `${and(scopeJql, `issuetype in ${jqlList([...storyTypes, ...featureTypes])}`)} ORDER BY Rank ASC`;
  const levelOf = hierarchyLevelLookup(meta);
  const [raw, boards] = await Promise.all([jira.searchAll(jql, backlogFields(settings.fields, { withText: true })), jira.boards(projectKey)]);
  const issues = raw.map((r) => mapIssue(r, settings.fields, levelOf));
  const { sprints: fromBoards, notes } = await boardSprints(jira, boards);
  const fieldIds = ['status', ...(settings.fields.sprintField ? [settings.fields.sprintField] : [])];
  const logs = await jira.bulkChangelogs(
    issues.map((i) => i.id),
    fieldIds,
  );
  const changes = new Map<string, FieldChange[]>();
  for (const i of issues) changes.set(i.id, mapChanges(logs.get(i.id) ?? [], settings.fields.sprintField));
  return assembleTrain(projectKey, scopeJql, issues, changes, boards, fromBoards, settings, notes);
}

/**
 * The train from its loaded parts: stories, features and PI objectives apart, the sprints known
 * from the boards and from the issues' Sprint fields, each sprint's team, and status categories.
 * Shared by the in-memory load above and the sync engine's stored chunks.
 */
export function assembleTrain(
  projectKey: string,
  scopeJql: string,
  issues: BacklogIssue[],
  changes: Map<string, FieldChange[]>,
  boards: { id: number; name: string }[],
  sprintsOfBoards: JiraSprint[],
  settings: EffectiveSettings,
  notes: string[] = [],
): TrainData {
  const sprints = dedupeSprints(sprintsOfBoards.map(mapSprint), issues);
  const statusCategoryById: StatusCategoryById = {};
  for (const i of issues) if (i.status.id) statusCategoryById[i.status.id] = i.status.category;
  const { isStory, isObjective, isFeature } = recordKinds(settings);
  return {
    projectKey,
    scopeJql,
    // PI objectives live at the story level in Jira but are not stories.
    stories: issues.filter(isStory),
    objectives: issues.filter(isObjective),
    features: issues.filter(isFeature),
    changes,
    sprints,
    teamOfSprint: teamOfSprints(issues, sprints, new Map(boards.map((b) => [b.id, b.name]))),
    statusCategoryById,
    notes,
  };
}

/** Whether a train keeps its stories' and features' summaries: a person's does (a Jira summary is never empty), the app's does not. */
export function summariesKept(train: Pick<TrainData, 'stories' | 'features'>): boolean {
  return !train.stories.some((i) => !i.summary) && !train.features.some((i) => !i.summary);
}

/** Which of a train's records are stories, PI objectives (at the story level, but not stories) and features. */
export function recordKinds(settings: Pick<EffectiveSettings, 'piObjectives' | 'storyHierarchyLevel' | 'featureHierarchyLevel'>) {
  const objectiveType = settings.piObjectives?.issueType.toLowerCase();
  const isObjective = (i: Pick<BacklogIssue, 'issueType'>) => objectiveType !== undefined && i.issueType.toLowerCase() === objectiveType;
  return {
    isObjective,
    isStory: (i: Pick<BacklogIssue, 'issueType' | 'hierarchyLevel'>) => i.hierarchyLevel === settings.storyHierarchyLevel && !isObjective(i),
    isFeature: (i: Pick<BacklogIssue, 'hierarchyLevel'>) => i.hierarchyLevel === settings.featureHierarchyLevel,
  };
}

/** Board sprints, plus any sprint only known from an issue's Sprint field (e.g. from another board). */
function dedupeSprints(fromBoards: Sprint[], issues: BacklogIssue[]): Sprint[] {
  const byId = new Map<number, Sprint>();
  for (const s of fromBoards) byId.set(s.id, s);
  for (const i of issues) for (const s of i.sprints) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()];
}
