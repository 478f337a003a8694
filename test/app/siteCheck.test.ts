import { JiraClient } from '../../src/jira/client';
import { MemoryStore } from '../../src/storage/memoryStore';
import { DEFAULT_SETTINGS, type Settings } from '../../src/domain/settings';
import { saveSettings } from '../../src/storage/settingsRepo';
import { exitCodeOf, runSiteCheck, type ScopeFacts } from '../../src/app/siteCheck';
import type { SiteCheckView } from '../../src/contract';
import { FIELDS, JIRA_BODIES, board, healthySite, siteTransport, type SiteState } from '../fixtures/siteCheckSite';

const NOW = new Date('2026-11-20T10:00:00Z');

async function check(site: SiteState, opts: { projectKey?: string | null; scopes?: ScopeFacts; settings?: Partial<Settings> } = {}) {
  const transport = siteTransport(site);
  const store = new MemoryStore();
  if (opts.settings) await saveSettings(store, { ...DEFAULT_SETTINGS, ...opts.settings });
  // No retries: a 429 or 5xx must become a failed check at once.
  const jira = new JiraClient(transport, { maxRetries: 0, sleep: async () => undefined });
  const data = await runSiteCheck({ jira, store, siteUrl: 'https://acme.atlassian.net', accountId: '557058:ada', now: () => NOW }, opts.projectKey === undefined ? 'ART' : opts.projectKey, opts.scopes);
  const byId = (id: string): SiteCheckView => {
    const c = data.checks.find((x) => x.id === id);
    if (!c) throw new Error(`no check ${id} in ${data.checks.map((x) => x.id).join(', ')}`);
    return c;
  };
  return { data, byId, requests: transport.requests };
}

const ALL_IDS = ['connection', 'field.storyPoints', 'field.sprint', 'field.team', 'field.acceptanceCriteria', 'hierarchy', 'permission.browse', 'permission.editIssues', 'permission.scheduleIssues', 'permission.createIssues', 'permission.administer', 'project', 'train.count', 'boards', 'events.drift', 'editScreen.wsjf', 'scopes'];

describe('site check on a healthy site', () => {
  it('passes every check, in a stable order of ids, and exits 0', async () => {
    const { data } = await check(healthySite());
    expect(data.checks.map((c) => c.id)).toEqual(ALL_IDS);
    expect(data.checks.filter((c) => !c.ok)).toEqual([]);
    expect(exitCodeOf(data.checks)).toBe(0);
    for (const c of data.checks) expect(c.fix).toBeUndefined();
  });

  it('says which fields it uses and on how many of the train’s stories each has a value', async () => {
    const { byId } = await check(healthySite());
    expect(byId('field.storyPoints').message).toBe('Story points are read from Story point estimate (customfield_10016), else from Story Points (customfield_10026), as discovered: each story’s estimate is the first of them with a number. "Story point estimate" (customfield_10016) has a value on 35 of the 40 most recently updated stories ("Story point estimate" (customfield_10016) on 35, "Story Points" (customfield_10026) on 0), so Refinery reads estimates from it first. 35 of 40 stories in the train have an estimate in one of them (Story point estimate (customfield_10016) on 35, Story Points (customfield_10026) on 0).');
    expect(byId('field.sprint').message).toContain('Sprint (customfield_10020, discovered). 30 of 40 stories');
    expect(byId('field.team').message).toContain('Team (customfield_10001, discovered). 40 of 40 stories');
    expect(byId('field.acceptanceCriteria').message).toContain('12 of 40 stories');
  });

  it('counts with searches: a constant number of requests, none per issue', async () => {
    const site = healthySite();
    const small = await check(site);
    const large = await check({ ...site, stories: 40_000, features: 900 });
    expect(large.requests).toHaveLength(small.requests.length);
    expect(small.requests.filter((r) => r.startsWith('GET /rest/api/3/issue/'))).toEqual(['GET /rest/api/3/issue/ART-1?fields=summary%2Cissuetype&expand=editmeta']);
    expect(small.requests.filter((r) => r.includes('approximate-count')).length).toBeGreaterThanOrEqual(3);
  });

  it('reports the train JQL’s count with stories and features apart', async () => {
    const { byId } = await check(healthySite());
    expect(byId('train.count').message).toBe('The train JQL project = "ART" finds about 46 issues: 40 stories (Story, Bug) and 6 features (Epic).');
  });

  it('lists the hierarchy levels with the configured feature and story levels', async () => {
    const { byId } = await check(healthySite());
    expect(byId('hierarchy').message).toBe('Issue types by hierarchy level: 1 (features): Epic; 0 (stories): Story, Bug; -1 (sub-tasks): Sub-task.');
  });
});

