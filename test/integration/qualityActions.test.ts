/**
 * Story-quality actions, sprint readiness, the refinery.quality property and the workflow validator,
 * over HTTP through the harness and the Jira emulator (real resolvers, real JQL, per-user permissions).
 */
import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { Readable } from 'node:stream';
import { QUALITY_PROPERTY, syncQualityProperties } from '../../src/app/qualityProperty';
import { runQualityCli } from '../../src/cli/quality';
import { currentSettings } from '../../src/app/siteMetadata';
import { checkStory, readText } from '../../src/domain/quality';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { makeReadyValidator } from '../../src/jobs/readyValidator';
import { MemoryStore } from '../../src/storage/memoryStore';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const F = DEMO.fieldIds;
const data: DataSet = generateDemoTrain({ now: NOW });
const openStories = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && i.fields.status.statusCategory.key !== 'done');
const report = (i: JiraIssue) =>
  checkStory({ id: i.key, summary: i.fields.summary, description: i.fields.description, acceptanceCriteria: i.fields[F.acceptanceCriteria], storyPoints: i.fields[F.storyPoints] as number | null });
const withoutAc = openStories.filter((i) => !report(i).hasAcceptanceCriteria);
const nonAtomic = openStories.filter((i) => !report(i).atomic && i.fields.parent);
const atomicStory = openStories.find((i) => report(i).atomic)!;

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h.close());
afterEach(() => {
  h.emulator.faults.clear();
  for (const p of h.emulator.data.projects) delete p.requiredFields;
});

const issueNow = (key: string) => h.emulator.data.issues.find((i) => i.key === key)!;
const writes = (method: string, path: RegExp) => h.emulator.requests.filter((r) => r.method === method && path.test(r.path)).length;
const appClient = () => new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }));
const userClient = (accountId: string) => new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-User': accountId } }));

