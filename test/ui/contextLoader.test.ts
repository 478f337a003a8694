/**
 * Issue 16: each resource asks Forge for its context as its bundle runs (static/src/contextLoader.ts),
 * and the issue panel's own resource starts its resolver call and the feature view's code the moment
 * that context names the issue (static/src/panelStart.ts), before React's first commit.
 */
const getContext = jest.fn();
const invoke = jest.fn();
const loadFeatureView = jest.fn(() => Promise.resolve({ default: () => null }));
jest.mock('@forge/bridge', () => ({ view: { getContext: (...a: unknown[]) => getContext(...a) }, invoke: (...a: unknown[]) => invoke(...a) }));
jest.mock('../../static/src/pages/featureViewChunk', () => ({ loadFeatureView: () => loadFeatureView() }));

const panelContext = (key?: string, moduleKey = 'refinery-issue-panel') => ({ moduleKey, extension: { type: 'jira:issuePanel', ...(key ? { issue: { key } } : {}) } });
const flush = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  jest.resetModules();
  getContext.mockReset();
  invoke.mockReset().mockResolvedValue({ ok: true, data: { kind: 'other', issueKey: 'x', message: '' } });
  loadFeatureView.mockClear();
});

describe('contextLoader', () => {
  it('asks once as it is created, hands that answer out once, and asks again on a retry', async () => {
    const { contextLoader } = await import('../../static/src/contextLoader');
    getContext.mockResolvedValueOnce({ moduleKey: 'a' }).mockResolvedValueOnce({ moduleKey: 'b' });
    const seen: string[] = [];
    const next = contextLoader((c) => seen.push(c.moduleKey ?? ''));
    expect(getContext).toHaveBeenCalledTimes(1);
    await expect(next()).resolves.toEqual({ moduleKey: 'a' });
    expect(getContext).toHaveBeenCalledTimes(1);
    await expect(next()).resolves.toEqual({ moduleKey: 'b' });
    expect(getContext).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['a', 'b']);
  });

  it('a context that fails is reported to whoever asks, and the retry can succeed', async () => {
    const { contextLoader } = await import('../../static/src/contextLoader');
    getContext.mockRejectedValueOnce(new Error('no bridge')).mockResolvedValueOnce({ moduleKey: 'a' });
    const next = contextLoader();
    await expect(next()).rejects.toThrow('no bridge');
    await expect(next()).resolves.toEqual({ moduleKey: 'a' });
  });
});

describe("the issue panel resource's start", () => {
  it('starts getIssuePanel for the issue and the feature view chunk as soon as the context arrives', async () => {
    getContext.mockResolvedValueOnce(panelContext('ART-42'));
    await import('../../static/src/panelStart');
    await flush();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0][0]).toBe('getIssuePanel');
    expect(invoke.mock.calls[0][1]).toEqual({ issueKey: 'ART-42' });
    expect(loadFeatureView).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a context without an issue', panelContext()],
    ['another module', panelContext('ART-42', 'refinery-project-page')],
  ])('starts nothing for %s', async (_what, ctx) => {
    getContext.mockResolvedValueOnce(ctx);
    await import('../../static/src/panelStart');
    await flush();
    expect(getContext).toHaveBeenCalledTimes(1);
    expect(invoke).not.toHaveBeenCalled();
    expect(loadFeatureView).not.toHaveBeenCalled();
  });
});
