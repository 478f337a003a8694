import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { main } from '../../src/cli/main';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

/**
 * The Improvement tab and "Create improvement item" over HTTP: the real resolvers in the harness,
 * the Jira emulator behind them, as the demo users.
 */
const data: DataSet = generateDemoTrain({ now: NOW });
let h: RunningHarness;
let jira: JiraClient;

beforeAll(async () => {
  h = await startDemoHarness(data);
  jira = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': DEMO.users.admin } }));
});
afterAll(() => h.close());
afterEach(() => h.emulator.faults.clear());

jest.setTimeout(60_000);

const P = DEMO.projectKey;
const creates = () => h.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue');
const withLabel = async (label: string) => jira.searchAll(`project = "${P}" AND labels = "${label}"`, ['summary', 'labels', 'description', 'issuetype', 'status']);
let seq = 0;
const requestId = () => `test-${process.pid}-${++seq}-${Date.now().toString(36)}`;

describe('Improvement tab data', () => {
  it('tracks created and done per PI, carried-forward items with age and owner, patterns with JQL evidence and the I&A summary', async () => {
    const d = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P }));
    expect(d.currentPi).toBe(DEMO.labels.currentPi);
    const byPi = Object.fromEntries(d.pis.map((p) => [p.pi, p]));
    expect(Object.keys(byPi)).toEqual([DEMO.labels.earlierPi, DEMO.labels.currentPi]);
    // The demo's earlier PI: 7 I&A items, 4 done; 3 are still open and carried forward.
    expect(byPi[DEMO.labels.earlierPi]).toMatchObject({ created: 7, done: 4, open: 3, current: false });
    expect(byPi[DEMO.labels.currentPi].current).toBe(true);
    expect(d.carriedForward.length).toBe(3);
    for (const c of d.carriedForward) {
      expect(c.pi).toBe(DEMO.labels.earlierPi);
      expect(c.done).toBe(false);
      expect(c.ageDays).toBeGreaterThan(30);
      expect(c.url).toBe(`${h.url}/browse/${c.key}`);
    }
    expect(d.carriedForward.some((c) => c.owner !== null)).toBe(true);

    expect(d.patterns.length).toBeGreaterThan(0);
    const ac = d.patterns.find((p) => p.id === 'ac-missing:nebula')!;
    expect(ac.title).toMatch(/^Team Nebula: \d+% of stories lack acceptance criteria over the last 3 sprints\.$/);
    expect(ac.tracking.state).toBe('untracked');
    // The evidence JQL finds exactly the stories behind the pattern.
    const evidence = await jira.searchAll(ac.evidence.jql, ['summary']);
    expect(evidence.length).toBe(ac.evidenceCount);
    expect(ac.evidence.url).toBe(`${h.url}/issues/?jql=${encodeURIComponent(ac.evidence.jql)}`);

    for (const team of DEMO.teams) expect(d.feedback.find((f) => f.team === team)?.points.length).toBeGreaterThanOrEqual(7);
    expect(d.feedback.flatMap((f) => f.points.flatMap((p) => p.improvementsDone)).length).toBeGreaterThan(0);

    const ia = d.inspectAndAdapt!;
    expect(ia.pi).toBe(DEMO.labels.currentPi);
    expect(ia.train.map((m) => m.id)).toEqual(['predictability', 'acceptance', 'rework', 'quality', 'improvementCompletion']);
    // The demo tracks PI objectives but none is assessed yet: the same words as Overview's table.
    expect(ia.train[0].display).toBe('not assessed yet');
    expect(ia.markdown).toContain(`# Inspect & Adapt: ${DEMO.labels.currentPi} (${P})`);
    expect(d.permissions.canEdit).toBe(true);
  });

  it('shows the summary of an earlier PI on request, and rejects an unknown PI', async () => {
    const d = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P, pi: DEMO.labels.earlierPi }));
    expect(d.inspectAndAdapt!.pi).toBe(DEMO.labels.earlierPi);
    expect(d.inspectAndAdapt!.end).not.toBeNull();
    expect(d.inspectAndAdapt!.sprints.length).toBeGreaterThanOrEqual(DEMO.teams.length);
    const completion = d.inspectAndAdapt!.train.find((m) => m.id === 'improvementCompletion')!;
    expect(completion.basis).toMatch(/of 7 improvement items/);
    const bad = await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P, pi: 'PI-1999.1' });
    expect(!bad.ok && bad.error.code).toBe('NOT_FOUND');
  });

  it('tells a user without Create Issues that they cannot create items', async () => {
    const d = ok(await invoke(h, DEMO.users.restricted, 'getImprovement', { projectKey: P }));
    expect(d.permissions.canEdit).toBe(false);
    expect(d.permissions.reason).toMatch(/Create Issues/);
  });
});

