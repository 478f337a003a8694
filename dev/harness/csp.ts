import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { parse } from 'yaml';

export type ManifestPermissions = Permissions;

/** `permissions` of the app's manifest.yml: the only input Forge takes from the app for its Custom UI CSP. */
export function manifestPermissions(manifestPath = path.resolve(__dirname, '../../manifest.yml')): ManifestPermissions {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as { permissions?: ManifestPermissions };
  return manifest.permissions ?? { scopes: [] };
}

export interface CustomUiCspInput {
  /** The resource's index.html exactly as served: Forge hashes its inline scripts into script-src. */
  indexHtml: string;
  permissions: ManifestPermissions;
  /** Origin of the host product page (the site); Forge names it in frame-ancestors, img-src, connect-src, style-src. */
  hostname: string;
  /** Where the browser posts violation reports. */
  reportUri: string;
}

// Atlassian's service logs discarded (unsafe-looking) CSP entries through this; the harness has no use for them.
const quietLogger = { info: () => undefined };

/**
 * The Content-Security-Policy Forge puts on a Custom UI resource, built by Atlassian's own
 * `@forge/csp` from the manifest's `permissions.content` / `permissions.external`.
 * `tunnelCSPReporterUri` is the mode `forge tunnel` serves local resources in: violation reports go
 * to the local reporter instead of Atlassian's production collector (and connect-src gains
 * localhost, which the harness does not rely on: it is served from 127.0.0.1).
 */
export function forgeCustomUiCsp(input: CustomUiCspInput): string {
  const processing = new CSPProcessingService(quietLogger, load);
  const existingCSPDetails = processing.getCspDetails(input.indexHtml, input.permissions);
  return new CSPInjectionService()
    .getInjectableCSP({ existingCSPDetails, microsEnv: 'prod', hostname: input.hostname, tunnelCSPReporterUri: input.reportUri })
    .join('; ');
}
