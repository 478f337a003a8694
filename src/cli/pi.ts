import { computePiPlan, featureReadiness, type PiComputation } from '../app/piPlanning';
import { AppFailure } from '../app/failure';
import type { Alignment } from '../domain/piPlanning';
import { JiraError } from '../jira/errors';
import { cliContext } from './connection';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,9}$/;
const share = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
const alignmentJson = (a: Alignment) => ({ inPiScope: share(a.inPiScope.value), topWsjf: share(a.topWsjf.value), orphan: share(a.orphan.value) });

/**
 * The stable `refinery pi --json` document (README "refinery pi"): the same plan as the PI planning
 * tab (src/app/piPlanning.ts → src/domain/piPlanning), keys in contract order.
 */
export function piJson(c: PiComputation, now: Date) {
  const { plan } = c;
  return {
    pi: plan.pi,
    iterations: plan.iterations.map((it) => ({ team: it.team, sprint: it.sprint.name, sprintId: it.sprint.id, start: it.sprint.startDate, end: it.sprint.endDate })),
    teams: plan.teams.map((t) => ({
      team: t.team,
      iterations: t.cells
        .filter((x) => x.sprint !== null)
        .map((x) => ({ sprint: x.sprint!.name, sprintId: x.sprint!.id, capacity: x.capacity!.value, load: x.load.numerator, unestimated: x.unestimated.numerator, overCommitted: x.overCommitted })),
      alignment: alignmentJson(t.alignment),
    })),
    train: { capacity: plan.train.capacity, load: plan.train.load.numerator, alignment: alignmentJson(plan.train.alignment) },
    topFeatures: plan.topFeatures.map((f) => ({ key: f.key, wsjf: f.wsjf, teams: f.teams.map((t) => ({ team: t.team, points: t.points.numerator })) })),
    dependencies: plan.dependencies.map((d) => ({ from: d.from.issue.key, to: d.to.issue.key, fromSprint: d.from.at.sprint?.name ?? null, toSprint: d.to.at.sprint?.name ?? null, risk: d.risk })),
    features: featureReadiness(c, now).map((r) => ({ key: r.feature.key, ready: r.ready, findings: r.findings.map((f) => ({ rule: f.rule, message: f.message, hint: f.hint, evidence: f.evidence })) })),
  };
}

function humanReport(project: string, out: ReturnType<typeof piJson>, c: PiComputation): string {
  const lines = [`PI planning of ${project}: ${out.pi ?? 'no PI'}`, ''];
  for (const t of out.teams) {
    lines.push(`  ${t.team}`);
    for (const it of t.iterations) lines.push(`    ${it.sprint.padEnd(24)} capacity ${String(it.capacity ?? '—').padStart(5)}  load ${String(it.load).padStart(5)}  unestimated ${it.unestimated}${it.overCommitted ? '  OVER-COMMITTED' : ''}`);
  }
  lines.push('', `  train: capacity ${out.train.capacity ?? '—'}, load ${out.train.load}`);
  for (const f of c.plan.findings) lines.push(`  ! ${f}`);
  for (const d of c.plan.dependencies.filter((x) => x.risk !== 'ok')) lines.push(`  ${d.risk.padEnd(9)} ${d.sentence}`);
  for (const n of c.plan.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `refinery pi --project KEY --pi NAME --json [connection]`. Exit codes as `health`: 0 done, 2 usage
 * (bad arguments, unknown project or PI), 1 Jira or other failure.
 */
export async function runPiCli(values: Record<string, string | boolean | undefined>, stdout: { write(s: string): unknown }, stderr: { write(s: string): unknown }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const project = typeof values.project === 'string' ? values.project.trim().toUpperCase() : '';
  if (!PROJECT_KEY.test(project)) {
    stderr.write('refinery pi: --project KEY is required (a Jira project key such as ART).\n');
    return 2;
  }
  const pi = typeof values.pi === 'string' ? values.pi.trim() : undefined;
  if (pi !== undefined && !/^\S{1,80}$/.test(pi)) {
    stderr.write('refinery pi: --pi NAME must be a PI label such as PI-2027.1.\n');
    return 2;
  }
  const cli = cliContext('pi', values, stderr, env);
  if (!cli) return 2;
  const { ctx, now } = cli;
  try {
    const c = await computePiPlan(ctx, project, pi);
    const out = piJson(c, now);
    stdout.write(values.json ? `${JSON.stringify(out)}\n` : humanReport(project, out, c));
    return 0;
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'NOT_FOUND') {
      stderr.write(`refinery pi: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof JiraError ? e.message : (e as Error).message;
    stderr.write(`refinery pi: ${msg}\n`);
    return 1;
  }
}
