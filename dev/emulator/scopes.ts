/**
 * OAuth scopes as Jira Cloud enforces them on a Forge app: every request the app makes (asUser or
 * asApp) must hold, among the scopes its manifest declares, one full group of the scopes Atlassian's
 * published OpenAPI documents give for the operation. Otherwise Jira answers 401 before looking at
 * the request. Basic auth with an API token (the CLI) is not scoped, as on a real site.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { parse } from 'yaml';

export interface ScopeOptions {
  /** The manifest whose `permissions.scopes` the app holds (default: the repository's manifest.yml). */
  manifestPath?: string;
}

type OperationObject = {
  security?: Record<string, string[]>[];
  'x-atlassian-oauth2-scopes'?: { scheme: string; scopes: string[]; state?: string }[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export interface SpecOperation {
  method: string;
  /** Path template as the spec spells it, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  template: string;
  spec: 'platform' | 'software';
  operation: OperationObject;
  /** Path parameters at path-item level (shared by the path's operations). */
  pathParameters: unknown[];
  match: RegExp;
}

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/openapi');

let cachedSpecs: { platform: OpenApiDocument; software: OpenApiDocument } | null = null;
export function openApiSpecs(): { platform: OpenApiDocument; software: OpenApiDocument } {
  cachedSpecs ??= {
    platform: JSON.parse(readFileSync(path.join(FIXTURES, 'jira-platform-v3.json'), 'utf8')) as OpenApiDocument,
    software: JSON.parse(readFileSync(path.join(FIXTURES, 'jira-software-1.0.json'), 'utf8')) as OpenApiDocument,
  };
  return cachedSpecs;
}

let cachedOperations: SpecOperation[] | null = null;
export function specOperations(): SpecOperation[] {
  if (cachedOperations) return cachedOperations;
  const out: SpecOperation[] = [];
  for (const [spec, doc] of Object.entries(openApiSpecs()) as ['platform' | 'software', OpenApiDocument][]) {
    for (const [template, item] of Object.entries(doc.paths)) {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        out.push({ method: method.toUpperCase(), template, spec, operation: operation as OperationObject, pathParameters: (item.parameters as unknown[]) ?? [], match: new RegExp(`^${pattern}$`) });
      }
    }
  }
  // Literal segments win over parameters (`/issue/properties/multi` before `/issue/{issueIdOrKey}`).
  cachedOperations = out.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  return cachedOperations;
}

export function findOperation(method: string, requestPath: string): SpecOperation | null {
  return specOperations().find((o) => o.method === method.toUpperCase() && o.match.test(requestPath)) ?? null;
}

/**
 * The groups of scopes that each grant the operation (any one full group will do). Platform
 * operations list a classic group and a granular one in `x-atlassian-oauth2-scopes`; the Jira
 * Software document has only `security`, with granular scopes. An empty group is Atlassian's
 * placeholder for "granular scopes not defined yet", not "no scope needed", so it is skipped.
 */
export function scopeGroups(op: SpecOperation): string[][] {
  const fromExtension = (op.operation['x-atlassian-oauth2-scopes'] ?? []).filter((g) => g.scheme === 'OAuth2').map((g) => g.scopes);
  const fromSecurity = (op.operation.security ?? []).flatMap((s) => (s.OAuth2 ? [s.OAuth2] : []));
  return (fromExtension.length ? fromExtension : fromSecurity).filter((g) => g.length > 0);
}

export function manifestScopes(manifestPath = path.resolve(__dirname, '../../manifest.yml')): string[] {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as { permissions?: { scopes?: unknown } };
  const scopes = manifest.permissions?.scopes;
  return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
}

/** The scope group the app lacks nothing of, or the groups it could have held when none is met. */
export function scopeCheck(op: SpecOperation, held: readonly string[]): { ok: true; group: string[] } | { ok: false; groups: string[][] } {
  const groups = scopeGroups(op);
  const met = groups.find((g) => g.every((s) => held.includes(s)));
  return met ? { ok: true, group: met } : { ok: false, groups };
}

/** Jira's answer when the app's token lacks the operation's scopes. */
export const SCOPE_MISMATCH_BODY = { code: 401, message: 'Unauthorized; scope does not match' };

export function enforceScopes(opts: ScopeOptions = {}) {
  const held = manifestScopes(opts.manifestPath);
  return (req: Request, res: Response, next: NextFunction) => {
    const isForgeApp = req.header('X-Refinery-As-User') !== undefined || req.header('X-Refinery-As-App') !== undefined;
    if (!isForgeApp || !req.path.startsWith('/rest/')) return next();
    const op = findOperation(req.method, req.path);
    // Operations outside the trimmed specs are not the app's (the contract test fails on them).
    if (!op) return next();
    const verdict = scopeCheck(op, held);
    if (verdict.ok) return next();
    res.status(401).json(SCOPE_MISMATCH_BODY);
  };
}
