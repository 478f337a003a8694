import fc from 'fast-check';
import type { SprintRow } from '../../src/domain/health';
import { comparePi, doneTime, feedbackLoop, improvementItems, improvementOverview, isPiLabel, piSummary, piWindows, trackPatterns, type ImprovementItem } from '../../src/domain/improvement';
import type { BacklogIssue, FieldChange, StatusRef } from '../../src/domain/model';
import type { Pattern } from '../../src/domain/patterns';

const NOW = '2026-11-20T10:00:00.000Z';
const TODO: StatusRef = { id: '1', name: 'To Do', category: 'new' };
const PROG: StatusRef = { id: '3', name: 'In Progress', category: 'indeterminate' };
const DONE: StatusRef = { id: '9', name: 'Done', category: 'done' };
const CATS = { '1': 'new', '3': 'indeterminate', '9': 'done' } as const;
const at = (d: string) => `2026-${d}T10:00:00.000Z`;

function issue(key: string, o: Partial<BacklogIssue> = {}): BacklogIssue {
  return {
    id: `id-${key}`,
    key,
    summary: `Item ${key}`,
    issueType: 'Story',
    hierarchyLevel: 0,
    status: TODO,
    team: 'Comet',
    storyPoints: 1,
    parentKey: null,
    sprints: [],
    labels: [],
    fixVersions: [],
    rank: null,
    created: at('01-01'),
    updated: at('01-01'),
    resolutionDate: null,
    assignee: null,
    description: null,
    acceptanceCriteria: null,
    links: [],
    ...o,
  };
}

const IA = (pi: string) => ['improvement', 'inspect-and-adapt', pi];

/**
 * PI-2026.3 planned on 06-01 with 4 I&A items: 1 finished in the PI, 1 finished after it
 * (in PI-2026.4), 2 still open → called out. PI-2026.4 planned on 08-15 with 2 items, 1 done;
 * a retrospective item without PI created 09-01 (placed in PI-2026.4); an unlabelled story; an
 * item without PI created before any PI (unplaced).
 */
const ISSUES: BacklogIssue[] = [
  issue('ART-1', { labels: IA('PI-2026.3'), created: at('06-01'), status: DONE, resolutionDate: at('07-01'), assignee: { accountId: 'a', displayName: 'Ana' } }),
  issue('ART-2', { labels: IA('PI-2026.3'), created: at('06-01'), status: DONE, resolutionDate: at('09-01') }),
  issue('ART-3', { labels: IA('PI-2026.3'), created: at('06-02'), status: PROG, assignee: { accountId: 'b', displayName: 'Bo' }, team: 'Nebula' }),
  issue('ART-4', { labels: IA('PI-2026.3'), created: at('06-02') }),
  issue('ART-5', { labels: IA('PI-2026.4'), created: at('08-15'), status: DONE, resolutionDate: at('10-01') }),
  issue('ART-6', { labels: IA('PI-2026.4'), created: at('08-16') }),
  issue('ART-7', { labels: ['improvement', 'retrospective'], created: at('09-01'), status: DONE, updated: at('10-20') }),
  issue('ART-8', { labels: ['not-an-improvement'], created: at('09-01') }),
  issue('ART-9', { labels: ['Improvement'], created: at('03-01') }),
];
// ART-7 has no resolution date: its done time comes from the changelog.
const CHANGES = new Map<string, FieldChange[]>([
  [
    'id-ART-7',
    [
      { at: at('10-02'), field: 'status', from: '1', to: '3', fromString: 'To Do', toString: 'In Progress' },
      { at: at('10-05'), field: 'status', from: '3', to: '9', fromString: 'In Progress', toString: 'Done' },
    ],
  ],
]);

const items = improvementItems({ issues: ISSUES, improvementLabel: 'improvement', changes: CHANGES, statusCategoryById: { ...CATS }, teamOf: (i) => i.team, now: NOW });
const byKey = new Map(items.map((i) => [i.key, i]));

