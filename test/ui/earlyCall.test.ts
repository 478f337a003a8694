/**
 * Issue 16: resolver calls started before their component renders (static/src/earlyCall.ts), the
 * project page's tabs on a press (static/src/pages/tabCalls.ts).
 */
import { earlyCalls } from '../../static/src/earlyCall';

const invoke = jest.fn();
jest.mock('@forge/bridge', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));

describe('earlyCalls', () => {
  it('a started call is taken once; the next take asks again', async () => {
    const calls = earlyCalls<number>();
    let n = 0;
    const load = jest.fn(() => Promise.resolve(++n));
    calls.start('a', load);
    calls.start('a', load);
    expect(load).toHaveBeenCalledTimes(1);
    await expect(calls.take('a', load)).resolves.toBe(1);
    await expect(calls.take('a', load)).resolves.toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('an answer older than freshMs is not handed out, and a new start replaces it', async () => {
    let t = 0;
    const calls = earlyCalls<string>(10_000, () => t);
    calls.start('a', () => Promise.resolve('old'));
    t = 10_001;
    await expect(calls.take('a', () => Promise.resolve('new'))).resolves.toBe('new');
    calls.start('b', () => Promise.resolve('first'));
    t = 30_000;
    calls.start('b', () => Promise.resolve('second'));
    await expect(calls.take('b', () => Promise.resolve('unused'))).resolves.toBe('second');
  });

  it('a failed call nobody takes is not an unhandled rejection; whoever takes it sees the failure', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const calls = earlyCalls<string>();
      calls.start('never-taken', () => Promise.reject(new Error('bridge down')));
      calls.start('taken', () => Promise.reject(new Error('bridge down')));
      await expect(calls.take('taken', () => Promise.resolve('unused'))).rejects.toThrow('bridge down');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('tab calls started by a press', () => {
  beforeEach(() => invoke.mockReset().mockResolvedValue({ ok: true, data: {} }));

  it.each([
    ['WSJF', 'getWsjfTable'],
    ['Quality', 'getQualitySummary'],
    ['Dependencies', 'getDependencies'],
    ['Improvement', 'getImprovement'],
    ['PI planning', 'getPiPlanning'],
  ] as const)('%s: the press makes the call (%s) the tab then takes, once', async (tab, functionKey) => {
    const { startTabCall, tabFirstCall } = await import('../../static/src/pages/tabCalls');
    startTabCall(tab, 'ART');
    expect(invoke.mock.calls).toEqual([[functionKey, { projectKey: 'ART' }]]);
    await tabFirstCall(tab, 'ART');
    expect(invoke).toHaveBeenCalledTimes(1);
    // A reload, and another project, ask again.
    await tabFirstCall(tab, 'ART');
    await tabFirstCall(tab, 'OTHER');
    expect(invoke.mock.calls.slice(1)).toEqual([
      [functionKey, { projectKey: 'ART' }],
      [functionKey, { projectKey: 'OTHER' }],
    ]);
  });

  it('knows which tabs have a first call (the Overview has its own)', async () => {
    const { hasFirstCall } = await import('../../static/src/pages/tabCalls');
    expect(['Overview', 'WSJF', 'PI planning', 'toString'].map(hasFirstCall)).toEqual([false, true, true, false]);
  });
});
