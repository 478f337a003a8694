import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { refreshProject } from '../../src/app/refresh';
import { snapshots } from '../../src/app/snapshots';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const data: DataSet = generateDemoTrain({ now: NOW });
const restricted = data.users.find((u) => u.accountId === DEMO.users.restricted)!;
const hiddenKeys = restricted.hiddenIssueKeys ?? [];

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
afterEach(() => {
  h.emulator.faults.clear();
});

describe('project health page over the emulator', () => {
  it('computes cards, team and sprint tables with JQL links into issue search', async () => {
    const o = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(o.project.key).toBe(DEMO.projectKey);
    expect(o.cards.map((c) => c.id)).toEqual(['readinessRate', 'readyCoverageIterations', 'acceptanceRateLastSprint', 'reworkRatio', 'qualityPassRate', 'dependenciesAtRisk', 'improvementsDoneThisPi']);
    for (const c of o.cards) {
      expect(c.definition.length).toBeGreaterThan(20);
      expect(['healthy', 'at-risk', 'unknown']).toContain(c.band);
      if (c.link) expect(c.link.url).toBe(`${h.url}/issues/?jql=${encodeURIComponent(c.link.jql)}`);
    }
    const acceptance = o.cards.find((c) => c.id === 'acceptanceRateLastSprint')!;
    expect(acceptance.value).not.toBeNull();
    expect(acceptance.value!).toBeGreaterThan(0);
    expect(acceptance.value!).toBeLessThanOrEqual(1);
    expect(o.teams.map((t) => t.team)).toEqual(expect.arrayContaining([...DEMO.teams]));
    // 8 closed sprints + 1 active per team have commitment rows.
    for (const team of DEMO.teams) expect(o.sprints.filter((s) => s.team === team).length).toBeGreaterThanOrEqual(8);
    for (const s of o.sprints) {
      expect(s.accepted).toBeLessThanOrEqual(s.committed + s.added);
      if (s.acceptanceRate !== null) expect(s.acceptanceRate).toBeGreaterThanOrEqual(0);
    }
    expect(o.trend.at(-1)?.date).toBe(NOW.toISOString().slice(0, 10));
  });

  it('follows a drill-down link: the JQL finds exactly the issues behind the number', async () => {
    const o = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
    const keysOf = async (links: { jql: string }[]) => new Set((await Promise.all(links.map((l) => jira.searchAll(l.jql, ['summary'])))).flat().map((i) => i.key));
    const deps = o.cards.find((c) => c.id === 'dependenciesAtRisk')!;
    expect(deps.value).toBeGreaterThan(0);
    expect(deps.figure.unit).toBe('pairs');
    // Pairs: the link opens the issues on both ends.
    expect((await keysOf(deps.figure.links)).size).toBe(deps.figure.memberCount);
    const sprint = o.sprints.find((s) => s.added > 0 && s.acceptedCommitted > 0)!;
    const accepted = sprint.figures.committedAccepted;
    expect(accepted.numerator).toBe(sprint.acceptedCommitted);
    expect((await keysOf(accepted.links)).size).toBe(sprint.acceptedCommitted);
    expect((await keysOf(accepted.denominatorLinks!)).size).toBe(sprint.committed);
    expect((await keysOf(sprint.figures.addedAccepted.denominatorLinks!)).size).toBe(sprint.added);
  });

  it('reports only closed sprints as closed; the active sprints apart, as in progress', async () => {
    const o = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const states = new Map(data.sprints.map((s) => [s.id, s.state]));
    expect(o.sprints.length).toBeGreaterThan(0);
    for (const s of o.sprints) expect(states.get(s.sprintId)).toBe('closed');
    for (const s of o.sprints) expect(Date.parse(s.endDate!)).toBeLessThanOrEqual(NOW.getTime());
    expect(o.activeSprints.map((a) => a.sprintId).sort()).toEqual(data.sprints.filter((s) => s.state === 'active').map((s) => s.id).sort());
    for (const a of o.activeSprints) {
      expect(a.daysLeft).toBeGreaterThanOrEqual(0);
      expect(a.progress.denominator).toBe(a.committed + a.added);
    }
  });

  it('needs about N/100 search pages and N/1000 bulk changelog calls, never one call per issue', async () => {
    h.emulator.requests.length = 0;
    const r = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' }));
    expect(r.overview).not.toBeNull();
    const reqs = h.emulator.requests.filter((r) => r.actor === DEMO.users.popm);
    const searches = reqs.filter((r) => r.path === '/rest/api/3/search/jql').length;
    const bulk = reqs.filter((r) => r.path === '/rest/api/3/changelog/bulkfetch').length;
    const perIssue = reqs.filter((r) => /^\/rest\/api\/3\/issue\//.test(r.path)).length;
    const n = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel >= 0).length;
    expect(searches).toBeLessThanOrEqual(Math.ceil(n / 100) + 1);
    expect(bulk).toBeLessThanOrEqual(Math.ceil(n / 1000) + 1);
    expect(perIssue).toBe(0);
    expect(searches).toBeGreaterThanOrEqual(Math.ceil(n / 100));
    // project, approximate count, boards, one sprint list per board: a constant.
    expect(reqs.length).toBeLessThanOrEqual(searches + bulk + 3 + data.boards.length);
  });

  it('serves the stored view fast, and an incremental refresh fetches only what changed', async () => {
    ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' }));
    h.emulator.requests.length = 0;
    const cached = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(cached.cards.length).toBe(7);
    expect(cached.refresh.running).toBe(false);
    expect(cached.refresh.completedAt).not.toBeNull();
    expect(h.emulator.requests.filter((r) => r.actor === DEMO.users.popm).map((r) => r.path)).toEqual([`/rest/api/3/project/${DEMO.projectKey}`]);

    // One story changes in Jira; the incremental refresh asks for changed issues only.
    const story = data.issues.find((i) => i.fields.issuetype.name === 'Story' && i.fields.status.statusCategory.key === 'new')!;
    const jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
    await jira.editIssue(story.key, { fields: { summary: `${story.fields.summary} (reworded)` } });
    h.emulator.requests.length = 0;
    const inc = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'incremental' }));
    expect(inc.overview).not.toBeNull();
    expect(inc.refresh.mode).toBe('incremental');
    const searchBodies = h.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql').map((r) => (r.body as { jql: string; fields: string[] }));
    const changedSearch = searchBodies.find((b) => /updated >=/.test(b.jql))!;
    expect(changedSearch).toBeDefined();
    const bulk = h.emulator.requests.filter((r) => r.path === '/rest/api/3/changelog/bulkfetch').map((r) => (r.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys);
    expect(bulk.flat()).toContain(story.id);
    expect(bulk.flat().length).toBeLessThan(10);
    expect(inc.overview!.cards.map((c) => c.value)).toEqual(cached.cards.map((c) => c.value));
  });

  it('never shows a restricted user an issue they cannot browse, in any count or link', async () => {
    expect(hiddenKeys.length).toBeGreaterThan(0);
    const o = ok(await invoke(h, DEMO.users.restricted, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const json = JSON.stringify(o);
    for (const k of hiddenKeys) expect(json).not.toMatch(new RegExp(`"${k}"|\\\\"${k}\\\\"|${encodeURIComponent(`"${k}"`)}`));
    const q = ok(await invoke(h, DEMO.users.restricted, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    const qjson = JSON.stringify(q);
    for (const k of hiddenKeys) {
      expect(qjson).not.toContain(`\\"${k}\\"`);
      expect(qjson).not.toContain(`${k}:`);
    }
  });

  it('a lean answer leaves out the team and sprint rows; getProjectOverviewTables gives exactly them from the same person\'s view (issue 16)', async () => {
    const full = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const lean = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey, lean: true }));
    expect(full.sprints.length).toBeGreaterThan(8);
    expect(full.teams.length).toBeGreaterThanOrEqual(DEMO.teams.length);
    expect(full.tablesDeferred).toBeUndefined();
    expect(lean.teams).toEqual([]);
    expect(lean.sprints).toEqual([]);
    expect(lean.tablesDeferred).toBe(true);
    // Everything else is the same answer: same view, same "as of", same cards and links.
    const { teams: _ft, sprints: _fs, ...fullRest } = full;
    const { teams: _lt, sprints: _ls, tablesDeferred: _d, ...leanRest } = lean;
    expect(leanRest).toEqual(fullRest);
    expect(JSON.stringify(lean).length).toBeLessThan(JSON.stringify(full).length);
    h.emulator.requests.length = 0;
    const rows = ok(await invoke(h, DEMO.users.popm, 'getProjectOverviewTables', { projectKey: DEMO.projectKey }));
    expect(rows).toEqual({ asOf: full.asOf, teams: full.teams, sprints: full.sprints });
    // From storage, after the same browse check as the overview's stored view: no search.
    expect(h.emulator.requests.filter((r) => r.actor === DEMO.users.popm).map((r) => r.path)).toEqual([`/rest/api/3/project/${DEMO.projectKey}`]);
    // Another person reads their own stored view only: the restricted contractor's rows hold none of their hidden issues.
    expect(hiddenKeys.length).toBeGreaterThan(0);
    const theirs = ok(await invoke(h, DEMO.users.restricted, 'getProjectOverview', { projectKey: DEMO.projectKey, lean: true }));
    const theirRows = ok(await invoke(h, DEMO.users.restricted, 'getProjectOverviewTables', { projectKey: DEMO.projectKey }));
    expect(theirRows.asOf).toBe(theirs.asOf);
    expect(theirRows.sprints.length).toBeGreaterThan(0);
    expect(theirRows.teams.length).toBeGreaterThan(0);
    const json = JSON.stringify(theirRows);
    for (const k of hiddenKeys) expect(json).not.toMatch(new RegExp(`"${k}"|\\\\"${k}\\\\"|${encodeURIComponent(`"${k}"`)}`));
    // Someone without a stored view gets none (never another person's): the page then reads the whole overview.
    expect(ok(await invoke(h, DEMO.users.member, 'getProjectOverviewTables', { projectKey: DEMO.projectKey }))).toEqual({ asOf: null, teams: [], sprints: [] });
    const unknown = await invoke(h, DEMO.users.popm, 'getProjectOverviewTables', { projectKey: 'NOPE' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  });

  it('survives 429s with Retry-After and gives the same numbers', async () => {
    const clean = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' })).overview!;
    h.emulator.faults.set({ rate429: 0.1, retryAfterSeconds: 0, seed: 7 });
    const noisy = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' })).overview!;
    expect(h.emulator.requests.some((r) => r.status === 429)).toBe(true);
    expect(noisy.cards).toEqual(clean.cards);
    expect(noisy.sprints).toEqual(clean.sprints);
  });

  it('answers a Jira outage with a readable JIRA_UNAVAILABLE after bounded retries, and keeps the last view', async () => {
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503, pathPattern: 'search/jql' });
    h.emulator.requests.length = 0;
    const r = await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' });
    expect(r).toEqual({ ok: false, error: { code: 'JIRA_UNAVAILABLE', message: expect.stringMatching(/Jira is unavailable \(HTTP 503\)/) } });
    expect(h.emulator.requests.filter((x) => x.path === '/rest/api/3/search/jql').length).toBeLessThanOrEqual(5);
    h.emulator.faults.clear();
    const still = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(still.cards.length).toBe(7);
    expect(still.refresh.error).toMatch(/unavailable/);
    // The next refresh resumes from the stored cursor and finishes.
    const resumed = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' }));
    expect(resumed.overview?.cards.length).toBe(7);
    expect(resumed.refresh.error).toBeNull();
  });

  it('answers a truncated body with JIRA_BAD_RESPONSE, not a crash', async () => {
    h.emulator.faults.set({ truncateBody: true, pathPattern: 'search/jql' });
    // A person without a sync of their own: the tab reads the train live (the POPM's tab answers from their stored view).
    const r = await invoke(h, DEMO.users.member, 'getQualitySummary', { projectKey: DEMO.projectKey });
    expect(!r.ok && r.error.code).toBe('JIRA_BAD_RESPONSE');
  });

  it('answers an unknown project with NOT_FOUND and a bad key with BAD_REQUEST', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: 'NOPE' });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    const bad = await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: 'art" OR 1=1' });
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST');
  });
});

