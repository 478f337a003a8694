/**
 * The admin form shows the server's validation messages by field (issue 17): every message the
 * settings schema gives for a value the form can send lands on one of the form's fields (none is
 * left to the summary only), in people's words rather than zod's defaults.
 */
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../src/domain/settings';
import type { AppError } from '../../src/contract';
import { LABELS, messagesByField, submitErrors } from '../../static/src/pages/settingsMessages';

/** What the form can send wrong, field by field (a blank number is sent as null: JSON has no NaN). */
const BAD: Partial<Settings>[] = [
  { storyPointsField: 'not a field' },
  { sprintField: 'x y' },
  { teamField: '1' },
  { acceptanceCriteriaField: '-' },
  { featureHierarchyLevel: null as unknown as number },
  { featureHierarchyLevel: 0 },
  { featureHierarchyLevel: 1.5 },
  { trainScopeJql: 'x'.repeat(2001) },
  { maxStoryPoints: null as unknown as number },
  { maxStoryPoints: 0 },
  { maxStoryPoints: 101 },
  { maxStoryPoints: 2.5 },
  { wsjfScale: [1, 2] },
  { wsjfScale: [1, 2, 2, 5] },
  { wsjfScale: [2, 3, 5] },
  { wsjfScale: [1, null as unknown as number, 3] },
  { wsjfScale: [1, 2, 2000] },
  { wsjfScale: [1, 2, 3.5] },
  { wsjfScale: Array.from({ length: 21 }, (_, i) => i + 1) },
  { wsjfStaleAfterDays: 0 },
  { wsjfStaleAfterDays: 731 },
  { wsjfStaleAfterDays: null as unknown as number },
  { improvementLabel: '' },
  { improvementLabel: 'two words' },
  { snapshotRetentionDays: 6 },
  { snapshotRetentionDays: 3651 },
  { snapshotRetentionDays: null as unknown as number },
  { reworkBoundary: { from: ['In Review'], to: [] } },
  { reworkBoundary: { from: [], to: ['In Progress'] } },
  { reworkBoundary: { from: [' '], to: ['In Progress'] } },
  { piObjectives: { issueType: '', plannedValueField: 'customfield_1', actualValueField: 'customfield_2', piLabelPrefix: 'PI-' } },
  { piObjectives: { issueType: 'PI Objective', plannedValueField: 'bad id', actualValueField: 'also bad', piLabelPrefix: 'P I' } },
  { piObjectives: { issueType: 'PI Objective', plannedValueField: 'customfield_1', actualValueField: 'customfield_2', piLabelPrefix: '' } },
];

/** The envelope's error the way the saveSettings resolver builds it (src/app/settings.ts). */
function refused(patch: Partial<Settings>): AppError & { issues: number } {
  const r = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...patch });
  if (r.success) throw new Error(`${JSON.stringify(patch)} is valid`);
  const details = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return { code: 'BAD_REQUEST', message: 'Settings not saved', details, issues: details.length };
}

describe('the admin form: server messages by field', () => {
  it.each(BAD.map((b) => [JSON.stringify(b).slice(0, 70), b] as const))('%s: every message is on a field of the form, in words', (_name, patch) => {
    const error = refused(patch);
    const { byField, rest } = messagesByField(error);
    expect(rest).toEqual([]);
    const fields = Object.keys(byField);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(LABELS[f]).toEqual(expect.any(String));
    // One message per issue, none lost when two land on one field.
    expect(fields.map((f) => byField[f].split('; ').length).reduce((a, b) => a + b, 0)).toBe(error.issues);
    // People's words: none of zod's default wording ("Too big: expected number to be <=100").
    for (const m of Object.values(byField)) expect(m).not.toMatch(/Too (big|small)|expected|Invalid input|received/);
  });

  it('puts each part of a compound setting on its own field', () => {
    expect(Object.keys(messagesByField(refused({ reworkBoundary: { from: ['A'], to: [] } })).byField)).toEqual(['reworkTo']);
    expect(Object.keys(messagesByField(refused({ piObjectives: { issueType: 'PI Objective', plannedValueField: 'bad id', actualValueField: 'customfield_2', piLabelPrefix: 'PI-' } })).byField)).toEqual(['objectivePlanned']);
    expect(Object.keys(messagesByField(refused({ wsjfScale: [1, 2, 2000] })).byField)).toEqual(['wsjfScale']);
  });

  it('takes Jira\'s {field: message} details (an invalid train scope) and leaves what the form does not edit to the summary', () => {
    expect(messagesByField({ code: 'BAD_REQUEST', message: 'x', details: [{ path: 'trainScopeJql', message: "Field 'x' does not exist" }] }).byField).toEqual({ trainScopeJql: "Field 'x' does not exist" });
    expect(messagesByField({ code: 'BAD_REQUEST', message: 'x', details: { trainScopeJql: 'bad' } }).byField).toEqual({ trainScopeJql: 'bad' });
    expect(messagesByField({ code: 'BAD_REQUEST', message: 'x', details: [{ path: 'piPlanning.topWsjf', message: 'at most 50 features' }] })).toEqual({ byField: {}, rest: ['at most 50 features'] });
    expect(messagesByField(null)).toEqual({ byField: {}, rest: [] });
  });

  it('nests Definition of Ready messages under dor for @atlaskit/form', () => {
    expect(submitErrors({ wsjfScale: 'a', 'dor.requireEstimate': 'b', 'dor.requireParent': 'c' })).toEqual({ wsjfScale: 'a', dor: { requireEstimate: 'b', requireParent: 'c' } });
    expect(messagesByField({ code: 'BAD_REQUEST', message: 'x', details: [{ path: 'dor.requireEstimate', message: 'must be true or false' }] }).byField).toEqual({ 'dor.requireEstimate': 'must be true or false' });
  });
});
