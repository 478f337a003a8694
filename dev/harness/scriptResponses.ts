import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';

export interface ScriptResponse {
  /** The file name under the app's assets, e.g. `IssuePanel-abc123.js`. */
  file: string;
  /** Its path as served, e.g. `/app/panel/assets/IssuePanel-abc123.js` (which resource it came from). */
  path: string;
  bytes: number;
  /** gzip -9 of the body: what a CDN serving it compressed would send (Forge serves Custom UI from one). */
  gzipBytes: number;
  body: string;
  /** The order its response arrived in, from 0, since the recording started. */
  seq: number;
}

/**
 * Records every JavaScript file the app's frames download from its resources (`/app/`, `/app/panel/`) on `page` from now on, so a
 * module's weight is measured in the browser (what it actually loaded), not guessed from the build.
 * `settled()` waits for the bodies of everything recorded so far.
 */
export function recordAppScripts(page: Page) {
  const pending: Promise<ScriptResponse>[] = [];
  let seq = 0;
  const onResponse = (r: Response) => {
    const url = new URL(r.url());
    if (r.request().resourceType() !== 'script' || !url.pathname.startsWith('/app/')) return;
    const n = seq++;
    pending.push(
      r.body().then((b) => ({ file: url.pathname.replace(/^.*\//, ''), path: url.pathname, bytes: b.length, gzipBytes: gzipSync(b, { level: 9 }).length, body: b.toString('utf8'), seq: n })),
    );
  };
  page.on('response', onResponse);
  return {
    /** Everything recorded so far (and keeps recording). */
    settled: () => Promise.all(pending),
    /** Forgets what was recorded, e.g. before the next navigation. */
    clear: () => void pending.splice(0),
    stop: () => page.off('response', onResponse),
  };
}

export const gzipKb = (scripts: ScriptResponse[]) => Math.round((scripts.reduce((n, s) => n + s.gzipBytes, 0) / 1024) * 10) / 10;
