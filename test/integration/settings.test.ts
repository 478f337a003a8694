import type { RunningHarness } from '../../dev/harness/server';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { DEMO, invoke, ok, startDemoHarness } from './harness';

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness();
});
afterAll(() => h.close());

describe('settings', () => {
  it('discovers the story points, sprint, team and rank fields from /rest/api/3/field', async () => {
    const s = ok(await invoke(h, DEMO.users.member, 'getSettings', {}));
    expect(s.discovered).toMatchObject({ storyPointsField: DEMO.fieldIds.storyPoints, sprintField: DEMO.fieldIds.sprint, teamField: DEMO.fieldIds.team, rankField: DEMO.fieldIds.rank });
    expect(s.permissions.canEdit).toBe(false);
    expect(s.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('lets a Jira admin save valid settings and keeps them', async () => {
    const settings = { ...DEFAULT_SETTINGS, maxStoryPoints: 13, improvementLabel: 'kaizen' };
    const saved = ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings }));
    expect(saved.settings.maxStoryPoints).toBe(13);
    expect(ok(await invoke(h, DEMO.users.popm, 'getSettings', {})).settings.improvementLabel).toBe('kaizen');
  });

  it('refuses a non-admin, checked against /mypermissions', async () => {
    const r = await invoke(h, DEMO.users.popm, 'saveSettings', { settings: DEFAULT_SETTINGS });
    expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Jira administrators/) });
    expect(h.emulator.requests.some((q) => q.path === '/rest/api/3/mypermissions' && q.actor === DEMO.users.popm)).toBe(true);
  });

  it.each([
    [{ wsjfScale: [2, 3, 5] }, 'wsjfScale'],
    [{ wsjfScale: [1, 5, 3] }, 'wsjfScale'],
    [{ improvementLabel: 'two words' }, 'improvementLabel'],
    [{ storyPointsField: 'not a field' }, 'storyPointsField'],
    [{ maxStoryPoints: -1 }, 'maxStoryPoints'],
  ])('rejects %j with a message on the field and stores nothing', async (bad, path) => {
    const r = await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, ...bad } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect(r.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('keeps the stored PI planning block (and the other later blocks) when a save leaves them out, replaces them when sent', async () => {
    const piPlanning = { ...DEFAULT_SETTINGS.piPlanning!, topWsjf: 7, capacityOverrides: [{ team: 'Quasar', sprintId: 92, capacity: 0, reason: 'IP iteration' }] };
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, piPlanning, wsjfIncompleteScores: 'rank-last' } }));
    // The main settings form as it was: every field it edits, none of the later blocks.
    const { piPlanning: _p, wsjfIncompleteScores: _w, benefitHypothesisField: _b, ...older } = { ...DEFAULT_SETTINGS, maxStoryPoints: 21 };
    expect(Object.keys(older)).not.toContain('piPlanning');
    const saved = ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: older })).settings;
    expect(saved.maxStoryPoints).toBe(21);
    expect(saved.piPlanning).toEqual(piPlanning);
    expect(saved.wsjfIncompleteScores).toBe('rank-last');
    expect(ok(await invoke(h, DEMO.users.popm, 'getSettings', {})).settings.piPlanning).toEqual(piPlanning);
    // Sent explicitly, a block replaces the stored one.
    const again = ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...older, piPlanning: DEFAULT_SETTINGS.piPlanning } })).settings;
    expect(again.piPlanning).toEqual(DEFAULT_SETTINGS.piPlanning);
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: DEFAULT_SETTINGS }));
  });

  it('rejects a train scope JQL that Jira cannot parse, with Jira\'s reason', async () => {
    const r = await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, trainScopeJql: 'project = ART AND AND' } });
    expect(!r.ok && r.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/train scope JQL is not valid/) });
  });
});
