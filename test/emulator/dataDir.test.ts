import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { DATA_FILES } from '../../dev/emulator/dataset';
import { DataDirError, loadDataDir, writeDataDir } from '../../dev/emulator/loadDataDir';
import { miniTrain } from '../fixtures/miniTrain';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'refinery-data-'));

describe('emulator data directory (stable layout)', () => {
  it('writes one JSON array per collection and reads back the same data set', () => {
    const dir = tmp();
    const data = generateDemoTrain({ now: new Date('2026-11-20T10:00:00Z') });
    writeDataDir(dir, data);
    for (const name of DATA_FILES) expect(Array.isArray(JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')))).toBe(true);
    expect(loadDataDir(dir)).toEqual(data);
  });

  it('accepts a directory without the optional linktypes.json and fills user defaults', () => {
    const dir = tmp();
    const data = miniTrain();
    writeDataDir(dir, data);
    rmSync(path.join(dir, 'linktypes.json'), { force: true });
    const users = JSON.parse(readFileSync(path.join(dir, 'users.json'), 'utf8')) as Record<string, unknown>[];
    delete users[0].globalPermissions;
    writeFileSync(path.join(dir, 'users.json'), JSON.stringify(users));
    const loaded = loadDataDir(dir);
    expect(loaded.linktypes).toBeUndefined();
    expect(loaded.users[0].globalPermissions).toEqual([]);
    expect(loaded.issues).toHaveLength(data.issues.length);
  });

  it.each([
    ['a missing required file', (dir: string) => rmSync(path.join(dir, 'issues.json')), /issues\.json is missing/],
    ['a file that is not JSON', (dir: string) => writeFileSync(path.join(dir, 'sprints.json'), '{"oops"'), /sprints\.json is not valid JSON/],
    ['a file that is not an array', (dir: string) => writeFileSync(path.join(dir, 'boards.json'), '{}'), /boards\.json must hold a JSON array/],
    ['an issue without status category', (dir: string) => writeFileSync(path.join(dir, 'issues.json'), JSON.stringify([{ id: '1', key: 'X-1', fields: { project: { key: 'X' }, issuetype: { name: 'Story' }, status: { name: 'To Do' } } }])), /issues\.json entry 0 is not a Jira issue/],
  ])('explains %s', (_what, breakIt, message) => {
    const dir = tmp();
    writeDataDir(dir, miniTrain());
    breakIt(dir);
    expect(() => loadDataDir(dir)).toThrow(DataDirError);
    expect(() => loadDataDir(dir)).toThrow(message);
  });

  it('explains a directory that does not exist', () => {
    expect(() => loadDataDir('/nonexistent/refinery')).toThrow(/does not exist/);
  });
});
