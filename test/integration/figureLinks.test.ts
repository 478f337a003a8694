import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { FigureView, QualitySummaryData } from '../../src/contract';
import { FIGURE_INLINE_PARTS } from '../../src/contract';
import { qualityWire } from '../../src/app/qualitySummary';
import { linksDigest } from '../../src/app/figureWire';
import { keyListLinks } from '../../src/app/figureViews';
import { invalidateTabViews } from '../../src/app/tabGeneration';
import { keysNamedBy, searcher } from '../consistency/surfaces';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * Issue 16: the Quality tab's answer carries each key list once and leaves long ones out
 * (linksOnDemand); getFigureLinks answers exactly those from the same person's same view. Over HTTP
 * with the emulator: the answer's size at the demo, the on-demand links (stored and live path alike)
 * opening exactly the counted issues, validation and the error path, and the restricted user.
 */
const data: DataSet = generateDemoTrain({ now: NOW });
const P = DEMO.projectKey;
const hidden = data.users.find((u) => u.accountId === DEMO.users.restricted)!.hiddenIssueKeys ?? [];
let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
jest.setTimeout(120_000);

const figuresOf = (q: QualitySummaryData): FigureView[] => [q.passRate, ...q.byTeam.map((t) => t.passRate), ...q.byRule.map((r) => r.figure)];
const keysOf = (links: { jql: string }[]) => links.flatMap((l) => keysNamedBy(l.jql));

