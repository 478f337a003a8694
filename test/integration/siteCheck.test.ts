/**
 * The site check over HTTP: the admin page's resolver through the harness (as the user), and
 * `refinery doctor` against the emulator, on the demo and on sites missing something.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningHarness } from '../../dev/harness/server';
import { startEmulator } from '../../dev/emulator/server';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { KANBAN_TEAM, TEAM_MANAGED } from '../../dev/demo/realSiteShapes';
import { runDoctorCli } from '../../src/cli/doctor';
import { SITE_CHECK_IDS } from '../../src/app/siteCheck';
import { requestFindings } from '../contract/openapi';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

async function doctor(values: Record<string, string | boolean | undefined>) {
  const out = sink();
  const err = sink();
  const code = await runDoctorCli({ json: true, ...values }, out, err, {});
  expect(err.text).toBe('');
  return { code, checks: (JSON.parse(out.text) as { checks: { id: string; ok: boolean; message: string; fix?: string }[] }).checks };
}
/**
 * The demo train estimated in a company-managed "Story Points" number field, next to an empty
 * team-managed "Story point estimate" (Jira Software's type), whichever of the two the demo has.
 */
function storyPointsTrain() {
  const data = generateDemoTrain({ now: NOW });
  const base = data.fields.find((f) => f.id === DEMO.fieldIds.storyPoints)!;
  let points = data.fields.find((f) => f.schema?.type === 'number' && f.schema.custom?.endsWith(':float') && /^story points$/i.test(f.name));
  if (!points) {
    points = { ...base, id: 'customfield_10026', key: 'customfield_10026', name: 'Story Points', clauseNames: ['cf[10026]', 'Story Points'], schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10026 } };
    data.fields.push(points);
  }
  let estimate = data.fields.find((f) => f.schema?.custom === 'com.pyxis.greenhopper.jira:jsw-story-points');
  if (!estimate) {
    estimate = { ...base, id: 'customfield_10036', key: 'customfield_10036', name: 'Story point estimate', clauseNames: ['cf[10036]', 'Story point estimate'], schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10036 } };
    data.fields.push(estimate);
  }
  let estimated = 0;
  for (const i of data.issues.filter((x) => x.fields.project.key === 'ART')) {
    const f = i.fields as Record<string, unknown>;
    const value = [f[points.id], f[estimate.id], f[base.id]].find((v) => typeof v === 'number');
    for (const id of [base.id, estimate.id]) delete f[id];
    if (typeof value !== 'number') continue;
    f[points.id] = value;
    estimated++;
  }
  expect(estimated).toBeGreaterThan(100);
  return { data, points, estimate };
}

