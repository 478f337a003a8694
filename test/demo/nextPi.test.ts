/**
 * The demo's next PI (dev/demo/train/nextPi.ts), checked from the raw Jira data with this file's own
 * arithmetic — not with the app's PI planning code — so the PI planning tab has something true to show.
 */
import { DEMO, generateDemoTrain, NEXT_PI_PLAN } from '../../dev/demo/generateDemoTrain';
import type { DataSet, JiraIssue, JiraSprint } from '../../dev/emulator/dataset';
import { KANBAN_TEAM } from '../../dev/demo/realSiteShapes';
import { page } from '../../dev/harness/pages';
import { acceptedByDomain, rawTrain, sumPoints } from '../consistency/piOracle';

const NOW = new Date('2026-11-20T10:00:00Z');
const data: DataSet = generateDemoTrain({ now: NOW });
const F = DEMO.fieldIds;
const PI = NEXT_PI_PLAN.pi;
const teamOf = (i: JiraIssue) => (i.fields[F.team] as { name: string } | null)?.name ?? null;
const sprintIds = (i: JiraIssue) => ((i.fields[F.sprint] as { id: number }[] | null) ?? []).map((v) => v.id);
const points = (i: JiraIssue) => (typeof i.fields[F.storyPoints] === 'number' ? (i.fields[F.storyPoints] as number) : null);
const art = data.issues.filter((i) => i.fields.project.key === DEMO.projectKey);
const stories = art.filter((i) => i.fields.issuetype.hierarchyLevel === 0 && i.fields.issuetype.name !== 'PI Objective');
const features = art.filter((i) => i.fields.issuetype.hierarchyLevel === 1);
const byKey = new Map(data.issues.map((i) => [i.key, i]));
const ms = (s: string | undefined) => Date.parse(s!);

const sprintOf = (team: string, n: number): JiraSprint => {
  const s = data.sprints.filter((x) => x.name === `${team} Sprint ${n}` || x.name === `${team} Sprint ${n} (IP)`);
  expect(s).toHaveLength(1);
  return s[0];
};
const inSprint = (s: JiraSprint) => stories.filter((i) => sprintIds(i).includes(s.id));
const load = (s: JiraSprint) => inSprint(s).reduce((a, i) => a + (points(i) ?? 0), 0);
/**
 * Accepted points of a closed sprint by DOMAIN.md's Accepted(s) (done in the sprint and still done at
 * its completion), replayed from the changelog. Not "resolution date inside the sprint": Jira moves
 * resolutiondate when a reopened story is resolved again (docs/PI_PLANNING.md "Capacity").
 */
const rawArt = rawTrain(data, DEMO.projectKey, DEMO.users.popm);
const accepted = (s: JiraSprint) => sumPoints(rawArt, acceptedByDomain(rawArt, data, s));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const velocity = (team: string) => {
  const closed = data.sprints.filter((s) => s.name.startsWith(`${team} `) && s.state === 'closed').sort((a, b) => ms(a.startDate) - ms(b.startDate));
  expect(closed.length).toBeGreaterThanOrEqual(3);
  return median(closed.slice(-3).map(accepted));
};
const piSprints = DEMO.teams.flatMap((t) => NEXT_PI_PLAN.sprintNumbers.map((n) => sprintOf(t, n)));
const piSprintIds = new Set(piSprints.map((s) => s.id));
const sprintById = new Map(data.sprints.map((s) => [s.id, s]));
const piSprintOf = (i: JiraIssue) => sprintIds(i).map((id) => sprintById.get(id)!).find((s) => piSprintIds.has(s.id)) ?? null;

