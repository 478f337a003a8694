import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data: DataSet = generateDemoTrain({ now: NOW });
const restricted = data.users.find((u) => u.accountId === DEMO.users.restricted)!;
const hidden = new Set(restricted.hiddenIssueKeys ?? []);
const teamName = (i: DataSet['issues'][number]) => {
  const t = (i.fields as Record<string, unknown>)[DEMO.fieldIds.team] as { name?: string; title?: string } | string | null | undefined;
  return typeof t === 'string' ? t : (t?.name ?? t?.title ?? null);
};
// One extra dependency whose blocker is hidden from the restricted user (a confidential story).
const hiddenBlocker = data.issues.find((i) => hidden.has(i.key) && i.fields.issuetype.hierarchyLevel === 0 && teamName(i))!;
const visibleDependent = data.issues.find((i) => !hidden.has(i.key) && i.fields.issuetype.hierarchyLevel === 0 && teamName(i) && teamName(i) !== teamName(hiddenBlocker) && i.fields.status.statusCategory.key !== 'done')!;
{
  const blocks = data.issues.flatMap((i) => (i.fields.issuelinks ?? []) as { type: { name: string } }[]).find((l) => l.type.name === 'Blocks')!.type;
  const ref = (i: DataSet['issues'][number]) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary, status: i.fields.status, issuetype: i.fields.issuetype } });
  (visibleDependent.fields.issuelinks ??= []).push({ id: '29999', type: blocks, inwardIssue: ref(hiddenBlocker) } as never);
  (hiddenBlocker.fields.issuelinks ??= []).push({ id: '29999', type: blocks, outwardIssue: ref(visibleDependent) } as never);
}
let h: RunningHarness;

beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());

/** Cross-team "Blocks" links in the demo data, counted independently of the app (each link once). */
function demoCrossTeamLinks(): { blocker: string; blocked: string }[] {
  const byKey = new Map(data.issues.map((i) => [i.key, i]));
  const teamOf = (key: string) => teamName(byKey.get(key)!);
  const out: { blocker: string; blocked: string }[] = [];
  for (const i of data.issues) {
    for (const l of (i.fields.issuelinks ?? []) as { type: { name: string }; inwardIssue?: { key: string } }[]) {
      if (l.type.name !== 'Blocks' || !l.inwardIssue) continue;
      const blocker = l.inwardIssue.key;
      const a = teamOf(blocker);
      const b = teamOf(i.key);
      if (a && b && a !== b) out.push({ blocker, blocked: i.key });
    }
  }
  return out;
}

describe('Dependencies tab over the emulator', () => {
  it('lists every cross-team blocking link once, with a team matrix that adds up and explanations for the at-risk ones', async () => {
    const d = ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: DEMO.projectKey }));
    const expected = demoCrossTeamLinks();
    expect(expected.length).toBeGreaterThanOrEqual(20);
    expect(d.dependencies.map((x) => `${x.blocker.key}>${x.blocked.key}`).sort()).toEqual(expected.map((x) => `${x.blocker}>${x.blocked}`).sort());
    expect(d.teams).toEqual([...DEMO.teams]);
    expect(d.matrix.reduce((n, c) => n + c.count, 0)).toBe(d.dependencies.length);
    const atRisk = d.dependencies.filter((x) => x.atRisk);
    expect(d.matrix.reduce((n, c) => n + c.atRisk, 0)).toBe(atRisk.length);
    // The demo plans 13 at-risk links of three kinds.
    expect(atRisk.length).toBeGreaterThanOrEqual(10);
    expect(new Set(atRisk.map((x) => x.risk))).toEqual(new Set(['unscheduled', 'later-sprint', 'undone-in-closed-sprint']));
    for (const x of atRisk) {
      expect(x.explanation).toContain(x.blocker.key);
      expect(x.blocker.team).not.toBe(x.blocked.team);
    }
    // At-risk first.
    expect(d.dependencies.slice(0, atRisk.length).every((x) => x.atRisk)).toBe(true);
  });

  it('links into Jira issue search: the at-risk JQL and a matrix cell find exactly their issues', async () => {
    const d = ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: DEMO.projectKey }));
    const jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
    const risky = new Set(d.dependencies.filter((x) => x.atRisk).flatMap((x) => [x.blocker.key, x.blocked.key]));
    const found = await jira.searchAll(d.atRiskLink!.jql, ['summary']);
    expect(new Set(found.map((i) => i.key))).toEqual(risky);
    const cell = d.matrix.find((c) => c.count > 1)!;
    const cellKeys = new Set(d.dependencies.filter((x) => x.blocker.team === cell.blockerTeam && x.blocked.team === cell.blockedTeam).flatMap((x) => [x.blocker.key, x.blocked.key]));
    expect(new Set((await jira.searchAll(cell.link.jql, ['summary'])).map((i) => i.key))).toEqual(cellKeys);
  });

  it('draws features and their dependencies, including the direct feature-to-feature links', async () => {
    const d = ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: DEMO.projectKey }));
    const epics = new Set(data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1).map((i) => i.key));
    expect(d.graph.nodes.length).toBeGreaterThan(5);
    for (const n of d.graph.nodes) expect(epics.has(n.key)).toBe(true);
    const nodeKeys = new Set(d.graph.nodes.map((n) => n.key));
    for (const e of d.graph.edges) {
      expect(nodeKeys.has(e.from) && nodeKeys.has(e.to)).toBe(true);
      expect(e.from).not.toBe(e.to);
    }
    const direct = d.dependencies.filter((x) => epics.has(x.blocker.key) && epics.has(x.blocked.key));
    expect(direct.length).toBeGreaterThanOrEqual(1);
    for (const x of direct) expect(d.graph.edges.some((e) => e.from === x.blocker.key && e.to === x.blocked.key)).toBe(true);
    const drawn = d.graph.edges.reduce((n, e) => n + e.count, 0);
    const sameFeature = d.dependencies.length - drawn - d.graph.withoutFeature;
    expect(sameFeature).toBeGreaterThanOrEqual(0);
  });

  it('reads as the user: the restricted user does not see dependencies on issues hidden from them', async () => {
    const pair = `${hiddenBlocker.key}>${visibleDependent.key}`;
    const popm = ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: DEMO.projectKey }));
    expect(popm.dependencies.map((x) => `${x.blocker.key}>${x.blocked.key}`)).toContain(pair);
    const d = ok(await invoke(h, DEMO.users.restricted, 'getDependencies', { projectKey: DEMO.projectKey }));
    expect(d.dependencies.map((x) => `${x.blocker.key}>${x.blocked.key}`)).not.toContain(pair);
    expect(d.dependencies.length).toBeLessThan(popm.dependencies.length);
    for (const x of d.dependencies) {
      expect(hidden.has(x.blocker.key)).toBe(false);
      expect(hidden.has(x.blocked.key)).toBe(false);
    }
    for (const n of d.graph.nodes) expect(hidden.has(n.key)).toBe(false);
  });

  it('loads the train in a bounded number of calls, never one per issue', async () => {
    h.emulator.requests.length = 0;
    ok(await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: DEMO.projectKey }));
    const issueGets = h.emulator.requests.filter((r) => r.method === 'GET' && /^\/rest\/api\/3\/issue\/[^/]+$/.test(r.path));
    expect(issueGets.length).toBe(0);
    const searches = h.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql').length;
    expect(searches).toBeLessThanOrEqual(Math.ceil(data.issues.length / 100) + 1);
    expect(h.emulator.requests.length).toBeLessThan(30);
  });

  it('answers NOT_FOUND for a project the user cannot browse', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getDependencies', { projectKey: 'NOPE' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});
