/** The site check's live-train row (issue 18): the last reconciliation's drift, read back. */
import { DRIFT_WARN_SHARE, liveTrainCheck } from '../../src/app/siteCheck/liveCheck';

describe('site check: events.drift', () => {
  it('before any reconciliation: passes and says the drift is not measured yet', () => {
    const c = liveTrainCheck('ART', null);
    expect(c).toMatchObject({ id: 'events.drift', ok: true });
    expect(c.message).toContain('not measured yet');
  });

  it('no drift: passes with the number of issues compared', () => {
    const c = liveTrainCheck('ART', { at: '2026-12-01T03:00:00.000Z', drift: 0, compared: 420, folded: 12 });
    expect(c.ok).toBe(true);
    expect(c.message).toContain('compared 420 issues');
    expect(c.message).toContain('2026-12-01 03:00 UTC');
  });

  it('drift at the threshold passes, above it fails with a fix', () => {
    const at = '2026-12-01T03:00:00.000Z';
    const atLimit = liveTrainCheck('ART', { at, drift: 10, compared: 10 / DRIFT_WARN_SHARE, folded: 0 });
    expect(atLimit.ok).toBe(true);
    const above = liveTrainCheck('ART', { at, drift: 11, compared: 10 / DRIFT_WARN_SHARE, folded: 0 });
    expect(above.ok).toBe(false);
    expect(above.message).toContain('fixed 11 of 1000 issues');
    expect(above.fix).toContain('refinery-live-train');
  });
});
