import fc from 'fast-check';
import { dependencyRisk } from '../../src/domain/dependencyRisk';
import type { SprintRow } from '../../src/domain/health';
import type { BacklogIssue, Sprint, StatusRef } from '../../src/domain/model';
import { detectPatterns, patternLabel, slug, type StoryFindings } from '../../src/domain/patterns';
import { dependencyMatrix, featureGraph, teamResolver, trainDependencies } from '../../src/app/dependencies';

// --- fixtures ------------------------------------------------------------------------------------

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86400000).toISOString();

/**
 * A closed sprint row for `team`, number `n` (ends on day 14·n), with `committed` stories of which
 * `accepted` were accepted, and `reworked` of the accepted came back. Keys are `T-n-i`.
 */
function row(team: string, n: number, committed: number, accepted: number, reworked = 0, added = 0): SprintRow {
  const keys = Array.from({ length: committed }, (_, i) => `${team.toUpperCase()}-${n * 100 + i}`);
  const addedKeys = Array.from({ length: added }, (_, i) => `${team.toUpperCase()}-${n * 100 + 50 + i}`);
  const acc = keys.slice(0, accepted);
  return {
    team,
    sprintId: n + (team.charCodeAt(0) << 8),
    sprint: `${team} Sprint ${n}`,
    state: 'closed',
    startDate: day(14 * n - 14),
    endDate: day(14 * n),
    committed,
    added,
    removed: 0,
    accepted: acc.length,
    acceptedCommitted: acc.length,
    acceptedAdded: 0,
    acceptanceRate: committed ? accepted / committed : null,
    committedPoints: committed,
    acceptedPoints: acc.length,
    acceptedCommittedPoints: acc.length,
    acceptanceRatePoints: committed ? accepted / committed : null,
    reopened: reworked,
    reworked,
    recordedCommitment: false,
    keys: { committed: keys, added: addedKeys, removed: [], accepted: acc, acceptedCommitted: acc, acceptedAdded: [], reopened: acc.slice(0, reworked), reworked: acc.slice(0, reworked) },
  };
}

const allKeys = (rows: SprintRow[]) => rows.flatMap((r) => [...r.keys.committed, ...r.keys.added]);
const clean = (keys: string[]): StoryFindings[] => keys.map((key) => ({ key, rules: [] }));

