import { DEMO, generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue } from '../../dev/emulator/dataset';
import { chooseStoryPointsField, discoverFields, storyPointsCandidates } from '../../src/jira/mapping';
import { parseStoredWsjf } from '../../src/app/wsjfProperty';
import { DEMO_DELETED_FEATURE, KANBAN_TEAM, TEAM_MANAGED } from '../../dev/demo/realSiteShapes';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const F = DEMO.fieldIds;
const teamOf = (i: JiraIssue) => (i.fields[F.team] as { name: string } | null)?.name ?? null;
/** The four scrum teams' train; the kanban team and the team-managed project are checked apart. */
const inScrumTrain = (i: JiraIssue) => i.fields.project.key === DEMO.projectKey && teamOf(i) !== KANBAN_TEAM;
const epics = data.issues.filter((i) => i.fields.issuetype.hierarchyLevel === 1 && inScrumTrain(i));
const stories = data.issues.filter((i) => i.fields.issuetype.name === 'Story' && inScrumTrain(i));
const byKey = new Map(data.issues.map((i) => [i.key, i]));
const sprintById = new Map(data.sprints.map((s) => [s.id, s]));
const scrumBoards = data.boards.filter((b) => b.type === 'scrum');

type Item = NonNullable<JiraIssue['changelog']>['histories'][number]['items'][number];
const itemsOf = (i: JiraIssue, pred: (it: Item) => boolean) => (i.changelog?.histories ?? []).flatMap((h) => h.items.filter(pred).map((it) => ({ at: Date.parse(h.created), it })));
const sprintIds = (v: string | null) => (v ? v.split(',').map((x) => Number(x.trim())) : []);

/** Sprint membership of an issue at time t, replayed from the Sprint field changelog. */
function inSprintAt(i: JiraIssue, sprintId: number, t: number): boolean {
  let ids: number[] = [];
  for (const { at, it } of itemsOf(i, (x) => x.fieldId === F.sprint)) {
    if (at > t) break;
    ids = sprintIds(it.to);
  }
  return ids.includes(sprintId);
}

function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { text?: string; content?: unknown[] };
  return (n.text ?? '') + (n.content ?? []).map(adfText).join(' ');
}
function adfTypes(node: unknown, out = new Set<string>()): Set<string> {
  if (!node || typeof node !== 'object') return out;
  const n = node as { type?: string; content?: unknown[] };
  if (n.type) out.add(n.type);
  for (const c of n.content ?? []) adfTypes(c, out);
  return out;
}

/** Invariants that must hold for any seed and clock: the Sprint field and status replay from the changelog. */
function checkInvariants(d: DataSet, now: number): void {
  const sprints = new Map(d.sprints.map((s) => [s.id, s]));
  const keys = new Map(d.issues.map((i) => [i.key, i]));
  for (const i of d.issues) {
    const times = i.changelog!.histories.map((h) => Date.parse(h.created));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.parse(i.fields.created)).toBeLessThanOrEqual(Math.min(now, ...times));
    if (times.length) expect(Math.max(...times)).toBeLessThanOrEqual(now);
    let status = '10000';
    for (const { it } of itemsOf(i, (x) => x.field === 'status')) {
      expect(it.from).toBe(status);
      status = it.to!;
    }
    expect(status).toBe(i.fields.status.id);
    expect(Boolean(i.fields.resolutiondate)).toBe(i.fields.status.statusCategory.key === 'done');
    let ids: number[] = [];
    for (const { it } of itemsOf(i, (x) => x.fieldId === F.sprint)) {
      expect(sprintIds(it.from)).toEqual(ids);
      ids = sprintIds(it.to);
    }
    const value = (i.fields[F.sprint] as { id: number; state: string }[] | null) ?? [];
    expect(ids).toEqual(value.map((v) => v.id));
    for (const v of value) expect(v.state).toBe(sprints.get(v.id)!.state);
    // The one dangling reference is on purpose: a feature deleted after it was linked.
    if (i.fields.parent && i.fields.parent.key !== DEMO_DELETED_FEATURE) expect(keys.has(i.fields.parent.key)).toBe(true);
    for (const l of i.fields.issuelinks ?? []) {
      if ((l.inwardIssue ?? l.outwardIssue)!.key === DEMO_DELETED_FEATURE) continue;
      const other = keys.get((l.inwardIssue ?? l.outwardIssue)!.key)!;
      expect((other.fields.issuelinks ?? []).some((x) => x.id === l.id && (x.inwardIssue ?? x.outwardIssue)!.key === i.key && Boolean(x.inwardIssue) !== Boolean(l.inwardIssue))).toBe(true);
    }
  }
  for (const s of d.sprints) if (s.state === 'active') expect(Date.parse(s.startDate!)).toBeLessThanOrEqual(now);
  for (const k of d.users.flatMap((u) => u.hiddenIssueKeys ?? [])) expect(keys.has(k)).toBe(true);
}