describe('creating an improvement item from a pattern', () => {
  it('creates a real, labelled Jira issue as the user, with the evidence link, and the pattern then shows it as being worked on', async () => {
    const before = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P }));
    const pattern = before.patterns.find((p) => p.id === 'ac-missing:nebula')!;
    const r = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: pattern.id, idempotencyKey: requestId() }));
    expect(r.created).toBe(true);
    expect(r.issue.key).toMatch(/^ART-\d+$/);

    const post = creates().at(-1)!;
    expect(post.actor).toBe(DEMO.users.popm);
    expect(post.status).toBe(201);

    const [issue] = await withLabel(pattern.label);
    expect(issue.key).toBe(r.issue.key);
    const f = issue.fields as { labels: string[]; description: unknown; issuetype: { name: string } };
    expect(f.labels).toEqual(expect.arrayContaining(['improvement', 'retrospective', pattern.label, DEMO.labels.currentPi]));
    expect(f.issuetype.name).toBe('Story');
    // ADF description with a link mark to the evidence search.
    const json = JSON.stringify(f.description);
    expect(json).toContain('"type":"doc"');
    expect(json).toContain(`"href":"${pattern.evidence.url}"`);

    const after = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P }));
    const tracked = after.patterns.find((p) => p.id === pattern.id)!;
    expect(tracked.tracking.state).toBe('in-progress');
    expect(tracked.tracking.items.map((i) => i.key)).toEqual([r.issue.key]);
    // It counts as an item of the current PI and belongs to the pattern's team.
    expect(after.pis.find((p) => p.current)!.created).toBe(before.pis.find((p) => p.current)!.created + 1);
    expect(tracked.tracking.items[0].team).toBe('Nebula');
  });

  it('is idempotent: a retry with the same request id returns the same issue and creates nothing', async () => {
    const id = requestId();
    const first = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'acceptance-low:nebula', idempotencyKey: id }));
    const posts = creates().length;
    const retry = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'acceptance-low:nebula', idempotencyKey: id }));
    expect(retry).toEqual({ ...first, created: false });
    expect(creates().length).toBe(posts);
    expect((await withLabel('pattern-acceptance-low-nebula')).length).toBe(1);
    // The same request id for another pattern is a client bug, not a new item.
    const misuse = await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id });
    expect(!misuse.ok && misuse.error.code).toBe('BAD_REQUEST');
  });

  it('creates one issue when the same request arrives twice at once (double click)', async () => {
    const id = requestId();
    const before = (await withLabel('pattern-ac-missing-nebula')).length;
    const [a, b] = await Promise.all([
      invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id }),
      invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id }),
    ]);
    expect((await withLabel('pattern-ac-missing-nebula')).length).toBe(before + 1);
    const oks = [a, b].filter((e) => e.ok);
    expect(oks.length).toBeGreaterThanOrEqual(1);
    for (const e of [a, b]) if (!e.ok) expect(e.error.code).toBe('CONFLICT');
  });

  it('refuses a user without Create Issues before touching Jira issues, in words', async () => {
    const posts = creates().length;
    const r = await invoke(h, DEMO.users.restricted, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: requestId() });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FORBIDDEN');
    expect(r.error.message).toMatch(/Create Issues permission in ART/);
    expect(creates().length).toBe(posts);
  });

  it('reports Jira 400 on a required field readably, and a retry with the same id succeeds once fixed', async () => {
    ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P })); // site metadata cached with the Story type
    // The project's issue type scheme no longer offers "Story": Jira answers 400 {"errors":{"issuetype":…}}.
    const types = h.emulator.data.issuetypes;
    const story = types.find((t) => t.name === 'Story')!;
    types.splice(types.indexOf(story), 1);
    const id = requestId();
    const before = (await withLabel('pattern-acceptance-low-nebula')).length;
    try {
      const r = await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'acceptance-low:nebula', idempotencyKey: id });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('JIRA_REJECTED');
      expect(r.error.message).toMatch(/Jira rejected the improvement item \(issue type Story\): issuetype: Specify an issue type/);
      expect(r.error.details).toEqual({ issuetype: 'Specify an issue type' });
      expect(creates().at(-1)!.status).toBe(400);
    } finally {
      types.push(story);
    }
    const retry = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'acceptance-low:nebula', idempotencyKey: id }));
    expect(retry.created).toBe(true);
    expect((await withLabel('pattern-acceptance-low-nebula')).length).toBe(before + 1);
  });

  it('after Jira was unavailable mid-create, a retry with the same id creates exactly one issue', async () => {
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503, pathPattern: '^/rest/api/3/issue$' });
    const id = requestId();
    const before = (await withLabel('pattern-ac-missing-nebula')).length;
    const r = await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id });
    expect(!r.ok && r.error.code).toBe('JIRA_UNAVAILABLE');
    h.emulator.faults.clear();
    const retry = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id }));
    expect(retry.created).toBe(true);
    const again = ok(await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: id }));
    expect(again.issue.key).toBe(retry.issue.key);
    expect((await withLabel('pattern-ac-missing-nebula')).length).toBe(before + 1);
  });

  it('rejects an unknown pattern and a malformed request id', async () => {
    const unknown = await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'rework-rising:comet', idempotencyKey: requestId() });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
    expect(!unknown.ok && unknown.error.message).toMatch(/no longer detected/);
    const bad = await invoke(h, DEMO.users.popm, 'createImprovementItem', { projectKey: P, patternId: 'ac-missing:nebula', idempotencyKey: 'x" OR 1=1' });
    expect(!bad.ok && bad.error.code).toBe('BAD_REQUEST');
  });
});