describe('PI predictability and the rework boundary', () => {
  it('discovers the PI objectives and reports planned vs actual business value per PI and team', async () => {
    const o = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    const p = o.predictability!;
    expect(p.issueType).toBe('PI Objective');
    const objectives = data.issues.filter((i) => i.fields.issuetype.name === 'PI Objective');
    const earlier = objectives.filter((i) => i.fields.labels?.includes('PI-2026.3'));
    const planned = earlier.filter((i) => !i.fields.labels?.includes('uncommitted')).reduce((n, i) => n + Number((i.fields as Record<string, unknown>).customfield_10062), 0);
    const actual = earlier.reduce((n, i) => n + Number((i.fields as Record<string, unknown>).customfield_10063), 0);
    const row = p.train.find((r) => r.pi === 'PI-2026.3')!;
    expect(row).toMatchObject({ planned, actual, objectives: earlier.length });
    expect(row.rate).toBeCloseTo(actual / planned);
    expect(p.train.find((r) => r.pi === 'PI-2026.4')!.rate).toBeNull();
    // Objectives are not stories: no quality finding or story count includes them.
    const q = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    expect(JSON.stringify(q)).not.toContain(`"${objectives[0].key}"`);
  });

  it('counts moves back across a configured rework boundary as rework', async () => {
    // A story accepted in a recent closed sprint went back from review to work once before it was done.
    const recent = [...data.sprints].filter((sp) => sp.state === 'closed').sort((a, b) => Date.parse(b.completeDate!) - Date.parse(a.completeDate!))[0];
    const story = h.emulator.data.issues.find(
      (i) => i.fields.status.statusCategory.key === 'done' && ((i.fields as Record<string, unknown>).customfield_10020 as { id: number }[] | null)?.some((sp) => sp.id === recent.id) && i.changelog!.histories.some((x) => x.items.some((it) => it.toString === 'Done' && it.fromString === 'In Review')),
    )!;
    const done = story.changelog!.histories.find((x) => x.items.some((it) => it.toString === 'Done'))!;
    const at = new Date(Date.parse(done.created) - 3_600_000).toISOString();
    story.changelog!.histories.splice(story.changelog!.histories.indexOf(done), 0,
      { id: '99001', created: at, items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10001', fromString: 'In Review', to: '3', toString: 'In Progress' }] },
      { id: '99002', created: new Date(Date.parse(at) + 60_000).toISOString(), items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '3', fromString: 'In Progress', to: '10001', toString: 'In Review' }] },
    );
    const before = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' })).overview!;
    const current = ok(await invoke(h, DEMO.users.admin, 'getSettings', {})).settings;
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, reworkBoundary: { from: ['In Review'], to: ['In Progress'] } } }));
    try {
      const after = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
      const r0 = before.cards.find((c) => c.id === 'reworkRatio')!.value!;
      const r1 = after.cards.find((c) => c.id === 'reworkRatio')!.value!;
      expect(r1).toBeGreaterThan(r0);
      expect(after.cards.find((c) => c.id === 'reworkRatio')!.link!.jql).toContain(`"${story.key}"`);
    } finally {
      ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: current }));
    }
  });
});

