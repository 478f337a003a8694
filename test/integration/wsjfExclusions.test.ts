/**
 * WSJF exclusions over the emulator: done features, blank and off-scale scores on every surface
 * that ranks (table, Apply preview and re-rank, feature panel), and the relative job-size
 * suggestion. The demo train has done features with scores and two off-scale scores.
 */
import type { RunningHarness } from '../../dev/harness/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { WsjfOrderPreview } from '../../src/contract';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const SCALE: readonly number[] = DEFAULT_SETTINGS.wsjfScale;
const data: DataSet = generateDemoTrain({ now: NOW });

type Score = { businessValue: number; timeCriticality: number; riskReduction: number; jobSize: number };
const scoreOf = (i: JiraIssue) => (i.properties?.['refinery.wsjf'] as Score | undefined) ?? null;
// The train is project ART (the data set may hold other projects).
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1 && i.fields.project.key === DEMO.projectKey);
const isDone = (i: JiraIssue) => i.fields.status.statusCategory.key === 'done';
const onScale = (s: Score) => [s.businessValue, s.timeCriticality, s.riskReduction, s.jobSize].every((v) => SCALE.includes(v));
// Independent of the app: which demo features a correct ranking must leave out.
const doneKeys = epics.filter(isDone).map((e) => e.key);
const offScaleKeys = epics.filter((e) => !isDone(e) && scoreOf(e) && !onScale(scoreOf(e)!)).map((e) => e.key);
const blankKeys = epics.filter((e) => !isDone(e) && !scoreOf(e)).map((e) => e.key);
const rankableKeys = epics.filter((e) => !isDone(e) && scoreOf(e) && onScale(scoreOf(e)!)).map((e) => e.key);

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
beforeEach(() => h.emulator.reset());

const rankCalls = () => h.emulator.requests.filter((r) => r.method === 'PUT' && r.path === '/rest/agile/1.0/issue/rank');
/** Every key a rank call names: the moved issues and the anchor. */
const keysSentToRank = () =>
  rankCalls().flatMap((c) => {
    const b = c.body as { issues: string[]; rankBeforeIssue?: string; rankAfterIssue?: string };
    return [...b.issues, ...(b.rankBeforeIssue ? [b.rankBeforeIssue] : []), ...(b.rankAfterIssue ? [b.rankAfterIssue] : [])];
  });

async function searchAs(accountId: string, jql: string): Promise<string[]> {
  const res = await fetch(`${h.url}/rest/api/3/search/jql`, { method: 'POST', headers: { 'X-Refinery-As-User': accountId, 'Content-Type': 'application/json' }, body: JSON.stringify({ jql, fields: ['summary'], maxResults: 100 }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { issues: { key: string }[] }).issues.map((i) => i.key);
}

async function withPolicy<T>(policy: 'exclude' | 'rank-last', run: () => Promise<T>): Promise<T> {
  const current = ok(await invoke(h, DEMO.users.admin, 'getSettings', {})).settings;
  ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, wsjfIncompleteScores: policy } }));
  try {
    return await run();
  } finally {
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: current }));
  }
}

describe('the demo train has what these tests need', () => {
  it('has done features with scores, off-scale scores and blank ones', () => {
    expect(doneKeys.filter((k) => scoreOf(epics.find((e) => e.key === k)!)).length).toBeGreaterThan(0);
    expect(offScaleKeys.length).toBeGreaterThan(0);
    expect(blankKeys.length).toBeGreaterThan(0);
    expect(rankableKeys.length).toBeGreaterThan(1);
  });
});

