/**
 * The hand-made acceptance-criteria labels (test/fixtures/quality/README.md): well-formed, one per description,
 * at least 200, ids only (the CC BY-NC-SA descriptions stay in ../shared).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const file = path.resolve(__dirname, '../fixtures/quality/gitlab-descriptions-labels.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('GitLab description labels', () => {
  it('has at least 200 labels, each {id, label} only, with a known label and a unique id', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['id', 'label']);
      expect(['has-ac', 'empty-ac', 'no-ac']).toContain(r.label);
      expect(r.id).toMatch(/^gd-\d{3}$/);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
  it('every label class occurs (the eval reports each one)', () => {
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['has-ac', 'empty-ac', 'no-ac']));
  });
});