describe('quality summary', () => {
  it('groups failing stories by rule and team, worst first, each with a JQL link', async () => {
    const q = ok(await invoke(h, DEMO.users.popm, 'getQualitySummary', { projectKey: DEMO.projectKey }));
    expect(q.storyCount).toBeGreaterThan(50);
    expect(q.byRule.length).toBeGreaterThan(3);
    const errors = q.byRule.filter((r) => r.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(q.byRule[0].severity).toBe('error');
    const jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.popm } }));
    const found = await jira.searchAll(q.byRule[0].link.jql, ['summary']);
    expect(found.length).toBe(q.byRule[0].count);
    expect(q.byTeam.map((t) => t.team)).toEqual(expect.arrayContaining([...DEMO.teams]));
  });
});

describe('daily job (asApp)', () => {
  it('stores aggregates only, records sprint commitments and feeds the trend', async () => {
    const app = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }));
    const result = await refreshProject(app, h.store, DEMO.projectKey, NOW);
    expect(result.storyCount).toBeGreaterThan(100);
    expect(result.commitmentsRecorded.length).toBe(DEMO.teams.length);
    const snaps = await snapshots(h.store, DEMO.projectKey);
    expect(snaps).toHaveLength(1);
    // What is not a person's own stored view (keys naming their accountId, e.g. the stored tab views, which show summaries to that person only).
    const personal = (key: string) => data.users.some((u) => key.includes(u.accountId));
    const stored = JSON.stringify((await h.store.list('')).filter((e) => !personal(e.key)));
    // No issue key or summary in any snapshot (the commitment record holds keys, never text).
    const snapJson = JSON.stringify(snaps);
    expect(snapJson).not.toMatch(/ART-\d+/);
    for (const i of data.issues.slice(0, 50)) expect(stored).not.toContain(i.fields.summary);
    const again = await refreshProject(app, h.store, DEMO.projectKey, NOW);
    expect(again.commitmentsRecorded).toEqual([]);
  });
});
