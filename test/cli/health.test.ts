import { startEmulator } from '../../dev/emulator/server';
import { runHealthCli, HEALTH_CLI_METRICS } from '../../src/cli/health';
import { main } from '../../src/cli/main';
import { miniTrain, USERS } from '../fixtures/miniTrain';

type Running = Awaited<ReturnType<typeof startEmulator>>;
let em: Running;
beforeAll(async () => {
  em = await startEmulator(miniTrain());
});
afterAll(() => em.close());

function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

describe('refinery health (stable contract)', () => {
  it('prints one JSON object with exactly the contract keys', async () => {
    const out = sink();
    const err = sink();
    const code = await runHealthCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.editor }, out, err, {});
    expect(err.text).toBe('');
    expect(code).toBe(0);
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(Object.keys(r)).toEqual(['asOf', 'train', 'teams', 'sprints', 'jql', 'figures']);
    expect(Object.keys(r.train)).toEqual([...HEALTH_CLI_METRICS]);
    for (const t of r.teams) expect(Object.keys(t)).toEqual(['team', ...HEALTH_CLI_METRICS]);
    expect(r.sprints.length).toBeGreaterThan(0);
    for (const s of r.sprints) expect(Object.keys(s)).toEqual(['team', 'sprint', 'committed', 'added', 'accepted', 'acceptanceRate', 'reopened']);
    // Mini Sprint 1: MINI-2 was added before the start and done inside it.
    expect(r.sprints.find((s: { sprint: string }) => s.sprint === 'Mini Sprint 1')).toEqual({ team: 'Comet', sprint: 'Mini Sprint 1', committed: 1, added: 0, accepted: 1, acceptanceRate: 1, reopened: 0 });
    expect(r.train.acceptanceRateLastSprint).toBe(1);
    for (const v of Object.values(r.train) as (number | null)[]) if (v !== null) expect(typeof v).toBe('number');
    expect(typeof r.jql.acceptanceRateLastSprint).toBe('string');
    expect(r.jql.acceptanceRateLastSprint).toContain('"MINI-2"');
  });

  it('lists every figure with its unit and the key-list JQL of exactly its members', async () => {
    const out = sink();
    const code = await runHealthCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.editor }, out, sink(), {});
    expect(code).toBe(0);
    const r = JSON.parse(out.text);
    const figures = r.figures as { metric: string; scope: string; team?: string; sprint?: string; value: number | null; numerator: number; denominator: number | null; unit: string; jql: string | null; denominatorJql?: string | null }[];
    expect(figures.length).toBeGreaterThan(10);
    const train = figures.find((f) => f.metric === 'acceptanceRateLastSprint' && f.scope === 'train')!;
    expect(train).toMatchObject({ value: r.train.acceptanceRateLastSprint, numerator: 1, denominator: 1, unit: 'issues', jql: 'key in ("MINI-2") ORDER BY key ASC', denominatorJql: 'key in ("MINI-2") ORDER BY key ASC' });
    const sprint = figures.find((f) => f.metric === 'sprintCommittedAccepted' && f.sprint === 'Mini Sprint 1')!;
    expect(sprint).toMatchObject({ scope: 'sprint', team: 'Comet', numerator: 1, denominator: 1, unit: 'issues' });
    for (const f of figures) {
      expect(['issues', 'points', 'pairs', 'iterations']).toContain(f.unit);
      expect(['train', 'team', 'sprint', 'pi']).toContain(f.scope);
    }
    // An issue count that counts nothing links nothing; one that counts links a key list.
    const issueCounts = figures.filter((f) => f.unit === 'issues');
    expect(issueCounts.length).toBeGreaterThan(5);
    for (const f of issueCounts) expect(f.jql === null ? 0 : (f.jql.match(/"MINI-\d+"/g) ?? []).length).toBe(f.numerator);
    // The team table's numbers are the team figures.
    for (const t of r.teams as { team: string; qualityPassRate: number | null }[]) {
      expect(figures.find((f) => f.metric === 'qualityPassRate' && f.scope === 'team' && f.team === t.team)?.value).toBe(t.qualityPassRate);
    }
  });

  it('never counts issues the caller cannot browse', async () => {
    const asEditor = sink();
    const asViewer = sink();
    await runHealthCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.editor }, asEditor, sink(), {});
    await runHealthCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.viewer }, asViewer, sink(), {});
    expect(asEditor.text).toContain('MINI-4');
    expect(asViewer.text).not.toContain('MINI-4');
  });

  it('prints the per-sprint table as CSV', async () => {
    const out = sink();
    expect(await runHealthCli({ project: 'MINI', csv: true, emulator: em.url, as: USERS.editor }, out, sink(), {})).toBe(0);
    const [header, ...rows] = out.text.trim().split('\n');
    expect(header).toBe('team,sprint,committed,added,accepted,acceptanceRate,reopened');
    expect(rows).toContain('Comet,Mini Sprint 1,1,0,1,1,0');
  });

  it('explains bad arguments and Jira errors with an exit code', async () => {
    const err = sink();
    expect(await runHealthCli({ json: true, emulator: em.url }, sink(), err, {})).toBe(2);
    expect(err.text).toMatch(/--project KEY is required/);
    const err2 = sink();
    expect(await runHealthCli({ project: 'NOPE', json: true, emulator: em.url, as: USERS.editor }, sink(), err2, {})).toBe(1);
    expect(err2.text).toMatch(/NOPE/);
    const err3 = sink();
    expect(await runHealthCli({ project: 'MINI', json: true }, sink(), err3, {})).toBe(2);
    expect(err3.text).toMatch(/--emulator/);
  });

  it('is reachable through the main entry point', async () => {
    const out = sink();
    const code = await main(['health', '--project', 'MINI', '--json', '--emulator', em.url, '--as', USERS.editor], { stdin: process.stdin, stdout: out as never, stderr: sink() as never });
    expect(code).toBe(0);
    expect(JSON.parse(out.text).train).toBeDefined();
  });
});