describe('what will not work, each with its fix', () => {
  it('reads Story Points first when the stories fill it in (a company-managed train), the other field after it', async () => {
    const site = healthySite();
    site.valuesByField = { ...site.valuesByField, customfield_10016: 0, customfield_10026: 38 };
    const sp = (await check(site)).byId('field.storyPoints');
    expect(sp.ok).toBe(true);
    expect(sp.message).toMatch(/^Story points are read from Story Points \(customfield_10026\), else from Story point estimate \(customfield_10016\), as discovered: .* "Story Points" \(customfield_10026\) has a value on 38 of the 40 most recently updated stories/);
    expect(sp.message).toContain('38 of 40 stories in the train have an estimate in one of them (Story Points (customfield_10026) on 38, Story point estimate (customfield_10016) on 0).');
  });

  it('passes a train estimated in the field read second, counting stories with an estimate in either field', async () => {
    // The site's recent stories fill "Story point estimate"; this train (company-managed) estimates in "Story Points" only.
    const site = healthySite();
    site.valuesByField = { ...site.valuesByField, customfield_10016: 0, customfield_10026: 31 };
    site.valuesInAnyOf = 31;
    const sp = (await check(site)).byId('field.storyPoints');
    // 31 comes only from the fixture's answer to an OR of both fields' `is not EMPTY`: one count over both.
    expect(sp).toMatchObject({ ok: true, message: expect.stringContaining('31 of 40 stories in the train have an estimate in one of them') });
  });

  it('fails when no story of the train has an estimate in any field read, with the fix', async () => {
    const site = healthySite();
    site.valuesByField = { ...site.valuesByField, customfield_10016: 0, customfield_10026: 0 };
    site.valuesInAnyOf = 0;
    const sp = (await check(site)).byId('field.storyPoints');
    expect(sp.ok).toBe(false);
    expect(sp.message).toContain('0 of 40 stories in the train have an estimate in one of them');
    expect(sp.fix).toBe('No story in the train has an estimate in these fields: estimate the stories, or choose the field the teams use under Fields in Refinery settings.');
  });

  it('names the estimate field the stories actually use when the settings choose an empty one', async () => {
    const site = healthySite();
    site.valuesByField = { ...site.valuesByField, customfield_10016: 0, customfield_10026: 38 };
    const { byId, data } = await check(site, { settings: { storyPointsField: 'customfield_10016' } });
    const sp = byId('field.storyPoints');
    expect(sp.ok).toBe(false);
    expect(sp.message).toMatch(/^Story points are read from Story point estimate \(customfield_10016, chosen in settings\)\. 0 of 40 stories/);
    expect(sp.message).toContain('Story Points (customfield_10026) on 38');
    expect(sp.message).toContain('Estimate fields not read: Story Points (customfield_10026) on 38.');
    expect(sp.fix).toBe('The train’s stories are estimated in Story Points (customfield_10026): set the story points field under Fields in Refinery settings back to “Use discovered”, so Refinery reads every estimate field story by story, or choose Story Points (customfield_10026) there.');
    expect(exitCodeOf(data.checks)).toBe(1);
  });

  it('an override reads its field alone: the count is that field’s, not either field’s', async () => {
    const site = healthySite();
    site.valuesByField = { ...site.valuesByField, customfield_10016: 10, customfield_10026: 30 };
    site.valuesInAnyOf = 40;
    const { byId, requests } = await check(site, { settings: { storyPointsField: 'customfield_10016' } });
    const sp = byId('field.storyPoints');
    expect(sp.ok).toBe(false);
    expect(sp.message).toMatch(/^Story points are read from Story point estimate \(customfield_10016, chosen in settings\)\. 10 of 40 stories in the train have a value\. Estimate fields not read: Story Points \(customfield_10026\) on 30\.$/);
    // No count over both fields: only one is read, so one count fewer than with discovery.
    const counts = (r: string[]) => r.filter((x) => x.includes('approximate-count')).length;
    expect(counts(requests)).toBe(counts((await check(site)).requests) - 1);
  });

  it('fails the story points check when the site has no estimate field', async () => {
    const site = healthySite();
    site.fields = site.fields.filter((f) => f.id !== FIELDS.storyPointEstimate.id && f.id !== FIELDS.storyPoints.id);
    const sp = (await check(site)).byId('field.storyPoints');
    expect(sp.ok).toBe(false);
    expect(sp.message).toMatch(/^No story points field was found/);
    expect(sp.fix).toMatch(/Story Points .* Story point estimate/);
  });

  it('fails a field the settings name that the site does not have', async () => {
    const sprint = (await check(healthySite(), { settings: { sprintField: 'customfield_99999' } })).byId('field.sprint');
    expect(sprint).toEqual({ id: 'field.sprint', ok: false, message: 'The settings name customfield_99999 as the sprint field, but this site has no such field.', fix: expect.stringContaining('Refinery settings') });
  });

  it('notes that a kanban board has no sprints, and fails a train with no scrum board', async () => {
    const mixed = healthySite();
    mixed.boards = [board(1, 'Comet board', 'scrum'), board(3, 'Ops flow', 'kanban')];
    const boards = (await check(mixed)).byId('boards');
    expect(boards).toEqual({ id: 'boards', ok: true, message: 'ART has 1 scrum board (Comet board), 1 kanban board (Ops flow). Board Ops flow (a kanban board) has no sprints; its issues count for readiness only.' });
    const kanbanOnly = healthySite();
    kanbanOnly.boards = [board(3, 'Ops flow', 'kanban')];
    const only = (await check(kanbanOnly)).byId('boards');
    expect(only.ok).toBe(false);
    expect(only.fix).toMatch(/scrum board/);
  });

  it('fails when a WSJF field is not on the features’ edit screen, naming the field and where to add it', async () => {
    const site = healthySite();
    site.editScreen = ['summary', 'customfield_10060'];
    const c = (await check(site)).byId('editScreen.wsjf');
    expect(c.ok).toBe(false);
    expect(c.message).toBe('Cost of Delay (customfield_10061) is not on the edit screen of ART-1 (Epic): Jira will refuse to set it, and scores are saved in the issue property only.');
    expect(c.fix).toBe('Add Cost of Delay (customfield_10061) to the Epic edit screen (ART is company-managed: Project settings → Screens (the screen scheme of Epic)).');
  });

  it('cannot judge the edit screen for someone without Edit Issues, and says so', async () => {
    const site = healthySite();
    site.editScreen = [];
    site.held.EDIT_ISSUES = false;
    const { byId } = await check(site);
    expect(byId('editScreen.wsjf')).toMatchObject({ ok: false, message: expect.stringMatching(/^Jira shows you no editable field on ART-1/), fix: expect.stringMatching(/Edit Issues/) });
    expect(byId('permission.editIssues')).toMatchObject({ ok: false, message: 'You do not have Edit Issues in ART: saving scores and inserting templates are refused.' });
  });

  it('fails the edit-screen check when the app’s WSJF fields are missing from the site', async () => {
    const site = healthySite();
    site.fields = site.fields.filter((f) => f.id !== FIELDS.wsjf.id && f.id !== FIELDS.costOfDelay.id);
    const c = (await check(site)).byId('editScreen.wsjf');
    expect(c.ok).toBe(false);
    expect(c.fix).toMatch(/forge install --upgrade/);
  });

  it('reports each missing permission with the action it blocks', async () => {
    const site = healthySite();
    site.held = { ...site.held, SCHEDULE_ISSUES: false, ADMINISTER: false };
    const { byId, data } = await check(site);
    expect(byId('permission.scheduleIssues')).toEqual({ id: 'permission.scheduleIssues', ok: false, message: 'You do not have Schedule Issues in ART: Apply WSJF order is refused.', fix: 'Ask a Jira administrator to grant Schedule Issues in ART’s permission scheme (Project settings → Permissions).' });
    expect(byId('permission.administer').ok).toBe(false);
    expect(byId('permission.browse').ok).toBe(true);
    expect(data.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['permission.scheduleIssues', 'permission.administer']);
  });

  it('fails the hierarchy when no issue type sits at the configured feature level', async () => {
    const c = (await check(healthySite(), { settings: { featureHierarchyLevel: 2 } })).byId('hierarchy');
    expect(c.ok).toBe(false);
    expect(c.message).toContain('But no issue type is at the feature level 2.');
    expect(c.fix).toMatch(/feature hierarchy level/);
  });

  it('without a project runs the site-wide checks and says what it skipped', async () => {
    const { data, byId, requests } = await check(healthySite(), { projectKey: null });
    expect(byId('project')).toMatchObject({ ok: false, fix: expect.stringContaining('--project KEY') });
    expect(byId('field.storyPoints').message).toContain('Give a project to count');
    expect(byId('field.storyPoints').message).not.toContain('Other estimate fields');
    expect(byId('permission.browse').message).toBe('You have Browse Projects in any project, so you can see the train.');
    expect(data.checks.some((c) => c.id === 'boards')).toBe(false);
    expect(requests.some((r) => r.includes('/board') || r.includes('approximate-count'))).toBe(false);
  });
});