describe('generateDemoTrain', () => {
  it('is deterministic for a seed and now, and varies with the seed', () => {
    expect(generateDemoTrain({ now: NOW })).toEqual(data);
    expect(generateDemoTrain({ now: NOW.toISOString() })).toEqual(data);
    const other = generateDemoTrain({ now: NOW, seed: 7 });
    expect(other.issues.map((i) => i.fields.summary)).not.toEqual(data.issues.map((i) => i.fields.summary));
  });

  it('has the expected sizes', () => {
    // ~30 features, and three new ones for the next PI (train/nextPi.ts).
    expect(epics.length).toBeGreaterThanOrEqual(31);
    expect(epics.length).toBeLessThanOrEqual(35);
    expect(stories.length).toBeGreaterThanOrEqual(370);
    // ~400, and ~50 planned at the next PI's planning.
    expect(stories.length).toBeLessThanOrEqual(490);
    expect(scrumBoards).toHaveLength(4);
    expect(scrumBoards.map((b) => b.name)).toEqual(DEMO.teams.map((t) => `${t} board`));
    // 11 sprints per team, and three more of the next PI (Sprint 23, 24, 25 (IP)).
    expect(data.sprints).toHaveLength(4 * 14);
    for (const b of scrumBoards) {
      const own = data.sprints.filter((s) => s.originBoardId === b.id);
      expect(own.filter((s) => s.state === 'closed')).toHaveLength(8);
      expect(own.filter((s) => s.state === 'active')).toHaveLength(1);
      expect(own.filter((s) => s.state === 'future')).toHaveLength(5);
    }
    const small = generateDemoTrain({ now: NOW, scale: 0.5 });
    expect(small.issues.filter((i) => i.fields.issuetype.name === 'Story').length).toBeLessThan(stories.length * 0.7);
  });

  it('dates sprints around now: closed ones end before it, the active one contains it', () => {
    const t = NOW.getTime();
    for (const s of data.sprints) {
      if (s.state === 'closed') expect(Date.parse(s.completeDate!)).toBeLessThan(t);
      if (s.state === 'active') {
        expect(Date.parse(s.startDate!)).toBeLessThanOrEqual(t);
        expect(Date.parse(s.endDate!)).toBeGreaterThan(t);
      }
      if (s.state === 'future' && s.startDate) expect(Date.parse(s.startDate)).toBeGreaterThan(t);
    }
  });

  it('names every field once, as Jira\'s field list does (one id, one field)', () => {
    const ids = data.fields.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets the app discover its fields by schema, and the estimate field from the stories that fill it', () => {
    // Two estimate fields, as on a site with company- and team-managed projects: by schema alone the
    // team-managed one is preferred; ART's stories fill "Story Points", so sampling them picks it.
    const candidates = storyPointsCandidates(data.fields as never);
    expect(candidates.map((f) => [f.id, f.name])).toEqual([
      [F.storyPointEstimate, 'Story point estimate'],
      [F.storyPoints, 'Story Points'],
    ]);
    expect(chooseStoryPointsField(candidates, stories as never).chosen).toBe(F.storyPoints);
    const orbStories = data.issues.filter((i) => i.fields.project.key === TEAM_MANAGED.key && i.fields.issuetype.name === 'Story');
    expect(chooseStoryPointsField(candidates, orbStories as never).chosen).toBe(F.storyPointEstimate);
    expect(discoverFields(data.fields as never)).toEqual({
      storyPointsField: F.storyPointEstimate,
      storyPointsFields: [F.storyPointEstimate, F.storyPoints],
      sprintField: F.sprint,
      teamField: F.team,
      acceptanceCriteriaField: F.acceptanceCriteria,
      rankField: F.rank,
    });
    for (const f of data.fields.filter((x) => x.custom)) expect(f.clauseNames).toContain(`cf[${f.id.replace('customfield_', '')}]`);
  });

  it('has a kanban team, a team-managed project and a feature deleted after it was linked (the shapes of a real site)', () => {
    expect(data.boards.filter((b) => b.type !== 'scrum').map((b) => [b.name, b.type, b.location.projectKey])).toEqual([
      [`${KANBAN_TEAM} board`, 'kanban', DEMO.projectKey],
      ['ORB board', 'simple', TEAM_MANAGED.key],
    ]);
    const meteor = data.issues.filter((i) => teamOf(i) === KANBAN_TEAM);
    expect(meteor.length).toBeGreaterThanOrEqual(6);
    // Kanban: no sprints, some done, some not, most estimated.
    expect(meteor.every((i) => i.fields[F.sprint] === null)).toBe(true);
    expect(meteor.filter((i) => i.fields.status.statusCategory.key === 'done').length).toBeGreaterThan(0);
    expect(meteor.filter((i) => i.fields.status.statusCategory.key !== 'done').length).toBeGreaterThan(0);
    expect(meteor.filter((i) => typeof i.fields[F.storyPoints] === 'number').length).toBeGreaterThan(meteor.length / 2);
    const orb = data.projects.find((p) => p.key === TEAM_MANAGED.key)!;
    expect(orb).toMatchObject({ simplified: true, style: 'next-gen' });
    expect(orb.fieldsNotOnEditScreen?.Epic).toEqual([F.wsjf, F.costOfDelay]);
    const orbIssues = data.issues.filter((i) => i.fields.project.key === TEAM_MANAGED.key);
    const orbStories = orbIssues.filter((i) => i.fields.issuetype.name === 'Story');
    expect(orbStories.length).toBeGreaterThan(3);
    // Team-managed: the parent is an epic of the same project, with no Epic Link field anywhere.
    for (const s of orbStories) expect(byKey.get(s.fields.parent!.key)?.fields.project.key).toBe(TEAM_MANAGED.key);
    expect(data.fields.some((f) => /epic link/i.test(f.name))).toBe(false);
    for (const u of data.users) expect(u.projectPermissions[TEAM_MANAGED.key]).toEqual(u.projectPermissions[DEMO.projectKey]);
    // Deleted after it was linked: a parent and a link still name it, no issue has its key.
    expect(byKey.has(DEMO_DELETED_FEATURE)).toBe(false);
    expect(data.issues.filter((i) => i.fields.parent?.key === DEMO_DELETED_FEATURE)).toHaveLength(1);
    expect(data.issues.filter((i) => (i.fields.issuelinks ?? []).some((l) => (l.inwardIssue ?? l.outwardIssue)?.key === DEMO_DELETED_FEATURE))).toHaveLength(1);
  });

  it('gives every story an existing parent epic (bar a few orphans) and a team', () => {
    for (const s of stories) {
      if (s.fields.parent) expect(byKey.get(s.fields.parent.key)?.fields.issuetype.name).toBe('Epic');
      expect(DEMO.teams).toContain(teamOf(s));
    }
    const orphans = stories.filter((s) => !s.fields.parent);
    expect(orphans.length).toBeGreaterThan(0);
    expect(orphans.length).toBeLessThan(stories.length * 0.1);
    for (const e of epics) expect(DEMO.teams).toContain(teamOf(e));
  });

  it('keeps the Sprint field consistent with sprints.json and with its changelog', () => {
    for (const s of stories) {
      const value = (s.fields[F.sprint] as { id: number; state: string; boardId: number }[] | null) ?? [];
      for (const v of value) {
        const sp = sprintById.get(v.id);
        expect(sp).toBeDefined();
        expect(v.state).toBe(sp!.state);
        expect(v.boardId).toBe(sp!.originBoardId);
        expect(sp!.name.startsWith(teamOf(s)!)).toBe(true);
      }
      const changes = itemsOf(s, (x) => x.fieldId === F.sprint);
      let ids: number[] = [];
      for (const { it } of changes) {
        expect(sprintIds(it.from)).toEqual(ids);
        ids = sprintIds(it.to);
        expect(it.toString ?? '').toBe(ids.map((id) => sprintById.get(id)!.name).join(', '));
      }
      expect(ids).toEqual(value.map((v) => v.id));
    }
  });

  it('has sorted changelogs whose status transitions end in the current status', () => {
    for (const i of data.issues) {
      const times = i.changelog!.histories.map((h) => Date.parse(h.created));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      if (times.length) expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(i.fields.created)).toBeLessThanOrEqual(times[0] ?? Infinity);
      let status = '10000';
      for (const { it } of itemsOf(i, (x) => x.field === 'status')) {
        expect(it.from).toBe(status);
        status = it.to!;
      }
      expect(status).toBe(i.fields.status.id);
      expect(Boolean(i.fields.resolutiondate)).toBe(i.fields.status.statusCategory.key === 'done');
    }
  });

  it.each([
    [1, '2026-11-16T08:30:00Z'],
    [2, '2026-11-29T06:00:00Z'],
    [3, '2027-03-01T12:00:00Z'],
    [4, '2025-06-15T00:00:00Z'],
  ])('holds its invariants for seed %i at %s', (seed, now) => {
    const d = generateDemoTrain({ seed, now });
    checkInvariants(d, Date.parse(now));
    expect(d.sprints.filter((s) => s.state === 'active')).toHaveLength(4);
    expect(d.issues.filter((i) => i.fields.issuetype.name === 'Story').length).toBeGreaterThan(350);
  });

  it('has reopened stories, scope added mid-sprint and carry-over', () => {
    const reopened = stories.filter((s) => itemsOf(s, (x) => x.field === 'status' && x.from === '10002').length > 0);
    expect(reopened.length).toBeGreaterThanOrEqual(5);
    let added = 0;
    let carried = 0;
    for (const s of stories) {
      for (const { at, it } of itemsOf(s, (x) => x.fieldId === F.sprint)) {
        const newIds = sprintIds(it.to).filter((id) => !sprintIds(it.from).includes(id));
        for (const id of newIds) {
          const sp = sprintById.get(id)!;
          if (sp.startDate && at > Date.parse(sp.startDate)) added++;
          if (sprintIds(it.from).length && newIds.length) carried++;
        }
      }
    }
    expect(added).toBeGreaterThan(20);
    expect(carried).toBeGreaterThan(20);
  });

  it('makes Nebula accept a clearly smaller share of committed stories than Comet', () => {
    const rate = (team: string) => {
      let committed = 0;
      let accepted = 0;
      for (const sp of data.sprints.filter((x) => x.state === 'closed' && x.name.startsWith(team))) {
        const t0 = Date.parse(sp.startDate!);
        const t1 = Date.parse(sp.completeDate!);
        for (const s of stories.filter((x) => teamOf(x) === team && inSprintAt(x, sp.id, t0))) {
          committed++;
          const doneIn = itemsOf(s, (x) => x.field === 'status' && x.to === '10002').some(({ at }) => at >= t0 && at <= t1);
          const reopenedBefore = itemsOf(s, (x) => x.field === 'status' && x.from === '10002').some(({ at }) => at >= t0 && at <= t1);
          if (doneIn && !reopenedBefore) accepted++;
        }
      }
      return accepted / committed;
    };
    const comet = rate('Comet');
    const nebula = rate('Nebula');
    expect(comet).toBeGreaterThan(0.75);
    expect(nebula).toBeLessThan(comet - 0.1);
    expect(nebula).toBeGreaterThan(0.4);
  });

  it('writes summaries like a real backlog and varies acceptance criteria formats', () => {
    for (const i of data.issues) expect(i.fields.summary).not.toMatch(/Story \d+/);
    expect(new Set(stories.map((s) => s.fields.summary)).size).toBeGreaterThan(stories.length * 0.95);
    const kinds = new Set<string>();
    for (const s of stories) {
      const d = s.fields.description;
      const text = adfText(d);
      const types = adfTypes(d);
      if (s.fields[F.acceptanceCriteria]) kinds.add('field');
      if (types.has('taskList')) kinds.add('tasklist');
      if (/Given .* When .* Then /s.test(text) || /\bGiven\b/.test(text)) kinds.add('gherkin');
      if (/Acceptance criteria:/.test(text)) kinds.add('bold');
      if (!s.fields[F.acceptanceCriteria] && !/acceptance criteria/i.test(text)) kinds.add('none');
      if (/works as expected|fast|user-friendly/i.test(text)) kinds.add('vague');
      if (/As a developer/.test(text)) kinds.add('technical');
      if (/^\s*(TBD|…)/.test(text) || d === null) kinds.add('placeholder');
    }
    expect([...kinds].sort()).toEqual(['bold', 'field', 'gherkin', 'none', 'placeholder', 'tasklist', 'technical', 'vague']);
    const points = stories.map((s) => s.fields[F.storyPoints]);
    expect(points.filter((p) => p === null).length).toBeGreaterThan(5);
    expect(points.filter((p) => typeof p === 'number' && p >= 13).length).toBeGreaterThan(3);
    const ranks = data.issues.map((i) => i.fields[F.rank] as string);
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('stores WSJF scores in the shape the app reads, with unscored, stale, off-scale and tied features', () => {
    const scored = epics.filter((e) => e.properties?.['refinery.wsjf']);
    const unscored = epics.filter((e) => !e.properties?.['refinery.wsjf']);
    expect(scored.length).toBeGreaterThanOrEqual(12);
    expect(unscored.length).toBeGreaterThanOrEqual(4);
    const values = scored.map((e) => parseStoredWsjf(e.properties!['refinery.wsjf'])!);
    for (const v of values) {
      expect(v).not.toBeNull();
      expect(v.costOfDelay).toBe(v.businessValue + v.timeCriticality + v.riskReduction);
      expect(v.wsjf).toBe(Math.round((v.costOfDelay / v.jobSize) * 100) / 100);
    }
    const age = (v: { scoredAt?: string | null }) => (NOW.getTime() - Date.parse(v.scoredAt!)) / 86_400_000;
    expect(values.filter((v) => age(v) > 70).length).toBeGreaterThanOrEqual(2);
    const scale = [1, 2, 3, 5, 8, 13, 20];
    expect(values.some((v) => [v.businessValue, v.timeCriticality, v.riskReduction, v.jobSize].some((x) => !scale.includes(x)))).toBe(true);
    const wsjfs = values.map((v) => v.wsjf);
    expect(new Set(wsjfs).size).toBeLessThan(wsjfs.length);
    expect(new Set(epics.map((e) => e.fields.status.statusCategory.key))).toEqual(new Set(['new', 'indeterminate', 'done']));
  });

  it('links cross-team dependencies on both ends, some of them at risk', () => {
    const blocks = data.issues.flatMap((i) => (i.fields.issuelinks ?? []).filter((l) => l.type.name === 'Blocks').map((l) => ({ i, l })));
    const ids = new Set(blocks.map((b) => b.l.id));
    expect(ids.size).toBeGreaterThanOrEqual(20);
    expect(ids.size).toBeLessThanOrEqual(30);
    let atRisk = 0;
    for (const id of ids) {
      const ends = blocks.filter((b) => b.l.id === id);
      expect(ends).toHaveLength(2);
      const dependentEnd = ends.find((e) => e.l.inwardIssue)!;
      const blockerEnd = ends.find((e) => e.l.outwardIssue)!;
      expect(dependentEnd.l.inwardIssue!.key).toBe(blockerEnd.i.key);
      expect(blockerEnd.l.outwardIssue!.key).toBe(dependentEnd.i.key);
      expect(dependentEnd.l.inwardIssue!.fields.status.id).toBe(blockerEnd.i.fields.status.id);
      expect(teamOf(dependentEnd.i)).not.toBe(teamOf(blockerEnd.i));
      const blocker = blockerEnd.i;
      const dependent = dependentEnd.i;
      if (blocker.fields.status.statusCategory.key === 'done') continue;
      const last = (i: JiraIssue) => ((i.fields[F.sprint] as { id: number }[] | null) ?? []).map((v) => sprintById.get(v.id)!).pop();
      const b = last(blocker);
      const d = last(dependent);
      if (!b || b.state === 'closed' || (d && b.startDate && d.startDate && Date.parse(b.startDate) > Date.parse(d.startDate)) || (d?.startDate && !b.startDate)) atRisk++;
    }
    expect(atRisk).toBeGreaterThanOrEqual(8);
  });

  it('has improvement items from two Inspect & Adapt events, some done and some carried forward', () => {
    const items = data.issues.filter((i) => i.fields.labels?.includes('improvement') && i.fields.labels.includes('inspect-and-adapt'));
    expect(items.length).toBeGreaterThanOrEqual(12);
    const pis = new Set(items.flatMap((i) => i.fields.labels!.filter((l) => l.startsWith('PI-'))));
    expect(pis).toEqual(new Set([DEMO.labels.earlierPi, DEMO.labels.currentPi]));
    const early = items.filter((i) => i.fields.labels!.includes(DEMO.labels.earlierPi));
    expect(early.some((i) => i.fields.status.statusCategory.key === 'done')).toBe(true);
    expect(early.some((i) => i.fields.status.statusCategory.key !== 'done')).toBe(true);
  });

  it('defines the four demo users with their permissions and hidden issues that exist', () => {
    const user = (id: string) => data.users.find((u) => u.accountId === id)!;
    expect(user(DEMO.users.popm).projectPermissions.ART).toEqual(expect.arrayContaining(['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES', 'CREATE_ISSUES']));
    expect(user(DEMO.users.member).projectPermissions.ART).not.toContain('EDIT_ISSUES');
    expect(user(DEMO.users.member).projectPermissions.ART).not.toContain('SCHEDULE_ISSUES');
    expect(user(DEMO.users.admin).globalPermissions).toContain('ADMINISTER');
    const hidden = user(DEMO.users.restricted).hiddenIssueKeys!;
    expect(hidden.length).toBeGreaterThanOrEqual(8);
    for (const k of hidden) expect(byKey.has(k)).toBe(true);
    expect(hidden.some((k) => byKey.get(k)!.fields.issuetype.name === 'Epic')).toBe(true);
    expect(hidden.some((k) => byKey.get(k)!.fields.issuetype.name === 'Story')).toBe(true);
    for (const u of data.users) expect(u.apiToken).toBe('demo');
  });
});
