/**
 * `refinery quality` reads text descriptions through Atlassian's transformers (wiki markup or Markdown → ADF),
 * so wiki-markup criteria and Markdown tables are found as Jira would store them; `--markup plain` keeps the
 * engine's own reader.
 */
import { Readable } from 'node:stream';
import { runQualityCli } from '../../src/cli/quality';

async function run(lines: object[], args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runQualityCli(args, {
    stdin: Readable.from(lines.map((l) => `${JSON.stringify(l)}\n`)),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stderr, records: stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; hasAcceptanceCriteria: boolean; findings: { rule: string }[] }) };
}

const summary = 'As a POPM, I want to export the sprint report, so that I can share it';
const wiki = 'h3. Acceptance Criteria\n# The export button is shown on the sprint report\n# Clicking it downloads a CSV';
// A Markdown table whose header names the criteria column; the engine's own reader sees its cells, the transformer its header.
const mdTable = '| Step | Acceptance criteria |\n|---|---|\n| Export | The CSV has one row per issue |\n';

describe('refinery quality: text descriptions through Atlassian\'s transformers', () => {
  it('auto: wiki markup and a Markdown table are found as criteria', async () => {
    const { code, records } = await run([{ id: 'W-1', summary, description: wiki }, { id: 'M-1', summary, description: mdTable }, { id: 'N-1', summary, description: 'Just some notes, nothing to test.' }], ['--json']);
    expect(code).toBe(0);
    expect(records.map((r) => [r.id, r.hasAcceptanceCriteria])).toEqual([['W-1', true], ['M-1', true], ['N-1', false]]);
    expect(records[2].findings.map((f) => f.rule)).toContain('ac-missing');
  });
  it('--markup wiki and --markup plain are accepted; anything else is refused with exit code 2', async () => {
    expect((await run([{ id: 'W-1', summary, description: wiki }], ['--json', '--markup', 'wiki'])).records[0].hasAcceptanceCriteria).toBe(true);
    expect((await run([{ id: 'W-1', summary, description: wiki }], ['--json', '--markup', 'plain'])).records[0].hasAcceptanceCriteria).toBe(true);
    const bad = await run([{ id: 'W-1', summary, description: wiki }], ['--json', '--markup', 'html']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--markup must be one of auto, markdown, wiki, plain');
  });
});
