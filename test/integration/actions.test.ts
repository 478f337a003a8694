/**
 * Issue 19: each Refinery action's Forge function against the emulator over HTTP (the harness's
 * `POST /harness/action`, which calls the function as Forge does, reading as the given user):
 * success, bad input, missing permission, unknown key, Jira 429/5xx — each a Refinery envelope plus
 * Automation's `errors` — and the contract that each action answers what its panel shows.
 */
import type { RunningHarness } from '../../dev/harness/server';
import type { ActionOutcome } from '../../src/app/actions/run';
import type { CreateImprovementActionResult, SprintReadinessActionResult, StoryReadinessResult, TrainHealthActionResult, WsjfActionResult } from '../../src/app/actions/catalog';
import { defaultRequestId } from '../../src/app/actions/catalog';
import { runHealthCli } from '../../src/cli/health';
import { JastBuilder } from '@atlassianlabs/jql-ast';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

jest.setTimeout(120_000);

/** Atlassian's JQL grammar; throws on a syntax error. */
function parseJql(jql: string) {
  const jast = new JastBuilder().build(jql);
  if (jast.errors.length) throw new Error(`JQL does not parse: ${jql}`);
  return jast;
}

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness();
});
afterAll(() => h.close());
afterEach(() => h.emulator.faults.clear());

async function act(key: string, payload: unknown, accountId: string = DEMO.users.popm): Promise<ActionOutcome> {
  const res = await fetch(`${h.url}/harness/action`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key, payload, accountId }) });
  expect(res.status).toBe(200);
  return (await res.json()) as ActionOutcome;
}

function data<T>(o: ActionOutcome): T {
  if (!o.ok) throw new Error(`expected ok, got ${o.error.code}: ${o.error.message}`);
  return o.data as T;
}

/** A failure is Refinery's envelope and Automation's `errors`, both naming the code and the sentence. */
function expectFailure(o: ActionOutcome, code: string) {
  expect(o.ok).toBe(false);
  if (o.ok) return;
  expect(o.error.code).toBe(code);
  expect(o.error.message.length).toBeGreaterThan(10);
  expect(o.error.message).not.toMatch(/\bat \w+ \(|Error:/); // no stack trace
  expect(o.errors).toEqual([{ message: expect.stringContaining(`(${code}): ${o.error.message}`) }]);
}

/** The demo's future sprints (one per team board) and the not-ready stories the sprint action lists. */
async function nextSprints() {
  const d = data<SprintReadinessActionResult>(await act('refinery-check-sprint-readiness', { sprint: 'next', projectKey: 'ART' }));
  expect(d.sprints.length).toBe(DEMO.teams.length);
  return d;
}

describe('check story readiness', () => {
  it('answers the story panel\'s verdict, score, findings and failed checks for a not-ready story', async () => {
    const sprints = await nextSprints();
    const key = sprints.sprints.flatMap((s) => s.notReady)[0]?.issue.key;
    expect(key).toBeDefined();
    const out = await act('refinery-check-story-readiness', { issueKey: ` ${key!.toLowerCase()} ` });
    const r = data<StoryReadinessResult>(out);
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    if (panel.kind !== 'story') throw new Error(`${key} is not a story`);
    expect(r.issue.key).toBe(key);
    expect(r.ready).toBe(false);
    expect({ ready: r.ready, score: r.score }).toEqual({ ready: panel.quality.ready, score: panel.quality.score });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings).toEqual(panel.quality.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, hint: f.hint })));
    expect(r.failedChecks.map((c) => c.rule)).toEqual(panel.quality.dor.filter((d) => !d.passed).map((d) => d.rule));
    // Smart values: flat, one line per finding, and a JQL that parses and names the story.
    if (!out.ok) return;
    expect(out.ready).toBe(false);
    expect(out.findingCount).toBe(r.findings.length);
    expect(String(out.findings).split('\n')).toHaveLength(r.findings.length);
    expect(String(out.findings)).toContain(r.findings[0].hint);
    expect(() => parseJql(r.jql)).not.toThrow();
    expect(r.jql).toContain(`"${key}"`);
  });

  it('refuses a feature with a sentence naming what to use instead', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const feature = table.rows[0].issue.key;
    const out = await act('refinery-check-story-readiness', { issueKey: feature });
    expectFailure(out, 'BAD_REQUEST');
    if (!out.ok) expect(out.error.message).toContain('Score WSJF');
  });

  it('bad input, unknown key and a story hidden from the user: BAD_REQUEST, NOT_FOUND, NOT_FOUND', async () => {
    expectFailure(await act('refinery-check-story-readiness', {}), 'BAD_REQUEST');
    expectFailure(await act('refinery-check-story-readiness', { issueKey: 'not a key' }), 'BAD_REQUEST');
    expectFailure(await act('refinery-check-story-readiness', { issueKey: 'ART-99999' }), 'NOT_FOUND');
    const hidden = h.emulator.data.users.find((u) => u.accountId === DEMO.users.restricted)!.hiddenIssueKeys!;
    expect(hidden.length).toBeGreaterThan(0);
    const asPopm = await act('refinery-check-story-readiness', { issueKey: hidden[0] });
    expect(asPopm.ok || (!asPopm.ok && asPopm.error.code === 'BAD_REQUEST')).toBe(true); // visible to the POPM
    expectFailure(await act('refinery-check-story-readiness', { issueKey: hidden[0] }, DEMO.users.restricted), 'NOT_FOUND');
  });
});