const failing = (checks: { id: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.id);

describe('getSiteCheck (admin page), as the user', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    h = await startDemoHarness();
  });
  afterAll(() => h.close());

  it('passes every check on the demo for its Jira admin', async () => {
    const data = ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'ART' }));
    expect(data.projectKey).toBe('ART');
    expect(data.checks.map((c) => c.id)).toEqual([...SITE_CHECK_IDS]);
    expect(failing(data.checks)).toEqual([]);
    expect(data.checks.find((c) => c.id === 'scopes')?.message).toBe('Jira accepted every call of this check with the scopes the app was installed with.');
  });

  it('reads as the person: a team member sees exactly what they cannot do, with the fix', async () => {
    const data = ok(await invoke(h, DEMO.users.member, 'getSiteCheck', { projectKey: 'ART' }));
    expect(failing(data.checks)).toEqual(['permission.editIssues', 'permission.scheduleIssues', 'permission.administer', 'editScreen.wsjf']);
    for (const c of data.checks.filter((x) => !x.ok)) expect(c.fix).toEqual(expect.any(String));
    // Every Jira call went out as the member, none as the app.
    const calls = h.emulator.requests.filter((r) => r.path.startsWith('/rest/') && r.actor === DEMO.users.member);
    expect(calls.length).toBeGreaterThan(0);
    expect(h.emulator.requests.some((r) => r.actor === 'app')).toBe(false);
  });

  it('counts with searches: one issue read whatever the train size, never one call per issue', async () => {
    h.emulator.requests.length = 0;
    ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'ART' }));
    const rest = h.emulator.requests.filter((r) => r.path.startsWith('/rest/'));
    expect(rest.filter((r) => /^\/rest\/api\/3\/issue\/[^/]+$/.test(r.path))).toHaveLength(1);
    expect(rest.filter((r) => r.path === '/rest/api/3/search/approximate-count').length).toBeGreaterThanOrEqual(3);
    expect(rest.length).toBeLessThan(25);
  });

  it('sends only operations, query parameters and bodies Atlassian’s published specs declare', async () => {
    h.emulator.requests.length = 0;
    ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'ART' }));
    const rest = h.emulator.requests.filter((r) => r.path.startsWith('/rest/'));
    expect(rest.length).toBeGreaterThan(10);
    expect(rest.flatMap((r) => requestFindings(r))).toEqual([]);
  });

  it('rejects a malformed project key at the boundary with a sentence', async () => {
    const r = await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'art; drop' });
    expect(!r.ok && r.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/project key/) });
  });

  it('turns a Jira outage on the boards into one failed check, not an error', async () => {
    h.emulator.faults.set({ rate429: 1, retryAfterSeconds: 120, pathPattern: '^/rest/agile/1\\.0/board$' });
    try {
      const data = ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'ART' }));
      const boards = data.checks.find((c) => c.id === 'boards');
      expect(boards).toMatchObject({ ok: false, message: expect.stringMatching(/^Refinery could not list the boards of ART \(GET \/rest\/agile\/1\.0\/board\): Jira is rate-limiting/), fix: expect.stringMatching(/again in a minute/) });
      expect(failing(data.checks)).toEqual(['boards']);
    } finally {
      h.emulator.faults.clear();
    }
  });
});

