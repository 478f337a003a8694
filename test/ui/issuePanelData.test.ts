/**
 * Issue 16: the issue panel's first resolver call starts with the context (static/src/App.tsx), while
 * the panel's code loads; the panel takes that answer once, and a reload asks Jira again.
 */
import type { Envelope, IssuePanelData } from '../../src/contract';
import { issuePanelAnswer, startIssuePanel } from '../../static/src/pages/issuePanelData';

jest.mock('@forge/bridge', () => ({ invoke: jest.fn() }));

type Answer = Promise<Envelope<IssuePanelData>>;
const answer = (key: string): Answer => Promise.resolve({ ok: true, data: { kind: 'other', issueKey: key } as unknown as IssuePanelData });

describe('the issue panel answer started with the context', () => {
  it('is asked for once, taken once by the panel, and a reload asks again', async () => {
    const load = jest.fn(({ issueKey }: { issueKey: string }) => answer(issueKey));
    startIssuePanel('ART-7', load);
    startIssuePanel('ART-7', load);
    expect(load).toHaveBeenCalledTimes(1);
    const started = load.mock.results[0].value as Answer;
    expect(issuePanelAnswer('ART-7', load)).toBe(started);
    expect(load).toHaveBeenCalledTimes(1);
    const again = issuePanelAnswer('ART-7', load);
    expect(again).not.toBe(started);
    expect(load).toHaveBeenCalledTimes(2);
    expect(load.mock.calls.map((c) => c[0])).toEqual([{ issueKey: 'ART-7' }, { issueKey: 'ART-7' }]);
  });

  it('a panel for an issue nobody started asks for its own', () => {
    const load = jest.fn(({ issueKey }: { issueKey: string }) => answer(issueKey));
    startIssuePanel('ART-8', load);
    void issuePanelAnswer('ART-9', load);
    expect(load.mock.calls.map((c) => c[0])).toEqual([{ issueKey: 'ART-8' }, { issueKey: 'ART-9' }]);
  });
});
