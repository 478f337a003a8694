/**
 * Trims Atlassian's published OpenAPI documents to the operations Refinery calls, with every schema
 * they reference, into test/fixtures/openapi/ (see the README there for sources). Not needed by CI:
 * the trimmed files are committed; run this only to refresh them from newer copies.
 *
 *   npx tsx scripts/trim-openapi.ts <platform swagger-v3.v3.json> <software swagger.v3.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { openapi: string; info: Json; servers?: Json; paths: Record<string, Record<string, Json>>; components: Record<string, Record<string, Json>> };

/** Every operation JiraClient sends; the contract test fails on a request outside this list. */
export const USED_OPERATIONS = {
  platform: [
    'GET /rest/api/3/myself',
    'GET /rest/api/3/field',
    'GET /rest/api/3/issuetype',
    'GET /rest/api/3/project/{projectIdOrKey}',
    'GET /rest/api/3/issue/{issueIdOrKey}',
    'PUT /rest/api/3/issue/{issueIdOrKey}',
    'POST /rest/api/3/issue',
    'POST /rest/api/3/search/jql',
    'POST /rest/api/3/search/approximate-count',
    'POST /rest/api/3/changelog/bulkfetch',
    'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    'POST /rest/api/3/issue/properties/multi',
    'GET /rest/api/3/task/{taskId}',
    'POST /rest/api/3/issueLink',
    'GET /rest/api/3/mypermissions',
  ],
  software: ['GET /rest/agile/1.0/board', 'GET /rest/agile/1.0/board/{boardId}/sprint', 'GET /rest/agile/1.0/sprint/{sprintId}', 'PUT /rest/agile/1.0/issue/rank'],
};

/** Prose is dropped to keep the fixture small; schemas, parameters, scopes and (Agile) examples stay. */
function strip(node: Json, keepExamples: boolean, inProperties = false): Json {
  if (Array.isArray(node)) return node.map((n) => strip(n, keepExamples));
  if (!node || typeof node !== 'object') return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inProperties && k === 'description' && typeof v === 'string') continue;
    if (!inProperties && !keepExamples && (k === 'example' || k === 'examples')) continue;
    out[k] = strip(v, keepExamples, !inProperties && k === 'properties');
  }
  return out;
}

function refsIn(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => refsIn(n, into));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') into.add(v);
    else refsIn(v, into);
  }
}

function trim(doc: Doc, ops: string[], keepExamples: boolean): Doc {
  const paths: Doc['paths'] = {};
  for (const op of ops) {
    const [method, path] = op.split(' ');
    const item = doc.paths[path];
    const operation = item?.[method.toLowerCase()];
    if (!operation) throw new Error(`${op} is not in the published spec`);
    paths[path] ??= item.parameters ? { parameters: item.parameters } : {};
    paths[path][method.toLowerCase()] = strip(operation, keepExamples);
  }
  // Schemas reachable from the kept operations, transitively.
  const seen = new Set<string>();
  const queue = new Set<string>();
  refsIn(paths as Json, queue);
  const components: Doc['components'] = { securitySchemes: doc.components.securitySchemes ?? {} };
  while (queue.size) {
    const [ref] = queue;
    queue.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, , kind, name] = ref.split('/');
    const target = doc.components[kind]?.[name];
    if (target === undefined) throw new Error(`dangling ${ref}`);
    (components[kind] ??= {})[name] = strip(target, keepExamples);
    const more = new Set<string>();
    refsIn(target, more);
    for (const r of more) if (!seen.has(r)) queue.add(r);
  }
  return { openapi: doc.openapi, info: doc.info, servers: doc.servers, paths, components };
}

if (require.main === module) {
  const [platformFile, softwareFile] = process.argv.slice(2);
  if (!platformFile || !softwareFile) throw new Error('usage: tsx scripts/trim-openapi.ts <platform.json> <software.json>');
  const out = join(__dirname, '..', 'test', 'fixtures', 'openapi');
  const platform = trim(JSON.parse(readFileSync(platformFile, 'utf8')) as Doc, USED_OPERATIONS.platform, false);
  const software = trim(JSON.parse(readFileSync(softwareFile, 'utf8')) as Doc, USED_OPERATIONS.software, true);
  writeFileSync(join(out, 'jira-platform-v3.json'), `${JSON.stringify(platform, null, 1)}\n`);
  writeFileSync(join(out, 'jira-software-1.0.json'), `${JSON.stringify(software, null, 1)}\n`);
  console.log(`platform: ${Object.keys(platform.paths).length} paths, ${Object.keys(platform.components.schemas ?? {}).length} schemas; software: ${Object.keys(software.paths).length} paths`);
}
