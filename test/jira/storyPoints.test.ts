import { chooseStoryPointsField, discoverFields, storyPointsCandidates } from '../../src/jira/mapping';
import type { JiraField, JiraIssue } from '../../src/jira/types';
import { JiraClient } from '../../src/jira/client';
import { fetchTransport } from '../../src/jira/transport';
import { siteMetadata, STORY_POINTS_SAMPLE } from '../../src/app/siteMetadata';
import { getSettings } from '../../src/app/settings';
import { MemoryStore } from '../../src/storage/memoryStore';
import { startEmulator } from '../../dev/emulator/server';
import { generateDemoTrain, DEMO } from '../../dev/demo/generateDemoTrain';

const NOW = new Date('2026-11-20T10:00:00Z');
// As Jira Cloud lists them: team-managed projects' estimate (Jira Software's own type) and a
// company-managed "Story Points" number field.
const estimate: JiraField = { id: 'customfield_10016', key: 'customfield_10016', name: 'Story point estimate', custom: true, orderable: true, navigable: true, searchable: true, clauseNames: ['cf[10016]', 'Story point estimate'], schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016 } };
const storyPoints: JiraField = { id: 'customfield_10028', key: 'customfield_10028', name: 'Story Points', custom: true, orderable: true, navigable: true, searchable: true, clauseNames: ['cf[10028]', 'Story Points'], schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10028 } };
const issue = (n: number, f: Record<string, unknown>): JiraIssue => ({ id: String(10000 + n), key: `ART-${n}`, fields: f }) as JiraIssue;

describe('story-points discovery from the stories\' own values', () => {
  it('prefers Jira Software\'s estimate field when there is no evidence', () => {
    expect(storyPointsCandidates([storyPoints, estimate]).map((f) => f.id)).toEqual(['customfield_10016', 'customfield_10028']);
    expect(discoverFields([storyPoints, estimate]).storyPointsField).toBe('customfield_10016');
  });

  it('takes "Story Points" when the stories estimate there (a company-managed project), and says why', () => {
    const sample = [issue(1, { customfield_10028: 3, customfield_10016: null }), issue(2, { customfield_10028: 5 }), issue(3, { customfield_10016: null, customfield_10028: null })];
    const e = chooseStoryPointsField(storyPointsCandidates([estimate, storyPoints]), sample);
    expect(e.chosen).toBe('customfield_10028');
    expect(e.sampled).toBe(3);
    expect(e.candidates).toEqual([{ id: 'customfield_10016', name: 'Story point estimate', withValue: 0 }, { id: 'customfield_10028', name: 'Story Points', withValue: 2 }]);
    expect(e.sentence).toBe('"Story Points" (customfield_10028) has a value on 2 of the 3 most recently updated stories ("Story point estimate" (customfield_10016) on 0, "Story Points" (customfield_10028) on 2), so Refinery reads estimates from it.');
  });

  it('keeps the preference on a tie, on no values, and when the sample failed', () => {
    const both = storyPointsCandidates([storyPoints, estimate]);
    expect(chooseStoryPointsField(both, [issue(1, { customfield_10016: 1, customfield_10028: 2 })]).chosen).toBe('customfield_10016');
    expect(chooseStoryPointsField(both, [issue(1, {})]).sentence).toMatch(/none has a value on the 1 sampled stories/);
    expect(chooseStoryPointsField(both, null)).toMatchObject({ chosen: 'customfield_10016', sentence: expect.stringMatching(/could not be sampled/) });
    expect(chooseStoryPointsField([], [])).toMatchObject({ chosen: null, sentence: 'No story-points field was found on this site.' });
  });
});

describe('site metadata samples the stories when estimate fields compete', () => {
  it('reads a company-managed train\'s "Story Points" instead of reporting it unestimated, in one extra search', async () => {
    const data = generateDemoTrain({ now: NOW });
    // The demo's estimates moved to a "Story Points" number field; its own field becomes Jira Software's empty one.
    const demoField = data.fields.find((f) => f.id === DEMO.fieldIds.storyPoints)!;
    demoField.schema = { ...demoField.schema!, custom: 'com.pyxis.greenhopper.jira:jsw-story-points' };
    data.fields.push(storyPoints);
    let moved = 0;
    for (const i of data.issues) {
      const f = i.fields as Record<string, unknown>;
      if (typeof f[DEMO.fieldIds.storyPoints] === 'number') moved++;
      f.customfield_10028 = f[DEMO.fieldIds.storyPoints] ?? null;
      f[DEMO.fieldIds.storyPoints] = null;
    }
    expect(moved).toBeGreaterThan(STORY_POINTS_SAMPLE);
    const em = await startEmulator(data, { now: () => NOW });
    try {
      const ctx = { jira: new JiraClient(fetchTransport({ baseUrl: em.url, headers: { 'X-Refinery-As-User': DEMO.users.admin } })), store: new MemoryStore(), siteUrl: DEMO.siteUrl, accountId: DEMO.users.admin, now: () => NOW };
      const meta = await siteMetadata(ctx);
      expect(meta.discovered.storyPointsField).toBe('customfield_10028');
      const samples = em.emulator.requests.filter((r) => r.path === '/rest/api/3/search/jql');
      expect(samples).toHaveLength(1);
      // The demo also has the team-managed project's "Story point estimate": every candidate is sampled.
      expect(samples[0].body).toMatchObject({ fields: expect.arrayContaining([DEMO.fieldIds.storyPoints, 'customfield_10028']), maxResults: STORY_POINTS_SAMPLE });
      const counts = Object.fromEntries(meta.storyPointsEvidence.candidates.map((c) => [c.id, c.withValue]));
      expect(counts[DEMO.fieldIds.storyPoints]).toBe(0);
      expect(counts.customfield_10028).toBeGreaterThan(0);
      // Cached: a second call asks Jira nothing.
      const before = em.emulator.requests.length;
      await siteMetadata(ctx);
      expect(em.emulator.requests.length).toBe(before);
      // The settings page carries the evidence.
      const settings = await getSettings(ctx);
      expect(settings.storyPointsEvidence?.sentence).toMatch(/^"Story Points" \(customfield_10028\) has a value on \d+ of the 100 most recently updated stories/);
    } finally {
      await em.close();
    }
  });
});
