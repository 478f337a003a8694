import { z } from 'zod';

/**
 * Site-wide settings. Every field has a discovered default (from /rest/api/3/field and
 * /rest/api/3/issuetype) and an admin override; `null` in an override means "use discovered".
 */
export const DEFAULT_WSJF_SCALE = [1, 2, 3, 5, 8, 13, 20] as const;

const fieldId = z
  .string()
  .trim()
  .regex(/^(customfield_\d+|[a-z][a-zA-Z]*)$/, 'must be a Jira field id such as customfield_10016');

const statusName = z.string().trim().min(1, 'a status name or id').max(255);

export const teamSourceSchema = z.enum(['teamField', 'board', 'component']);

export const dorRulesSchema = z.object({
  requireAcceptanceCriteria: z.boolean(),
  requireEstimate: z.boolean(),
  requireNoErrors: z.boolean(),
  requireNoOpenBlockers: z.boolean(),
  requireParent: z.boolean(),
  /**
   * Criteria that are all vague ("No bugs", "works as expected") fail the Definition of Ready.
   * Defaults to on when a stored or sent value predates the setting.
   */
  rejectVagueOnlyCriteria: z.boolean().default(true),
});

const isoDay = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2027-01-04');

/**
 * PI planning: capacity from the median accepted points of a team's last `velocitySprints` closed
 * sprints, unless an override names the team and sprint (holidays, an IP iteration: the reason is
 * shown beside the number); over-committed when load > capacity × `overCommitShare`; alignment to
 * the top `topWsjf` features by WSJF; `calendar` states a PI's dates where the sprints cannot tell.
 */
export const piPlanningSchema = z
  .object({
    velocitySprints: z.number({ error: 'must be a number of sprints' }).int('must be a whole number of sprints').min(1, 'needs at least 1 closed sprint').max(12, 'at most 12 closed sprints').default(3),
    overCommitShare: z.number({ error: 'must be a share such as 1.0' }).min(0.1, 'must be at least 0.1 (10% of capacity)').max(2, 'must be at most 2 (200% of capacity)').default(1),
    topWsjf: z.number({ error: 'must be a number of features' }).int('must be a whole number of features').min(1, 'needs at least 1 feature').max(50, 'at most 50 features').default(5),
    capacityOverrides: z
      .array(
        z
          .object({
            team: z.string().trim().min(1, 'name the team').max(255),
            sprintId: z.number({ error: 'must be a sprint id' }).int().positive('must be a sprint id'),
            capacity: z.number({ error: 'must be a number of points' }).min(0, 'cannot be negative').max(10000),
            reason: z.string().trim().min(1, 'say why (holidays, IP iteration, …): the reason is shown beside the capacity').max(200, 'at most 200 characters'),
          })
          .strict(),
      )
      .max(500)
      .refine((os) => new Set(os.map((o) => `${o.team}\u0000${o.sprintId}`)).size === os.length, 'names the same team and sprint twice')
      .default([]),
    calendar: z
      .array(
        z
          .object({ pi: z.string().trim().min(1, 'name the PI').max(80).regex(/^\S+$/, 'a PI label cannot contain spaces'), start: isoDay, end: isoDay })
          .strict()
          .refine((c) => c.start <= c.end, 'the PI must end on or after its start'),
      )
      .max(100)
      .default([]),
  })
  .strict();

export type PiPlanningSettings = z.infer<typeof piPlanningSchema>;

export const DEFAULT_PI_PLANNING: PiPlanningSettings = { velocitySprints: 3, overCommitShare: 1, topWsjf: 5, capacityOverrides: [], calendar: [] };

/** The PI planning block with every default filled in (absent in settings saved before it existed). */
export function piPlanningSettings(settings: Pick<Settings, 'piPlanning'>): PiPlanningSettings {
  return { ...DEFAULT_PI_PLANNING, ...(settings.piPlanning ?? {}) };
}