describe('WSJF table', () => {
  it('ranks exactly the open features with on-scale scores; done, off-scale and blank ones say why they are not ranked', async () => {
    const t = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const reason = (k: string) => t.rows.find((r) => r.issue.key === k)!.notRanked?.reason ?? null;
    expect(t.rows.filter((r) => r.wsjfRank !== null).map((r) => r.issue.key).sort()).toEqual([...rankableKeys].sort());
    for (const k of doneKeys) expect(reason(k)).toBe('done');
    for (const k of offScaleKeys) expect(reason(k)).toBe('off-scale');
    for (const k of blankKeys) expect(reason(k)).toBe('blank');
    expect(t.counts).toEqual({ ranked: rankableKeys.length, rankedLast: 0, excluded: offScaleKeys.length + blankKeys.length, done: doneKeys.length });
    expect(t.incompleteScores).toBe('exclude');
  });

  it('counts the delay cost over exactly the ranked features, and its link opens exactly those issues', async () => {
    const t = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    expect(t.delayCost!.scoredCount).toBe(rankableKeys.length);
    expect(t.delayCost!.counted.length).toBeGreaterThan(0);
    const opened = (await Promise.all(t.delayCost!.counted.map((l) => searchAs(DEMO.users.popm, l.jql)))).flat();
    expect(opened.sort()).toEqual([...rankableKeys].sort());
    // Each group's count opens exactly that group.
    for (const [group, keys] of [['ranked', rankableKeys], ['excluded', [...offScaleKeys, ...blankKeys]], ['done', doneKeys]] as const) {
      const links = t.groupLinks[group];
      expect(links.length).toBeGreaterThan(0);
      const got = (await Promise.all(links.map((l) => searchAs(DEMO.users.popm, l.jql)))).flat();
      expect(got.sort()).toEqual([...keys].sort());
    }
    expect(t.groupLinks.rankedLast).toEqual([]);
    expect(t.delayCost!.difference).toBe(t.delayCost!.currentOrder - t.delayCost!.wsjfOrder);
  });
});

describe('Apply WSJF order never sends a done or excluded feature to Jira\'s rank endpoint', () => {
  const preview = async (): Promise<WsjfOrderPreview> => ok(await invoke(h, DEMO.users.popm, 'previewWsjfOrder', { projectKey: 'ART' }));

  it('exclude (default): the preview lists the left-out features with their reason; the rank calls name only ranked ones', async () => {
    const p = await preview();
    expect(p.excluded.map((e) => e.issue.key).sort()).toEqual([...offScaleKeys, ...blankKeys].sort());
    for (const e of p.excluded) expect(e.message).toMatch(e.reason === 'off-scale' ? /is not on the scale/ : /Not scored yet/);
    expect(p.done.map((d) => d.key).sort()).toEqual([...doneKeys].sort());
    expect(p.targetOrder.sort()).toEqual([...rankableKeys].sort());

    const fresh = await preview();
    const result = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: fresh.currentOrder, expectedTargetOrder: fresh.targetOrder }));
    expect(result.inWsjfOrder).toBe(true);
    const sent = keysSentToRank();
    expect(sent.length).toBeGreaterThan(0);
    const forbidden = new Set([...doneKeys, ...offScaleKeys, ...blankKeys]);
    expect(sent.filter((k) => forbidden.has(k))).toEqual([]);
  });

  it('rank-last: off-scale and blank features go after every ranked one with their reason; done ones are still never sent', async () => {
    await withPolicy('rank-last', async () => {
      const p = await preview();
      expect(p.excluded).toEqual([]);
      expect(p.rankedLast.map((e) => e.issue.key).sort()).toEqual([...offScaleKeys, ...blankKeys].sort());
      expect(p.targetOrder.slice(0, rankableKeys.length).sort()).toEqual([...rankableKeys].sort());
      const result = ok(await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder }));
      expect(result.inWsjfOrder).toBe(true);
      const sent = keysSentToRank();
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((k) => doneKeys.includes(k))).toEqual([]);
      // In the table that follows, an off-scale feature's WSJF rank comes after every ranked feature's.
      const last = Math.max(...result.table.rows.filter((r) => r.notRanked === null).map((r) => r.wsjfRank!));
      for (const k of offScaleKeys) expect(result.table.rows.find((r) => r.issue.key === k)!.wsjfRank).toBeGreaterThan(last);
    });
  });

  it('a feature marked done after the preview is refused as a conflict, and nothing is re-ranked', async () => {
    const p = await preview();
    const moving = p.moves[0].issue.key;
    const issue = h.emulator.data.issues.find((i) => i.key === moving)!;
    issue.fields.status = epics.find(isDone)!.fields.status;
    h.emulator.requests.length = 0;
    const r = await invoke(h, DEMO.users.popm, 'applyWsjfOrder', { projectKey: 'ART', expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(rankCalls()).toEqual([]);
  });
});