describe('check sprint readiness', () => {
  it('"next": each board\'s next sprint with the not-ready stories the sprint action lists, and why', async () => {
    const out = await act('refinery-check-sprint-readiness', { sprint: 'next', projectKey: 'art' });
    const r = data<SprintReadinessActionResult>(out);
    expect(r.notReadyCount).toBeGreaterThan(0);
    for (const s of r.sprints) {
      const view = ok(await invoke(h, DEMO.users.popm, 'getSprintReadiness', { sprintId: s.sprint.id }));
      expect(view.sprint.state).toBe('future');
      expect({ storyCount: s.storyCount, readyCount: s.readyCount }).toEqual({ storyCount: view.storyCount, readyCount: view.readyCount });
      expect(s.notReady.map((n) => n.issue.key)).toEqual(view.notReady.map((n) => n.issue.key));
      expect(s.notReady.map((n) => n.failedChecks)).toEqual(view.notReady.map((n) => n.failedChecks));
      for (const n of s.notReady) expect(n.failedChecks.length + n.findings.length).toBeGreaterThan(0);
      if (s.notReadyJql) expect(() => parseJql(s.notReadyJql!)).not.toThrow();
    }
    expect(() => parseJql(r.notReadyJql!)).not.toThrow();
    if (!out.ok) return;
    expect(out.notReadyCount).toBe(r.notReadyCount);
    expect(String(out.notReadyKeys).split(', ')).toEqual(r.sprints.flatMap((s) => s.notReady.map((n) => n.issue.key)));
  });

  it('the same sprint by id and by name', async () => {
    const first = (await nextSprints()).sprints[0];
    const byId = data<SprintReadinessActionResult>(await act('refinery-check-sprint-readiness', { sprint: String(first.sprint.id) }));
    const byName = data<SprintReadinessActionResult>(await act('refinery-check-sprint-readiness', { sprint: first.sprint.name, projectKey: 'ART' }));
    expect(byId.sprints).toEqual([first]);
    expect(byName.sprints).toEqual([first]);
  });

  it('a name without a project, an unknown name, an unknown id', async () => {
    expectFailure(await act('refinery-check-sprint-readiness', { sprint: 'Comet Sprint 21' }), 'BAD_REQUEST');
    expectFailure(await act('refinery-check-sprint-readiness', { sprint: 'No such sprint', projectKey: 'ART' }), 'NOT_FOUND');
    expectFailure(await act('refinery-check-sprint-readiness', { sprint: '987654' }), 'NOT_FOUND');
    expectFailure(await act('refinery-check-sprint-readiness', { sprint: '' }), 'BAD_REQUEST');
  });
});