describe('cross-team pattern detection', () => {
  it('finds a recurring missing-acceptance-criteria finding over the last 3 sprints, with the stories as evidence', () => {
    // 4 sprints; the first must not count (outside the window). Window: sprints 2–4, 10 stories each.
    const rows = [1, 2, 3, 4].map((n) => row('Nebula', n, 10, 9));
    const windowKeys = allKeys(rows.slice(1));
    // 13 of the 30 window stories lack AC (43%); every story of sprint 1 lacks it too (ignored).
    const missing = new Set([...windowKeys.slice(0, 13), ...allKeys(rows.slice(0, 1))]);
    const findings = allKeys(rows).map((key) => ({ key, rules: missing.has(key) ? [{ rule: 'ac-missing', severity: 'error' as const }] : [] }));
    const ps = detectPatterns(rows, findings);
    const p = ps.find((x) => x.id === 'ac-missing:nebula')!;
    expect(p).toBeDefined();
    expect(p.kind).toBe('recurring-finding');
    expect(p.title).toBe('Team Nebula: 43% of stories lack acceptance criteria over the last 3 sprints.');
    expect(p.detail).toContain('13 of 30 stories');
    expect(p.evidenceKeys).toHaveLength(13);
    expect(p.evidenceKeys.every((k) => windowKeys.includes(k))).toBe(true);
    expect(p.label).toBe('pattern-ac-missing-nebula');
    expect(p.sprints).toEqual(['Nebula Sprint 2', 'Nebula Sprint 3', 'Nebula Sprint 4']);
  });

  it('reports criteria that are still the template as their own recurring finding', () => {
    const rows = [1, 2, 3].map((n) => row('Comet', n, 10, 9));
    const keys = allKeys(rows);
    const findings = keys.map((key, i) => ({ key, rules: i < 12 ? [{ rule: 'ac-not-written', severity: 'error' as const }] : [] }));
    const p = detectPatterns(rows, findings).find((x) => x.id === 'ac-not-written:comet');
    expect(p?.title).toBe('Team Comet: 40% of stories have acceptance criteria that are not written yet (template or placeholders) over the last 3 sprints.');
    expect(p?.evidenceKeys).toHaveLength(12);
  });

  it('does not report a finding below the threshold, or on too few stories', () => {
    const rows = [1, 2, 3].map((n) => row('Comet', n, 10, 9));
    const keys = allKeys(rows);
    // 8 of 30 = 27% < 30%.
    const findings = keys.map((key, i) => ({ key, rules: i < 8 ? [{ rule: 'ac-missing', severity: 'error' as const }] : [] }));
    expect(detectPatterns(rows, findings).filter((p) => p.kind === 'recurring-finding')).toEqual([]);
    // 2 of 4 stories = 50%, but fewer than 5 stories in the window and fewer than 3 hits.
    const tiny = [row('Comet', 1, 2, 2), row('Comet', 2, 2, 2)];
    const tf = allKeys(tiny).map((key, i) => ({ key, rules: i < 2 ? [{ rule: 'ac-missing', severity: 'error' as const }] : [] }));
    expect(detectPatterns(tiny, tf).filter((p) => p.kind === 'recurring-finding')).toEqual([]);
  });

  it('counts stories added after the sprint start in the finding population', () => {
    const rows = [1, 2, 3].map((n) => row('Pulsar', n, 3, 3, 0, 2));
    const added = rows.flatMap((r) => r.keys.added);
    const findings = allKeys(rows).map((key) => ({ key, rules: added.includes(key) ? [{ rule: 'estimate-missing', severity: 'warning' as const }] : [] }));
    const p = detectPatterns(rows, findings).find((x) => x.rule === 'estimate-missing')!;
    expect(p.title).toBe('Team Pulsar: 40% of stories are not estimated over the last 3 sprints.');
    expect(p.evidenceKeys.sort()).toEqual([...added].sort());
  });

  it('detects acceptance that fell 3 sprints in a row, with the not-accepted stories as evidence', () => {
    const rows = [row('Quasar', 1, 10, 9), row('Quasar', 2, 10, 8), row('Quasar', 3, 10, 7), row('Quasar', 4, 10, 5)];
    const ps = detectPatterns(rows, clean(allKeys(rows)));
    const p = ps.find((x) => x.kind === 'acceptance-falling')!;
    expect(p.id).toBe('acceptance-falling:quasar');
    expect(p.title).toBe('Team Quasar: acceptance fell 3 sprints in a row, from 90% in Quasar Sprint 1 to 50% in Quasar Sprint 4.');
    // Not accepted in sprints 2–4: 2 + 3 + 5.
    expect(p.evidenceKeys).toHaveLength(10);
    expect(p.series.map((s) => s.value)).toEqual([0.9, 0.8, 0.7, 0.5]);
  });

  it('does not call two drops, a recovery in the last sprint, or a tiny drift a fall', () => {
    const twoDrops = [row('A', 1, 10, 9), row('A', 2, 10, 9), row('A', 3, 10, 8), row('A', 4, 10, 6)];
    expect(detectPatterns(twoDrops, []).some((p) => p.kind === 'acceptance-falling')).toBe(false);
    const recovered = [row('A', 1, 10, 10), row('A', 2, 10, 9), row('A', 3, 10, 8), row('A', 4, 10, 7), row('A', 5, 10, 9)];
    expect(detectPatterns(recovered, []).some((p) => p.kind === 'acceptance-falling')).toBe(false);
    // 100 → 99 → 98 → 97%: three drops, 3 points in total (< 10).
    const drift = [row('A', 1, 100, 100), row('A', 2, 100, 99), row('A', 3, 100, 98), row('A', 4, 100, 97)];
    expect(detectPatterns(drift, []).some((p) => p.kind === 'acceptance-falling')).toBe(false);
  });

  it('detects acceptance below 80% in each of the last 3 sprints, and not when one sprint was healthy', () => {
    const low = [row('Nebula', 1, 10, 7), row('Nebula', 2, 10, 6), row('Nebula', 3, 10, 7)];
    const p = detectPatterns(low, []).find((x) => x.kind === 'acceptance-low')!;
    expect(p.title).toBe('Team Nebula: acceptance stayed below 80% in each of the last 3 sprints (67% overall).');
    expect(p.evidenceKeys).toHaveLength(10);
    const oneHealthy = [row('Nebula', 1, 10, 7), row('Nebula', 2, 10, 8), row('Nebula', 3, 10, 7)];
    expect(detectPatterns(oneHealthy, []).some((x) => x.kind === 'acceptance-low')).toBe(false);
  });

  it('detects rework that doubled against the 3 sprints before, and from zero', () => {
    // Before: 2 of 30 accepted came back (7%); now 5 of 30 (17%): 2.5×.
    const rows = [row('Comet', 1, 10, 10, 1), row('Comet', 2, 10, 10, 1), row('Comet', 3, 10, 10, 0), row('Comet', 4, 10, 10, 2), row('Comet', 5, 10, 10, 2), row('Comet', 6, 10, 10, 1)];
    const p = detectPatterns(rows, []).find((x) => x.kind === 'rework-rising')!;
    expect(p.title).toBe('Team Comet: rework doubled, from 7% to 17% of accepted stories (last 3 sprints against the 3 before).');
    expect(p.evidenceKeys).toHaveLength(5);
    const fromZero = [row('Comet', 1, 10, 10), row('Comet', 2, 10, 10), row('Comet', 3, 10, 10), row('Comet', 4, 10, 10, 2), row('Comet', 5, 10, 10, 1), row('Comet', 6, 10, 10)];
    expect(detectPatterns(fromZero, []).find((x) => x.kind === 'rework-rising')!.title).toContain('rose from 0% to 10%');
  });

  it('does not report rework that rose less than twofold or stayed under 10%', () => {
    const rows = [row('Comet', 1, 10, 10, 1), row('Comet', 2, 10, 10, 1), row('Comet', 3, 10, 10, 1), row('Comet', 4, 10, 10, 2), row('Comet', 5, 10, 10, 1), row('Comet', 6, 10, 10, 2)];
    expect(detectPatterns(rows, []).some((x) => x.kind === 'rework-rising')).toBe(false);
    const small = [row('Comet', 1, 20, 20), row('Comet', 2, 20, 20), row('Comet', 3, 20, 20), row('Comet', 4, 20, 20, 1), row('Comet', 5, 20, 20, 1), row('Comet', 6, 20, 20)];
    expect(detectPatterns(small, []).some((x) => x.kind === 'rework-rising')).toBe(false);
  });

  it('keeps teams apart, ignores active sprints and sprints without a team', () => {
    const healthy = [1, 2, 3].map((n) => row('Comet', n, 10, 9));
    const low = [1, 2, 3].map((n) => row('Nebula', n, 10, 5));
    const active = { ...row('Comet', 4, 10, 1), state: 'active' as const };
    const noTeam = [1, 2, 3].map((n) => row('No team', n, 10, 1));
    const ps = detectPatterns([...healthy, active, ...low, ...noTeam], []);
    expect(ps.map((p) => p.id)).toEqual(['acceptance-low:nebula']);
  });

  it('gives every pattern a valid, stable Jira label', () => {
    expect(slug('Team Ünïcode & Co')).toBe('team-unicode-co');
    expect(patternLabel('ac-missing:team-a')).toBe('pattern-ac-missing-team-a');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (team) => {
        const rows = [1, 2, 3].map((n) => row(team, n, 10, 5));
        for (const p of detectPatterns(rows, [])) {
          expect(p.label).toMatch(/^[a-z0-9-]+$/);
          expect(p.label.length).toBeLessThanOrEqual(255);
          expect(p.id).toMatch(/^[a-z0-9-]+:[a-z0-9-]+$/);
        }
      }),
    );
  });
});

