import type { DataSet } from '../../dev/emulator/dataset';
import { keysNamedBy, type Shown } from './surfaces';

export interface Verdict {
  /** (surface × figure) pairs checked. */
  pairs: number;
  figures: number;
  problems: string[];
}

const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-3);
const setEq = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((k) => b.has(k));
const show = (s: Set<string>) => [...s].sort().join(',');
/** Sprint figures of a planning check (any sprint state; PI planning's cells too) and of the active sprint's In progress row. */
const PLANNING_METRICS = new Set(['readinessRate', 'readinessRatePoints', 'sprintNotReady', 'piLoad', 'piUnestimated', 'piCardPoints', 'piCardStories', 'piCardUnestimated']);
const ACTIVE_METRICS = new Set(['sprintProgress', 'sprintCommittedSoFar', 'sprintAddedSoFar']);

/**
 * (a) one id, one value on every surface and in the CLI; (b) every link's JQL parses with
 * Atlassian's grammar, returns exactly the keys it names when run as the viewer (so no hidden or
 * missing key), and the union is the counted members — the same set on every surface; (c) a rate's
 * numerator members ⊆ its denominator members. Plus sprint semantics: closed-sprint figures only
 * for closed sprints, progress only for active ones.
 */
export async function checkFigures(shown: readonly Shown[], search: (jql: string) => Promise<Set<string>>, data: DataSet): Promise<Verdict> {
  const problems: string[] = [];
  const union = async (what: string, jqls: readonly string[]) => {
    const all = new Set<string>();
    for (const jql of jqls) {
      let named: string[];
      try {
        named = keysNamedBy(jql);
      } catch (e) {
        problems.push(`${what}: ${(e as Error).message}`);
        continue;
      }
      const found = await search(jql);
      if (!setEq(new Set(named), found)) problems.push(`${what}: the link names ${named.length} keys but Jira returns ${found.size} (${show(found)})`);
      for (const k of found) all.add(k);
    }
    return all;
  };
  const sprintState = new Map(data.sprints.map((s) => [s.id, s.state]));
  const first = new Map<string, { s: Shown; members: Set<string> }>();
  for (const s of shown) {
    const what = `${s.surface} ${s.id}`;
    const members = await union(what, s.jqls);
    if (s.memberCount !== undefined && members.size !== s.memberCount) problems.push(`${what}: says ${s.memberCount} issues, its links open ${members.size}`);
    if (s.unit === 'issues' && s.kind !== 'quotient' && members.size !== s.numerator) problems.push(`${what}: counts ${s.numerator} issues, its links open ${members.size}`);
    if (s.unit === 'pairs' && members.size < (s.numerator > 0 ? 2 : 0)) problems.push(`${what}: ${s.numerator} pairs but ${members.size} issues on their ends`);
    if (s.denominatorJqls) {
      const base = await union(`${what} (denominator)`, s.denominatorJqls);
      const outside = [...members].filter((k) => !base.has(k));
      if (outside.length) problems.push(`${what}: numerator members outside the denominator: ${outside.join(',')}`);
      if (s.unit === 'issues' && s.kind === 'rate' && base.size !== s.denominator) problems.push(`${what}: denominator ${s.denominator}, its link opens ${base.size}`);
    }
    // Readiness is a planning check of any sprint; every other sprint figure is a closed sprint's, or the active one's In progress row.
    if (s.scope === 'sprint' && !PLANNING_METRICS.has(s.metric)) {
      const want = ACTIVE_METRICS.has(s.metric) ? 'active' : 'closed';
      if (sprintState.get(s.sprintId!) !== want) problems.push(`${what}: a ${want}-sprint figure for a sprint that is ${sprintState.get(s.sprintId!)}`);
    }
    const seen = first.get(s.id);
    if (!seen) first.set(s.id, { s, members });
    else {
      if (!same(seen.s.value, s.value) || seen.s.numerator !== s.numerator || !same(seen.s.denominator, s.denominator)) {
        problems.push(`${s.id}: ${seen.s.surface} shows ${seen.s.value} (${seen.s.numerator}/${seen.s.denominator}), ${s.surface} shows ${s.value} (${s.numerator}/${s.denominator})`);
      }
      if (!setEq(seen.members, members)) problems.push(`${s.id}: ${seen.s.surface} opens ${show(seen.members)}, ${s.surface} opens ${show(members)}`);
    }
  }
  return { pairs: shown.length, figures: first.size, problems };
}