describe('improvement items', () => {
  it('picks items by the improvement label (any case), with source, PI, owner and age', () => {
    expect(items.map((i) => i.key)).toEqual(['ART-9', 'ART-1', 'ART-2', 'ART-3', 'ART-4', 'ART-5', 'ART-6', 'ART-7']);
    expect(byKey.get('ART-3')).toMatchObject({ source: 'inspect-and-adapt', pi: 'PI-2026.3', piInferred: false, owner: { displayName: 'Bo' }, team: 'Nebula', done: false, doneAt: null });
    expect(byKey.get('ART-3')!.ageDays).toBe(171);
    expect(byKey.get('ART-7')).toMatchObject({ source: 'retrospective', pi: 'PI-2026.4', piInferred: true, doneAt: at('10-05') });
    expect(byKey.get('ART-9')).toMatchObject({ source: 'other', pi: null });
  });

  it('derives PI windows from the labelled items', () => {
    expect(piWindows(items)).toEqual([
      { pi: 'PI-2026.3', start: at('06-01'), end: at('08-15') },
      { pi: 'PI-2026.4', start: at('08-15'), end: null },
    ]);
  });

  it('tracks created and done per PI, carried-forward items and calls out a PI whose I&A items mostly did not finish', () => {
    const o = improvementOverview(items);
    expect(o.currentPi).toBe('PI-2026.4');
    const [p3, p4] = o.pis;
    expect(p3).toMatchObject({ pi: 'PI-2026.3', current: false, created: ['ART-1', 'ART-2', 'ART-3', 'ART-4'], done: ['ART-1', 'ART-2'], doneInPi: ['ART-1'], open: ['ART-3', 'ART-4'], completion: 0.25 });
    expect(p4).toMatchObject({ pi: 'PI-2026.4', current: true, created: ['ART-5', 'ART-6', 'ART-7'], doneInPi: ['ART-5', 'ART-7'], open: ['ART-6'] });
    expect(o.carriedForward.map((i) => i.key)).toEqual(['ART-3', 'ART-4']);
    expect(o.unplaced).toEqual(['ART-9']);
    expect(o.callouts).toHaveLength(1);
    expect(o.callouts[0].message).toBe('PI-2026.3: only 1 of 4 Inspect & Adapt items were finished within the PI; 2 are still open; 1 finished only in a later PI.');
    expect(o.callouts[0].keys).toEqual(['ART-2', 'ART-3', 'ART-4']);
  });

  it('does not call out the current PI, nor a PI where half or more finished', () => {
    const half = improvementItems({
      issues: [
        issue('X-1', { labels: IA('PI-1'), created: at('01-01'), status: DONE, resolutionDate: at('02-01') }),
        issue('X-2', { labels: IA('PI-1'), created: at('01-01') }),
        issue('X-3', { labels: IA('PI-2'), created: at('03-01') }),
        issue('X-4', { labels: IA('PI-2'), created: at('03-01') }),
      ],
      improvementLabel: 'improvement',
      changes: new Map(),
      statusCategoryById: { ...CATS },
      teamOf: () => null,
      now: NOW,
    });
    expect(improvementOverview(half).callouts).toEqual([]);
  });

  it('orders PI labels naturally and recognises them', () => {
    expect(['PI-2026.10', 'PI-2026.4', 'PI-2025.12'].sort(comparePi)).toEqual(['PI-2025.12', 'PI-2026.4', 'PI-2026.10']);
    expect(isPiLabel('PI-2026.4')).toBe(true);
    expect(isPiLabel('PI_7')).toBe(true);
    expect(isPiLabel('pipeline')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (y, a, b) => {
        expect(Math.sign(comparePi(`PI-${y}.${a}`, `PI-${y}.${b}`))).toBe(Math.sign(a - b));
      }),
    );
  });

  it('takes the done time from the resolution date, else the last move into done', () => {
    expect(doneTime(issue('A', { status: DONE, resolutionDate: at('05-05') }), [], { ...CATS })).toBe(at('05-05'));
    expect(doneTime(issue('A', { status: TODO, resolutionDate: at('05-05') }), [], { ...CATS })).toBeNull();
    const back: FieldChange[] = [
      { at: at('05-01'), field: 'status', from: '3', to: '9', fromString: null, toString: null },
      { at: at('05-03'), field: 'status', from: '9', to: '3', fromString: null, toString: null },
      { at: at('05-07'), field: 'status', from: '3', to: '9', fromString: null, toString: null },
    ];
    expect(doneTime(issue('A', { status: DONE }), back, { ...CATS })).toBe(at('05-07'));
  });
});