// --- dependency risk classification ----------------------------------------------------------------

const TODO: StatusRef = { id: '1', name: 'To Do', category: 'new' };
const DONE: StatusRef = { id: '2', name: 'Done', category: 'done' };
const sp = (id: number, state: Sprint['state'], end: number | null): Sprint => ({ id, name: `Sprint ${id}`, state, startDate: end === null ? null : day(end - 14), endDate: end === null ? null : day(end), completeDate: state === 'closed' && end !== null ? day(end) : null, boardId: id });

function issue(key: string, o: Partial<BacklogIssue> = {}): BacklogIssue {
  return {
    id: key,
    key,
    summary: `Summary of ${key}`,
    issueType: 'Story',
    hierarchyLevel: 0,
    status: TODO,
    team: null,
    storyPoints: 3,
    parentKey: null,
    sprints: [],
    labels: [],
    fixVersions: [],
    rank: null,
    created: day(0),
    updated: day(0),
    resolutionDate: null,
    assignee: null,
    description: null,
    acceptanceCriteria: null,
    links: [],
    ...o,
  };
}

describe('dependency risk classification', () => {
  const blocked = issue('ART-2', { team: 'Comet', sprints: [sp(13, 'active', 28)] });
  it.each([
    ['done blocker', issue('ART-1', { team: 'Nebula', status: DONE, sprints: [sp(10, 'closed', 14)] }), false, null, 'ART-1 (team Nebula) is done.'],
    ['unscheduled blocker', issue('ART-1', { team: 'Nebula' }), true, 'unscheduled', 'ART-1 (team Nebula) is not planned in any sprint yet, and ART-2 waits for it.'],
    ['blocker in a later sprint', issue('ART-1', { team: 'Nebula', sprints: [sp(14, 'future', 42)] }), true, 'later-sprint', "ART-1 (team Nebula) is planned for Sprint 14, after ART-2's Sprint 13."],
    ['blocker left undone in a closed sprint', issue('ART-1', { team: 'Nebula', sprints: [sp(12, 'closed', 14)] }), true, 'undone-in-closed-sprint', 'ART-1 (team Nebula) was left undone in Sprint 12, which has closed.'],
    ['blocker in an earlier sprint', issue('ART-1', { team: 'Nebula', sprints: [sp(11, 'active', 21)] }), false, null, "ART-1 (team Nebula) is planned for Sprint 11, no later than ART-2's Sprint 13."],
    ['blocker in the same sprint', issue('ART-1', { team: 'Nebula', sprints: [sp(13, 'active', 28)] }), false, null, "ART-1 (team Nebula) is planned for Sprint 13, no later than ART-2's Sprint 13."],
  ])('%s', (_name, blocker, atRisk, risk, explanation) => {
    const r = dependencyRisk(blocker, blocked);
    expect(r.atRisk).toBe(atRisk);
    expect(r.risk).toBe(risk);
    expect(r.explanation).toBe(explanation);
  });

  it('a blocker moved on from a closed sprint into a future one is judged by its planned sprint', () => {
    const moved = issue('ART-1', { team: 'Nebula', sprints: [sp(12, 'closed', 14), sp(14, 'future', 42)] });
    expect(dependencyRisk(moved, blocked).risk).toBe('later-sprint');
  });
});

