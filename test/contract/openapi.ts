import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { findOperation, openApiSpecs, type SpecOperation } from '../../dev/emulator/scopes';

/**
 * Checks one request or response against Atlassian's OpenAPI documents (trimmed copies in
 * test/fixtures/openapi). Each finding is a sentence naming the operation, so a drift reads as
 * what is wrong, not as an ajv error dump.
 */

type Parameter = { in: string; name: string; required?: boolean; schema?: { type?: string; enum?: unknown[]; items?: { type?: string; enum?: unknown[] } } };
type MediaType = { schema?: unknown; example?: unknown };
type Operation = SpecOperation['operation'] & { parameters?: Parameter[]; requestBody?: { required?: boolean; content?: Record<string, MediaType> }; responses?: Record<string, { content?: Record<string, MediaType> }> };

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// OpenAPI's numeric formats: JSON numbers are checked by `type: integer` already.
for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, { type: 'number', validate: () => true });

/**
 * Where the published documents are wrong about Jira itself, each corrected narrowly here (and
 * listed in test/fixtures/openapi/README.md), so the rest of each schema stays as strict as published.
 */
function withKnownGaps(): ReturnType<typeof openApiSpecs> {
  const specs = structuredClone(openApiSpecs());
  const schemas = specs.platform.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>;
  // `JsonNode` is Jackson's Java class rendered as a bean (`array`, `binary`, `valueAsText`, …);
  // the operations taking it document "any valid, non-empty JSON" (an entity property value).
  schemas.JsonNode = {};
  // Jira sends `null` for the empty side of a change (a first Sprint, a cleared field); the
  // published ChangeDetails omits `nullable`.
  for (const k of ['from', 'fromString', 'to', 'toString']) schemas.ChangeDetails.properties![k].nullable = true;
  return specs;
}
const specs = withKnownGaps();
ajv.addSchema(specs.platform, 'platform');
ajv.addSchema(specs.software, 'software');

/** Keys the emulator sends that the Agile examples lack; the app never reads them. */
const UNDOCUMENTED_AGILE_KEYS = new Set(['createdDate']);

const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const compiled = new Map<string, ValidateFunction>();
function validatorAt(spec: string, parts: string[]): ValidateFunction {
  const ref = `${spec}#/${pointer(parts)}`;
  let v = compiled.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

const errorsOf = (v: ValidateFunction) => (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`).join('; ');

export interface WireRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
}

function parametersOf(op: SpecOperation): Parameter[] {
  return [...(op.pathParameters as Parameter[]), ...(((op.operation as Operation).parameters ?? []) as Parameter[])];
}

function scalarOk(value: string, type: string | undefined, allowed: unknown[] | undefined): boolean {
  if (allowed && !allowed.includes(value)) return false;
  if (type === 'integer') return /^-?\d+$/.test(value);
  if (type === 'boolean') return value === 'true' || value === 'false';
  return true;
}

export function requestFindings(req: WireRequest): string[] {
  const op = findOperation(req.method, req.path);
  if (!op) return [`${req.method} ${req.path}: no such operation in Atlassian's published specs`];
  const name = `${op.method} ${op.template}`;
  const out: string[] = [];
  const params = parametersOf(op);
  const query = params.filter((p) => p.in === 'query');
  for (const [key, raw] of Object.entries(req.query)) {
    const p = query.find((q) => q.name === key);
    if (!p) {
      out.push(`${name}: query parameter '${key}' is not declared`);
      continue;
    }
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    const isArray = p.schema?.type === 'array';
    const items = isArray ? values.flatMap((v) => v.split(',')) : values;
    const type = isArray ? p.schema?.items?.type : p.schema?.type;
    const allowed = isArray ? p.schema?.items?.enum : p.schema?.enum;
    if (!isArray && values.length > 1) out.push(`${name}: query parameter '${key}' is given ${values.length} times`);
    for (const v of items) if (!scalarOk(v, type, allowed)) out.push(`${name}: query parameter '${key}' = '${v}' is not a valid ${allowed ? `one of ${allowed.join(', ')}` : type}`);
  }
  for (const p of query.filter((q) => q.required)) if (!(p.name in req.query)) out.push(`${name}: required query parameter '${p.name}' is missing`);
  const body = (op.operation as Operation).requestBody;
  const hasBody = req.body !== undefined && !(typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) && Object.keys(req.body).length === 0 && req.method === 'GET');
  if (!body) {
    if (hasBody && req.method !== 'GET') out.push(`${name}: sends a body the operation does not take`);
  } else if (body.content?.['application/json']?.schema) {
    if (!hasBody && body.required) out.push(`${name}: the required JSON body is missing`);
    else if (hasBody) {
      const v = validatorAt(op.spec, ['paths', op.template, op.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema']);
      if (!v(req.body)) out.push(`${name}: request body off the schema: ${errorsOf(v)}`);
    }
  }
  return out;
}

/**
 * The Jira Software document gives response examples but no schemas; an Agile response is held to
 * the example's shape: no keys the example lacks, and each key's JSON type as in the example.
 */
function shapeFindings(value: unknown, example: unknown, at: string): string[] {
  const kind = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);
  if (example === undefined) return [];
  if (kind(value) !== kind(example)) return value === null ? [] : [`${at || '(root)'} is ${kind(value)}, the documented example has ${kind(example)}`];
  if (Array.isArray(value)) {
    const samples = example as unknown[];
    if (!samples.length) return [];
    // The union of the example's elements: optional keys appear on some of them only.
    const merged = samples.every((s) => kind(s) === 'object') ? Object.assign({}, ...samples) : samples[0];
    return value.flatMap((v, i) => shapeFindings(v, merged, `${at}/${i}`)).slice(0, 5);
  }
  if (kind(value) === 'object') {
    const ex = example as Record<string, unknown>;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k in ex ? shapeFindings(v, ex[k], `${at}/${k}`) : UNDOCUMENTED_AGILE_KEYS.has(k) ? [] : [`${at}/${k} is not in the documented example`]));
  }
  return [];
}

export interface WireResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export function responseFindings(res: WireResponse): string[] {
  const op = findOperation(res.method, res.path);
  if (!op) return [];
  const name = `${op.method} ${op.template} → ${res.status}`;
  const responses = (op.operation as Operation).responses ?? {};
  const documented = responses[String(res.status)] ?? responses.default;
  if (!documented) return [`${name}: status ${res.status} is not documented for this operation`];
  const media = documented.content?.['application/json'];
  if (!media) {
    if (res.body === undefined || res.body === '') return [];
    // Many error statuses are documented without a body; Jira still answers them with its ErrorCollection.
    if (res.status >= 400) {
      const v = validatorAt('platform', ['components', 'schemas', 'ErrorCollection']);
      return v(res.body) ? [] : [`${name}: error body is not Jira's ErrorCollection: ${errorsOf(v)}`];
    }
    return [`${name}: the operation documents no JSON body for this status, the emulator sent one`];
  }
  if (media.schema) {
    const v = validatorAt(op.spec, ['paths', op.template, op.method.toLowerCase(), 'responses', responses[String(res.status)] ? String(res.status) : 'default', 'content', 'application/json', 'schema']);
    return v(res.body) ? [] : [`${name}: response off the schema: ${errorsOf(v)}`];
  }
  const example = typeof media.example === 'string' ? JSON.parse(media.example) : media.example;
  return shapeFindings(res.body, example, '').map((f) => `${name}: ${f}`);
}
