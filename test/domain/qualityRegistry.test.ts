/**
 * Issue 14 item 4: the rules are a registry of families behind one interface; the report is built from it.
 */
import { checkStory, QUALITY_RULES, RULES } from '../../src/domain/quality';

describe('quality rule registry', () => {
  it('lists each family once, each with an id, a criterion and a check', () => {
    expect(QUALITY_RULES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(QUALITY_RULES.map((r) => r.id)).size).toBe(QUALITY_RULES.length);
    for (const r of QUALITY_RULES) {
      expect(r.id).toMatch(/^[a-z-]+$/);
      expect(['I', 'N', 'V', 'E', 'S', 'T', 'AC', 'FORM', 'MINIMAL']).toContain(r.criterion);
      expect(typeof r.check).toBe('function');
    }
  });
  it('every finding carries a stable rule id, and the score is 1 − the weighted findings', () => {
    const r = checkStory({ id: 'X-1', summary: 'As the developer, I want to create, approve and send fast invoices (TBD) etc.', description: 'Depends on X-2.', storyPoints: 40, blockedBy: [{ key: 'X-2', summary: 'API', isDone: false, team: 'B', sprintName: null }], team: 'A' });
    const ids = new Set<string>(Object.values(RULES));
    expect(r.findings.length).toBeGreaterThanOrEqual(6);
    for (const f of r.findings) expect(ids).toContain(f.rule);
    const weight = { error: 0.25, warning: 0.1, info: 0.03 };
    expect(r.score).toBe(Math.round(Math.max(0, 1 - r.findings.reduce((s, f) => s + weight[f.severity], 0)) * 100) / 100);
    // The DoR's "No quality errors" reads the registry's findings.
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
    expect(r.dor.find((d) => d.rule === 'requireNoErrors')).toEqual({ rule: 'requireNoErrors', label: 'No quality errors', passed: false, detail: `${errors} error${errors === 1 ? '' : 's'}` });
  });
});
