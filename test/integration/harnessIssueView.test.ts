/**
 * The harness's issue view shows every field the app writes, by name (issue 17): after the app has
 * scored a feature (WSJF, Cost of Delay fields) and inserted acceptance criteria into the
 * acceptance-criteria field, a person opening /browse/KEY sees those values — not an issue view that
 * hides them. Over HTTP against the harness, with the writes made through the app's own resolvers.
 */
import type { RunningHarness } from '../../dev/harness/server';
import { DEMO, invoke, ok, startDemoHarness } from './harness';
import { generateDemoTrain } from '../../dev/demo/generateDemoTrain';
import { checkStory } from '../../src/domain/quality';

const NOW = new Date('2026-11-20T10:00:00Z');
const data = generateDemoTrain({ now: NOW });
const F = DEMO.fieldIds;
let h: RunningHarness;
beforeAll(async () => {
  h = await startDemoHarness(data);
});
afterAll(() => h?.close());

const view = async (key: string, user = DEMO.users.popm) => (await fetch(`${h.url}/browse/${key}?as=${encodeURIComponent(user)}`)).text();
/** The Details row of field `id`: its label and its value. */
function row(html: string, id: string): { name: string; value: string } | null {
  const m = new RegExp(`<tr data-testid="field-${id}"><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>`).exec(html);
  return m ? { name: m[1], value: m[2] } : null;
}

describe('the harness issue view shows the fields the app writes', () => {
  it("a feature's WSJF and Cost of Delay fields, by name, with the values the score saved", async () => {
    const feature = data.issues.find((i) => i.fields.issuetype.hierarchyLevel === 1 && !i.properties?.['refinery.wsjf'] && i.fields.status.statusCategory.key !== 'done')!;
    expect(row(await view(feature.key), F.wsjf)).toBeNull();
    const panel = ok(await invoke(h, DEMO.users.popm, 'getIssuePanel', { issueKey: feature.key }));
    expect(panel.kind).toBe('feature');
    ok(await invoke(h, DEMO.users.popm, 'saveWsjf', { issueKey: feature.key, scores: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 }, expectedVersion: 0 }));
    const html = await view(feature.key);
    // Cost of Delay = 8 + 5 + 3 = 16; WSJF = 16 / 2 = 8 (SAFe's definition, docs/WSJF.md).
    expect(row(html, F.costOfDelay)).toEqual({ name: 'Cost of Delay', value: '16' });
    expect(row(html, F.wsjf)).toEqual({ name: 'WSJF', value: '8' });
  });

  it('a story\'s acceptance-criteria field after "Insert template", and its story points and team by name', async () => {
    const story = data.issues.find(
      (i) =>
        i.fields.issuetype.name === 'Story' &&
        i.fields.status.statusCategory.key !== 'done' &&
        typeof i.fields[F.storyPoints] === 'number' &&
        !checkStory({ id: i.key, summary: i.fields.summary, description: i.fields.description, acceptanceCriteria: i.fields[F.acceptanceCriteria] }).hasAcceptanceCriteria,
    )!;
    expect(story).toBeDefined();
    const preview = ok(await invoke(h, DEMO.users.popm, 'previewAcTemplate', { issueKey: story.key }));
    expect(preview.target).toBe('field');
    expect(preview.canInsert).toBe(true);
    ok(await invoke(h, DEMO.users.popm, 'insertAcTemplate', { issueKey: story.key, expectedVersion: preview.version }));
    const html = await view(story.key);
    const section = new RegExp(`<h2 class="section">Acceptance criteria</h2><div class="description" data-testid="field-${F.acceptanceCriteria}">(.*?)</div>`).exec(html);
    expect(section).not.toBeNull();
    for (const line of preview.blocks.filter((b) => b.kind === 'item').map((b) => b.text)) expect(section![1]).toContain(line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(row(html, F.storyPoints)).toEqual({ name: 'Story Points', value: String(story.fields[F.storyPoints]) });
    expect(row(html, F.team)?.name).toBe('Team');
    expect(row(html, F.team)?.value).toBe((story.fields[F.team] as { name: string }).name);
    // Lexorank is Jira's internal ordering, never shown in its issue view.
    expect(html).not.toContain(`field-${F.rank}`);
  });
});
