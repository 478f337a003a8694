import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { RESOLVER_KEYS } from '../../src/contract';

const root = path.resolve(__dirname, '../..');
const manifestPath = path.join(root, 'manifest.yml');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('manifest.yml', () => {
  it('passes the validators shipped in @forge/manifest (schema, handlers, resources)', async () => {
    // Both Custom UI resources are built by `npm test` before jest (the validators check their paths).
    expect(existsSync(path.join(root, 'static/build/index.html'))).toBe(true);
    expect(existsSync(path.join(root, 'static/build-panel/index.html'))).toBe(true);
    const { validate } = require('@forge/manifest');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const result = await validate(false, 'manifest.yml');
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('gives the issue panel its own resource, and every other Custom UI module the main one', () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8'));
    const resources = Object.fromEntries((manifest.resources as { key: string; path: string }[]).map((r) => [r.key, r.path]));
    expect(resources).toMatchObject({ main: 'static/build', panel: 'static/build-panel' });
    const uses = Object.entries(manifest.modules as Record<string, { key: string; resource?: string }[]>).flatMap(([type, ms]) => ms.filter((m) => m.resource).map((m) => `${type} ${m.key} → ${m.resource}`));
    expect(uses).toContain('jira:issuePanel refinery-issue-panel → panel');
    expect(uses.filter((u) => u.endsWith('→ panel'))).toEqual(['jira:issuePanel refinery-issue-panel → panel']);
    // The panel's built HTML is its own entry: it names no asset of the main resource's.
    const panelHtml = readFileSync(path.join(root, 'static/build-panel/index.html'), 'utf8');
    const assets = [...panelHtml.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(existsSync(path.join(root, 'static/build-panel/assets', a))).toBe(true);
  });

  it('does not use the retired UI Kit 1 (@forge/ui) anywhere', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect({ ...pkg.dependencies, ...pkg.devDependencies }['@forge/ui']).toBeUndefined();
    const offenders = [...filesUnder(path.join(root, 'src')), ...filesUnder(path.join(root, 'static/src'))].filter((f) => readFileSync(f, 'utf8').includes("'@forge/ui'"));
    expect(offenders).toEqual([]);
  });

  it('declares only the scopes the README justifies', () => {
    const manifest = parse(readFileSync(manifestPath, 'utf8'));
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const scope of manifest.permissions.scopes as string[]) expect(readme).toContain(`\`${scope}\``);
  });
});

describe('contract between UI, resolvers and manifest', () => {
  const manifest = parse(readFileSync(manifestPath, 'utf8'));

  it('has a resolver definition for every invoke() key the UI uses, and the UI uses every definition', () => {
    const uiSource = filesUnder(path.join(root, 'static/src'))
      .filter((f) => /\.(ts|tsx)$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const used = new Set([...uiSource.matchAll(/invoke(?:<[^>]*>)?\(\s*'([A-Za-z]+)'/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(0);
    for (const key of used) expect(RESOLVER_KEYS).toContain(key);
    for (const key of RESOLVER_KEYS) expect([...used]).toContain(key);
  });

  it('points every manifest function at a handler that src/index.ts exports', () => {
    const index = readFileSync(path.join(root, 'src/index.ts'), 'utf8');
    for (const fn of manifest.modules.function as { key: string; handler: string }[]) {
      const [file, exported] = fn.handler.split('.');
      expect(file).toBe('index');
      expect(index).toMatch(new RegExp(`export (?:const |function |\\{[^}]*\\b)${exported}\\b`));
    }
  });

  it('routes every Custom UI module key in the bundle', () => {
    const uiSource = filesUnder(path.join(root, 'static/src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const keys = ['jira:issuePanel', 'jira:projectPage', 'jira:adminPage'].flatMap((m) => (manifest.modules[m] ?? []).map((x: { key: string }) => x.key));
    for (const key of keys) expect(uiSource).toContain(`'${key}'`);
  });
});