describe('insert acceptance-criteria template', () => {
  it('previews exactly what will be written, then appends it to the acceptance-criteria field as the user', async () => {
    const key = withoutAc[0].key;
    const descriptionBefore = JSON.stringify(issueNow(key).fields.description);
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewAcTemplate', { issueKey: key }));
    expect(preview).toMatchObject({ issueKey: key, target: 'field', targetLabel: 'the "Acceptance criteria" field', canInsert: true });
    expect(preview.blocks.map((b) => b.text)).toEqual([expect.stringMatching(/^Given /), expect.stringMatching(/^When /), expect.stringMatching(/^Then /)]);
    expect(writes('PUT', new RegExp(`/issue/${key}$`))).toBe(0); // a preview writes nothing

    const done = ok(await invoke(h, DEMO.users.popm, 'insertAcTemplate', { issueKey: key, expectedVersion: preview.version }));
    expect(done.blocks).toEqual(preview.blocks);
    const put = h.emulator.requests.filter((r) => r.method === 'PUT' && r.path === `/rest/api/3/issue/${key}`);
    expect(put).toHaveLength(1);
    expect(put[0].actor).toBe(DEMO.users.popm);
    const field = issueNow(key).fields[F.acceptanceCriteria];
    expect(readText(field).text.split('\n')).toEqual(preview.blocks.map((b) => b.text));
    expect(JSON.stringify(issueNow(key).fields.description)).toBe(descriptionBefore); // the description is untouched

    // The template is where criteria go, but it is not criteria: the panel says they are not written yet.
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    if (panel.kind !== 'story') throw new Error(`expected a story panel, got ${panel.kind}`);
    expect(panel.quality.ready).toBe(false);
    expect(panel.quality.hasAcceptanceCriteria).toBe(false);
    expect(panel.quality.dor.find((d) => d.rule === 'requireAcceptanceCriteria')).toMatchObject({ passed: false, detail: expect.stringMatching(/^not written yet: /) });
    expect(panel.quality.findings.find((f) => f.rule === 'ac-not-written')).toMatchObject({ severity: 'error' });
  });

  it('refuses a second insert: the preview says why and the insert writes nothing', async () => {
    const key = withoutAc[0].key; // filled by the test above
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewAcTemplate', { issueKey: key }));
    expect(preview.canInsert).toBe(false);
    expect(preview.reason).toMatch(/template is already in this story .* Replace its lines with the real criteria/);
    const before = writes('PUT', /\/rest\/api\/3\/issue\//);
    const again = await invoke(h, DEMO.users.popm, 'insertAcTemplate', { issueKey: key, expectedVersion: preview.version });
    expect(!again.ok && again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/template is already in this story/) });
    expect(writes('PUT', /\/rest\/api\/3\/issue\//)).toBe(before);
  });

  it('refuses a member without Edit Issues before touching the issue', async () => {
    const key = withoutAc[1].key;
    const preview = ok(await invoke(h, DEMO.users.member, 'previewAcTemplate', { issueKey: key }));
    expect(preview.canInsert).toBe(false);
    expect(preview.reason).toMatch(/Edit Issues permission/);
    const before = writes('PUT', /\/rest\/api\/3\/issue\//);
    const r = await invoke(h, DEMO.users.member, 'insertAcTemplate', { issueKey: key, expectedVersion: preview.version });
    expect(!r.ok && r.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Edit Issues permission on/) });
    expect(writes('PUT', /\/rest\/api\/3\/issue\//)).toBe(before);
    expect(issueNow(key).fields[F.acceptanceCriteria] ?? null).toEqual(withoutAc[1].fields[F.acceptanceCriteria] ?? null);
  });

  it('refuses a stale preview (the story changed after it) and writes nothing', async () => {
    const key = withoutAc[2].key;
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewAcTemplate', { issueKey: key }));
    const r = await invoke(h, DEMO.users.popm, 'insertAcTemplate', { issueKey: key, expectedVersion: '2020-01-01T00:00:00.000+0000' });
    expect(!r.ok && r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed after the preview/) });
    expect(preview.canInsert).toBe(true);
    expect(issueNow(key).fields[F.acceptanceCriteria] ?? null).toEqual(withoutAc[2].fields[F.acceptanceCriteria] ?? null);
  });

  it('on a site without an acceptance-criteria field, appends a heading and the list after the existing description', async () => {
    const bare = generateDemoTrain({ now: NOW });
    bare.fields = bare.fields.filter((f) => f.id !== F.acceptanceCriteria);
    const target = bare.issues.find((i) => i.fields.issuetype.hierarchyLevel === 0 && i.fields.status.statusCategory.key !== 'done' && !report(i).hasAcceptanceCriteria && !i.fields[F.acceptanceCriteria])!;
    const other = await startDemoHarness(bare);
    try {
      const before = (target.fields.description as { content?: unknown[] } | null)?.content ?? [];
      const preview = ok(await invoke(other, DEMO.users.popm, 'previewAcTemplate', { issueKey: target.key }));
      expect(preview).toMatchObject({ target: 'description', targetLabel: 'the description' });
      expect(preview.blocks[0]).toEqual({ kind: 'heading', text: 'Acceptance criteria' });
      ok(await invoke(other, DEMO.users.popm, 'insertAcTemplate', { issueKey: target.key, expectedVersion: preview.version }));
      const after = other.emulator.data.issues.find((i) => i.key === target.key)!.fields.description as { content: unknown[] };
      // Never overwrites: the old content is an unchanged prefix, the template follows.
      expect(after.content.slice(0, before.length)).toEqual(before);
      expect(after.content.slice(before.length)).toEqual(preview.nodes);
    } finally {
      await other.close();
    }
  });
});

