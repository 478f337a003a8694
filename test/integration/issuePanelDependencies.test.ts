import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { keysNamedBy, searcher } from '../consistency/surfaces';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * Issue 12 leftover: the issue panel's "n dependencies are at risk" is the backend's figure
 * (issueDependenciesAtRisk), and its link opens exactly the issues on both ends of those pairs.
 */
const data: DataSet = generateDemoTrain({ now: NOW });
const hidden = new Set(data.users.find((u) => u.accountId === DEMO.users.restricted)?.hiddenIssueKeys ?? []);
type RawLink = { inwardIssue?: { key: string }; outwardIssue?: { key: string } };
const linksOf = (i: DataSet['issues'][number]) => ((i.fields as { issuelinks?: RawLink[] }).issuelinks ?? []).map((l) => l.inwardIssue?.key ?? l.outwardIssue?.key).filter((k): k is string => !!k);
const linked = data.issues.filter((i) => i.fields.issuetype.name === 'Story' && linksOf(i).length > 0);

// The demo links no visible story to a hidden one: add "hidden blocks visible" (a real Blocks link on both ends).
const hiddenBlocker = data.issues.find((i) => hidden.has(i.key) && i.fields.issuetype.name === 'Story' && i.fields.status.statusCategory.key !== 'done')!;
const blockedByHidden = linked.find((i) => !hidden.has(i.key) && i.fields.status.statusCategory.key !== 'done')!;
{
  const ref = (i: DataSet['issues'][number]) => ({ id: i.id, key: i.key, self: i.self ?? `https://refinery-demo.atlassian.net/rest/api/3/issue/${i.id}`, fields: { summary: i.fields.summary, status: i.fields.status, issuetype: i.fields.issuetype } });
  const existing = ((blockedByHidden.fields as { issuelinks: { type: unknown }[] }).issuelinks)[0];
  const link = { id: '99901', self: 'https://refinery-demo.atlassian.net/rest/api/3/issueLink/99901', type: existing.type };
  (blockedByHidden.fields as { issuelinks: unknown[] }).issuelinks.push({ ...link, inwardIssue: ref(hiddenBlocker) });
  const own = hiddenBlocker.fields as { issuelinks?: unknown[] };
  own.issuelinks = [...(own.issuelinks ?? []), { ...link, outwardIssue: ref(blockedByHidden) }];
}

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());

async function panel(user: string, key: string) {
  const p = ok(await invoke(h, user, 'getIssuePanel', { issueKey: key }));
  if (p.kind === 'other') throw new Error(`${key} is not a story or feature`);
  return p;
}

describe('issue panel dependencies at risk', () => {
  it('is a figure of pairs whose link opens exactly the issues on both ends, as the viewer', async () => {
    expect(linked.length).toBeGreaterThan(0);
    const search = searcher(h, DEMO.users.popm);
    let withRisk = 0;
    for (const story of linked.slice(0, 25)) {
      const p = await panel(DEMO.users.popm, story.key);
      const f = p.dependenciesAtRisk;
      const atRisk = p.dependencies.filter((d) => d.atRisk);
      expect(f).toMatchObject({ metric: 'issueDependenciesAtRisk', scope: 'issue', issue: story.key, unit: 'pairs', kind: 'count', numerator: atRisk.length });
      const want = new Set(atRisk.length ? [story.key, ...atRisk.map((d) => d.other.key)] : []);
      const opened = new Set<string>();
      for (const l of f.links) {
        const named = keysNamedBy(l.jql);
        const found = await search(l.jql);
        expect([...found].sort()).toEqual([...named].sort());
        for (const k of found) opened.add(k);
      }
      expect([...opened].sort()).toEqual([...want].sort());
      expect(f.memberCount).toBe(want.size);
      if (atRisk.length) withRisk++;
    }
    // The demo has at-risk dependencies among these stories, so the check above saw some.
    expect(withRisk).toBeGreaterThan(0);
  });

  it('leaves out a linked issue the viewer cannot see, in the list and in the count', async () => {
    expect(hiddenBlocker).toBeDefined();
    const all = await panel(DEMO.users.popm, blockedByHidden.key);
    const mine = all.dependencies.find((d) => d.other.key === hiddenBlocker.key);
    expect(mine).toBeDefined();
    const p = await panel(DEMO.users.restricted, blockedByHidden.key);
    expect(p.dependencies.map((d) => d.other.key)).not.toContain(hiddenBlocker.key);
    const opened = new Set<string>();
    for (const l of p.dependenciesAtRisk.links) for (const k of keysNamedBy(l.jql)) opened.add(k);
    expect(opened.has(hiddenBlocker.key)).toBe(false);
    expect(p.dependenciesAtRisk.numerator).toBe(all.dependenciesAtRisk.numerator - (mine!.atRisk ? 1 : 0));
  });

  it('a feature panel carries the same figure for its own links', async () => {
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && linksOf(i).length > 0) ?? data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1)!;
    const p = await panel(DEMO.users.popm, feature.key);
    expect(p.kind).toBe('feature');
    expect(p.dependenciesAtRisk).toMatchObject({ metric: 'issueDependenciesAtRisk', scope: 'issue', issue: feature.key, numerator: p.dependencies.filter((d) => d.atRisk).length });
  });
});