describe('train dependencies, team matrix and feature graph', () => {
  const link = (direction: 'blocks' | 'blockedBy' | 'other', other: BacklogIssue) => ({ direction, typeName: direction === 'other' ? 'Relates' : 'Blocks', other: { key: other.key, summary: other.summary, statusCategory: other.status.category, statusName: other.status.name } });
  const f1 = issue('ART-1', { issueType: 'Epic', hierarchyLevel: 1, team: 'Comet' });
  const f2 = issue('ART-2', { issueType: 'Epic', hierarchyLevel: 1, team: 'Nebula' });
  const s10 = issue('ART-10', { team: 'Comet', parentKey: 'ART-1' }); // unscheduled blocker
  const s11 = issue('ART-11', { team: null, parentKey: 'ART-2', sprints: [sp(21, 'active', 28)] }); // team via its sprint
  const s12 = issue('ART-12', { team: 'Nebula', parentKey: 'ART-2', status: DONE });
  const s13 = issue('ART-13', { team: 'Comet', parentKey: 'ART-1', sprints: [sp(22, 'active', 28)] });
  const s14 = issue('ART-14', { team: 'Comet', parentKey: 'ART-1' });
  const s15 = issue('ART-15', { team: 'Pulsar', parentKey: null });
  // Both ends of a link are listed (Jira shows the link on both issues); each pair counts once.
  s10.links = [link('blocks', s11)];
  s11.links = [link('blockedBy', s10)];
  s12.links = [link('blocks', s13)];
  s13.links = [link('blockedBy', s12), link('blockedBy', s14)];
  s14.links = [link('blocks', s13), link('other', s15)];
  s15.links = [link('blocks', s11)];
  const teamOfSprint = new Map([
    [21, 'Nebula'],
    [22, 'Comet'],
  ]);
  const all = [f1, f2, s10, s11, s12, s13, s14, s15];
  const deps = trainDependencies(all, teamResolver(teamOfSprint));

  it('keeps cross-team blocking links once each, at-risk first; same-team and "relates" links are not dependencies', () => {
    expect(deps.map((d) => `${d.blocker.key}>${d.blocked.key}`)).toEqual(['ART-10>ART-11', 'ART-15>ART-11', 'ART-12>ART-13']);
    expect(deps.map((d) => d.risk.atRisk)).toEqual([true, true, false]);
    expect(deps[0].blockedTeam).toBe('Nebula');
  });

  it('counts team pairs, blocking team by blocked team', () => {
    const m = dependencyMatrix(deps);
    expect(m.teams).toEqual(['Comet', 'Nebula', 'Pulsar']);
    expect(m.cells.map((c) => [c.blockerTeam, c.blockedTeam, c.count, c.atRisk])).toEqual([
      ['Comet', 'Nebula', 1, 1],
      ['Nebula', 'Comet', 1, 0],
      ['Pulsar', 'Nebula', 1, 1],
    ]);
  });

  it('aggregates story links into feature edges and counts links from stories without a feature', () => {
    const g = featureGraph(deps, [f1, f2]);
    expect(g.nodes.map((n) => n.key)).toEqual(['ART-1', 'ART-2']);
    expect(g.edges).toEqual([
      expect.objectContaining({ from: 'ART-1', to: 'ART-2', count: 1, atRisk: 1 }),
      expect.objectContaining({ from: 'ART-2', to: 'ART-1', count: 1, atRisk: 0 }),
    ]);
    expect(g.edges[0].explanations[0]).toContain('ART-10 (team Comet) is not planned in any sprint yet');
    expect(g.withoutFeature).toBe(1);
  });
});
