/**
 * The settings page in a real browser: the story-points hint says which estimate fields are read,
 * in what order, and that a field chosen there is read alone.
 */
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { appFrame, browserHarness, choose } from './browser';

const NOW = new Date('2026-11-20T10:00:00Z');
jest.setTimeout(120_000);

const t = browserHarness(generateDemoTrain({ now: NOW }), NOW);

describe('admin page: story points', () => {
  it('says the demo reads "Story Points", else "Story point estimate", and only the field chosen once one is', async () => {
    await t.as(DEMO.users.admin, '/admin/refinery');
    const app = await appFrame(t.page, 'admin-page');
    const hint = '[data-testid="story-points-evidence"]';
    await app.waitForSelector(hint);
    // Fields by name in quotes, as Jira's admin screens name them; the ids only on hover (issue 17).
    const P = '“Story Points”';
    const E = '“Story point estimate”';
    const shown = (await app.textContent(hint))!;
    expect(shown).toMatch(new RegExp(`has a value on [1-9]\\d* of the 100 most recently updated stories .* Each story's estimate is read from ${P}, else from ${E}\\.$`));
    expect(shown).not.toContain('customfield_');
    await app.hover(`${hint} [data-testid="field-name"] >> nth=0`);
    expect(await app.getByRole('tooltip').textContent()).toBe(`Field id: ${DEMO.fieldIds.storyPoints}`);
    await choose(app, 'setting-storyPointsField', 'Story point estimate', DEMO.fieldIds.storyPointEstimate);
    expect(await app.textContent(hint)).toBe(` — Only ${E} is read, as chosen here. “Use discovered” would read each story's estimate from ${P}, else from ${E}.`);
  });
});
