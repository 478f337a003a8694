import path from 'node:path';
import { existsSync } from 'node:fs';
import { exitCodeOf, runSiteCheck, type ScopeFacts } from '../app/siteCheck';
import type { SiteCheckView } from '../contract';
import { manifestScopes, scopeGroups, specOperations } from '../../dev/emulator/scopes';
import { cliContext } from './connection';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,9}$/;
const DEFAULT_MANIFEST = path.resolve(__dirname, '../../manifest.yml');

/**
 * The app's scopes as the CLI can know them: manifest.yml's `permissions.scopes`, against the scopes
 * Atlassian's OpenAPI specs give each operation Refinery sends (the trimmed specs in
 * test/fixtures/openapi list exactly those operations).
 */
export function manifestScopeFacts(manifestPath: string): ScopeFacts {
  return {
    declared: manifestScopes(manifestPath),
    required: specOperations().map((op) => ({ operation: `${op.method} ${op.template}`, alternatives: scopeGroups(op) })),
  };
}

/** The stable `--json` shape: exactly `{"checks":[{"id","ok","message","fix"?}]}`, keys in that order. */
export function doctorJson(checks: readonly SiteCheckView[]): string {
  return JSON.stringify({ checks: checks.map((c) => ({ id: c.id, ok: c.ok, message: c.message, ...(c.fix !== undefined ? { fix: c.fix } : {}) })) });
}

function humanReport(checks: readonly SiteCheckView[], where: string): string {
  const lines = [`Refinery site check of ${where}`, ''];
  for (const c of checks) {
    lines.push(`${c.ok ? '  ok  ' : '  FAIL'}  ${c.message}`);
    if (c.fix) lines.push(`        Fix: ${c.fix}`);
  }
  const failing = checks.filter((c) => !c.ok).length;
  lines.push('', failing ? `${failing} of ${checks.length} checks found something that will not work.` : `All ${checks.length} checks passed: everything Refinery needs works.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `refinery doctor (--site URL --email E --token T | --emulator URL [--as ID]) [--project KEY]
 * [--manifest PATH] [--json]`: what Refinery found on the site and what will not work. Exit 0 when
 * every check passes, 1 when one fails, 2 for bad arguments.
 */
export async function runDoctorCli(values: Record<string, string | boolean | undefined>, stdout: { write(s: string): unknown }, stderr: { write(s: string): unknown }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const project = typeof values.project === 'string' ? values.project.trim().toUpperCase() : null;
  if (project !== null && !PROJECT_KEY.test(project)) {
    stderr.write('refinery doctor: --project must be a Jira project key such as ART.\n');
    return 2;
  }
  const manifestPath = typeof values.manifest === 'string' ? path.resolve(values.manifest) : DEFAULT_MANIFEST;
  if (!existsSync(manifestPath)) {
    stderr.write(`refinery doctor: no manifest at ${manifestPath} (give the app's manifest.yml with --manifest PATH).\n`);
    return 2;
  }
  const cli = cliContext('doctor', values, stderr, env);
  if (!cli) return 2;
  const { conn, ctx } = cli;
  let scopes: ScopeFacts;
  try {
    scopes = manifestScopeFacts(manifestPath);
  } catch (e) {
    stderr.write(`refinery doctor: could not read ${manifestPath}: ${(e as Error).message}\n`);
    return 2;
  }
  const { checks } = await runSiteCheck(ctx, project, scopes);
  stdout.write(values.json ? `${doctorJson(checks)}\n` : humanReport(checks, project ? `${conn.siteUrl}, train of ${project}` : conn.siteUrl));
  return exitCodeOf(checks);
}
