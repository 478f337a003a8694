import { startEmulator } from '../../dev/emulator/server';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';
import { runDoctorCli } from '../../src/cli/doctor';
import { main } from '../../src/cli/main';
import { SITE_CHECK_IDS } from '../../src/app/siteCheck';

const NOW = new Date('2026-11-20T10:00:00Z');
type Running = Awaited<ReturnType<typeof startEmulator>>;
let em: Running;
beforeAll(async () => {
  em = await startEmulator(generateDemoTrain({ now: NOW }), { now: () => NOW });
});
afterAll(() => em.close());

function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

async function doctor(values: Record<string, string | boolean | undefined>) {
  const out = sink();
  const err = sink();
  const code = await runDoctorCli(values, out, err, {});
  return { code, out: out.text, err: err.text };
}

describe('refinery doctor --json (stable contract)', () => {
  it('prints exactly {"checks":[{"id","ok","message","fix"?}]} on one line', async () => {
    const { code, out, err } = await doctor({ json: true, emulator: em.url, as: DEMO.users.member, project: 'ART' });
    expect(err).toBe('');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as { checks: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['checks']);
    expect(parsed.checks.length).toBeGreaterThan(0);
    // The member lacks Edit Issues, so the report has both passing and failing checks to check the shape of.
    expect(parsed.checks.some((c) => c.ok === true)).toBe(true);
    expect(parsed.checks.some((c) => c.ok === false)).toBe(true);
    for (const c of parsed.checks) {
      expect(Object.keys(c)).toEqual(c.ok ? ['id', 'ok', 'message'] : ['id', 'ok', 'message', 'fix']);
      expect(typeof c.id).toBe('string');
      expect(typeof c.message).toBe('string');
      expect((c.message as string).length).toBeGreaterThan(10);
      if (!c.ok) expect((c.fix as string).length).toBeGreaterThan(10);
    }
    expect(parsed.checks.map((c) => c.id)).toEqual([...SITE_CHECK_IDS]);
    expect(code).toBe(1);
  });

  it('exits 0 on the demo as its Jira admin, every check passing', async () => {
    const { code, out } = await doctor({ json: true, emulator: em.url, as: DEMO.users.admin, project: 'ART' });
    const { checks } = JSON.parse(out) as { checks: { id: string; ok: boolean }[] };
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(0);
  });

  it('prints a readable report with the fix under each failing check', async () => {
    const { code, out } = await doctor({ emulator: em.url, as: DEMO.users.member, project: 'ART' });
    expect(code).toBe(1);
    expect(out).toMatch(/^Refinery site check of http:\/\/127\.0\.0\.1:\d+, train of ART\n/);
    expect(out).toMatch(/ {2}FAIL {2}You do not have Schedule Issues in ART: Apply WSJF order is refused\.\n {8}Fix: Ask a Jira administrator to grant Schedule Issues/);
    expect(out).toMatch(/\n4 of 17 checks found something that will not work\.\n$/);
  });

  it('turns refused credentials into one failed check and exit 1, not a crash', async () => {
    const { code, out } = await doctor({ json: true, emulator: em.url, as: 'no-such-account', project: 'ART' });
    expect(code).toBe(1);
    const { checks } = JSON.parse(out);
    expect(checks).toEqual([{ id: 'connection', ok: false, message: expect.stringMatching(/^Refinery could not sign in/), fix: expect.stringMatching(/API token/) }]);
  });

  it('explains bad arguments with exit code 2', async () => {
    expect((await doctor({ emulator: em.url, project: 'not a key' })).code).toBe(2);
    const noConnection = await doctor({ project: 'ART' });
    expect(noConnection.code).toBe(2);
    expect(noConnection.err).toMatch(/--emulator/);
    const noManifest = await doctor({ emulator: em.url, manifest: '/nonexistent/manifest.yml' });
    expect(noManifest.code).toBe(2);
    expect(noManifest.err).toMatch(/no manifest at \/nonexistent\/manifest\.yml/);
  });

  it('is reachable through the main entry point', async () => {
    const out = sink();
    const code = await main(['doctor', '--json', '--emulator', em.url, '--as', DEMO.users.admin, '--project', 'ART'], { stdin: process.stdin, stdout: out as never, stderr: sink() as never });
    expect(code).toBe(0);
    expect(JSON.parse(out.text).checks.length).toBe(SITE_CHECK_IDS.length);
  });
});
