/**
 * The app against the strict emulator, over real HTTP: the refusals a real Jira Cloud site gives
 * (issue 13) must not break a page, and each is reported in a sentence.
 */
import type { RunningHarness } from '../../dev/harness/server';
import type { DataSet } from '../../dev/emulator/dataset';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { refreshProject } from '../../src/app/refresh';
import { snapshots } from '../../src/app/snapshots';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { DEMO, NOW, invoke, ok, startDemoHarness } from './harness';

const ART = { projectId: 10000, projectKey: DEMO.projectKey, projectName: DEMO.projectName };

/** The demo train plus a kanban board and a team-managed (simple) board in the same project. */
function withBoardsWithoutSprints(): DataSet {
  const data = generateDemoTrain({ now: NOW });
  data.boards.push({ id: 91, name: 'Support kanban', type: 'kanban', location: ART }, { id: 92, name: 'Platform team board', type: 'simple', location: ART });
  return data;
}

describe('a project with kanban and team-managed boards', () => {
  let h: RunningHarness;
  beforeAll(async () => {
    h = await startDemoHarness(withBoardsWithoutSprints());
  });
  afterAll(() => h.close());
  beforeEach(() => h.emulator.requests.splice(0));

  const sprintCallsTo = (ids: number[]) => h.emulator.requests.filter((r) => ids.some((id) => r.path === `/rest/agile/1.0/board/${id}/sprint`));

  it('the overview loads, never asks those boards for sprints, and says their issues count for readiness only', async () => {
    const data = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(data.cards.length).toBeGreaterThan(0);
    expect(data.notes).toEqual([
      'Board Support kanban (a kanban board) has no sprints; its issues count for readiness only.',
      'Board Platform team board (a team-managed board) has no sprints; its issues count for readiness only.',
    ]);
    expect(sprintCallsTo([91, 92])).toEqual([]);
    // The scrum boards' sprints are still read.
    expect(h.emulator.requests.filter((r) => /^\/rest\/agile\/1\.0\/board\/\d+\/sprint$/.test(r.path)).length).toBe(DEMO.teams.length);
  });

  it('Refresh works and keeps the note', async () => {
    const r = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'full' }));
    expect(r.refresh.error).toBeNull();
    expect(r.overview?.notes).toHaveLength(2);
    expect(sprintCallsTo([91, 92])).toEqual([]);
  });

  it('the daily job (asApp) finishes and stores its snapshot', async () => {
    const app = new JiraClient(fetchTransport({ baseUrl: h.url, headers: { 'X-Refinery-As-App': '1' } }));
    const result = await refreshProject(app, h.store, DEMO.projectKey, NOW);
    expect(result.done).toBe(true);
    expect(await snapshots(h.store, DEMO.projectKey)).toHaveLength(1);
    expect(sprintCallsTo([91, 92])).toEqual([]);
  });

  it('the emulator does refuse those boards, so skipping them is what keeps the page up', async () => {
    const res = await fetch(`${h.url}/rest/agile/1.0/board/91/sprint`, { headers: { 'X-Refinery-As-User': DEMO.users.popm } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errorMessages: ['The board does not support sprints'], errors: {} });
  });
});
