import { isValid, parseISO } from 'date-fns';
import { JiraClient } from '../jira/client';
import { basicAuthHeader, fetchTransport } from '../jira/transport';
import { MemoryStore } from '../storage/memoryStore';

export interface ConnectionArgs {
  site?: string;
  email?: string;
  token?: string;
  emulator?: string;
  as?: string;
}

/**
 * The connection shared by every subcommand: a real site with an API token (Basic auth, as
 * Atlassian documents for scripts), or the local emulator as a demo user (`--as`) or as the app.
 */
export function connect(args: ConnectionArgs, env: NodeJS.ProcessEnv = process.env): { jira: JiraClient; siteUrl: string } {
  const site = args.site ?? env.REFINERY_SITE;
  if (args.emulator) {
    const headers: Record<string, string> = args.as ? { 'X-Refinery-As-User': args.as } : { 'X-Refinery-As-App': '1' };
    return { jira: new JiraClient(fetchTransport({ baseUrl: args.emulator, headers })), siteUrl: args.emulator.replace(/\/+$/, '') };
  }
  if (site) {
    const email = args.email ?? env.REFINERY_EMAIL;
    const token = args.token ?? env.REFINERY_API_TOKEN;
    if (!email || !token) throw new Error('--site needs --email and --token (or REFINERY_EMAIL and REFINERY_API_TOKEN).');
    if (!/^https:\/\//.test(site)) throw new Error('--site must be an https:// URL such as https://your-site.atlassian.net');
    return { jira: new JiraClient(fetchTransport({ baseUrl: site, headers: basicAuthHeader(email, token) })), siteUrl: site.replace(/\/+$/, '') };
  }
  throw new Error('Say where Jira is: --emulator http://127.0.0.1:3000, or --site https://your-site.atlassian.net --email you@example.com --token <API token>.');
}

/**
 * The connection and the app context a Jira-reading CLI command runs in (a fresh in-memory store, no
 * person, one clock reading: now, or `--now`), or null after writing the command's one-line reason for a bad
 * connection option to stderr (the caller exits 2).
 */
export function cliContext(command: string, values: Record<string, string | boolean | undefined>, stderr: { write(s: string): unknown }, env: NodeJS.ProcessEnv = process.env) {
  let conn;
  try {
    conn = connect(values as ConnectionArgs, env);
  } catch (e) {
    stderr.write(`refinery ${command}: ${(e as Error).message}\n`);
    return null;
  }
  let now = new Date();
  if (typeof values.now === 'string') {
    // ISO 8601 with a time zone (what every JSON contract of the CLI prints); date-fns parses it strictly.
    const at = /(?:Z|[+-]\d{2}:?\d{2})$/.test(values.now) ? parseISO(values.now) : new Date(NaN);
    if (!isValid(at)) {
      stderr.write(`refinery ${command}: --now must be an ISO 8601 time with a time zone, e.g. 2026-11-20T10:00:00Z (got "${values.now}").\n`);
      return null;
    }
    now = at;
  }
  return { conn, now, ctx: { jira: conn.jira, store: new MemoryStore(), siteUrl: conn.siteUrl, accountId: null, now: () => now } };
}
