import { NO_TEAM, type SprintRow } from './health';
import type { Severity } from './quality';

/**
 * Cross-team patterns (DOMAIN.md "Continuous improvement"): recurring quality findings, falling or
 * low acceptance and rising rework, per team, each with the issue keys that are its evidence.
 * Pure: the sprint rows come from computeHealth, the findings from the quality engine.
 *
 * Definitions (defaults in PATTERN_DEFAULTS; every sentence says which numbers it used):
 * - window = a team's last 3 closed sprints (by end date);
 * - recurring finding: a rule from FINDING_PHRASES fires on ≥ 30% (and ≥ 3) of the stories
 *   committed to or added to the window's sprints (at least 5 stories);
 * - acceptance falling: the acceptance rate dropped from each closed sprint to the next at least
 *   3 times in a row, ending with the last closed sprint, by at least 10 points in total;
 * - acceptance low: every sprint of the window (3 sprints) below 80% (DOMAIN.md healthy ≥ 80%);
 * - rework rising: rework ratio over the window ≥ 10% with ≥ 2 reworked stories, and at least
 *   twice the ratio of the 3 closed sprints before (or those had none).
 */

export type PatternKind = 'recurring-finding' | 'acceptance-falling' | 'acceptance-low' | 'rework-rising';

export interface PatternPoint {
  sprintId: number;
  sprint: string;
  value: number | null;
}

export interface Pattern {
  /** Stable id, e.g. "ac-missing:nebula"; the same pattern keeps its id from day to day. */
  id: string;
  /** Jira label an improvement item for this pattern carries, e.g. "pattern-ac-missing-nebula". */
  label: string;
  kind: PatternKind;
  /** The quality rule for a recurring finding. */
  rule: string | null;
  team: string;
  /** One sentence, e.g. "Team Nebula: 42% of stories lack acceptance criteria over the last 3 sprints." */
  title: string;
  /** The numbers behind the sentence. */
  detail: string;
  /** Issues that show the pattern (the JQL evidence). */
  evidenceKeys: string[];
  /** Sprints the pattern was computed over, oldest first. */
  sprints: string[];
  /** The metric per sprint, for a sparkline or a table. */
  series: PatternPoint[];
  /** 0..1 for findings and rates; ordering hint for the page (higher first). */
  strength: number;
}

export interface StoryFindings {
  key: string;
  rules: { rule: string; severity: Severity }[];
}

export interface PatternOptions {
  windowSprints: number;
  findingShare: number;
  findingMinCount: number;
  findingMinPopulation: number;
  fallingDrops: number;
  fallingMinTotalDrop: number;
  acceptanceHealthy: number;
  reworkMin: number;
  reworkMinCount: number;
  reworkFactor: number;
}

export const PATTERN_DEFAULTS: PatternOptions = {
  windowSprints: 3,
  findingShare: 0.3,
  findingMinCount: 3,
  findingMinPopulation: 5,
  fallingDrops: 3,
  fallingMinTotalDrop: 0.1,
  acceptanceHealthy: 0.8,
  reworkMin: 0.1,
  reworkMinCount: 2,
  reworkFactor: 2,
};

/** Quality rules that make a pattern, with the phrase that completes "N% of stories …". */
export const FINDING_PHRASES: Record<string, string> = {
  'ac-missing': 'lack acceptance criteria',
  'ac-not-written': 'have acceptance criteria that are not written yet (template or placeholders)',
  'ac-vague': 'have vague acceptance criteria',
  'estimate-missing': 'are not estimated',
  'estimate-too-large': 'are estimated above the size limit',
  'form-missing': 'are not written as user stories',
  'not-atomic': 'bundle several goals in one story',
  placeholder: 'contain placeholder text such as "TBD"',
  'description-empty': 'have an empty description',
  'blocked-by-open-issue': 'are blocked by open issues',
};

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** A Jira label fragment: lowercase letters, digits and dashes. */
export function slug(s: string): string {
  const out = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return out || 'x';
}

/** The label that ties improvement items to a pattern id ("ac-missing:nebula" → "pattern-ac-missing-nebula"). */
export function patternLabel(patternId: string): string {
  return `pattern-${patternId.split(':').map(slug).join('-')}`.slice(0, 255);
}