describe('readiness cannot be met by a template (one verdict on every surface)', () => {
  const fullReport = (i: JiraIssue) =>
    checkStory({ id: i.key, summary: i.fields.summary, description: i.fields.description, acceptanceCriteria: i.fields[F.acceptanceCriteria], storyPoints: i.fields[F.storyPoints] as number | null, hasParent: !!i.fields.parent, blockedBy: [] });
  const futureIds = new Set(data.sprints.filter((s) => s.state === 'future').map((s) => s.id));
  const sprintOf = (i: JiraIssue) => ((i.fields[F.sprint] as { id: number }[] | null) ?? []).map((s) => s.id).find((id) => futureIds.has(id));
  // A story that only lacks acceptance criteria: before this fix, inserting the template made it Ready.
  const onlyLacksCriteria = openStories.filter((i) => {
    if (!withoutAc.includes(i) || i.fields[F.acceptanceCriteria] || (i.fields.issuelinks ?? []).length || sprintOf(i) === undefined) return false;
    const r = fullReport(i);
    return r.dor.filter((d) => !d.passed).every((d) => d.rule === 'requireAcceptanceCriteria' || d.rule === 'requireNoErrors') && r.findings.filter((f) => f.severity === 'error').every((f) => f.rule === 'ac-missing');
  });
  // A story whose only problem is that every criterion is vague ("No bugs.").
  const vagueOnly = openStories.find((i) => {
    const r = fullReport(i);
    return (i.fields.issuelinks ?? []).length === 0 && r.dor.filter((d) => !d.passed).map((d) => d.rule).join() === 'rejectVagueOnlyCriteria';
  });

  it('insert template on a story that only lacks criteria: panel, sprint action, validator and CLI all say Not ready, with the new finding', async () => {
    expect(onlyLacksCriteria.length).toBeGreaterThan(0);
    const story = onlyLacksCriteria[0];
    const key = story.key;
    const panelBefore = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    if (panelBefore.kind !== 'story') throw new Error('expected a story panel');
    expect(panelBefore.quality.dor.filter((d) => !d.passed).map((d) => d.rule)).toEqual(['requireAcceptanceCriteria', 'requireNoErrors']);

    const preview = ok(await invoke(h, DEMO.users.popm, 'previewAcTemplate', { issueKey: key }));
    ok(await invoke(h, DEMO.users.popm, 'insertAcTemplate', { issueKey: key, expectedVersion: preview.version }));
    expect(readText(issueNow(key).fields[F.acceptanceCriteria]).text.split('\n')).toEqual(preview.blocks.map((b) => b.text));

    // Story panel.
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    if (panel.kind !== 'story') throw new Error('expected a story panel');
    expect(panel.quality.ready).toBe(false);
    const finding = panel.quality.findings.find((f) => f.rule === 'ac-not-written')!;
    expect(finding).toMatchObject({ severity: 'error', criterion: 'AC' });
    expect(finding.message).toContain(`"${preview.blocks[0].text}"`);
    expect(panel.quality.dor.find((d) => d.rule === 'requireAcceptanceCriteria')).toMatchObject({ passed: false });

    // Sprint action on the story's future sprint.
    const sprint = ok(await invoke(h, DEMO.users.popm, 'getSprintReadiness', { sprintId: sprintOf(story)! }));
    const row = sprint.notReady.find((n) => n.issue.key === key)!;
    expect(row).toBeDefined();
    expect(row.failedChecks.map((c) => c.rule)).toContain('requireAcceptanceCriteria');
    expect(row.findings.map((f) => f.rule)).toContain('ac-not-written');

    // Workflow validator (as the app).
    const v = await makeReadyValidator(() => ({ jira: appClient(), store: new MemoryStore(), now: () => NOW }))({ issue: { key } });
    expect(v.result).toBe(false);
    expect(v.errorMessage).toContain('Acceptance criteria not written yet');

    // CLI on the value Jira now holds.
    const now = issueNow(key);
    let out = '';
    await runQualityCli(['--json'], { stdin: Readable.from([`${JSON.stringify({ id: key, summary: now.fields.summary, description: now.fields.description, acceptanceCriteria: now.fields[F.acceptanceCriteria], storyPoints: now.fields[F.storyPoints] })}\n`]), stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined } });
    const cli = JSON.parse(out.trim()) as { ready: boolean; findings: { rule: string; message: string }[] };
    expect(cli.ready).toBe(false);
    expect(cli.findings.find((f) => f.rule === 'ac-not-written')?.message).toBe(finding.message);
  });

  it('vague-only criteria: Not ready by default, ready once an admin turns the rule off (validated setting), on every surface', async () => {
    expect(vagueOnly).toBeDefined();
    const key = vagueOnly!.key;
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
    if (panel.kind !== 'story') throw new Error('expected a story panel');
    expect(panel.quality.ready).toBe(false);
    expect(panel.quality.dor.find((d) => d.rule === 'rejectVagueOnlyCriteria')).toMatchObject({ passed: false, detail: expect.stringMatching(/^every criterion is vague: "/) });
    const validator = makeReadyValidator(() => ({ jira: appClient(), store: h.store, now: () => NOW }));
    expect((await validator({ issue: { key } })).result).toBe(false);

    const current = ok(await invoke(h, DEMO.users.admin, 'getSettings', {})).settings;
    const bad = await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, dor: { ...current.dor, rejectVagueOnlyCriteria: 'no' } } });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/dor\.rejectVagueOnlyCriteria/) });
    ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...current, dor: { ...current.dor, rejectVagueOnlyCriteria: false } } }));
    try {
      const after = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: key }));
      if (after.kind !== 'story') throw new Error('expected a story panel');
      expect(after.quality.ready).toBe(true);
      expect(after.quality.dor.map((d) => d.rule)).not.toContain('rejectVagueOnlyCriteria');
      expect(after.quality.findings.find((f) => f.rule === 'ac-vague')).toMatchObject({ severity: 'warning' });
      expect((await validator({ issue: { key } })).result).toBe(true);
    } finally {
      ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: current }));
    }
  });
});