describe('scopes', () => {
  const rank = { operation: 'PUT /rest/agile/1.0/issue/rank', alternatives: [['write:issue:jira-software']] };
  const search = { operation: 'POST /rest/api/3/search/jql', alternatives: [['read:jira-work'], ['read:issue-details:jira', 'read:field:jira']] };

  it('passes when manifest.yml covers every operation the app sends', async () => {
    const c = (await check(healthySite(), { scopes: { declared: ['read:jira-work', 'write:issue:jira-software'], required: [rank, search] } })).byId('scopes');
    expect(c).toEqual({ id: 'scopes', ok: true, message: 'manifest.yml declares read:jira-work, write:issue:jira-software. They cover all 2 operations Refinery sends (per Atlassian’s OpenAPI specs).' });
  });

  it('names the uncovered operation and the scope to add', async () => {
    const c = (await check(healthySite(), { scopes: { declared: ['read:jira-work', 'write:board-scope:jira-software'], required: [rank, search] } })).byId('scopes');
    expect(c.ok).toBe(false);
    expect(c.message).toContain('1 of the 2 operations Refinery sends are not covered: PUT /rest/agile/1.0/issue/rank needs write:issue:jira-software.');
    expect(c.fix).toMatch(/^Add write:issue:jira-software to permissions.scopes in manifest.yml, then run forge deploy and forge install --upgrade/);
  });

  it('inside Forge, reports Jira’s scope refusals as the missing scope (and the refused read’s own check)', async () => {
    const site = healthySite();
    site.refusals.push({ route: /^GET \/rest\/agile\/1\.0\/board/, status: 401, body: JIRA_BODIES.scopeMismatch });
    const { byId } = await check(site);
    expect(byId('scopes')).toMatchObject({ ok: false, message: 'The app lacks a scope it needs. Jira refused to let the app read the boards (“scope does not match”).' });
    expect(byId('boards')).toMatchObject({ ok: false, message: expect.stringContaining('scope does not match'), fix: expect.stringContaining('manifest.yml') });
  });
});