describe('patterns being worked on', () => {
  const pattern = { id: 'ac-missing:comet', label: 'pattern-ac-missing-comet' } as Pattern;
  const item = (key: string, done: boolean, labels: string[]): ImprovementItem => ({ ...byKey.get('ART-1')!, key, done, labels });
  it('is in progress while an open item carries the label, persists when only done ones do', () => {
    expect(trackPatterns([pattern], [item('A-1', false, ['improvement'])])[0].state).toBe('untracked');
    const t = trackPatterns([pattern], [item('A-1', true, ['pattern-ac-missing-comet']), item('A-2', false, ['improvement', 'pattern-ac-missing-comet'])])[0];
    expect(t.state).toBe('in-progress');
    expect(t.items.map((i) => i.key)).toEqual(['A-2', 'A-1']);
    expect(trackPatterns([pattern], [item('A-1', true, ['pattern-ac-missing-comet'])])[0].state).toBe('done-but-persists');
  });
});

// --- feedback loop and I&A summary -----------------------------------------------------------------

function row(team: string, n: number, committed: string[], accepted: string[], reworked: string[] = []): SprintRow {
  return {
    team,
    sprintId: n,
    sprint: `${team} ${n}`,
    state: 'closed',
    startDate: new Date(Date.parse(at('06-01')) + (n - 1) * 14 * 86400000).toISOString(),
    endDate: new Date(Date.parse(at('06-01')) + n * 14 * 86400000).toISOString(),
    committed: committed.length,
    added: 0,
    removed: 0,
    accepted: accepted.length,
    acceptedCommitted: accepted.length,
    acceptedAdded: 0,
    acceptanceRate: committed.length ? accepted.length / committed.length : null,
    committedPoints: 0,
    acceptedPoints: 0,
    acceptedCommittedPoints: 0,
    acceptanceRatePoints: null,
    reopened: reworked.length,
    reworked: reworked.length,
    recordedCommitment: false,
    keys: { committed, added: [], removed: [], accepted, acceptedCommitted: accepted, acceptedAdded: [], reopened: reworked, reworked },
  };
}

// Comet sprints end 06-15, 06-29, 07-13, 07-27, 08-10, 08-24, 09-07 …
const ROWS = [
  row('Comet', 1, ['C1', 'C2', 'C3', 'C4'], ['C1', 'C2'], ['C1']),
  row('Comet', 2, ['C5', 'C6', 'C7', 'C8'], ['C5', 'C6']),
  row('Comet', 3, ['C9', 'C10', 'C11', 'C12'], ['C9', 'C10', 'C11', 'C12']),
  row('Comet', 4, ['C13', 'C14', 'C15', 'C16'], ['C13', 'C14', 'C15', 'C16']),
  row('Comet', 7, ['C17', 'C18'], ['C17']),
  { ...row('Comet', 8, ['C19'], []), state: 'active' as const },
  row('Nebula', 2, ['N1', 'N2'], ['N1', 'N2'], ['N2']),
];
const PASS = new Set(['C1', 'C5', 'C6', 'C9', 'C10', 'C11', 'C13', 'C14', 'C15', 'C16', 'C17', 'N1']);
const qualityPass = (k: string) => (k.startsWith('C') || k.startsWith('N') ? PASS.has(k) : undefined);

