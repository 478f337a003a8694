import express from 'express';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { refreshProject } from '../../src/app/refresh';
import { MemoryStore } from '../../src/storage/memoryStore';
import { startDemoHarness, invoke, NOW, DEMO } from '../integration/harness';
import type { RunningHarness } from '../../dev/harness/server';
import { requestFindings, responseFindings, type WireResponse } from './openapi';
import { findOperation, specOperations } from '../../dev/emulator/scopes';

/** Operations in the specs that these flows do not call (exercised by test/jira and test/cli). */
const NOT_REACHED_HERE = new Set<string>([]);

/**
 * The app's traffic against Atlassian's published specs: the resolvers' flows and the daily job
 * run against the emulator; every request in its log, and every JSON response it sent, must be on
 * the spec. A request or response off the spec fails here, naming the operation.
 */

const responses: WireResponse[] = [];
const originalJson = express.response.json;

beforeAll(() => {
  // Every emulator endpoint answers through res.json (or with no body); recorded as sent.
  express.response.json = function (this: express.Response, body: unknown) {
    if (this.req.path.startsWith('/rest/')) responses.push({ method: this.req.method, path: this.req.path, status: this.statusCode, body: structuredClone(body) });
    return originalJson.call(this, body);
  };
});
afterAll(() => {
  express.response.json = originalJson;
});

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness();
  const issues = h.emulator.data.issues.filter((i) => i.fields.project.key === DEMO.projectKey);
  const ofType = (name: string) => issues.filter((i) => i.fields.issuetype.name === name);
  const features = ofType('Epic');
  const stories = ofType('Story');
  expect(features.length).toBeGreaterThan(1);
  expect(stories.length).toBeGreaterThan(1);
  const unscored = features.find((f) => !f.properties?.['refinery.wsjf'])!;
  const sprint = h.emulator.data.sprints.find((s) => s.state === 'future') ?? h.emulator.data.sprints[0];
  const P = DEMO.projectKey;
  const popm = DEMO.users.popm;

  // The flows a person walks through on the project page, the issue panel and the admin page.
  await invoke(h, DEMO.users.admin, 'getSettings', {});
  // The admin page's site check: approximate counts, /mypermissions, boards, editmeta.
  expect((await invoke(h, DEMO.users.admin, 'getSiteCheck', { projectKey: P })).ok).toBe(true);
  await invoke(h, popm, 'getProjectOverview', { projectKey: P });
  for (let i = 0; i < 20; i++) {
    const r = await invoke(h, popm, 'refreshProjectOverview', { projectKey: P, mode: 'full' });
    if (!r.ok || (r.data as { done?: boolean }).done !== false) break;
  }
  await invoke(h, popm, 'getProjectOverview', { projectKey: P });
  await invoke(h, popm, 'refreshProjectOverview', { projectKey: P, mode: 'incremental' });
  await invoke(h, popm, 'getIssuePanel', { issueKey: features[0].key });
  await invoke(h, popm, 'getIssuePanel', { issueKey: stories[0].key });
  await invoke(h, popm, 'saveWsjf', { issueKey: unscored.key, scores: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 }, expectedVersion: 0 });
  await invoke(h, popm, 'getWsjfTable', { projectKey: P });
  await invoke(h, popm, 'getWsjfEstimation', { projectKey: P });
  const order = await invoke(h, popm, 'previewWsjfOrder', { projectKey: P });
  if (order.ok) {
    const p = order.data as { currentOrder: string[]; targetOrder: string[] };
    await invoke(h, popm, 'applyWsjfOrder', { projectKey: P, expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder });
  }
  await invoke(h, popm, 'getQualitySummary', { projectKey: P });
  const ac = await invoke(h, popm, 'previewAcTemplate', { issueKey: stories[1].key });
  if (ac.ok) await invoke(h, popm, 'insertAcTemplate', { issueKey: stories[1].key, expectedVersion: (ac.data as { version: string }).version });
  const split = await invoke(h, popm, 'previewSplit', { issueKey: stories[0].key });
  if (split.ok) {
    const proposals = (split.data as { proposals?: { summary: string }[] }).proposals ?? [];
    if (proposals.length >= 2) await invoke(h, popm, 'createSplit', { issueKey: stories[0].key, summaries: proposals.map((x) => x.summary).slice(0, 8), idempotencyKey: 'contract-split-01' });
  }
  await invoke(h, popm, 'getSprintReadiness', { sprintId: sprint.id });
  await invoke(h, popm, 'getDependencies', { projectKey: P });
  await invoke(h, popm, 'getImprovement', { projectKey: P });
  // The daily job, as the app: full sync, snapshots and the bulk quality-property write.
  const app = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }), { sleep: async () => undefined });
  await refreshProject(app, new MemoryStore(), P, NOW);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('the app\'s requests are on Atlassian\'s published specs', () => {
  it('covers the operations the app uses (the flows above reached them)', () => {
    const seen = new Set(h.emulator.requests.map((r) => {
      const op = findOperation(r.method, r.path);
      return op ? `${op.method} ${op.template}` : `${r.method} ${r.path}`;
    }));
    // Every operation in the trimmed specs is one the app calls; these flows reach all but the
    // ones only the CLI or rarer paths use.
    const expected = specOperations().map((op) => `${op.method} ${op.template}`).filter((op) => !NOT_REACHED_HERE.has(op));
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.filter((op) => !seen.has(op))).toEqual([]);
  });

  it('sends only operations, query parameters and bodies the specs declare', () => {
    expect(h.emulator.requests.length).toBeGreaterThan(50);
    const findings = [...new Set(h.emulator.requests.filter((r) => !r.fault).flatMap((r) => requestFindings(r)))];
    expect(findings).toEqual([]);
  });

  it('gets only success statuses the specs document for the operation (201, 204, 303 … included)', () => {
    const undocumented = h.emulator.requests
      .filter((r) => !r.fault && r.status < 400)
      .flatMap((r) => {
        const op = findOperation(r.method, r.path);
        const documented = Object.keys((op?.operation.responses as Record<string, unknown> | undefined) ?? {});
        return op && !documented.includes(String(r.status)) ? [`${op.method} ${op.template} → ${r.status} (documented: ${documented.join(', ')})`] : [];
      });
    expect(h.emulator.requests.some((r) => r.status === 303)).toBe(true);
    expect([...new Set(undocumented)]).toEqual([]);
  });

  it('was never refused for a missing scope', () => {
    expect(h.emulator.requests.filter((r) => r.status === 401)).toEqual([]);
  });
});

describe('the emulator answers as the specs document', () => {
  it('sends JSON bodies that validate against the response schema of the operation and status', () => {
    expect(responses.length).toBeGreaterThan(50);
    const findings = [...new Set(responses.flatMap((r) => responseFindings(r)))];
    expect(findings).toEqual([]);
  });
});