describe('refinery health --pi (Inspect & Adapt export)', () => {
  async function run(args: string[]) {
    let out = '';
    let err = '';
    const io = { stdin: process.stdin, stdout: { write: (t: string) => ((out += t), true) }, stderr: { write: (t: string) => ((err += t), true) } } as unknown as Parameters<typeof main>[1];
    const code = await main(['health', '--project', P, ...args, '--emulator', h.url, '--as', DEMO.users.popm], io);
    return { code, out, err };
  }

  it('prints the PI summary as one JSON object with the numbers, their basis and JQL', async () => {
    const r = await run(['--pi', DEMO.labels.earlierPi, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    expect(j).toMatchObject({ project: P, pi: DEMO.labels.earlierPi, current: false });
    expect(Object.keys(j.train)).toEqual(['predictability', 'acceptance', 'rework', 'quality', 'improvementCompletion']);
    // The demo tracks PI objectives: actual over planned business value of PI-2026.3's objectives.
    const objectives = data.issues.filter((i) => i.fields.issuetype.name === 'PI Objective' && i.fields.labels?.includes(DEMO.labels.earlierPi));
    const value = (i: (typeof objectives)[number], f: string) => Number((i.fields as Record<string, unknown>)[f]);
    const planned = objectives.filter((i) => !i.fields.labels?.includes('uncommitted')).reduce((n, i) => n + value(i, 'customfield_10062'), 0);
    const actual = objectives.reduce((n, i) => n + value(i, 'customfield_10063'), 0);
    expect(j.train.predictability).toBeCloseTo(actual / planned, 3);
    expect(j.train.acceptance).toBeGreaterThan(0);
    expect(j.train.acceptance).toBeLessThanOrEqual(1);
    expect(j.improvement).toMatchObject({ created: 7, done: 4, open: 3 });
    expect(j.train.improvementCompletion).toBeCloseTo(j.improvement.doneInPi / 7, 4);
    expect(j.teams.map((t: { team: string }) => t.team)).toEqual([...DEMO.teams]);
    // The same numbers as the page section.
    const page = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: P, pi: DEMO.labels.earlierPi })).inspectAndAdapt!;
    expect(j.sprints).toEqual(page.sprints);
    expect(j.train.acceptance).toBeCloseTo(page.train.find((m) => m.id === 'acceptance')!.value!, 4);
    expect(typeof j.jql.acceptance).toBe('string');
    expect((await jira.searchAll(j.jql.improvementCompletion, ['labels'])).every((i) => (i.fields as { labels: string[] }).labels.includes(DEMO.labels.earlierPi))).toBe(true);
  });

  it('prints Markdown with --md, and fails with a readable message for an unknown PI', async () => {
    const md = await run(['--pi', DEMO.labels.earlierPi, '--md']);
    expect(md.code).toBe(0);
    expect(md.out).toContain(`# Inspect & Adapt: ${DEMO.labels.earlierPi} (${P})`);
    expect(md.out).toMatch(/\| Story acceptance \| \[\d+%\]\(http/);
    expect(md.out).toContain('## By team');
    const bad = await run(['--pi', 'PI-1999.1', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`no improvement item carries the PI label PI-1999.1. Known PIs: ${DEMO.labels.earlierPi}, ${DEMO.labels.currentPi}`);
  });
});