describe('feedback loop', () => {
  const fb = feedbackLoop(ROWS, qualityPass, items);
  const comet = fb.find((f) => f.team === 'Comet')!;

  it('lists acceptance, rework and quality per closed sprint, without the active one', () => {
    expect(comet.points.map((p) => p.sprint)).toEqual(['Comet 1', 'Comet 2', 'Comet 3', 'Comet 4', 'Comet 7']);
    expect(comet.points[0]).toMatchObject({ acceptanceRate: 0.5, reworkRatio: 0.5, qualityPassRate: 0.25 });
    expect(comet.points[2]).toMatchObject({ acceptanceRate: 1, reworkRatio: 0, qualityPassRate: 0.75 });
  });

  it('marks the sprint in which a team item was done (ART-1 on 07-01 → sprint 3, ending 07-13), and not other teams', () => {
    // Sprint ends: 06-15, 06-29, 07-13, 07-27, 09-07. ART-2 done 09-01 → sprint 7; ART-5 and ART-7 (October) after the last closed sprint.
    expect(comet.points.filter((p) => p.improvementsDone.length).map((p) => [p.sprint, p.improvementsDone.map((d) => d.key)])).toEqual([
      ['Comet 3', ['ART-1']],
      ['Comet 7', ['ART-2']],
    ]);
    // ART-3 belongs to Nebula and is open: no marker anywhere.
    expect(fb.flatMap((f) => f.points.flatMap((p) => p.improvementsDone.map((d) => d.key)))).not.toContain('ART-3');
  });

  it('compares up to 3 sprints before a marker with up to 3 after it', () => {
    const e = comet.effects.find((x) => x.key === 'ART-1' && x.metric === 'acceptanceRate')!;
    // Before: sprints 1–3 (0.5, 0.5, 1); after: sprints 4 and 7 (1, 0.5).
    expect(e.before).toBeCloseTo(2 / 3);
    expect(e.after).toBeCloseTo(0.75);
    expect(e.sprintsAfter).toBe(2);
  });
});

describe('Inspect & Adapt summary', () => {
  const overview = improvementOverview(items);
  it('pools the closed sprints that ended inside the PI window, with improvement completion and a call-out', () => {
    // PI-2026.3 runs 06-01 → 08-15: Comet 1–4 (ending 06-15 … 07-27) and Nebula 2 (06-29); Comet 7 ends 09-07, outside.
    const s = piSummary('PI-2026.3', overview, ROWS, qualityPass, items, NOW)!;
    expect(s.sprints.map((x) => x.sprint)).toEqual(['Comet 1', 'Comet 2', 'Comet 3', 'Comet 4', 'Nebula 2']);
    const m = Object.fromEntries(s.train.map((x) => [x.id, x]));
    expect(m.predictability.value).toBeNull();
    expect(m.acceptance.value).toBeCloseTo(14 / 18);
    expect(m.acceptance.basis).toBe('14 of 18 committed stories accepted.');
    expect(m.rework.value).toBeCloseTo(2 / 14);
    expect(m.quality.value).toBeCloseTo(11 / 18); // C1, C5, C6, C9–C11, C13–C16 and N1
    expect(m.improvementCompletion.value).toBe(0.25);
    expect(s.callout?.pi).toBe('PI-2026.3');
    expect(s.teams.map((t) => t.team)).toEqual(['Comet', 'Nebula']);
    const nebula = Object.fromEntries(s.teams[1].metrics.map((x) => [x.id, x.value]));
    expect(nebula.acceptance).toBe(1);
    expect(nebula.improvementCompletion).toBe(0); // ART-3 is Nebula's and open
  });

  it('summarises the current PI up to now, and knows no unknown PI', () => {
    const s = piSummary('PI-2026.4', overview, ROWS, qualityPass, items, NOW)!;
    expect(s.sprints.map((x) => x.sprint)).toEqual(['Comet 7']);
    expect(s.callout).toBeNull();
    expect(piSummary('PI-1999.1', overview, ROWS, qualityPass, items, NOW)).toBeNull();
  });
});
