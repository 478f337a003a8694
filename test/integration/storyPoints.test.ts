/**
 * Story points on a site that mixes project styles (issue 13 follow-up), over the emulator: the
 * demo's ART (company-managed) estimates in "Story Points", ORB (team-managed) in "Story point
 * estimate". Estimates are read per story from both fields, in the same searches as before.
 */
import type { RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { TEAM_MANAGED } from '../../dev/demo/realSiteShapes';
import type { ProjectOverviewData } from '../../src/contract';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const ORB = TEAM_MANAGED.key;
const ART = DEMO.projectKey;

/** ORB's open stories (the refinement horizon: ORB has no sprints, so no velocity caps it), from the demo data itself. */
function orbBacklog() {
  const data = generateDemoTrain({ now: NOW });
  const open = data.issues.filter((i) => i.fields.project.key === ORB && i.fields.issuetype.hierarchyLevel === 0 && i.fields.status.statusCategory.key !== 'done');
  const estimated = open.filter((i) => typeof (i.fields as Record<string, unknown>)[DEMO.fieldIds.storyPointEstimate] === 'number');
  const inArtField = open.filter((i) => typeof (i.fields as Record<string, unknown>)[DEMO.fieldIds.storyPoints] === 'number');
  return { open, estimated, inArtField };
}

/** A fresh demo site, settings saved first, site metadata warmed; the request log then holds only what `work` sends. */
async function site(storyPointsField: string | null, work: (h: RunningHarness) => Promise<ProjectOverviewData>) {
  const h = await startDemoHarness();
  try {
    if (storyPointsField) ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, storyPointsField } }));
    ok(await invoke(h, DEMO.users.admin, 'getSettings', {}));
    h.emulator.requests.length = 0;
    const view = await work(h);
    const rest = h.emulator.requests.filter((r) => r.path.startsWith('/rest/'));
    const searches = rest.filter((r) => r.path === '/rest/api/3/search/jql').map((r) => (r.body as { fields?: string[] }).fields ?? []);
    return { view, requests: rest.length, searches };
  } finally {
    await h.close();
  }
}

const overview = (projectKey: string) => async (h: RunningHarness) => ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey }));
const card = (view: ProjectOverviewData, id: string) => {
  const c = view.cards.find((x) => x.id === id);
  if (!c) throw new Error(`no card ${id} in ${view.cards.map((x) => x.id).join(', ')}`);
  return c;
};

describe('story points on a site with company- and team-managed projects', () => {
  it('ORB’s readiness counts its stories estimated in “Story point estimate” (0 when only ART’s field is read)', async () => {
    const { open, estimated, inArtField } = orbBacklog();
    expect(open.length).toBeGreaterThan(0);
    expect(estimated.length).toBeGreaterThan(0);
    expect(inArtField).toEqual([]);

    const discovered = await site(null, overview(ORB));
    const readiness = card(discovered.view, 'readinessRate').figure;
    // ORB's stories meet every other rule of the Definition of Ready (criteria, parent, no blockers), so each estimated one is ready.
    expect(readiness.numerator).toBe(estimated.length);
    expect(readiness.denominator).toBe(open.length);
    expect(card(discovered.view, 'readinessRate').detail).toBe(`${estimated.length} of ${open.length} stories in the refinement horizon are ready (100% of points).`);

    // The admin override wins: only ART's "Story Points" is read, and ORB reads as unestimated, as before the fix.
    const overridden = await site(DEMO.fieldIds.storyPoints, overview(ORB));
    expect(card(overridden.view, 'readinessRate').figure.numerator).toBe(0);
    expect(card(overridden.view, 'readinessRate').figure.denominator).toBe(open.length);
  }, 120_000);

  it('a train spanning ART and ORB: ORB-1’s job size adds its stories’ “Story point estimate”, against an ART feature’s “Story Points”', async () => {
    const data = generateDemoTrain({ now: NOW });
    const points = (parent: string, field: string) => {
      const values = data.issues.filter((i) => i.fields.parent?.key === parent).map((i) => (i.fields as Record<string, unknown>)[field]);
      return { sum: values.reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0), count: values.length, unestimated: values.filter((v) => typeof v !== 'number').length };
    };
    const orbEpic = `${ORB}-1`;
    const own = points(orbEpic, DEMO.fieldIds.storyPointEstimate);
    expect(own.sum).toBeGreaterThan(0);
    const h = await startDemoHarness(data);
    try {
      ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, trainScopeJql: `project in (${ART}, ${ORB})` } }));
      const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: orbEpic }));
      if (panel.kind !== 'feature') throw new Error(`expected a feature panel, got ${panel.kind}`);
      const js = panel.jobSizeSuggestion;
      expect(js).toMatchObject({ storyPoints: own.sum, storyCount: own.count, unestimatedCount: own.unestimated });
      // The reference is an ART feature: its children's points come from ART's "Story Points".
      expect(js?.reference.issue.key).toMatch(new RegExp(`^${ART}-`));
      expect(js?.reference.storyPoints).toBe(points(js!.reference.issue.key, DEMO.fieldIds.storyPoints).sum);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('ART’s figures are those of reading “Story Points” alone, with the same number of Jira requests', async () => {
    const discovered = await site(null, overview(ART));
    const single = await site(DEMO.fieldIds.storyPoints, overview(ART));
    expect(discovered.view.cards.length).toBeGreaterThan(0);
    // Each harness serves its site on its own port: links are compared without it.
    const figures = (v: ProjectOverviewData) => JSON.parse(JSON.stringify({ cards: v.cards, teams: v.teams, sprints: v.sprints }).replace(/http:\/\/127\.0\.0\.1:\d+/g, 'SITE')) as unknown;
    expect(figures(discovered.view)).toEqual(figures(single.view));
    // The second field rides in the same searches: no extra call.
    expect(discovered.requests).toBeGreaterThan(0);
    expect(discovered.requests).toBe(single.requests);
    // The train's searches (those asking for issue content, not id-only ones) each carry both estimate fields.
    const trainSearches = discovered.searches.filter((f) => f.includes('summary'));
    expect(trainSearches.length).toBeGreaterThan(0);
    for (const fields of trainSearches) expect(fields).toEqual(expect.arrayContaining([DEMO.fieldIds.storyPoints, DEMO.fieldIds.storyPointEstimate]));
    expect(single.searches.flat()).not.toContain(DEMO.fieldIds.storyPointEstimate);
  }, 120_000);
});