describe('the Quality answer carries each key list once', () => {
  let live: QualitySummaryData;

  it('live (before any sync): no figures copy, long lists left out with their part count, short ones inline', async () => {
    live = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: P }));
    expect(live.figures).toEqual([]);
    const onDemand = figuresOf(live).filter((f) => f.linksOnDemand);
    // The pass rate's population (the whole backlog, ~300 stories) is 3 URL parts at the demo: on demand.
    expect(live.passRate.linksOnDemand?.denominatorLinks).toBeGreaterThan(FIGURE_INLINE_PARTS);
    expect(live.passRate.denominatorLinks).toEqual([]);
    expect(onDemand.length).toBeGreaterThan(5);
    for (const f of figuresOf(live)) {
      expect(f.links.length).toBeLessThanOrEqual(FIGURE_INLINE_PARTS);
      expect(f.denominatorLinks?.length ?? 0).toBeLessThanOrEqual(FIGURE_INLINE_PARTS);
      if (!f.linksOnDemand?.links) expect(new Set(keysOf(f.links)).size).toBe(f.memberCount);
    }
  });

  it('after the sync: the stored answer equals the live one and stays small (bytes at the demo, not a time)', async () => {
    const overview = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: P }));
    const res = await fetch(`${h.url}/harness/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId: DEMO.users.popm, functionKey: 'getQualitySummary', payload: { projectKey: P } }) });
    const text = await res.text();
    const stored = ok(JSON.parse(text) as { ok: true; data: QualitySummaryData });
    expect(stored.asOf).toBe(overview.asOf);
    expect({ ...stored, asOf: live.asOf }).toEqual(live);
    // 140 KB before issue 16's wire change at the 544-issue demo; 47 KB after.
    expect(Buffer.byteLength(text)).toBeLessThan(80 * 1024);
  });

  it('getFigureLinks answers exactly the members, the same from the stored view as from the live computation', async () => {
    const q = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: P }));
    const onDemand = figuresOf(q).filter((f) => f.linksOnDemand);
    expect(onDemand.length).toBeGreaterThan(5);
    const stored = ok(await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: onDemand.map((f) => f.id) }));
    expect(stored.asOf).toBe(q.asOf);
    expect(stored.figures.map((f) => f.id)).toEqual(onDemand.map((f) => f.id));
    const search = searcher(h, DEMO.users.popm);
    for (const [i, f] of onDemand.entries()) {
      const l = stored.figures[i];
      expect({ numerator: l.numerator, denominator: l.denominator, memberCount: l.memberCount }).toEqual({ numerator: f.numerator, denominator: f.denominator, memberCount: f.memberCount });
      if (f.linksOnDemand!.links) expect(l.links.length).toBe(f.linksOnDemand!.links);
      if (f.linksOnDemand!.denominatorLinks) {
        expect(l.denominatorLinks!.length).toBe(f.linksOnDemand!.denominatorLinks);
        // The parts' union is the population, each key once, and Jira's search opens exactly it.
        const keys = keysOf(l.denominatorLinks!);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(f.denominator);
        expect(l.denominatorLinks).toEqual(keyListLinks(h.url, keys));
        const opened = new Set<string>();
        for (const link of l.denominatorLinks!) for (const k of await search(link.jql)) opened.add(k);
        expect([...opened].sort()).toEqual([...keys].sort());
      }
    }
    // The live path (a write makes the stored views stale) answers the same links.
    await invalidateTabViews(h.store);
    const before = h.emulator.requests.length;
    const livePath = ok(await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: onDemand.map((f) => f.id) }));
    expect(h.emulator.requests.slice(before).filter((r) => /\/search\/jql$/.test(r.path)).length).toBeGreaterThan(0);
    expect(livePath.figures).toEqual(stored.figures);
  });

  it('validates at the boundary and says why a figure is not there', async () => {
    for (const payload of [{ projectKey: P }, { projectKey: P, figureIds: [] }, { projectKey: P, figureIds: ['not a figure id'] }, { projectKey: 'art', figureIds: ['qualityPassRate|train||||'] }, { projectKey: P, figureIds: Array.from({ length: 51 }, () => 'qualityPassRate|train||||') }]) {
      const r = await invoke(h, DEMO.users.popm, 'getFigureLinks', payload);
      expect({ payload, code: !r.ok && r.error.code }).toEqual({ payload, code: 'BAD_REQUEST' });
    }
    // A figure shown inline (a team's pass rate at the demo) answers its links; one the tab does not show: NOT_FOUND with a sentence.
    const q = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: P }));
    const inline = q.byTeam.find((t) => !t.passRate.linksOnDemand)!.passRate;
    const asked = ok(await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: [inline.id] }));
    expect(asked.figures).toEqual([{ id: inline.id, numerator: inline.numerator, denominator: inline.denominator, memberCount: inline.memberCount, links: inline.links, denominatorLinks: inline.denominatorLinks, digest: linksDigest(inline.links, inline.denominatorLinks) }]);
    const r = await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: [inline.id, 'qualityPassRate|team|Nobody|||'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('NOT_FOUND');
      expect(r.error.message).toMatch(/Press Refresh/);
    }
    // A project the person cannot browse (or that does not exist): NOT_FOUND, not an empty answer.
    const other = await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: 'NOPE', figureIds: ['qualityPassRate|train||||'] });
    expect(!other.ok && other.error.code).toBe('NOT_FOUND');
  });

  it('the restricted user gets the links of their own view: no hidden issue, fewer than the POPM', async () => {
    expect(hidden.length).toBeGreaterThan(0);
    // The pass-rate population: on demand for the POPM; for the restricted user (10 stories fewer) it fits in the answer, and getFigureLinks answers it from their own view too.
    const id = 'qualityPassRate|train||||';
    const popm = ok(await invoke(h, DEMO.users.popm, 'getFigureLinks', { projectKey: P, figureIds: [id] }));
    const q = ok(await invoke(h, DEMO.users.restricted, 'getQualitySummary', { projectKey: P }));
    const mine = ok(await invoke(h, DEMO.users.restricted, 'getFigureLinks', { projectKey: P, figureIds: [id] }));
    expect(mine.figures[0].denominator).toBe(q.passRate.denominator);
    if (!q.passRate.linksOnDemand) expect(mine.figures[0].denominatorLinks).toEqual(q.passRate.denominatorLinks);
    const mineKeys = keysOf(mine.figures[0].denominatorLinks!);
    const popmKeys = new Set(keysOf(popm.figures[0].denominatorLinks!));
    expect(mineKeys.filter((k) => hidden.includes(k))).toEqual([]);
    expect([...popmKeys].filter((k) => hidden.includes(k)).length).toBeGreaterThan(0);
    expect(mineKeys.every((k) => popmKeys.has(k))).toBe(true);
    expect(mineKeys.length).toBeLessThan(popmKeys.size);
  });
});

describe('qualityWire', () => {
  it('leaves out exactly the lists beyond the inline parts and returns them unchanged', () => {
    const site = 'https://example.atlassian.net';
    const many = Array.from({ length: 400 }, (_, i) => `ART-${i + 1}`);
    const fig = (id: string, members: string[], denominatorMembers?: string[]): FigureView => ({
      id, metric: 'qualityPassRate', scope: 'train', label: 'x', kind: 'rate', value: 0.5, display: '50%', numerator: members.length, denominator: denominatorMembers?.length ?? null, unit: 'issues', memberCount: members.length,
      links: keyListLinks(site, members), ...(denominatorMembers ? { denominatorLinks: keyListLinks(site, denominatorMembers) } : {}),
    });
    const passRate = fig('qualityPassRate|train||||', many.slice(0, 10), many);
    const rule = fig('qualityRuleFindings|train|||||r', many, many);
    const team = fig('qualityPassRate|team|A|||', many.slice(0, 5), many.slice(0, 8));
    const full: QualitySummaryData = {
      asOf: NOW.toISOString(), storyCount: 400, passRate, figures: [passRate, team, rule],
      byRule: [{ rule: 'r', name: 'R', criterion: 'T', criterionName: 'Testable', criterionMeaning: 'm', severity: 'error', count: 400, share: 1, link: rule.links[0], example: 'ART-1: x', figure: rule }],
      byTeam: [{ team: 'A', storyCount: 8, failing: 3, share: 3 / 8, notReady: 3, link: team.links[0], passRate: team }],
    };
    expect(passRate.denominatorLinks!.length).toBeGreaterThan(2);
    const { view, links } = qualityWire(full, 2);
    expect(view.figures).toEqual([]);
    expect(view.passRate).toEqual({ ...passRate, denominatorLinks: [], linksOnDemand: { denominatorLinks: passRate.denominatorLinks!.length, digest: linksDigest(passRate.links, passRate.denominatorLinks) } });
    expect(view.byRule[0].figure).toEqual({ ...rule, links: [], denominatorLinks: [], linksOnDemand: { links: rule.links.length, denominatorLinks: rule.denominatorLinks!.length, digest: linksDigest(rule.links, rule.denominatorLinks) } });
    expect(view.byRule[0].link).toEqual(rule.links[0]);
    expect(view.byTeam[0].passRate).toBe(team);
    expect(Object.keys(links.figures).sort()).toEqual([passRate.id, rule.id].sort());
    expect(links.figures[rule.id]).toEqual({ id: rule.id, numerator: 400, denominator: 400, memberCount: 400, links: rule.links, denominatorLinks: rule.denominatorLinks, digest: view.byRule[0].figure.linksOnDemand!.digest });
    expect(links.asOf).toBe(full.asOf);
  });
});
