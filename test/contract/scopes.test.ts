import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { findOperation, manifestScopes, scopeCheck, scopeGroups, specOperations, SCOPE_MISMATCH_BODY } from '../../dev/emulator/scopes';
import { startEmulator } from '../../dev/emulator/server';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';

const root = path.resolve(__dirname, '../..');
const NOW = new Date('2026-11-20T10:00:00Z');

/** A copy of manifest.yml without `scope`, as an app that forgot to declare it. */
function manifestWithout(scope: string): string {
  const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8'));
  manifest.permissions.scopes = (manifest.permissions.scopes as string[]).filter((s) => s !== scope);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'refinery-scopes-')), 'manifest.yml');
  writeFileSync(file, stringify(manifest));
  return file;
}

describe('scopes: manifest.yml against the per-operation scopes of Atlassian\'s specs', () => {
  const held = manifestScopes();

  it('grants every operation the app calls', () => {
    const ops = specOperations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const refused = ops.filter((op) => !scopeCheck(op, held).ok).map((op) => `${op.method} ${op.template} needs one of ${JSON.stringify(scopeGroups(op))}`);
    expect(refused).toEqual([]);
  });

  it('declares no scope that no operation needs (least privilege; storage:app is for Forge storage, not REST)', () => {
    const used = new Set(specOperations().flatMap((op) => {
      const v = scopeCheck(op, held);
      return v.ok ? v.group : [];
    }));
    expect(held.filter((s) => !used.has(s))).toEqual(['storage:app']);
  });

  it('ranks with write:issue:jira-software, the scope Jira Software\'s spec gives for PUT /rest/agile/1.0/issue/rank', () => {
    const rank = findOperation('PUT', '/rest/agile/1.0/issue/rank');
    expect(rank && scopeGroups(rank)).toEqual([['write:issue:jira-software']]);
    expect(held).toContain('write:issue:jira-software');
    expect(held).not.toContain('write:board-scope:jira-software');
  });

  it('justifies each scope in the README next to an operation that needs it', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const scope of held) {
      const row = rows.find((l) => l.split('|')[1].includes(`\`${scope}\``));
      expect({ scope, row }).toEqual({ scope, row: expect.stringMatching(/\|[^|]*(\/rest\/|\/issue|\/search|\/field|\/myself|@forge\/kvs)[^|]*\|$/) });
    }
  });
});

describe('the emulator enforces the declared scopes', () => {
  const call = (url: string, method: string, p: string, headers: Record<string, string>, body?: unknown) =>
    fetch(url + p, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('answers Jira\'s 401 when the manifest lacks the operation\'s scope, and the same request passes with it', async () => {
    const data = generateDemoTrain({ now: NOW });
    const feature = data.issues.find((i) => i.fields.project.key === DEMO.projectKey)!;
    const rank = { issues: [feature.key], rankAfterIssue: feature.key };
    const without = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW, manifestPath: manifestWithout('write:issue:jira-software') });
    const withAll = await startEmulator(data, { now: () => NOW });
    try {
      const refused = await call(without.url, 'PUT', '/rest/agile/1.0/issue/rank', { 'X-Refinery-As-User': DEMO.users.popm }, rank);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual(SCOPE_MISMATCH_BODY);
      // Refused before the endpoint ran: the rank field is unchanged.
      expect(without.emulator.requests.at(-1)).toMatchObject({ path: '/rest/agile/1.0/issue/rank', status: 401 });
      // Other operations keep working.
      expect((await call(without.url, 'GET', '/rest/api/3/myself', { 'X-Refinery-As-User': DEMO.users.popm })).status).toBe(200);

      const allowed = await call(withAll.url, 'PUT', '/rest/agile/1.0/issue/rank', { 'X-Refinery-As-User': DEMO.users.popm }, rank);
      expect(allowed.status).not.toBe(401);
    } finally {
      await without.close();
      await withAll.close();
    }
  });

  it('refuses the board list without read:project:jira (the Agile spec requires it with read:board-scope:jira-software)', async () => {
    const em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW, manifestPath: manifestWithout('read:project:jira') });
    try {
      const r = await call(em.url, 'GET', `/rest/agile/1.0/board?projectKeyOrId=${DEMO.projectKey}`, { 'X-Refinery-As-App': '1' });
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual(SCOPE_MISMATCH_BODY);
    } finally {
      await em.close();
    }
  });
});