describe('Jira errors become readable failed checks, never a crash', () => {
  it('stops after the connection check when the credentials are refused', async () => {
    const site = healthySite();
    site.refusals.push({ route: /./, status: 401, body: JIRA_BODIES.badCredentials });
    const { data } = await check(site);
    expect(data.checks).toEqual([{ id: 'connection', ok: false, message: 'Refinery could not sign in to https://acme.atlassian.net (GET /rest/api/3/myself): Jira did not accept the credentials. Client must be authenticated to access this resource.', fix: expect.stringContaining('API token') }]);
    expect(exitCodeOf(data.checks)).toBe(1);
  });

  it.each([
    [429, JIRA_BODIES.rateLimited, /rate-limiting/, /again in a minute/],
    [503, JIRA_BODIES.unavailable, /unavailable \(HTTP 503\)/, /status\.atlassian\.com/],
    [403, { errorMessages: ['You do not have the permission to see the specified board.'], errors: {} }, /permission/, /permission scheme/],
  ])('a %i on the boards fails the boards check alone, with a fix', async (status, body, message, fix) => {
    const site = healthySite();
    site.refusals.push({ route: /^GET \/rest\/agile\/1\.0\/board/, status, body, headers: { 'Retry-After': '600' } });
    const { byId, data } = await check(site);
    expect(byId('boards')).toEqual({ id: 'boards', ok: false, message: expect.stringMatching(message), fix: expect.stringMatching(fix) });
    expect(byId('boards').message).toMatch(/^Refinery could not list the boards of ART/);
    expect(data.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['boards']);
  });

  it('a refused field list fails the fields check and says the train was not checked, and why', async () => {
    const site = healthySite();
    site.refusals.push({ route: /^GET \/rest\/api\/3\/field$/, status: 503, body: JIRA_BODIES.unavailable });
    const { data, byId } = await check(site);
    expect(data.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['fields', 'project']);
    expect(byId('fields').message).toMatch(/^Refinery could not read the site’s fields \(GET \/rest\/api\/3\/field\): Jira is unavailable \(HTTP 503\)/);
    expect(byId('project').message).toBe('The train of ART was not checked: Refinery could not read the site’s fields or issue types (see the failing check above).');
  });

  it('a train JQL Jira rejects fails the count with the settings fix', async () => {
    const site = healthySite();
    site.refusals.push({ route: /approximate-count/, status: 400, body: JIRA_BODIES.badJql });
    const c = (await check(site)).byId('train.count');
    expect(c.ok).toBe(false);
    expect(c.message).toContain('reserved JQL character');
    expect(c.fix).toMatch(/train scope JQL/);
  });

  it('an unknown project fails the project check with its fix', async () => {
    const { byId } = await check(healthySite(), { projectKey: 'NOPE' });
    expect(byId('project')).toMatchObject({ ok: false, message: expect.stringContaining("No project could be found with key 'NOPE'"), fix: expect.stringContaining('project key') });
  });
});
