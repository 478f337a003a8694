/**
 * The first visit never waits for a sync (issue 16): asked with `returnProgress`, a person without a
 * stored view gets a started full refresh at once — no issue search, count or changelog request in
 * that call, counted in the emulator's log — and the page's own refresh calls then bring the cards,
 * which later visits read from the stored view.
 */
import type { RunningHarness } from '../../dev/harness/server';
import { DEMO, invoke, ok, startDemoHarness } from './harness';

let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness();
});
afterAll(() => h.close());

const searchFamily = (path: string) => /^\/rest\/api\/3\/(search|changelog\/bulkfetch)/.test(path) || path.startsWith('/rest/agile/');

describe('the first visit to the project page', () => {
  it('answers with progress and no search, then the driven refresh brings the cards the next visit reads', async () => {
    // Any earlier call (here a story panel) leaves the site metadata cached for an hour, its
    // estimate-field sample search included; what is left is the visit's own work.
    ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: `${DEMO.projectKey}-1` }));
    const before = h.emulator.requests.length;
    const first = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey, returnProgress: true }));
    const during = h.emulator.requests.slice(before).map((r) => r.path);
    expect(during.length).toBeGreaterThan(0); // the project check ran, so the log is listening
    expect(during.filter(searchFamily)).toEqual([]);
    expect(first.cards).toEqual([]);
    expect(first.refresh).toMatchObject({ running: true, mode: 'full', phase: 'issues', loaded: 0 });

    // What the page does next: refresh calls until one carries the overview (bounded, as the UI's loop is by the train).
    let overview = null;
    for (let call = 0; call < 20 && !overview; call++) overview = ok(await invoke(h, DEMO.users.popm, 'refreshProjectOverview', { projectKey: DEMO.projectKey, mode: 'incremental' })).overview;
    expect(overview?.cards.length).toBeGreaterThan(0);
    // The refresh resumed the full run the first call started rather than starting an incremental one.
    expect(overview!.refresh.mode).toBe('full');

    const mark = h.emulator.requests.length;
    const again = ok(await invoke(h, DEMO.users.popm, 'getProjectOverview', { projectKey: DEMO.projectKey, returnProgress: true }));
    expect(again.cards.map((c) => c.display)).toEqual(overview!.cards.map((c) => c.display));
    expect(h.emulator.requests.slice(mark).map((r) => r.path).filter(searchFamily)).toEqual([]);
  });

  it('the live poll (getTrainVersion) answers from storage alone, without a Jira request (why the fault matrix leaves it out)', async () => {
    const mark = h.emulator.requests.length;
    const v = ok(await invoke(h, DEMO.users.popm, 'getTrainVersion', { projectKey: DEMO.projectKey }));
    expect(h.emulator.requests.slice(mark).map((r) => r.path)).toEqual([]);
    // The POPM has a stored view from the visit above, so this is the answer of a real poll.
    expect(v.viewAsOf).not.toBeNull();
  });

  it('without returnProgress (the gadget, the CLI) the first call still computes the cards itself', async () => {
    const o = ok(await invoke(h, DEMO.users.member, 'getProjectOverview', { projectKey: DEMO.projectKey }));
    expect(o.cards.length).toBeGreaterThan(0);
    expect(o.refresh.running).toBe(false);
  });
});