describe('split a non-atomic story', () => {
  it('proposes one story per goal and creates them under the same feature, team and labels, linked to the original', async () => {
    const original = nonAtomic[0];
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewSplit', { issueKey: original.key }));
    expect(preview.proposals.length).toBeGreaterThanOrEqual(2);
    expect(preview).toMatchObject({ canCreate: true, parent: { key: original.fields.parent!.key }, linkType: 'Relates' });
    const summaries = preview.proposals.map((p, i) => (i === 0 ? `${p.summary} (edited)` : p.summary));
    const posts = writes('POST', /^\/rest\/api\/3\/issue$/);

    const result = ok(await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-test-0001' }));
    expect(result.failed).toEqual([]);
    expect(result.replayed).toBe(false);
    expect(result.created.map((c) => c.summary)).toEqual(summaries);
    expect(writes('POST', /^\/rest\/api\/3\/issue$/) - posts).toBe(summaries.length);
    for (const c of result.created) {
      const child = issueNow(c.key);
      expect(child.fields.parent?.key).toBe(original.fields.parent!.key);
      expect(child.fields[F.team]).toEqual(original.fields[F.team]);
      expect(child.fields.labels).toEqual(original.fields.labels ?? []);
      expect(child.fields.issuetype.id).toBe(original.fields.issuetype.id);
      expect(c.linked).toBe(true);
      expect(child.fields.issuelinks?.some((l) => l.type.name === 'Relates' && (l.inwardIssue ?? l.outwardIssue)?.key === original.key)).toBe(true);
      expect(readText(child.fields.description).text).toContain(`Split from ${original.key}`);
      // The original's criteria for this child's goal are in its description (issue 17), as the preview listed them.
      const criteria = preview.proposals[result.created.indexOf(c)].criteria;
      expect(readText(child.fields.description).text.split('\n')).toEqual(expect.arrayContaining(criteria));
    }
    // The demo's non-atomic stories have acceptance criteria, so some child carries lines (the check above is not vacuous).
    expect(preview.proposals.some((p) => p.criteria.length > 0)).toBe(true);
    // The new stories are found where a POPM looks: under the feature, in Jira's search.
    const found = await userClient(DEMO.users.popm).searchAll(`parent = "${original.fields.parent!.key}" AND summary ~ "edited"`, ['summary']);
    expect(found.map((i) => i.key)).toContain(result.created[0].key);

    // A retry with the same idempotency key (a double click, a lost response) creates nothing.
    const postsBefore = writes('POST', /^\/rest\/api\/3\/issue$/);
    const again = ok(await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-test-0001' }));
    expect(again.replayed).toBe(true);
    expect(again.created.map((c) => c.key)).toEqual(result.created.map((c) => c.key));
    expect(writes('POST', /^\/rest\/api\/3\/issue$/)).toBe(postsBefore);
    expect(writes('POST', /^\/rest\/api\/3\/issueLink$/)).toBe(summaries.length);
  });

  it('refuses the same idempotency key with different stories', async () => {
    const original = nonAtomic[0];
    const r = await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries: ['As a user, I want a', 'As a user, I want b'], idempotencyKey: 'split-test-0001' });
    expect(!r.ok && r.error.code).toBe('CONFLICT');
  });

  it('refuses a member without Edit Issues, creating nothing', async () => {
    const original = nonAtomic[1];
    const preview = ok(await invoke(h, DEMO.users.member, 'previewSplit', { issueKey: original.key }));
    expect(preview.canCreate).toBe(false);
    expect(preview.reason).toMatch(/Edit Issues permission/);
    const posts = writes('POST', /^\/rest\/api\/3\/issue$/);
    const r = await invoke(h, DEMO.users.member, 'createSplit', { issueKey: original.key, summaries: preview.proposals.map((p) => p.summary), idempotencyKey: 'split-member-01' });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(writes('POST', /^\/rest\/api\/3\/issue$/)).toBe(posts);
  });

  it('says there is nothing to split on a single-goal story', async () => {
    const r = await invoke(h, DEMO.users.popm, 'previewSplit', { issueKey: atomicStory.key });
    expect(!r.ok && r.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/nothing to split/) });
  });

  it('turns Jira’s 400 for a required field into a readable error, creates nothing, and a retry after the fix creates all', async () => {
    const original = nonAtomic[1];
    h.emulator.data.projects[0].requiredFields = ['customfield_10015'];
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewSplit', { issueKey: original.key }));
    const summaries = preview.proposals.map((p) => p.summary);
    const r = await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-required-01' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('JIRA_REJECTED');
    expect(r.error.message).toMatch(/None of the \d stories was created/);
    expect(r.error.message).toMatch(/Start date is required/);
    expect(h.emulator.data.issues.filter((i) => summaries.includes(i.fields.summary))).toHaveLength(0);

    delete h.emulator.data.projects[0].requiredFields;
    const retry = ok(await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-required-01' }));
    expect(retry.created).toHaveLength(summaries.length);
    expect(retry.failed).toEqual([]);
  });

  it('reports a partial failure exactly, and a retry with the same key creates only the missing story', async () => {
    const original = nonAtomic[2] ?? nonAtomic[0];
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewSplit', { issueKey: original.key }));
    const summaries = preview.proposals.map((p, i) => `${p.summary} [partial ${i}]`);
    // Jira is down for the first create (and its retries), then back.
    h.emulator.faults.set({ rate5xx: 1, pathPattern: '^/rest/api/3/issue$', maxFaults: 5 });
    const first = ok(await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-partial-01' }));
    h.emulator.faults.clear();
    expect(first.failed.map((f) => f.summary)).toEqual([summaries[0]]);
    expect(first.failed[0].message).toMatch(/unavailable/i);
    expect(first.created.map((c) => c.summary)).toEqual(summaries.slice(1));

    const posts = writes('POST', /^\/rest\/api\/3\/issue$/);
    const second = ok(await invoke(h, DEMO.users.popm, 'createSplit', { issueKey: original.key, summaries, idempotencyKey: 'split-partial-01' }));
    expect(second.failed).toEqual([]);
    expect(second.created.map((c) => c.summary)).toEqual(summaries);
    expect(writes('POST', /^\/rest\/api\/3\/issue$/) - posts).toBe(1);
    for (const s of summaries) expect(h.emulator.data.issues.filter((i) => i.fields.summary === s)).toHaveLength(1);
  });
});