describe('feature panel: WSJF rank and the relative job-size suggestion', () => {
  const storyPoints = (i: JiraIssue) => i.fields[DEMO.fieldIds.storyPoints] as number | null | undefined;
  const childPoints = (key: string) => {
    const kids = data.issues.filter((i) => i.fields.parent?.key === key && typeof storyPoints(i) === 'number');
    return kids.length ? kids.reduce((s, k) => s + storyPoints(k)!, 0) : null;
  };
  // The reference: the ranked feature with the fewest child points (ties: key).
  const reference = rankableKeys
    .map((k) => ({ key: k, points: childPoints(k) }))
    .filter((x): x is { key: string; points: number } => x.points !== null && x.points > 0)
    .sort((a, b) => a.points - b.points || (a.key < b.key ? -1 : 1))[0];

  it('suggests the job size relative to the smallest scored feature and says how it was derived', async () => {
    const feature = epics.find((e) => e.key !== reference.key && !isDone(e) && (childPoints(e.key) ?? 0) > reference.points * 3)!;
    const points = childPoints(feature.key)!;
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: feature.key }));
    if (panel.kind !== 'feature') throw new Error(`expected a feature panel, got ${panel.kind}`);
    const s = panel.jobSizeSuggestion!;
    expect(s.reference).toEqual({ issue: expect.objectContaining({ key: reference.key }), storyPoints: reference.points });
    expect(s.storyPoints).toBe(points);
    expect(s.ratio).toBeCloseTo(points / reference.points, 10);
    // Nearest scale value on a log axis, computed here independently.
    const expected = [...SCALE].sort((a, b) => Math.abs(Math.log(a) - Math.log(s.ratio)) - Math.abs(Math.log(b) - Math.log(s.ratio)) || b - a)[0];
    expect(s.suggested).toBe(expected);
    expect(s.basis).toContain(`${points} points of stories; the smallest scored feature (${reference.key}) has ${reference.points} → ${points}/${reference.points}`);
    expect(s.basis).toContain(`→ ${expected} on the scale`);
  });

  it('gives the reference feature itself a 1', async () => {
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: reference.key }));
    if (panel.kind !== 'feature') throw new Error(`expected a feature panel, got ${panel.kind}`);
    expect(panel.jobSizeSuggestion!.suggested).toBe(1);
    expect(panel.jobSizeSuggestion!.basis).toMatch(/this is the smallest scored feature/);
  });

  it('shows no suggestion, and says why, for a feature without estimated child stories', async () => {
    const issue = h.emulator.data.issues.find((i) => i.key === rankableKeys.find((k) => k !== reference.key))!;
    for (const kid of h.emulator.data.issues.filter((i) => i.fields.parent?.key === issue.key)) kid.fields[DEMO.fieldIds.storyPoints] = null;
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: issue.key }));
    if (panel.kind !== 'feature') throw new Error(`expected a feature panel, got ${panel.kind}`);
    expect(panel.jobSizeSuggestion).toBeNull();
    expect(panel.jobSizeNoSuggestion).toMatch(/none of its child stories has story points/);
  });

  it('ranks a feature as the WSJF tab does, and says a done feature is not ranked', async () => {
    const t = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const first = t.rows.find((r) => r.wsjfRank === 1)!;
    const p1 = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: first.issue.key }));
    expect(p1.kind === 'feature' && p1.ranking).toMatchObject({ rank: 1, of: rankableKeys.length, notRanked: null });
    const done = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: doneKeys[0] }));
    expect(done.kind === 'feature' && done.ranking).toMatchObject({ rank: null, notRanked: { reason: 'done' } });
  });

  it('looks up Cost of Delay and WSJF for every choice instead of computing them in the browser', async () => {
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: rankableKeys[0] }));
    if (panel.kind !== 'feature') throw new Error(`expected a feature panel, got ${panel.kind}`);
    expect(panel.scorePreview.costOfDelay['8|5|1']).toBe(14);
    expect(panel.scorePreview.wsjf['14|3']).toBe(4.67);
    expect(Object.keys(panel.scorePreview.costOfDelay).length).toBeGreaterThanOrEqual(SCALE.length ** 3);
  });
});

describe('estimation mode column preview', () => {
  it('normalises the column on screen on the backend and warns when it has no 1', async () => {
    const r = ok(await invoke(h, DEMO.users.popm, 'previewWsjfColumn', { component: 'jobSize', values: [{ issueKey: 'ART-1', value: 5 }, { issueKey: 'ART-4', value: 3 }, { issueKey: 'ART-6', value: 20 }] }));
    expect(r.normalised).toEqual([{ issueKey: 'ART-1', value: 2 }, { issueKey: 'ART-4', value: 1 }, { issueKey: 'ART-6', value: 8 }]);
    expect(r.hasOne).toBe(false);
    expect(r.warning).toMatch(/No feature has Job Size 1/);
    const fine = ok(await invoke(h, DEMO.users.popm, 'previewWsjfColumn', { component: 'jobSize', values: [{ issueKey: 'ART-1', value: 1 }] }));
    expect(fine).toMatchObject({ hasOne: true, warning: null });
  });
});