describe('score WSJF', () => {
  it('a feature: the WSJF tab\'s Cost of Delay, WSJF and flags, and the feature panel\'s rank', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const row = table.rows.find((r) => r.wsjfRank !== null && !r.notRanked && r.wsjf !== null)!;
    expect(row).toBeDefined();
    const out = await act('refinery-score-wsjf', { featureKey: row.issue.key });
    const r = data<WsjfActionResult>(out);
    expect(r.features).toHaveLength(1);
    const f = r.features[0];
    expect({ costOfDelay: f.costOfDelay, wsjf: f.wsjf, rank: f.rank, flags: f.flags }).toEqual({ costOfDelay: row.costOfDelay, wsjf: row.wsjf, rank: row.wsjfRank, flags: row.flags });
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: row.issue.key }));
    if (panel.kind !== 'feature') throw new Error('not a feature');
    expect(f.rank).toBe(panel.ranking.rank);
    expect(r.rankedOf).toBe(panel.ranking.of);
    expect({ costOfDelay: f.costOfDelay, wsjf: f.wsjf }).toEqual({ costOfDelay: panel.wsjf?.costOfDelay, wsjf: panel.wsjf?.wsjf });
    if (out.ok) expect({ featureKey: out.featureKey, rank: out.rank, wsjf: out.wsjf }).toEqual({ featureKey: row.issue.key, rank: row.wsjfRank, wsjf: row.wsjf });
  });

  it('a project: its top features in WSJF order, as ranked on the WSJF tab', async () => {
    const table = ok(await invoke(h, DEMO.users.popm, 'getWsjfTable', { projectKey: 'ART' }));
    const expected = table.rows.filter((x) => x.wsjfRank !== null && !x.notRanked).sort((a, b) => a.wsjfRank! - b.wsjfRank!).slice(0, 3);
    expect(expected).toHaveLength(3);
    const r = data<WsjfActionResult>(await act('refinery-score-wsjf', { projectKey: 'ART', top: '3' }));
    expect(r.features.map((f) => [f.issue.key, f.rank, f.wsjf])).toEqual(expected.map((x) => [x.issue.key, x.wsjfRank, x.wsjf]));
    expect(() => parseJql(r.jql!)).not.toThrow();
  });

  it('neither key, a story, an unknown feature, top out of range', async () => {
    expectFailure(await act('refinery-score-wsjf', {}), 'BAD_REQUEST');
    expectFailure(await act('refinery-score-wsjf', { projectKey: 'ART', top: 0 }), 'BAD_REQUEST');
    const story = (await nextSprints()).sprints[0].notReady[0].issue.key;
    expectFailure(await act('refinery-score-wsjf', { featureKey: story }), 'BAD_REQUEST');
    expectFailure(await act('refinery-score-wsjf', { featureKey: 'ART-99999' }), 'NOT_FOUND');
  });
});

let healthPatterns: TrainHealthActionResult['patterns'] = [];

