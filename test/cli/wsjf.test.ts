import { PassThrough, Readable } from 'node:stream';
import { runWsjfCli } from '../../src/cli/wsjf';

async function run(lines: string[], policy?: 'exclude' | 'rank-last') {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await runWsjfCli(Readable.from(lines.map((l) => `${l}\n`)), out, err, undefined, policy);
  return { code, stdout, stderr };
}

const line = (key: string, bv: number, tc: number, rr: number, size: number) => JSON.stringify({ key, businessValue: bv, timeCriticality: tc, riskReduction: rr, jobSize: size });

describe('refinery wsjf --json', () => {
  it('prints the items in WSJF order with CoD, WSJF, rank and the delay cost of both orders (DOMAIN.md example)', async () => {
    const { code, stdout, stderr } = await run([line('B', 13, 1, 2, 13), line('A', 8, 5, 1, 3), line('C', 1, 13, 3, 1)]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      items: [
        { key: 'C', costOfDelay: 17, wsjf: 17, rank: 1, warnings: [] },
        { key: 'A', costOfDelay: 14, wsjf: 4.67, rank: 2, warnings: [] },
        { key: 'B', costOfDelay: 16, wsjf: 1.23, rank: 3, warnings: [] },
      ],
      excluded: [],
      delayCost: { inputOrder: 721, wsjfOrder: 345, counted: ['B', 'A', 'C'] },
    });
  });

  it('breaks a tie by larger Cost of Delay, then smaller job size, then key, and warns "tie"', async () => {
    const { stdout } = await run([line('K-2', 2, 1, 1, 2), line('K-1', 3, 2, 1, 3), line('K-0', 2, 1, 1, 2)]);
    const items = JSON.parse(stdout).items;
    expect(items.map((i: { key: string }) => i.key)).toEqual(['K-1', 'K-0', 'K-2']);
    for (const i of items) expect(i.warnings).toContain('tie');
  });

  it('names every invalid line on stderr, exits non-zero and prints nothing on stdout', async () => {
    const { code, stdout, stderr } = await run([line('A', 8, 5, 1, 3), '{not json', line('B', 1, 1, 1, 0), JSON.stringify({ key: 'C', businessValue: 'x', timeCriticality: 1, riskReduction: 1, jobSize: 1 }), '']);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: .*jobSize must be a positive number/);
    expect(stderr).toMatch(/line 4: .*businessValue must be a number/);
  });

  it('leaves an off-scale item out of the ranking by default, with the reason, and warns urgent-but-valueless', async () => {
    const { stdout } = await run([line('U', 1, 13, 1, 2), line('O', 4, 20, 20, 1)]);
    const out = JSON.parse(stdout);
    expect(out.items).toEqual([{ key: 'U', costOfDelay: 15, wsjf: 7.5, rank: 1, warnings: ['urgent-but-valueless'] }]);
    expect(out.excluded).toEqual([{ key: 'O', reason: 'off-scale', message: expect.stringContaining('User-Business Value 4 is not on the scale') }]);
    expect(out.delayCost.counted).toEqual(['U']);
  });

  it('ranks an off-scale item last (after every on-scale one, however high its ratio) with rank-last, and warns', async () => {
    const { stdout } = await run([line('O', 4, 20, 20, 1), line('U', 1, 13, 1, 2)], 'rank-last');
    const items = JSON.parse(stdout).items;
    expect(items.map((i: { key: string; rank: number }) => [i.key, i.rank])).toEqual([
      ['U', 1],
      ['O', 2],
    ]);
    expect(items[1].warnings).toEqual(['off-scale:businessValue']);
  });

  it('lists a done item apart and never ranks it (statusCategory "done", Jira\'s key)', async () => {
    const done = JSON.stringify({ key: 'D', businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1, statusCategory: 'done' });
    const { stdout } = await run([line('A', 8, 5, 1, 3), done, line('C', 1, 13, 3, 1)]);
    const out = JSON.parse(stdout);
    expect(out.items.map((i: { key: string }) => i.key)).toEqual(['C', 'A']);
    expect(out.excluded).toEqual([{ key: 'D', reason: 'done', message: expect.stringMatching(/^Done/) }]);
    expect(out.delayCost.counted).toEqual(['A', 'C']);
  });
});

describe('refinery wsjf --incomplete-scores', () => {
  async function viaMain(args: string[], lines: string[]) {
    const { main } = await import('../../src/cli/main');
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (c) => (stdout += c));
    err.on('data', (c) => (stderr += c));
    const code = await main(['wsjf', '--json', ...args], { stdin: Readable.from(lines.map((l) => `${l}\n`)) as never, stdout: out as never, stderr: err as never });
    return { code, stdout, stderr };
  }

  it('ranks an off-scale item last with rank-last and leaves it out by default', async () => {
    const lines = [line('O', 4, 20, 20, 1), line('U', 1, 13, 1, 2)];
    const last = JSON.parse((await viaMain(['--incomplete-scores', 'rank-last'], lines)).stdout);
    expect(last.items.map((i: { key: string }) => i.key)).toEqual(['U', 'O']);
    const byDefault = JSON.parse((await viaMain([], lines)).stdout);
    expect(byDefault.items.map((i: { key: string }) => i.key)).toEqual(['U']);
    expect(byDefault.excluded.map((i: { key: string }) => i.key)).toEqual(['O']);
  });

  it('rejects any other value with exit code 2 and prints nothing', async () => {
    const r = await viaMain(['--incomplete-scores', 'first'], [line('U', 1, 13, 1, 2)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/must be "exclude" or "rank-last"/);
  });
});
