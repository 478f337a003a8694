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
    const P = `"Story Points" (${DEMO.fieldIds.storyPoints})`;
    const E = `"Story point estimate" (${DEMO.fieldIds.storyPointEstimate})`;
    expect(await app.textContent(hint)).toMatch(new RegExp(`has a value on [1-9]\\d* of the 100 most recently updated stories .* Each story's estimate is read from ${P.replace(/[()]/g, '\\$&')}, else from ${E.replace(/[()]/g, '\\$&')}\\.$`));
    await choose(app, 'setting-storyPointsField', 'Story point estimate', DEMO.fieldIds.storyPointEstimate);
    expect(await app.textContent(hint)).toBe(` — Only ${E} is read, as chosen here. “Use discovered” would read each story's estimate from ${P}, else from ${E}.`);
  });
});