export const settingsSchema = z
  .object({
    storyPointsField: fieldId.nullable(),
    sprintField: fieldId.nullable(),
    teamField: fieldId.nullable(),
    teamSource: teamSourceSchema,
    acceptanceCriteriaField: fieldId.nullable(),
    /** A field holding a feature's benefit hypothesis (SAFe feature template); absent or null: read from the description. */
    benefitHypothesisField: fieldId.nullable().optional(),
    featureHierarchyLevel: z.number({ error: 'pick the level of your features' }).int('pick the level of your features').min(1, 'features are at level 1 or above').max(10, 'at most level 10'),
    storyHierarchyLevel: z.number().int().min(0).max(0),
    /** JQL that scopes the train; `null` means "this project". */
    trainScopeJql: z.string().trim().max(2000, 'at most 2,000 characters').nullable(),
    dor: dorRulesSchema,
    maxStoryPoints: z.number({ error: 'must be a number of points' }).int('must be a whole number of points').min(1, 'must be at least 1 point').max(100, 'must be at most 100 points'),
    wsjfScale: z
      .array(z.number({ error: 'must be numbers separated by commas' }).int('must be whole numbers').positive('must be numbers above 0').max(1000, 'must be numbers up to 1000'))
      .min(3, 'needs at least three values')
      .max(20, 'at most 20 values')
      .refine((s) => s.every((v, i) => i === 0 || v > s[i - 1]), 'must be strictly increasing')
      .refine((s) => s[0] === 1, 'must start at 1: relative estimation gives the smallest item a 1'),
    /** A WSJF score older than this is marked stale (DOMAIN.md: default one PI of 10 weeks). */
    wsjfStaleAfterDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(730, 'must be at most 730 days (two years)'),
    /**
     * Features whose WSJF score is blank or off the scale: `exclude` leaves them out of the ranking
     * and of Apply WSJF order (the preview says why); `rank-last` ranks them after every scored one.
     * Optional so settings saved before it existed still parse; absent means `exclude`.
     */
    wsjfIncompleteScores: z.enum(['exclude', 'rank-last']).optional(),
    improvementLabel: z
      .string()
      .trim()
      .min(1, 'name the label improvement items carry')
      .max(255, 'at most 255 characters')
      .regex(/^\S*$/, 'a Jira label cannot contain spaces'),
    snapshotRetentionDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(7, 'must be at least 7 days').max(3650, 'must be at most 3650 days (ten years)'),
    /**
     * Optional rework boundary (DOMAIN.md): a move from one of `from` back to one of `to` counts as
     * rework too, e.g. from ["In Review"] to ["In Progress"]. Status names or ids.
     */
    reworkBoundary: z
      .object({ from: z.array(statusName).min(1, 'name at least one status, or leave both empty').max(20, 'at most 20 statuses'), to: z.array(statusName).min(1, 'name at least one status, or leave both empty').max(20, 'at most 20 statuses') })
      .strict()
      .nullable(),
    /**
     * Optional PI predictability: PI objectives tracked as issues of `issueType`, with planned and
     * actual business value in two number fields, and the PI as a label such as "PI-2026.4".
     */
    piObjectives: z
      .object({
        issueType: z.string().trim().min(1, 'name the issue type of PI objectives, or leave the section empty').max(255, 'at most 255 characters'),
        plannedValueField: fieldId,
        actualValueField: fieldId,
        piLabelPrefix: z.string().trim().min(1, 'name the prefix, such as PI-').max(50, 'at most 50 characters').regex(/^\S+$/, 'a label prefix cannot contain spaces'),
      })
      .strict()
      .nullable(),
    /** PI planning (issue 15, docs/PI_PLANNING.md); optional so settings saved before it still parse. */
    piPlanning: piPlanningSchema.optional(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type DorRules = z.infer<typeof dorRulesSchema>;

export const DEFAULT_SETTINGS: Settings = {
  storyPointsField: null,
  sprintField: null,
  teamField: null,
  teamSource: 'teamField',
  acceptanceCriteriaField: null,
  featureHierarchyLevel: 1,
  storyHierarchyLevel: 0,
  trainScopeJql: null,
  dor: {
    requireAcceptanceCriteria: true,
    requireEstimate: true,
    requireNoErrors: true,
    requireNoOpenBlockers: true,
    requireParent: true,
    rejectVagueOnlyCriteria: true,
  },
  maxStoryPoints: 8,
  wsjfScale: [...DEFAULT_WSJF_SCALE],
  wsjfStaleAfterDays: 70,
  wsjfIncompleteScores: 'exclude',
  improvementLabel: 'improvement',
  snapshotRetentionDays: 180,
  reworkBoundary: null,
  piObjectives: null,
  piPlanning: { velocitySprints: 3, overCommitShare: 1, topWsjf: 5, capacityOverrides: [], calendar: [] },
};

/** What discovery found on the site; settings overrides win over these. */
export interface DiscoveredFields {
  storyPointsField: string | null;
  /**
   * Every estimate field read, in order: each story's estimate is the first of them holding a
   * number. A site mixing company-managed ("Story Points") and team-managed ("Story point
   * estimate") projects fills a different one per project, so one field for the whole site reads
   * half the trains as unestimated. Starts with `storyPointsField`; absent in metadata cached
   * before it existed, which then means that field alone.
   */
  storyPointsFields?: string[];
  sprintField: string | null;
  teamField: string | null;
  acceptanceCriteriaField: string | null;
  rankField: string | null;
  /** Planned and actual business value of PI objectives (settings only; not discovered). */
  objectivePlannedField?: string | null;
  objectiveActualField?: string | null;
  /** PI objectives found on the site (an "Objective" issue type with planned/actual value fields). */
  piObjectives?: Settings['piObjectives'];
}

/** Settings with every field id resolved (override, else discovered). */
export interface EffectiveSettings extends Settings {
  fields: DiscoveredFields;
}

/** The estimate fields read, in order (the single field where discovery predates the list). */
export function estimateFieldsOf(f: DiscoveredFields): string[] {
  if (f.storyPointsFields?.length) return f.storyPointsFields;
  return f.storyPointsField ? [f.storyPointsField] : [];
}

export function effectiveSettings(settings: Settings, discovered: DiscoveredFields): EffectiveSettings {
  const piObjectives = settings.piObjectives ?? discovered.piObjectives ?? null;
  return {
    ...settings,
    piObjectives,
    fields: {
      storyPointsField: settings.storyPointsField ?? discovered.storyPointsField,
      // An admin's choice is read alone: they chose it because the others hold something else.
      storyPointsFields: settings.storyPointsField ? [settings.storyPointsField] : estimateFieldsOf(discovered),
      sprintField: settings.sprintField ?? discovered.sprintField,
      teamField: settings.teamField ?? discovered.teamField,
      acceptanceCriteriaField: settings.acceptanceCriteriaField ?? discovered.acceptanceCriteriaField,
      rankField: discovered.rankField,
      objectivePlannedField: piObjectives?.plannedValueField ?? null,
      objectiveActualField: piObjectives?.actualValueField ?? null,
    },
  };
}
