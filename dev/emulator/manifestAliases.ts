import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { PropertyAlias } from './search';

interface EntityPropertyModule {
  propertyKey: string;
  values?: { path: string; type: PropertyAlias['type']; searchAlias?: string }[];
}

/** The entity-property search aliases the app's manifest declares, as Jira registers them on install. */
export function manifestAliases(manifestPath = path.resolve(__dirname, '../../manifest.yml')): PropertyAlias[] {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as { modules?: Record<string, unknown[]> };
  const modules = (manifest.modules?.['jira:entityProperty'] ?? []) as EntityPropertyModule[];
  return modules.flatMap((m) => (m.values ?? []).filter((v) => v.searchAlias).map((v) => ({ alias: v.searchAlias!, propertyKey: m.propertyKey, path: v.path, type: v.type })));
}
