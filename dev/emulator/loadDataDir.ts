/**
 * The emulator's data directory (a stable contract; README "Emulator data directory"): one JSON
 * file per collection, each an array in Jira Cloud's own REST shape.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_FILES, type DataSet } from './dataset';

const REQUIRED = ['fields', 'issuetypes', 'projects', 'users', 'boards', 'sprints', 'issues'] as const;

export class DataDirError extends Error {}

export function loadDataDir(dir: string): DataSet {
  if (!existsSync(dir)) throw new DataDirError(`Data directory ${dir} does not exist.`);
  const out: Partial<Record<(typeof DATA_FILES)[number], unknown>> = {};
  for (const name of DATA_FILES) {
    const file = path.join(dir, `${name}.json`);
    if (!existsSync(file)) {
      if ((REQUIRED as readonly string[]).includes(name)) throw new DataDirError(`${file} is missing: a data directory needs ${REQUIRED.map((r) => `${r}.json`).join(', ')}.`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new DataDirError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new DataDirError(`${file} must hold a JSON array (it holds ${parsed === null ? 'null' : typeof parsed}).`);
    out[name] = parsed;
  }
  const data = out as unknown as DataSet;
  data.issues.forEach((issue, n) => {
    if (!issue || typeof issue.key !== 'string' || typeof issue.id !== 'string' || !issue.fields?.project?.key || !issue.fields.issuetype || !issue.fields.status?.statusCategory)
      throw new DataDirError(`issues.json entry ${n} is not a Jira issue: it needs id, key and fields.project, fields.issuetype, fields.status.statusCategory.`);
  });
  data.users.forEach((u, n) => {
    if (!u || typeof u.accountId !== 'string' || typeof u.displayName !== 'string') throw new DataDirError(`users.json entry ${n} needs accountId and displayName.`);
    u.globalPermissions ??= [];
    u.projectPermissions ??= {};
  });
  return data;
}

export function writeDataDir(dir: string, data: DataSet): void {
  mkdirSync(dir, { recursive: true });
  for (const name of DATA_FILES) {
    const value = data[name];
    if (value === undefined) continue;
    writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  }
}