function make(p: Omit<Pattern, 'label'>): Pattern {
  return { ...p, label: patternLabel(p.id) };
}

function uniq(keys: Iterable<string>): string[] {
  return [...new Set(keys)];
}

/** Closed sprints of each team, oldest first (by end date, then id). */
export function closedSprintsByTeam(sprints: readonly SprintRow[]): Map<string, SprintRow[]> {
  const out = new Map<string, SprintRow[]>();
  for (const s of sprints) {
    if (s.state !== 'closed' || s.team === NO_TEAM) continue;
    const list = out.get(s.team) ?? [];
    list.push(s);
    out.set(s.team, list);
  }
  for (const list of out.values()) list.sort((a, b) => Date.parse(a.endDate) - Date.parse(b.endDate) || a.sprintId - b.sprintId);
  return out;
}

function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export function detectPatterns(sprints: readonly SprintRow[], findings: readonly StoryFindings[], options: Partial<PatternOptions> = {}): Pattern[] {
  const o = { ...PATTERN_DEFAULTS, ...options };
  const rulesByKey = new Map(findings.map((f) => [f.key, new Set(f.rules.map((r) => r.rule))]));
  const out: Pattern[] = [];
  for (const [team, closed] of [...closedSprintsByTeam(sprints)].sort((a, b) => a[0].localeCompare(b[0]))) {
    const window = closed.slice(-o.windowSprints);
    if (!window.length) continue;
    const windowNames = window.map((s) => s.sprint);
    const span = window.length === 1 ? `in ${windowNames[0]}` : `over the last ${window.length} sprints`;

    // Recurring quality findings.
    const population = uniq(window.flatMap((s) => [...s.keys.committed, ...s.keys.added])).filter((k) => rulesByKey.has(k));
    if (population.length >= o.findingMinPopulation) {
      for (const [rule, phrase] of Object.entries(FINDING_PHRASES)) {
        const hit = population.filter((k) => rulesByKey.get(k)!.has(rule));
        const share = hit.length / population.length;
        if (hit.length < o.findingMinCount || share < o.findingShare - 1e-9) continue;
        out.push(
          make({
            id: `${rule}:${slug(team)}`,
            kind: 'recurring-finding',
            rule,
            team,
            title: `Team ${team}: ${pct(share)} of stories ${phrase} ${span}.`,
            detail: `${hit.length} of ${population.length} stories committed to or added to ${windowNames.join(', ')} (threshold ${pct(o.findingShare)}).`,
            evidenceKeys: hit,
            sprints: windowNames,
            series: window.map((s) => {
              const keys = uniq([...s.keys.committed, ...s.keys.added]).filter((k) => rulesByKey.has(k));
              return { sprintId: s.sprintId, sprint: s.sprint, value: ratio(keys.filter((k) => rulesByKey.get(k)!.has(rule)).length, keys.length) };
            }),
            strength: share,
          }),
        );
      }
    }

    // Acceptance falling N sprints in a row, ending with the last closed sprint.
    const rated = closed.filter((s) => s.acceptanceRate !== null);
    let drops = 0;
    for (let i = rated.length - 1; i > 0; i--) {
      if (rated[i].acceptanceRate! < rated[i - 1].acceptanceRate! - 1e-9) drops++;
      else break;
    }
    if (drops >= o.fallingDrops && rated.at(-1) === closed.at(-1)) {
      const run = rated.slice(rated.length - 1 - drops);
      const first = run[0];
      const last = run.at(-1)!;
      const fall = first.acceptanceRate! - last.acceptanceRate!;
      if (fall >= o.fallingMinTotalDrop - 1e-9) {
        const falling = run.slice(1);
        out.push(
          make({
            id: `acceptance-falling:${slug(team)}`,
            kind: 'acceptance-falling',
            rule: null,
            team,
            title: `Team ${team}: acceptance fell ${drops} sprints in a row, from ${pct(first.acceptanceRate!)} in ${first.sprint} to ${pct(last.acceptanceRate!)} in ${last.sprint}.`,
            detail: `Acceptance by sprint: ${run.map((s) => `${s.sprint} ${pct(s.acceptanceRate!)}`).join(', ')}. Evidence: committed stories not accepted in the falling sprints.`,
            evidenceKeys: uniq(falling.flatMap((s) => notAccepted(s))),
            sprints: run.map((s) => s.sprint),
            series: run.map((s) => ({ sprintId: s.sprintId, sprint: s.sprint, value: s.acceptanceRate })),
            strength: Math.min(1, fall * 2),
          }),
        );
      }
    }

    // Acceptance below the healthy band in every sprint of the window.
    if (window.length >= o.windowSprints && window.every((s) => s.acceptanceRate !== null && s.acceptanceRate < o.acceptanceHealthy - 1e-9)) {
      const committed = window.reduce((n, s) => n + s.committed, 0);
      const accepted = window.reduce((n, s) => n + s.acceptedCommitted, 0);
      const rate = ratio(accepted, committed) ?? 0;
      out.push(
        make({
          id: `acceptance-low:${slug(team)}`,
          kind: 'acceptance-low',
          rule: null,
          team,
          title: `Team ${team}: acceptance stayed below ${pct(o.acceptanceHealthy)} in each of the last ${window.length} sprints (${pct(rate)} overall).`,
          detail: `${accepted} of ${committed} committed stories accepted in ${windowNames.join(', ')}. Evidence: the committed stories that were not accepted.`,
          evidenceKeys: uniq(window.flatMap((s) => notAccepted(s))),
          sprints: windowNames,
          series: window.map((s) => ({ sprintId: s.sprintId, sprint: s.sprint, value: s.acceptanceRate })),
          strength: 1 - rate,
        }),
      );
    }

    // Rework rising: this window against the one before.
    const before = closed.slice(-2 * o.windowSprints, -o.windowSprints);
    if (window.length >= o.windowSprints && before.length >= 1) {
      const sum = (rows: SprintRow[], f: (s: SprintRow) => number) => rows.reduce((n, s) => n + f(s), 0);
      const reworked = sum(window, (s) => s.reworked);
      const accepted = sum(window, (s) => s.accepted);
      const r1 = ratio(reworked, accepted);
      const r0 = ratio(
        sum(before, (s) => s.reworked),
        sum(before, (s) => s.accepted),
      );
      if (r1 !== null && r0 !== null && r1 >= o.reworkMin - 1e-9 && reworked >= o.reworkMinCount && (r0 === 0 || r1 >= o.reworkFactor * r0 - 1e-9)) {
        const factor = r0 === 0 ? Infinity : r1 / r0;
        const verb = r0 === 0 ? `rose from 0% to ${pct(r1)}` : factor < 3 ? `doubled, from ${pct(r0)} to ${pct(r1)}` : factor < 4 ? `tripled, from ${pct(r0)} to ${pct(r1)}` : `rose ${Math.floor(factor)}-fold, from ${pct(r0)} to ${pct(r1)}`;
        out.push(
          make({
            id: `rework-rising:${slug(team)}`,
            kind: 'rework-rising',
            rule: null,
            team,
            title: `Team ${team}: rework ${verb} of accepted stories (last ${window.length} sprints against the ${before.length} before).`,
            detail: `${reworked} of ${accepted} stories accepted in ${windowNames.join(', ')} came back after acceptance; before: ${sum(before, (s) => s.reworked)} of ${sum(before, (s) => s.accepted)} in ${before.map((s) => s.sprint).join(', ')}.`,
            evidenceKeys: uniq(window.flatMap((s) => s.keys.reworked)),
            sprints: [...before, ...window].map((s) => s.sprint),
            series: [...before, ...window].map((s) => ({ sprintId: s.sprintId, sprint: s.sprint, value: ratio(s.reworked, s.accepted) })),
            strength: Math.min(1, r1 * 3),
          }),
        );
      }
    }
  }
  const order: Record<PatternKind, number> = { 'acceptance-falling': 0, 'rework-rising': 1, 'acceptance-low': 2, 'recurring-finding': 3 };
  return out.sort((a, b) => a.team.localeCompare(b.team) || order[a.kind] - order[b.kind] || b.strength - a.strength || a.id.localeCompare(b.id));
}

function notAccepted(s: SprintRow): string[] {
  const accepted = new Set(s.keys.acceptedCommitted);
  return s.keys.committed.filter((k) => !accepted.has(k));
}