describe('the demo next PI', () => {
  it('gives every scrum team five dated future sprints inside the PI, the last one an IP iteration, after the current sprints', () => {
    const active = data.sprints.filter((s) => s.state === 'active');
    expect(active).toHaveLength(4);
    for (const team of DEMO.teams) {
      const own = NEXT_PI_PLAN.sprintNumbers.map((n) => sprintOf(team, n));
      for (const s of own) {
        expect(s.state).toBe('future');
        expect(ms(s.startDate)).toBeGreaterThan(NOW.getTime());
        expect(ms(s.endDate)).toBeGreaterThan(ms(s.startDate));
      }
      // Back to back, two weeks each, the first right after the team's active sprint.
      for (let k = 1; k < own.length; k++) expect(ms(own[k].startDate) - ms(own[k - 1].startDate)).toBe(14 * 86_400_000);
      expect(ms(own[0].startDate)).toBeGreaterThanOrEqual(ms(active.find((s) => s.name.startsWith(`${team} `))!.endDate));
      expect(own.at(-1)!.name).toMatch(/\bIP\b/);
      expect(own.slice(0, -1).every((s) => !/\bIP\b/.test(s.name))).toBe(true);
    }
    // The IP iteration holds no feature's work.
    for (const s of piSprints.filter((x) => /\bIP\b/.test(x.name))) for (const i of inSprint(s)) expect(i.fields.parent ?? null).toBeNull();
  });

  it('labels every story planned into the PI with the PI, and no story of a closed or active sprint', () => {
    const planned = stories.filter((i) => sprintIds(i).some((id) => piSprintIds.has(id)));
    expect(planned.length).toBeGreaterThan(80);
    for (const i of planned) expect(i.fields.labels).toContain(PI);
    for (const i of stories.filter((x) => x.fields.labels?.includes(PI))) for (const id of sprintIds(i)) expect(sprintById.get(id)!.state).toBe('future');
    // Stories planned before PI planning (Sprint 21, 22) got the label there, as Jira records it: a labels
    // change ending in the current labels.
    const earlier = DEMO.teams.flatMap((t) => [21, 22].flatMap((n) => inSprint(sprintOf(t, n))));
    expect(earlier.length).toBeGreaterThan(20);
    for (const i of earlier) {
      const last = i.changelog!.histories.flatMap((h) => h.items).filter((it) => it.field === 'labels').at(-1)!;
      expect(last.toString!.split(' ').sort()).toEqual([...i.fields.labels!].sort());
      expect(last.fromString!.split(' ')).not.toContain(PI);
    }
  });

  it('over-commits one team in one iteration: its load is about twice its median velocity, the other new iterations are under it', () => {
    const O = NEXT_PI_PLAN.overCommitted;
    const v = velocity(O.team);
    expect(v).toBeGreaterThan(0);
    expect(load(sprintOf(O.team, O.sprintNumber))).toBeGreaterThanOrEqual(1.5 * v);
    for (const team of DEMO.teams) {
      for (const n of [23, 24]) {
        if (team === O.team && n === O.sprintNumber) continue;
        const s = sprintOf(team, n);
        expect(inSprint(s).length).toBeGreaterThan(0);
        expect(load(s)).toBeLessThanOrEqual(velocity(team));
      }
    }
  });

  it('shows unestimated stories apart and plans orphan stories (no parent feature)', () => {
    const planned = piSprints.flatMap(inSprint);
    expect(planned.filter((i) => points(i) === null).length).toBeGreaterThanOrEqual(2);
    const orphans = planned.filter((i) => !i.fields.parent && !/\bIP\b/.test(piSprintOf(i)!.name));
    expect(orphans.length).toBeGreaterThanOrEqual(2);
    expect(orphans.some((i) => (points(i) ?? 0) > 0)).toBe(true);
  });

  it('leaves the top WSJF feature (by the WSJF formula) with nothing planned, in the PI scope', () => {
    const scale = [1, 2, 3, 5, 8, 13, 20];
    const scored = features
      .filter((f) => f.fields.status.statusCategory.key !== 'done' && f.properties?.['refinery.wsjf'])
      .map((f) => {
        const w = f.properties!['refinery.wsjf'] as { businessValue: number; timeCriticality: number; riskReduction: number; jobSize: number };
        return { f, w, wsjf: (w.businessValue + w.timeCriticality + w.riskReduction) / w.jobSize };
      })
      .filter(({ w }) => [w.businessValue, w.timeCriticality, w.riskReduction, w.jobSize].every((x) => scale.includes(x)))
      .sort((a, b) => b.wsjf - a.wsjf);
    expect(scored.length).toBeGreaterThanOrEqual(5);
    const top = scored[0].f;
    expect(scored[0].wsjf).toBeGreaterThan(scored[1].wsjf);
    const kids = stories.filter((i) => i.fields.parent?.key === top.key);
    expect(kids.length).toBeGreaterThan(0);
    expect(kids.filter((i) => sprintIds(i).some((id) => piSprintIds.has(id)))).toEqual([]);
    expect(top.fields.labels).toContain(PI);
    // The other top-5 features have stories planned: the unplanned one stands out.
    expect(scored.slice(1, 5).some(({ f }) => stories.some((i) => i.fields.parent?.key === f.key && piSprintOf(i)))).toBe(true);
  });

  it('has a blocker landing in a later iteration than the story it blocks, one in the same iteration and one in none', () => {
    const links = stories.flatMap((i) => (i.fields.issuelinks ?? []).filter((l) => l.type.name === 'Blocks' && l.outwardIssue).map((l) => ({ blocker: i, blocked: byKey.get(l.outwardIssue!.key)! })));
    const inPi = links.filter(({ blocked }) => piSprintOf(blocked) && blocked.fields.labels?.includes(PI));
    const later = inPi.filter(({ blocker, blocked }) => piSprintOf(blocker) && ms(piSprintOf(blocker)!.startDate) > ms(piSprintOf(blocked)!.endDate));
    const same = inPi.filter(({ blocker, blocked }) => piSprintOf(blocker) && piSprintOf(blocker)!.startDate === piSprintOf(blocked)!.startDate);
    const unplanned = inPi.filter(({ blocker }) => !sprintIds(blocker).length && blocker.fields.status.statusCategory.key !== 'done');
    expect(later.length).toBeGreaterThanOrEqual(1);
    expect(same.length).toBeGreaterThanOrEqual(1);
    expect(unplanned.length).toBeGreaterThanOrEqual(1);
    expect(unplanned.some(({ blocker }) => blocker.fields.labels?.includes(PI))).toBe(true);
    // The planned late one is the one the plan names, across teams.
    const L = NEXT_PI_PLAN.dependencies.later;
    expect(later.some(({ blocker, blocked }) => teamOf(blocker) === L.blocker[0] && piSprintOf(blocker)!.name.includes(`Sprint ${L.blocker[1]}`) && teamOf(blocked) === L.blocked[0] && piSprintOf(blocked)!.name.includes(`Sprint ${L.blocked[1]}`))).toBe(true);
    for (const { blocker, blocked } of [...later, ...same, ...unplanned]) expect(teamOf(blocker)).not.toBe(teamOf(blocked));
  });

  it('has features in the PI scope, ready and not ready by the feature template', () => {
    const scope = features.filter((f) => f.fields.labels?.includes(PI));
    expect(scope.length).toBeGreaterThanOrEqual(6);
    const text = (n: unknown): string => (!n || typeof n !== 'object' ? '' : ((n as { text?: string }).text ?? '') + ((n as { content?: unknown[] }).content ?? []).map(text).join(' '));
    const kids = (f: JiraIssue) => stories.filter((i) => i.fields.parent?.key === f.key);
    const hypothesis = (f: JiraIssue) => /benefit hypothesis|we believe .* will/i.test(text(f.fields.description));
    const byName = (summary: string) => {
      const f = scope.filter((x) => x.fields.summary === summary);
      expect(f).toHaveLength(1);
      return f[0];
    };
    const ready = byName(NEXT_PI_PLAN.features.ready);
    expect(text(ready.fields.description)).toMatch(/We believe .* will result in /);
    expect(text(ready.fields.description)).toMatch(/Acceptance criteria/);
    expect(ready.properties?.['refinery.wsjf']).toBeDefined();
    expect(kids(ready).length).toBeGreaterThanOrEqual(2);
    expect(kids(ready).every((i) => points(i) !== null)).toBe(true);
    const notReady = byName(NEXT_PI_PLAN.features.notReady);
    expect(hypothesis(notReady)).toBe(false);
    expect(notReady.properties?.['refinery.wsjf']).toBeUndefined();
    expect(kids(notReady)).toEqual([]);
    const unestimated = byName(NEXT_PI_PLAN.features.unestimatedStories);
    expect(hypothesis(unestimated)).toBe(true);
    expect(unestimated.properties?.['refinery.wsjf']).toBeUndefined();
    expect(kids(unestimated).filter((i) => points(i) === null).length).toBeGreaterThanOrEqual(1);
    expect(kids(unestimated).filter((i) => points(i) !== null).length).toBeGreaterThanOrEqual(1);
  });

  it('gives the kanban team stories of the PI in no sprint, and every scrum team PI objectives created by the RTE', () => {
    const kanban = art.filter((i) => teamOf(i) === KANBAN_TEAM && i.fields.labels?.includes(PI));
    expect(kanban.length).toBeGreaterThanOrEqual(1);
    for (const i of kanban) expect(sprintIds(i)).toEqual([]);
    const objectives = art.filter((i) => i.fields.issuetype.name === 'PI Objective' && i.fields.labels?.includes(PI));
    for (const team of DEMO.teams) {
      const own = objectives.filter((o) => teamOf(o) === team);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own.some((o) => !o.fields.labels!.includes('uncommitted'))).toBe(true);
      for (const o of own) {
        expect(typeof o.fields.customfield_10062).toBe('number');
        expect(o.fields.customfield_10063).toBeNull();
        expect(o.fields.status.statusCategory.key).toBe('new');
        expect((o.fields.reporter as { accountId: string }).accountId).toBe(DEMO.users.rte);
      }
    }
  });

  it('appends its issues after the existing keys and ids and keeps every key and id unique', () => {
    const keys = data.issues.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(data.issues.map((i) => i.id)).size).toBe(keys.length);
    expect(new Set(data.sprints.map((s) => s.id)).size).toBe(data.sprints.length);
    expect(byKey.has(DEMO.deletedFeatureKey)).toBe(false);
    // The stories of the PI created at its planning (not in Sprint 21/22) come after every story of a closed sprint.
    const n = (i: JiraIssue) => Number(i.key.split('-')[1]);
    const past = stories.filter((i) => sprintIds(i).some((id) => sprintById.get(id)!.state === 'closed'));
    const newOnes = stories.filter((i) => [23, 24].some((k) => DEMO.teams.some((t) => sprintIds(i).includes(sprintOf(t, k).id))));
    expect(newOnes.length).toBeGreaterThan(0);
    expect(Math.min(...newOnes.map(n))).toBeGreaterThan(Math.max(...past.map(n)));
  });

  it('has an RTE / ART lead user who browses and creates but neither edits nor administers, named as such in the harness', () => {
    const rte = data.users.find((u) => u.accountId === DEMO.users.rte)!;
    expect(rte.globalPermissions).toEqual([]);
    expect([...rte.projectPermissions[DEMO.projectKey]].sort()).toEqual(['BROWSE_PROJECTS', 'CREATE_ISSUES']);
    const html = page({ users: data.users, current: data.users[0], projectKey: 'ART', projectName: 'Aurora Release Train', roleOf: () => 'Team member (read-only)', appPath: () => '/app/' }, { title: 't', path: '/' });
    expect(html).toContain(`<option value="${DEMO.users.rte}">Elena Marsh — RTE / ART lead (browse, create)</option>`);
  });
});