describe('train health', () => {
  it('is `refinery health --json` for the same user, plus the Improvement tab\'s patterns', async () => {
    const r = data<TrainHealthActionResult>(await act('refinery-train-health', { projectKey: 'ART' }));
    healthPatterns = r.patterns;
    // The CLI over HTTP against the same emulator as the same user, at the same instant.
    let text = '';
    const RealDate = Date;
    const Fixed = class extends RealDate {
      constructor(...args: unknown[]) {
        super(...((args.length ? args : [NOW.getTime()]) as [number]));
      }
      static override now() {
        return NOW.getTime();
      }
    } as DateConstructor;
    global.Date = Fixed;
    let code: number;
    try {
      code = await runHealthCli({ project: 'ART', json: true, emulator: h.url, as: DEMO.users.popm }, { write: (s: string) => (text += s) }, { write: () => true }, {});
    } finally {
      global.Date = RealDate;
    }
    expect(code).toBe(0);
    const { patterns, ...health } = r;
    expect(health).toEqual(JSON.parse(text));
    expect(health.figures.length).toBeGreaterThan(5);
    for (const f of health.figures.filter((x) => x.jql)) expect(() => parseJql(f.jql!)).not.toThrow();
    const tab = ok(await invoke(h, DEMO.users.popm, 'getImprovement', { projectKey: 'ART' }));
    expect(patterns.map((p) => p.id)).toEqual(tab.patterns.map((p) => p.id));
    expect(patterns.length).toBeGreaterThan(0);
  });

  it('an unknown project and a bad key', async () => {
    expectFailure(await act('refinery-train-health', { projectKey: 'NOPE' }), 'NOT_FOUND');
    expectFailure(await act('refinery-train-health', { projectKey: 'art-1' }), 'BAD_REQUEST');
  });
});

describe('create improvement item', () => {
  it('checks Create Issues before any write, then creates once per request id (as the Improvement tab)', async () => {
    // The patterns Train health returned above (the same train: nothing was written since).
    const pattern = healthPatterns[0];
    expect(pattern).toBeDefined();

    const before = h.emulator.requests.length;
    const refused = await act('refinery-create-improvement-item', { projectKey: 'ART', patternId: pattern.id }, DEMO.users.restricted);
    expectFailure(refused, 'FORBIDDEN');
    expect(h.emulator.requests.slice(before).filter((q) => q.method === 'POST' && q.path === '/rest/api/3/issue')).toEqual([]);

    const first = data<CreateImprovementActionResult>(await act('refinery-create-improvement-item', { projectKey: 'ART', patternId: pattern.id }));
    expect(first.created).toBe(true);
    expect(first.requestId).toBe(defaultRequestId(pattern.id));
    const again = data<CreateImprovementActionResult>(await act('refinery-create-improvement-item', { projectKey: 'ART', patternId: pattern.id }));
    expect(again).toEqual({ ...first, created: false });
    const created = h.emulator.data.issues.find((i) => i.key === first.issue.key);
    expect(created?.fields.labels).toEqual(expect.arrayContaining(['improvement']));
    expectFailure(await act('refinery-create-improvement-item', { projectKey: 'ART', patternId: 'no-such:pattern' }), 'NOT_FOUND');
    expectFailure(await act('refinery-create-improvement-item', { projectKey: 'ART', patternId: 'Not a pattern' }), 'BAD_REQUEST');
  });
});

describe('Jira 429 and 5xx', () => {
  it('transient 429 and 503: retried, then the data', async () => {
    h.emulator.faults.set({ rate429: 1, retryAfterSeconds: 1, maxFaults: 1 });
    expect((await act('refinery-score-wsjf', { projectKey: 'ART', top: 1 })).ok).toBe(true);
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503, maxFaults: 2 });
    expect((await act('refinery-score-wsjf', { projectKey: 'ART', top: 1 })).ok).toBe(true);
  });

  it('a 429 past the budget and a persistent 503: RATE_LIMITED and JIRA_UNAVAILABLE, the rule stopped with a sentence', async () => {
    h.emulator.faults.set({ rate429: 1, retryAfterSeconds: 60 });
    expectFailure(await act('refinery-check-story-readiness', { issueKey: 'ART-101' }), 'RATE_LIMITED');
    h.emulator.faults.set({ rate5xx: 1, status5xx: 503 });
    expectFailure(await act('refinery-train-health', { projectKey: 'ART' }), 'JIRA_UNAVAILABLE');
  });
});
