import { parseArgs } from 'node:util';
import { runQualityCli } from './quality';
import { runWsjfCliWithOptions } from './wsjf';
import { runHealthCli } from './health';
import { runDoctorCli } from './doctor';
import { runPiCli } from './pi';

export const HELP = `refinery — SAFe backlog health, story quality and WSJF for Jira Cloud

Usage:
  refinery quality --json < stories.jsonl
      One JSON object per input line {"id","summary","description"?,"acceptanceCriteria"?,"storyPoints"?}
      → one result per line {"id","ready","hasAcceptanceCriteria","wellFormed","atomic","hasBenefit","score","findings"}.
  refinery wsjf --json < items.jsonl
      Lines {"key","businessValue","timeCriticality","riskReduction","jobSize"} → one JSON object with the
      items in WSJF order and the delay cost of the input order and of the WSJF order. An optional
      "statusCategory":"done" lists an item apart, never ranked. --incomplete-scores exclude|rank-last
      (default exclude): leave off-scale items out of the ranking, or rank them after the others.
  refinery health --project KEY (--json | --csv) [connection]
      Backlog health of a project: train and team metrics, per-sprint table, JQL behind each number.
  refinery health --project KEY --pi NAME (--json | --md) [connection]
      Inspect & Adapt summary of one PI (e.g. PI-2026.4): acceptance, rework, quality, improvement
      completion, per team, with the JQL behind each number; --md prints it as Markdown.
  refinery pi --project KEY [--pi NAME] [--json] [connection]
      PI planning of one PI (default: the next one): iterations, capacity and load per team and
      iteration, alignment to the train's priorities, top WSJF features, dependency risk, feature
      readiness. JSON contract in the README ("refinery pi"). Exit codes as health.
  refinery doctor [--project KEY] [--json] [--manifest PATH] [connection]
      Site check: the fields, boards, edit screens, permissions, scopes and hierarchy Refinery finds,
      and what will not work, each with its fix. Exit 0 when everything needed works, 1 otherwise;
      --json prints {"checks":[{"id","ok","message","fix"?}]}.

Connection (health, pi, doctor):
  --emulator URL [--as ACCOUNT_ID]      the local Jira emulator (npm start), as a demo user or as the app
  --site URL --email EMAIL --token TOKEN a Jira Cloud site with an Atlassian API token
                                         (or REFINERY_SITE, REFINERY_EMAIL, REFINERY_API_TOKEN)

Options:
  --now TIME   health, pi, doctor: compute as of this ISO 8601 time (e.g. 2026-11-20T10:00:00Z) instead
               of the clock: which sprint is current, which PI is next, what counts as stale
  -h, --help   this text
`;

export async function main(argv: string[], io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(HELP);
    return command ? 0 : 1;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        project: { type: 'string' },
        pi: { type: 'string' },
        md: { type: 'boolean' },
        'incomplete-scores': { type: 'string' },
        emulator: { type: 'string' },
        as: { type: 'string' },
        site: { type: 'string' },
        email: { type: 'string' },
        token: { type: 'string' },
        manifest: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`refinery: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  switch (command) {
    case 'quality':
      return runQualityCli(rest, io);
    case 'wsjf':
      return runWsjfCliWithOptions(values, io);
    case 'health':
      return runHealthCli(values, io.stdout, io.stderr);
    case 'pi':
      return runPiCli(values, io.stdout, io.stderr);
    case 'doctor':
      return runDoctorCli(values, io.stdout, io.stderr);
    default:
      io.stderr.write(`refinery: unknown command '${command}'.\n\n${HELP}`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`refinery: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