describe('refinery doctor --emulator', () => {
  it('exits 0 on the demo as its Jira admin', async () => {
    const em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW });
    try {
      const { code, checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART' });
      expect(failing(checks)).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await em.close();
    }
  });

  it('on the demo’s team-managed project ORB, exits 1 with exactly what will not work there and the fixes', async () => {
    const em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW });
    try {
      const art = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART' });
      expect(art.checks.find((c) => c.id === 'boards')?.message).toContain(`Board ${KANBAN_TEAM} board (a kanban board) has no sprints; its issues count for readiness only.`);
      const { code, checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: TEAM_MANAGED.key });
      expect(code).toBe(1);
      // Story points pass: ORB's "Story point estimate" is read after ART's "Story Points".
      expect(failing(checks)).toEqual(['field.sprint', 'field.team', 'boards', 'editScreen.wsjf']);
      const byId = (id: string) => checks.find((c) => c.id === id)!;
      expect(byId('project').message).toBe(`${TEAM_MANAGED.key} is “${TEAM_MANAGED.name}”, a team-managed software project.`);
      // Counted from the demo data itself: ORB's story-level issues with a number in "Story point estimate".
      const data = generateDemoTrain({ now: NOW });
      const orbStories = data.issues.filter((i) => i.fields.project.key === TEAM_MANAGED.key && i.fields.issuetype.hierarchyLevel === 0);
      const estimated = orbStories.filter((i) => typeof (i.fields as Record<string, unknown>)[DEMO.fieldIds.storyPointEstimate] === 'number').length;
      expect(estimated).toBeGreaterThan(0);
      expect(byId('field.storyPoints').message).toContain(`Story points are read from Story Points (${DEMO.fieldIds.storyPoints}), else from Story point estimate (${DEMO.fieldIds.storyPointEstimate}), as discovered`);
      expect(byId('field.storyPoints').message).toMatch(new RegExp(` ${estimated} of ${orbStories.length} stories in the train have an estimate in one of them \\(Story Points \\(${DEMO.fieldIds.storyPoints}\\) on 0, Story point estimate \\(${DEMO.fieldIds.storyPointEstimate}\\) on ${estimated}\\)\\.$`));
      expect(byId('boards').message).toMatch(/^ORB has 1 team-managed \(simple\) board \(ORB board\)\. Board ORB board \(a team-managed board\) has no sprints/);
      expect(byId('boards').fix).toMatch(/^Refinery reads sprints from scrum boards only/);
      expect(byId('editScreen.wsjf').fix).toBe('Add WSJF (customfield_10060) and Cost of Delay (customfield_10061) to the Epic edit screen (ORB is team-managed: Project settings → Issue types → Epic → Fields).');
    } finally {
      await em.close();
    }
  });

  it('exits 1 when the manifest lacks scopes, naming the operations and the scopes to add', async () => {
    // The app as installed from this manifest: the emulator refuses what its scopes do not cover.
    const dir = mkdtempSync(path.join(tmpdir(), 'refinery-doctor-'));
    const manifest = path.join(dir, 'manifest.yml');
    const original = readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8');
    const trimmed = original.replace(/^\s*- write:issue:jira-software\n/m, '').replace(/^\s*- read:project:jira\n/m, '');
    expect(trimmed).not.toBe(original);
    writeFileSync(manifest, trimmed);
    const em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW, manifestPath: manifest });
    try {
      const { code, checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART', manifest });
      expect(code).toBe(1);
      expect(failing(checks)).toEqual(['boards', 'scopes']);
      const scopes = checks.find((c) => c.id === 'scopes');
      expect(scopes?.message).toContain('PUT /rest/agile/1.0/issue/rank needs write:issue:jira-software');
      expect(scopes?.message).toContain('GET /rest/agile/1.0/board needs read:board-scope:jira-software + read:project:jira');
      expect(scopes?.message).toContain('Jira refused to let the app read the boards (“scope does not match”)');
      expect(scopes?.fix).toMatch(/^Add read:project:jira, write:issue:jira-software to permissions.scopes in manifest.yml/);
      expect(checks.find((c) => c.id === 'boards')?.fix).toMatch(/manifest\.yml/);
    } finally {
      await em.close();
    }
  });

  it('exits 1 when Cost of Delay is not on the features’ edit screen, naming the field and where to add it', async () => {
    const data = generateDemoTrain({ now: NOW });
    const art = data.projects.find((p) => p.key === 'ART')!;
    art.fieldsNotOnEditScreen = { Epic: [DEMO.fieldIds.costOfDelay] };
    const em = await startEmulator(data, { now: () => NOW });
    try {
      const { code, checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART' });
      expect(code).toBe(1);
      expect(failing(checks)).toEqual(['editScreen.wsjf']);
      const c = checks.find((x) => x.id === 'editScreen.wsjf')!;
      expect(c.message).toMatch(/^Cost of Delay \(customfield_10061\) is not on the edit screen of ART-\d+ \(Epic\): Jira will refuse to set it/);
      expect(c.fix).toBe('Add Cost of Delay (customfield_10061) to the Epic edit screen (ART is company-managed: Project settings → Screens (the screen scheme of Epic)).');
    } finally {
      await em.close();
    }
  });

  it('follows the stories to Story Points (a company-managed train), and fails when the settings choose the empty field', async () => {
    const { data, points, estimate } = storyPointsTrain();
    const P = `${points.name} \\(${points.id}\\)`;
    const E = `${estimate.name} \\(${estimate.id}\\)`;
    const em = await startEmulator(structuredClone(data), { now: () => NOW });
    try {
      const { checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART' });
      const sp = checks.find((x) => x.id === 'field.storyPoints')!;
      expect(sp.ok).toBe(true);
      expect(sp.message).toMatch(new RegExp(`^Story points are read from ${P}, else from (.*, )?${E}(, .*)?, as discovered: .* "${points.name}" \\(${points.id}\\) has a value on \\d+ of the 100 most recently updated stories`));
      expect(sp.message).toMatch(new RegExp(` [1-9]\\d* of \\d+ stories in the train have an estimate in one of them \\((.*, )?${E} on 0`));
    } finally {
      await em.close();
    }
    // The admin page reads the saved settings: an override to the empty field fails, naming the one to choose.
    const h = await startDemoHarness(structuredClone(data));
    try {
      ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, storyPointsField: estimate.id } }));
      const result = ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: 'ART' }));
      const sp = result.checks.find((x) => x.id === 'field.storyPoints')!;
      expect(sp.ok).toBe(false);
      expect(sp.message).toMatch(new RegExp(`^Story points are read from ${E.replace('\\)', ', chosen in settings\\)')}\\. 0 of \\d+ stories in the train have a value\\. Estimate fields not read: (.*, )?${P} on [1-9]`));
      expect(sp.fix).toBe(`The train’s stories are estimated in ${points.name} (${points.id}): set the story points field under Fields in Refinery settings back to “Use discovered”, so Refinery reads every estimate field story by story, or choose ${points.name} (${points.id}) there.`);
    } finally {
      await h.close();
    }
  });

  it('on ORB, an override to ART’s Story Points reads that field alone and fails, naming ORB’s field and “Use discovered”', async () => {
    const h = await startDemoHarness();
    try {
      ok(await invoke(h, DEMO.users.admin, 'saveSettings', { settings: { ...DEFAULT_SETTINGS, storyPointsField: DEMO.fieldIds.storyPoints } }));
      const result = ok(await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: TEAM_MANAGED.key }));
      const sp = result.checks.find((x) => x.id === 'field.storyPoints')!;
      expect(sp.ok).toBe(false);
      expect(sp.message).toMatch(new RegExp(`^Story points are read from Story Points \\(${DEMO.fieldIds.storyPoints}, chosen in settings\\)\\. 0 of \\d+ stories in the train have a value\\. Estimate fields not read: Story point estimate \\(${DEMO.fieldIds.storyPointEstimate}\\) on [1-9]\\d*\\.$`));
      expect(sp.fix).toBe(`The train’s stories are estimated in Story point estimate (${DEMO.fieldIds.storyPointEstimate}): set the story points field under Fields in Refinery settings back to “Use discovered”, so Refinery reads every estimate field story by story, or choose Story point estimate (${DEMO.fieldIds.storyPointEstimate}) there.`);
    } finally {
      await h.close();
    }
  });

  it('exits 1 on a site without the app’s WSJF fields and with only a kanban board, each with its fix', async () => {
    const data = generateDemoTrain({ now: NOW });
    data.fields = data.fields.filter((f) => !/refinery-(wsjf|cost-of-delay)-field$/.test(f.schema?.custom ?? ''));
    data.boards = [{ ...data.boards[0], id: 99, name: 'Flow board', type: 'kanban' }];
    const em = await startEmulator(data, { now: () => NOW });
    try {
      const { code, checks } = await doctor({ emulator: em.url, as: DEMO.users.admin, project: 'ART' });
      expect(code).toBe(1);
      expect(failing(checks)).toEqual(['boards', 'editScreen.wsjf']);
      expect(checks.find((c) => c.id === 'boards')?.message).toBe('ART has 1 kanban board (Flow board). Board Flow board (a kanban board) has no sprints; its issues count for readiness only. Without a scrum board there are no sprints: acceptance rate, rework and sprint readiness stay empty.');
      expect(checks.find((c) => c.id === 'editScreen.wsjf')?.fix).toMatch(/forge install --upgrade/);
    } finally {
      await em.close();
    }
  });
});