describe('sprint readiness (jira:sprintAction)', () => {
  const future = data.sprints.find((s) => s.state === 'future')!;
  const active = data.sprints.find((s) => s.state === 'active')!;

  it('lists the stories of a future sprint that fail the Definition of Ready, with their findings, without a request per issue', async () => {
    const before = h.emulator.requests.length;
    const r = ok(await invoke(h, DEMO.users.member, 'getSprintReadiness', { sprintId: future.id }));
    const calls = h.emulator.requests.slice(before).filter((x) => !/mypermissions|\/field$|\/issuetype$/.test(x.path));
    // One search for the sprint's stories, one for the open blockers outside it.
    expect(calls.filter((x) => x.path === '/rest/api/3/search/jql').length).toBe(2);
    expect(calls.filter((x) => /^\/rest\/api\/3\/issue\//.test(x.path))).toEqual([]);
    expect(r.sprint).toMatchObject({ id: future.id, name: future.name, state: 'future' });
    expect(r.note).toBeNull();

    const inSprint = await userClient(DEMO.users.member).searchAll(`sprint = ${future.id} AND issuetype = Story`, ['summary']);
    expect(r.storyCount).toBe(inSprint.length);
    expect(r.storyCount).toBeGreaterThan(0);
    expect(r.readyCount + r.notReady.length).toBe(r.storyCount);
    expect(r.notReady.length).toBeGreaterThan(0);
    for (const n of r.notReady) {
      expect(n.ready).toBe(false);
      expect(n.failedChecks.length).toBeGreaterThan(0);
      expect(n.findings.every((f) => f.severity !== 'info')).toBe(true);
    }
    // Blockers outside the sprint are named with their real sprint, not as unscheduled.
    const blocked = r.notReady.flatMap((n) => n.findings.filter((f) => f.rule === 'blocked-by-open-issue'));
    expect(blocked.length).toBeGreaterThan(0);
    for (const f of blocked) {
      const key = /Blocked by (ART-\d+)/.exec(f.message)![1];
      const sprints = (issueNow(key).fields[F.sprint] as { name: string }[] | null) ?? [];
      if (sprints.length) expect(f.message).toContain(`sprint ${sprints.at(-1)!.name}`);
      else expect(f.message).toContain('no sprint');
    }
    expect(blocked.some((f) => /, sprint /.test(f.message))).toBe(true);
    const scores = r.notReady.map((n) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    // The link opens exactly those stories in Jira's issue search.
    const linked = await userClient(DEMO.users.member).searchAll(r.notReadyLink!.jql, ['summary']);
    expect(linked.map((i) => i.key).sort()).toEqual(r.notReady.map((n) => n.issue.key).sort());
  });

  it('notes that an active sprint has already started', async () => {
    const r = ok(await invoke(h, DEMO.users.popm, 'getSprintReadiness', { sprintId: active.id }));
    expect(r.sprint.state).toBe('active');
    expect(r.note).toMatch(/already started/);
  });

  it('answers a readable NOT_FOUND for an unknown sprint', async () => {
    const r = await invoke(h, DEMO.users.popm, 'getSprintReadiness', { sprintId: 999999 });
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
  });
});

describe('refinery.quality issue property (daily job, as the app)', () => {
  it('writes changed stories only, without a GET per issue, and JQL finds the not-ready ones by property and alias', async () => {
    const jira = appClient();
    const store = new MemoryStore();
    const { settings, meta } = await currentSettings({ jira, store, siteUrl: h.url, accountId: null, now: () => NOW });
    const before = h.emulator.requests.length;
    const first = await syncQualityProperties(jira, { settings, meta, projectKey: DEMO.projectKey, now: NOW });
    const log = h.emulator.requests.slice(before);
    expect(first.checked).toBeGreaterThan(100);
    expect(first.written).toBe(first.checked);
    expect(first.failed).toEqual([]);
    expect(log.filter((x) => x.method === 'GET' && /\/rest\/api\/3\/issue\//.test(x.path))).toEqual([]);
    // Bulk writes: one request per 100 changed stories (plus Jira's task to follow), no PUT per issue.
    expect(log.filter((x) => x.method === 'PUT')).toEqual([]);
    expect(log.filter((x) => x.path === '/rest/api/3/issue/properties/multi').length).toBe(Math.ceil(first.written / 100));
    expect(log.filter((x) => x.path === '/rest/api/3/search/jql').length).toBe(Math.ceil(first.checked / 100));

    const stored = h.emulator.data.issues.filter((i) => i.properties?.[QUALITY_PROPERTY]);
    const notReady = stored.filter((i) => (i.properties![QUALITY_PROPERTY] as { ready: string }).ready === 'false').map((i) => i.key).sort();
    expect(notReady.length).toBeGreaterThan(0);
    expect(notReady.length).toBeLessThan(stored.length);
    const sample = stored[0].properties![QUALITY_PROPERTY] as Record<string, unknown>;
    expect(sample).toEqual({ ready: expect.stringMatching(/^(true|false)$/), score: expect.any(Number), findings: expect.any(Array), checkedAt: NOW.toISOString() });

    const user = userClient(DEMO.users.popm);
    const byProperty = await user.searchAll(`project = ART AND issue.property[refinery.quality].ready = "false"`, ['summary']);
    expect(byProperty.map((i) => i.key).sort()).toEqual(notReady);
    const byAlias = await user.searchAll(`project = ART AND ready = "false"`, ['summary']);
    expect(byAlias.map((i) => i.key).sort()).toEqual(notReady);
    const lowScore = await user.searchAll(`project = ART AND qualityScore < 0.5`, ['summary']);
    expect(lowScore.length).toBe(stored.filter((i) => (i.properties![QUALITY_PROPERTY] as { score: number }).score < 0.5).length);

    // Next day, nothing changed: no writes at all.
    const second = await syncQualityProperties(jira, { settings, meta, projectKey: DEMO.projectKey, now: new Date(NOW.getTime() + 86_400_000) });
    expect(second).toMatchObject({ written: 0, unchanged: first.checked, deferred: 0 });

    // One story gets acceptance criteria: only it is written again.
    const fixed = openStories.find((i) => !report(i).hasAcceptanceCriteria && !issueNow(i.key).fields[F.acceptanceCriteria])!;
    issueNow(fixed.key).fields[F.acceptanceCriteria] = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The export contains every row of the report' }] }] };
    const third = await syncQualityProperties(jira, { settings, meta, projectKey: DEMO.projectKey, now: new Date(NOW.getTime() + 2 * 86_400_000) });
    expect(third.written).toBe(1);
    expect((issueNow(fixed.key).properties![QUALITY_PROPERTY] as { findings: string[] }).findings).not.toContain('ac-missing');
  });

  it('caps the writes of one run and leaves the rest for the next', async () => {
    const other = await startDemoHarness(generateDemoTrain({ now: NOW }));
    try {
      const jira = new JiraClient(fetchTransport({ baseUrl: other.url, headers: { 'X-Refinery-As-App': '1' } }));
      const { settings, meta } = await currentSettings({ jira, store: new MemoryStore(), siteUrl: other.url, accountId: null, now: () => NOW });
      const r = await syncQualityProperties(jira, { settings, meta, projectKey: DEMO.projectKey, now: NOW, maxWrites: 10 });
      expect(r.written).toBe(10);
      expect(r.deferred).toBe(r.checked - 10);
      const next = await syncQualityProperties(jira, { settings, meta, projectKey: DEMO.projectKey, now: NOW, maxWrites: 10_000 });
      expect(next.written).toBe(r.deferred);
      expect(next.unchanged).toBe(10);
    } finally {
      await other.close();
    }
  });
});

describe('workflow validator (jira:workflowValidator, as the app)', () => {
  const validator = () => makeReadyValidator(() => ({ jira: appClient(), store: new MemoryStore(), now: () => NOW }));
  const notReadyStory = openStories.find((i) => !report(i).hasAcceptanceCriteria && !report(i).atomic) ?? withoutAc[5];

  it('blocks a story that is not ready, listing what is missing', async () => {
    const r = await validator()({ issue: { key: notReadyStory.key }, transition: { from: { id: '10000' }, to: { id: '10001' } } });
    expect(r.result).toBe(false);
    expect(r.errorMessage).toMatch(new RegExp(`^${notReadyStory.key} is not ready \\(Definition of Ready\\)`));
    expect(r.errorMessage).toMatch(/acceptance criteria/i);
    expect(r.errorMessage!.length).toBeLessThanOrEqual(1000);
  });

  it('lets a ready story through', async () => {
    // A story the daily job (the property test above) found ready.
    const candidates = await appClient().searchAll('project = ART AND issuetype = Story AND statusCategory != Done AND issue.property[refinery.quality].ready = "true"', ['summary'], { limit: 1 });
    expect(candidates.length).toBe(1);
    const r = await validator()({ issue: { key: candidates[0].key } });
    expect(r).toEqual({ result: true });
  });

  it('does not apply to features, and fails open when the issue cannot be read', async () => {
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1)!;
    expect(await validator()({ issue: { key: feature.key } })).toEqual({ result: true });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await validator()({ issue: { key: 'ART-99999' } })).toEqual({ result: true });
      expect(spy).toHaveBeenCalledWith(expect.stringMatching(/allowed the transition of ART-99999/));
    } finally {
      spy.mockRestore();
    }
  });
});
