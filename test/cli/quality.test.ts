import { Readable } from 'node:stream';
import { runQualityCli } from '../../src/cli/quality';

async function run(lines: string[], args: string[] = ['--json']) {
  let stdout = '';
  let stderr = '';
  const code = await runQualityCli(args, {
    stdin: Readable.from(lines.map((l) => `${l}\n`)),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr, records: args.includes('--json') ? stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [] };
}

const KEYS = ['id', 'ready', 'hasAcceptanceCriteria', 'wellFormed', 'atomic', 'hasBenefit', 'score', 'findings'];
const FINDING_KEYS = ['rule', 'criterion', 'severity', 'message', 'hint', 'evidence'];

const adf = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Acceptance criteria' }] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The PDF lists every done issue' }] }] }] },
  ],
};

describe('refinery quality --json', () => {
  it('prints one record per input line, in input order, with exactly the contract keys in order', async () => {
    const { code, records, stderr } = await run([
      JSON.stringify({ id: 'A-1', summary: 'As a manager, I want to export the sprint report, so that I can share it', description: adf, storyPoints: 3 }),
      JSON.stringify({ id: 'A-2', summary: 'As a user, I want to upload files and share them', acceptanceCriteria: 'Files appear in the list' }),
      JSON.stringify({ id: 3, summary: 'Fix login' }),
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(records.map((r) => r.id)).toEqual(['A-1', 'A-2', 3]);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(KEYS);
      for (const f of r.findings as Record<string, unknown>[]) expect(Object.keys(f)).toEqual(FINDING_KEYS);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(records[0]).toMatchObject({ ready: true, hasAcceptanceCriteria: true, wellFormed: true, atomic: true, hasBenefit: true, score: 1, findings: [] });
    expect(records[1]).toMatchObject({ ready: false, hasAcceptanceCriteria: true, atomic: false, hasBenefit: false });
    expect(records[2]).toMatchObject({ ready: false, hasAcceptanceCriteria: false, wellFormed: false });
  });

  it('an invalid line yields an error object and processing goes on; blank lines are skipped', async () => {
    const { code, records } = await run([
      '{not json',
      '',
      '   ',
      JSON.stringify({ id: 'B-1', summary: 'As a user, I want to log in, so that I see my work' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 'B-2' }),
      JSON.stringify({ summary: 'no id' }),
      JSON.stringify({ id: 'B-3', summary: 'ok', storyPoints: 'five' }),
      JSON.stringify({ id: 'B-4', summary: 'As a user, I want to log out, so that nobody else uses my session' }),
    ]);
    expect(code).toBe(0);
    expect(records.map((r) => [r.id, 'error' in r])).toEqual([
      [null, true],
      ['B-1', false],
      [null, true],
      ['B-2', true],
      [null, true],
      ['B-3', true],
      ['B-4', false],
    ]);
    expect(Object.keys(records[0])).toEqual(['id', 'error']);
    expect(records[0].error).toMatch(/line 1: not valid JSON/);
    expect(records[3].error).toMatch(/summary/);
  });

  it('without --json prints a human-readable line per story', async () => {
    const { code, stdout } = await run([JSON.stringify({ id: 'C-1', summary: 'Fix login' })], []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^C-1: NOT READY, score 0\.\d+, no AC/);
    expect(stdout).toContain('ac-missing');
  });

  it('also accepts the (stdin, stdout) call form used by main.ts', async () => {
    let out = '';
    const code = await runQualityCli(Readable.from([`${JSON.stringify({ id: 'D-1', summary: 'x' })}\n`]), { write: (s: string) => (out += s) });
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(out))).toEqual(KEYS);
  });
});
