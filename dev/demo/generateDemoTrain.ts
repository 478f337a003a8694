/**
 * A deterministic demo Agile Release Train ("Aurora Release Train", project ART) in Jira Cloud's own
 * REST shapes: four teams with a scrum board each, 13 sprints per team (8 closed, 1 active, 4 future),
 * a fifth team working in kanban, a team-managed project (ORB) beside it (see realSiteShapes.ts),
 * ~30 features (Epics) with and without WSJF scores, ~400 stories of varied quality with changelogs
 * that replay to their current Sprint and status values, cross-team "Blocks" dependencies and
 * Inspect & Adapt improvement items, PI objectives and the next PI (PI-2027.1) partly planned.
 *
 * The same seed and `now` always give the same data set (seeded PRNG, no Math.random).
 *
 * The parts live in ./train/: people and teams (people.ts), features (features.ts), stories and
 * text (stories.ts), sprints and history (sprints.ts), keys, links and issues (issues.ts), the PI
 * objectives (piPlan.ts) and the next PI partly planned (nextPi.ts, own PRNG). They share one PRNG,
 * so the order of the calls below is part of the data.
 */
import type { DataSet } from '../emulator/dataset';
import { addRealSiteShapes } from './realSiteShapes';
import { Rng } from './train/basics';
import type { GenerateOptions } from './train/demo';
import { createFeatures, finishFeatures } from './train/features';
import { assignKeys, hiddenIssues, linkDependencies, toIssues } from './train/issues';
import { buildFields, ISSUE_TYPES, LINK_TYPES } from './train/jira';
import { createContext } from './train/model';
import { addNextPi } from './train/nextPi';
import { buildUsers, teamMembers, teamValue } from './train/people';
import { piObjectives } from './train/piPlan';
import { buildProject, buildSprints, changelogHelpers, simulateSprints } from './train/sprints';
import { improvementItems, storyWriter } from './train/stories';

export { DEMO, type GenerateOptions } from './train/demo';
export { NEXT_PI_PLAN } from './train/nextPi';

export function generateDemoTrain(opts: GenerateOptions = {}): DataSet {
  const seed = opts.seed ?? 20261120;
  const nowMs = opts.now === undefined ? Date.now() : new Date(opts.now).getTime();
  if (!Number.isFinite(nowMs)) throw new Error(`generateDemoTrain: invalid now ${String(opts.now)}`);
  const ctx = createContext(seed, nowMs, opts.scale ?? 1, new Rng(seed), teamMembers());

  const { project, projectRef, boards } = buildProject();
  const sprints = buildSprints(ctx);
  const features = createFeatures(ctx);
  const writer = storyWriter(ctx, features);
  const log = changelogHelpers(ctx, sprints);
  const improvements = improvementItems(ctx, sprints, writer);
  simulateSprints(ctx, sprints, log, features.epicsByTeam, improvements, writer.newStory);
  finishFeatures(ctx, features, log);

  const { ordered, rankOf } = assignKeys(ctx, sprints, features);
  const plain = linkDependencies(ctx, sprints, features);
  const hiddenIssueKeys = hiddenIssues(ctx, features, plain);
  const issues = toIssues(sprints, ordered, rankOf, projectRef);
  issues.push(...piObjectives(nowMs, seed, projectRef, issues, teamValue, ctx.n));

  const data: DataSet = {
    fields: buildFields(),
    issuetypes: Object.values(ISSUE_TYPES),
    projects: [project],
    users: buildUsers(hiddenIssueKeys),
    boards,
    sprints: sprints.infos.flat().map((i) => i.sprint).sort((a, b) => a.id - b.id),
    issues,
    linktypes: LINK_TYPES,
  };
  // A kanban team, a team-managed project and a deleted-but-still-linked feature (realSiteShapes.ts).
  addRealSiteShapes(data, nowMs, seed);
  // The next PI partly planned: new sprints and issues appended, the PI's label on its features and planned stories (nextPi.ts).
  addNextPi(data, nowMs, seed);
  return data;
}
