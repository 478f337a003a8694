/**
 * The harness's live-train wiring (issue 18): the emulator's Forge events go to the app's trigger
 * handler (src/jobs/trigger.ts, as the app), the recompute the trigger queues runs right after (the
 * harness's stand-in for the Forge queue), and the backlog page gets the buttons a person needs to
 * show it: start a sprint, add a story to it, complete a story, close the sprint. Each button goes
 * through the emulator's REST API as the acting user, exactly as Jira's UI would.
 */
import { route, type Route } from '@forge/api';
import express, { type Express, type Request, type Response } from 'express';
import { recomputeLive } from '../../src/app/events';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { makeLiveTrigger } from '../../src/jobs/trigger';
import type { KeyValueStore } from '../../src/storage/keyValueStore';
import type { Emulator } from '../emulator/server';
import { esc } from './html';

export function wireLiveTrain(emulator: Emulator, store: KeyValueStore, baseUrl: () => string, now: () => Date): void {
  const appJira = () => new JiraClient(fetchTransport({ baseUrl: baseUrl(), headers: { 'X-Refinery-As-App': '1' } }));
  const handler = makeLiveTrigger(() => ({
    jira: appJira(),
    store,
    now,
    requestRecompute: async (projectKey) => {
      // The Forge queue, locally: after this event's delivery, off the trigger's path.
      setImmediate(() => void recomputeLive(appJira(), store, projectKey, now()).catch((e) => console.error(`live recompute ${projectKey}: ${(e as Error).message}`)));
    },
  }));
  emulator.events.subscribe((e) => handler(e));
}

/** Buttons for one sprint on the backlog page. */
export function sprintControls(s: { id: number; state: string; name: string }, boardId: number): string {
  const form = (action: string, label: string, extra = '') => `<form method="post" action="${esc(action)}" style="display:inline-flex;gap:4px;margin-left:8px">${extra}<input type="hidden" name="back" value="/boards/${boardId}/backlog"><button type="submit">${esc(label)}</button></form>`;
  const keyInput = (label: string, testId: string) => `<label>${esc(label)} <input name="key" size="8" data-testid="${esc(testId)}" required></label>`;
  if (s.state === 'future') return form(`/harness/sprint/${s.id}/start`, `Start ${s.name}`) + form(`/harness/sprint/${s.id}/add`, 'Add story', keyInput('Issue key', `add-story-${s.id}`));
  if (s.state === 'active') return form(`/harness/sprint/${s.id}/add`, 'Add story', keyInput('Issue key', `add-story-${s.id}`)) + form(`/harness/issue/done`, 'Complete story', keyInput('Issue key', `complete-story-${s.id}`)) + form(`/harness/sprint/${s.id}/close`, `Complete ${s.name}`);
  return '';
}

export function liveDemoRoutes(app: Express, jiraAs: (req: Request) => JiraClient, now: () => Date): void {
  const form = express.urlencoded({ extended: false });
  const back = (req: Request) => (typeof req.body?.back === 'string' && req.body.back.startsWith('/') && !req.body.back.startsWith('//') ? req.body.back : '/boards');
  const run = (fn: (req: Request, jira: JiraClient) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await fn(req, jiraAs(req));
      res.redirect(303, back(req));
    } catch (e) {
      res.status(400).type('html').send(`<p role="alert">${esc((e as Error).message)}</p><a href="${esc(back(req))}">Back</a>`);
    }
  };
  const post = (jira: JiraClient, path: Route, body: unknown) => jira.request({ method: 'POST', path, body });
  app.post('/harness/sprint/:id/start', form, run(async (req, jira) => {
    const start = now();
    const end = new Date(start.getTime() + 14 * 86_400_000);
    await post(jira, route`/rest/agile/1.0/sprint/${Number(req.params.id)}`, { state: 'active', startDate: start.toISOString(), endDate: end.toISOString() });
  }));
  app.post('/harness/sprint/:id/close', form, run((req, jira) => post(jira, route`/rest/agile/1.0/sprint/${Number(req.params.id)}`, { state: 'closed' })));
  app.post('/harness/sprint/:id/add', form, run((req, jira) => post(jira, route`/rest/agile/1.0/sprint/${Number(req.params.id)}/issue`, { issues: [String(req.body?.key ?? '').trim().toUpperCase()] })));
  app.post('/harness/issue/done', form, run(async (req, jira) => {
    const key = String(req.body?.key ?? '').trim().toUpperCase();
    const r = await jira.request<{ transitions: { id: string; to: { statusCategory: { key: string } } }[] }>({ method: 'GET', path: route`/rest/api/3/issue/${key}/transitions` });
    const done = r.transitions.find((t) => t.to.statusCategory.key === 'done');
    if (!done) throw new Error(`${key} has no transition to a done status.`);
    await post(jira, route`/rest/api/3/issue/${key}/transitions`, { transition: { id: done.id } });
  }));
}
