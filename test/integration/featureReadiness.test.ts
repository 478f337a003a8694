import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { FEATURE_CHECKS, FEATURE_FINDINGS } from '../../src/domain/quality/featureReadiness';
import type { FeaturePanelData } from '../../src/contract';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data: DataSet = generateDemoTrain({ now: NOW });
// A site with a "Benefit hypothesis" paragraph field (Jira v3 returns it as ADF), filled in on one feature only.
const BH_FIELD = 'customfield_10990';
data.fields.push({ id: BH_FIELD, key: BH_FIELD, name: 'Benefit hypothesis', custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[10990]`, 'Benefit hypothesis'], schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea', customId: 10990 } } as DataSet['fields'][number]);
const BH_TEXT = 'We believe self-service workspace operations will result in 40% fewer platform tickets.';
const orb = data.issues.find((i) => i.key === 'ORB-1')!;
(orb.fields as Record<string, unknown>)[BH_FIELD] = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: BH_TEXT }] }] };
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const childrenOf = (key: string) => data.issues.filter((i) => i.fields.parent?.key === key && i.fields.issuetype.hierarchyLevel === 0);
const pointsOf = (i: DataSet['issues'][number]) => {
  const f = i.fields as Record<string, unknown>;
  // The demo writes estimates in either of its two estimate fields (see the story-points tests).
  return Object.entries(f).some(([k, v]) => /^customfield_/.test(k) && typeof v === 'number' && data.fields.some((d) => d.id === k && /story point/i.test(d.name)));
};
// A feature with open stories that have no estimate in any estimate field: its readiness names exactly those.
const withUnestimated = epics.find((e) => childrenOf(e.key).some((c) => c.fields.status.statusCategory.key !== 'done' && !pointsOf(c)))!;
const unestimatedKeys = childrenOf(withUnestimated.key)
  .filter((c) => c.fields.status.statusCategory.key !== 'done' && !pointsOf(c))
  .map((c) => c.key);
const unscored = epics.find((e) => !e.properties?.['refinery.wsjf'])!;

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
afterEach(() => h.emulator.faults.clear());

async function featurePanel(key: string): Promise<FeaturePanelData> {
  const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
  expect(panel.kind).toBe('feature');
  return panel as FeaturePanelData;
}

describe('feature readiness on the feature panel, over the emulator', () => {
  it('finds demo features to check', () => {
    expect(withUnestimated).toBeDefined();
    expect(unestimatedKeys.length).toBeGreaterThan(0);
    expect(unscored).toBeDefined();
  });

  it('sends the readiness with every check, and names exactly the open stories without an estimate, each linked', async () => {
    const panel = await featurePanel(withUnestimated.key);
    expect(panel.readiness.key).toBe(withUnestimated.key);
    expect(panel.readiness.checks.map((c) => c.check)).toEqual(Object.values(FEATURE_CHECKS));
    const f = panel.readiness.findings.find((x) => x.rule === FEATURE_FINDINGS.childrenUnestimated)!;
    expect([...f.issues].sort()).toEqual([...unestimatedKeys].sort());
    for (const k of f.issues) expect(panel.readiness.issueRefs[k]?.url).toMatch(new RegExp(`/browse/${k}$`));
    expect(panel.readiness.ready).toBe(false);
  });

  it('flags an unscored feature as not ready: no WSJF, not sized', async () => {
    const panel = await featurePanel(unscored.key);
    expect(panel.wsjf).toBeNull();
    expect(panel.readiness.findings.map((f) => f.rule)).toEqual(expect.arrayContaining([FEATURE_FINDINGS.wsjfMissing, FEATURE_FINDINGS.notSized]));
    expect(panel.readiness.ready).toBe(false);
  });

  it('counts the same children as the panel: split into as many stories as the feature has', async () => {
    const panel = await featurePanel(withUnestimated.key);
    expect(panel.readiness.checks.find((c) => c.check === FEATURE_CHECKS.split)!.issues.sort()).toEqual(childrenOf(withUnestimated.key).map((c) => c.key).sort());
  });

  it('adds no Jira request: a train feature panel still makes 5 (issue, train features, children and links, reference children)', async () => {
    const key = epics.find((e) => e.key.startsWith('ART-') && e.properties?.['refinery.wsjf'])!.key;
    await featurePanel(key);
    h.emulator.requests.length = 0;
    await featurePanel(key);
    const mine = h.emulator.requests.filter((r) => r.actor === DEMO.users.popm);
    // Issue 15's brief: the feature panel made 5 requests before readiness; readiness reads what they return.
    expect(mine.length).toBe(5);
    expect(mine.filter((r) => r.method === 'GET' && /\/rest\/api\/3\/issue\//.test(r.path))).toHaveLength(1);
  });

  it('answers an unknown feature key with NOT_FOUND, not a readiness', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: 'ART-99999' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });

  it('reads a benefit-hypothesis field once an admin configures it, in the same issue request', async () => {
    expect((await featurePanel(orb.key)).readiness.findings.map((f) => f.rule)).toContain(FEATURE_FINDINGS.benefitMissing);
    const current = ok(await invoke(h, DEMO.users.admin, 'getSettings', {})).settings;
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, benefitHypothesisField: BH_FIELD } }));
    h.emulator.requests.length = 0;
    const panel = await featurePanel(orb.key);
    expect(panel.readiness.checks.find((c) => c.check === FEATURE_CHECKS.benefitHypothesis)).toMatchObject({ status: 'pass', evidence: BH_TEXT });
    const get = h.emulator.requests.filter((r) => r.actor === DEMO.users.popm && r.method === 'GET' && r.path === `/rest/api/3/issue/${orb.key}`);
    expect(get).toHaveLength(1);
    expect(String(get[0].query.fields)).toContain(BH_FIELD);
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, benefitHypothesisField: null } }));
  });

  it('still gives a readable readiness when the description is malformed ADF', async () => {
    h.emulator.faults.set({ malformedAdf: true });
    const panel = await featurePanel(withUnestimated.key);
    expect(panel.readiness.checks).toHaveLength(Object.values(FEATURE_CHECKS).length);
    for (const f of panel.readiness.findings) {
      expect(f.message).toMatch(/\w/);
      expect(f.hint).toMatch(/\w/);
      expect(typeof f.evidence).toBe('string');
    }
    // The children, WSJF and estimates do not depend on the text.
    expect(panel.readiness.findings.find((x) => x.rule === FEATURE_FINDINGS.childrenUnestimated)!.issues.sort()).toEqual([...unestimatedKeys].sort());
  });
});
