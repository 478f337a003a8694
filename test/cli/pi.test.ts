import { z } from 'zod';
import { startEmulator } from '../../dev/emulator/server';
import { runPiCli } from '../../src/cli/pi';
import { main } from '../../src/cli/main';
import { USERS } from '../fixtures/miniTrain';
import { PI, PI_NOW, piTrain } from '../fixtures/piTrain';
import { runHealthCli } from '../../src/cli/health';

type Running = Awaited<ReturnType<typeof startEmulator>>;
let em: Running;
beforeAll(async () => {
  em = await startEmulator(piTrain());
});
afterAll(() => em.close());

function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

const share = z.number().min(0).max(1).nullable();
const alignment = z.object({ inPiScope: share, topWsjf: share, orphan: share }).strict();
const iso = z.string().datetime({ offset: true }).nullable();
/** The README's "refinery pi" contract, every key and its type; `.strict()` fails on any extra key. */
const contract = z
  .object({
    pi: z.string().nullable(),
    iterations: z.array(z.object({ team: z.string(), sprint: z.string(), sprintId: z.number().int(), start: iso, end: iso }).strict()),
    teams: z.array(
      z
        .object({
          team: z.string(),
          iterations: z.array(z.object({ sprint: z.string(), sprintId: z.number().int(), capacity: z.number().nullable(), load: z.number(), unestimated: z.number().int(), overCommitted: z.boolean() }).strict()),
          alignment,
        })
        .strict(),
    ),
    train: z.object({ capacity: z.number().nullable(), load: z.number(), alignment }).strict(),
    topFeatures: z.array(z.object({ key: z.string(), wsjf: z.number(), teams: z.array(z.object({ team: z.string(), points: z.number() }).strict()) }).strict()),
    dependencies: z.array(z.object({ from: z.string(), to: z.string(), fromSprint: z.string().nullable(), toSprint: z.string().nullable(), risk: z.enum(['later', 'same', 'unplanned', 'ok']) }).strict()),
    features: z.array(z.object({ key: z.string(), ready: z.boolean(), findings: z.array(z.object({ rule: z.string(), message: z.string(), hint: z.string(), evidence: z.string().nullable() }).strict()) }).strict()),
  })
  .strict();

describe('refinery pi (stable contract)', () => {
  let out: ReturnType<typeof contract.parse>;
  beforeAll(async () => {
    const o = sink();
    const e = sink();
    const code = await runPiCli({ project: 'MINI', pi: PI, json: true, emulator: em.url, as: USERS.editor }, o, e, {});
    expect(e.text).toBe('');
    expect(code).toBe(0);
    const lines = o.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    const raw = JSON.parse(lines[0]);
    expect(Object.keys(raw)).toEqual(['pi', 'iterations', 'teams', 'train', 'topFeatures', 'dependencies', 'features']);
    out = contract.parse(raw);
  });

  it('prints one JSON object whose every key matches the contract, with the fixture\'s plan', () => {
    expect(out.pi).toBe(PI);
    expect(out.iterations.map((i) => i.sprint)).toEqual(['Comet PI 1', 'Nebula PI 1', 'Comet IP', 'Nebula PI 2']);
    const comet = out.teams.find((t) => t.team === 'Comet')!;
    // Without an override (the CLI reads default settings) both Comet iterations have its velocity 3.
    expect(comet.iterations).toEqual([
      { sprint: 'Comet PI 1', sprintId: 4, capacity: 3, load: 8, unestimated: 1, overCommitted: true },
      { sprint: 'Comet IP', sprintId: 5, capacity: 3, load: 0, unestimated: 0, overCommitted: false },
    ]);
    expect(out.teams.find((t) => t.team === 'Nebula')!.iterations.map((i) => i.capacity)).toEqual([null, null]);
    expect(out.teams.find((t) => t.team === 'Meteor')!).toEqual({ team: 'Meteor', iterations: [], alignment: { inPiScope: null, topWsjf: null, orphan: null } });
    // 7 of 18 planned points on MINI-1 (in the PI), 11 on the top two by WSJF (MINI-21, MINI-20), none orphan.
    expect(out.train).toEqual({ capacity: 6, load: 18, alignment: { inPiScope: 0.3889, topWsjf: 0.6111, orphan: 0 } });
    expect(out.topFeatures.map((f) => [f.key, f.teams])).toEqual([
      ['MINI-21', []],
      ['MINI-20', [{ team: 'Comet', points: 3 }, { team: 'Nebula', points: 8 }]],
    ]);
    expect(out.dependencies).toContainEqual({ from: 'MINI-14', to: 'MINI-10', fromSprint: 'Nebula PI 2', toSprint: 'Comet PI 1', risk: 'later' });
    expect(out.features.map((f) => f.key)).toEqual(['MINI-1', 'MINI-20', 'MINI-21']);
  });

  it('is reachable as `refinery pi` and exits as health does: 2 for usage and unknown PI, 1 when Jira is unreachable', async () => {
    const stdout = sink();
    expect(await main(['pi', '--project', 'MINI', '--pi', PI, '--json', '--emulator', em.url, '--as', USERS.editor], { stdin: process.stdin, stdout: stdout as never, stderr: sink() as never })).toBe(0);
    expect(JSON.parse(stdout.text).pi).toBe(PI);
    const e1 = sink();
    expect(await runPiCli({ json: true, emulator: em.url }, sink(), e1, {})).toBe(2);
    expect(e1.text).toMatch(/--project KEY is required/);
    const e2 = sink();
    expect(await runPiCli({ project: 'MINI', pi: 'PI-1999.1', json: true, emulator: em.url, as: USERS.editor }, sink(), e2, {})).toBe(2);
    expect(e2.text).toMatch(/Known PIs: PI-2027\.1/);
    const e3 = sink();
    expect(await runPiCli({ project: 'MINI', pi: PI, json: true, emulator: 'http://127.0.0.1:9' }, sink(), e3, {})).toBe(1);
    expect(e3.text).toMatch(/^refinery pi: /);
  });

  it('--now fixes the clock for pi and health (same input, same output), and refuses a time it cannot read', async () => {
    const run = async (now: string) => {
      const o = sink();
      const e = sink();
      const code = await runPiCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.editor, now }, o, e, {});
      return { code, out: o.text, err: e.text };
    };
    const [a, b] = [await run(PI_NOW.toISOString()), await run(PI_NOW.toISOString())];
    expect(a).toEqual({ code: 0, out: expect.stringContaining(`"pi":"${PI}"`), err: '' });
    expect(b.out).toBe(a.out);
    // health reports the time it computed at: the --now given, not the machine's clock.
    const h = sink();
    expect(await runHealthCli({ project: 'MINI', json: true, emulator: em.url, as: USERS.editor, now: '2027-01-10T10:00:00Z' }, h, sink(), {})).toBe(0);
    expect(JSON.parse(h.text).asOf).toBe('2027-01-10T10:00:00.000Z');
    for (const bad of ['yesterday', '2026-12-20']) {
      const r = await run(bad);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`refinery pi: --now must be an ISO 8601 time with a time zone, e.g. 2026-11-20T10:00:00Z (got "${bad}").\n`);
    }
    const viaMain = sink();
    expect(await main(['health', '--project', 'MINI', '--json', '--now', '2027-01-10T10:00:00Z', '--emulator', em.url, '--as', USERS.editor], { stdin: process.stdin, stdout: viaMain as never, stderr: sink() as never })).toBe(0);
    expect(JSON.parse(viaMain.text).asOf).toBe('2027-01-10T10:00:00.000Z');
  });
});
