import { HEALTH_METRIC_IDS, type HealthMetricId, type Metrics } from '../domain/health';
import { currentSettings } from '../app/siteMetadata';
import { trainHealth } from '../app/trainHealth';
import { inspectAndAdaptExport } from '../app/improvement';
import type { Figure, TrainHealth } from '../domain/health';
import { figureIdentity, keyListJql } from '../app/figureViews';
import { JiraError } from '../jira/errors';
import { cliContext } from './connection';

/** The metrics of the stable `refinery health --json` contract, in contract order. */
export const HEALTH_CLI_METRICS = ['readinessRate', 'readyCoverageIterations', 'acceptanceRateLastSprint', 'reworkRatio', 'qualityPassRate', 'dependenciesAtRisk'] as const satisfies readonly HealthMetricId[];

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,9}$/;

const round = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
const pick = (m: Metrics) => Object.fromEntries(HEALTH_CLI_METRICS.map((k) => [k, round(m[k])]));

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

/**
 * One entry of `figures`: a number the project page shows, with the key-list JQL its link opens
 * (`jql`: the numerator's members; `denominatorJql`: a rate's denominator). README "CLI" documents it.
 */
export function figureEntry(f: Figure) {
  return {
    ...figureIdentity(f),
    kind: f.kind,
    value: round(f.value),
    numerator: f.numerator,
    denominator: f.denominator,
    unit: f.unit,
    jql: keyListJql(f.members),
    ...(f.denominatorMembers ? { denominatorJql: keyListJql(f.denominatorMembers) } : {}),
  };
}

/**
 * The `refinery health --json` document of a computed train health; the Forge action "Train
 * health" (src/app/actions) returns the same document.
 */
export function healthJson(health: TrainHealth) {
  const figures = health.figures.map(figureEntry);
  // Legacy map: each train metric's numerator members (the card's link), null when it counts none.
  const jql = Object.fromEntries(HEALTH_METRIC_IDS.map((id) => [id, figures.find((f) => f.metric === id && f.scope === 'train')?.jql ?? null]));
  const sprints = health.sprints.map((s) => ({ team: s.team, sprint: s.sprint, committed: s.committed, added: s.added, accepted: s.accepted, acceptanceRate: round(s.acceptanceRate), reopened: s.reopened }));
  return { asOf: health.asOf, train: pick(health.train), teams: health.teams.map((t) => ({ team: t.team, ...pick(t.metrics) })), sprints, jql, figures };
}

/**
 * `refinery health --project KEY (--json | --csv)` with `--emulator URL [--as ID]` or site
 * credentials. JSON: {"asOf","train":{…},"teams":[{"team",…}],"sprints":[…],"jql":{metric: jql},"figures":[…]}.
 */
export async function runHealthCli(values: Record<string, string | boolean | undefined>, stdout: { write(s: string): unknown }, stderr: { write(s: string): unknown }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const project = typeof values.project === 'string' ? values.project.trim().toUpperCase() : '';
  if (!PROJECT_KEY.test(project)) {
    stderr.write('refinery health: --project KEY is required (a Jira project key such as ART).\n');
    return 2;
  }
  const cli = cliContext('health', values, stderr, env);
  if (!cli) return 2;
  const { conn, ctx, now } = cli;
  try {
    const { settings, meta } = await currentSettings(ctx);
    await conn.jira.project(project);
    const { health, train } = await trainHealth(conn.jira, ctx.store, settings, meta, project, now);
    if (typeof values.pi === 'string') {
      // Inspect & Adapt export for one PI (src/app/improvement.ts): --json or --md (Markdown).
      const ia = inspectAndAdaptExport(conn.siteUrl, project, train, health, settings, now, values.pi);
      if ('error' in ia) {
        stderr.write(`refinery health: ${ia.error}\n`);
        return 2;
      }
      stdout.write(values.md ? ia.markdown : `${JSON.stringify(ia.json)}\n`);
      return 0;
    }
    const out = healthJson(health);
    const sprints = out.sprints;
    if (values.csv) {
      const header = ['team', 'sprint', 'committed', 'added', 'accepted', 'acceptanceRate', 'reopened'];
      stdout.write(`${header.join(',')}\n${sprints.map((s) => header.map((h) => csvCell(s[h as keyof typeof s])).join(',')).join('\n')}${sprints.length ? '\n' : ''}`);
      return 0;
    }
    stdout.write(values.json ? `${JSON.stringify(out)}\n` : humanReport(project, out));
    return 0;
  } catch (e) {
    const msg = e instanceof JiraError ? e.message : (e as Error).message;
    stderr.write(`refinery health: ${msg}\n`);
    return 1;
  }
}

function humanReport(project: string, out: { asOf: string; train: Record<string, number | null>; teams: ({ team: string } & Record<string, unknown>)[] }): string {
  const fmt = (k: string, v: number | null) => (v === null ? '—' : k === 'readyCoverageIterations' ? `${v.toFixed(1)} it.` : k === 'dependenciesAtRisk' ? String(v) : `${Math.round(v * 100)}%`);
  const lines = [`Backlog health of ${project} as of ${out.asOf}`, ''];
  for (const k of HEALTH_CLI_METRICS) lines.push(`  ${k.padEnd(26)} ${fmt(k, out.train[k])}`);
  lines.push('', `  ${'team'.padEnd(12)} ${HEALTH_CLI_METRICS.map((k) => k.slice(0, 10).padStart(11)).join('')}`);
  for (const t of out.teams) lines.push(`  ${t.team.padEnd(12)} ${HEALTH_CLI_METRICS.map((k) => fmt(k, t[k] as number | null).padStart(11)).join('')}`);
  return `${lines.join('\n')}\n`;
}
