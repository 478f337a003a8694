import { backlogFields, chooseStoryPointsField, discoverFields, mapIssue, storyPointsCandidates } from '../../src/jira/mapping';
import { DEFAULT_SETTINGS, effectiveSettings, type DiscoveredFields } from '../../src/domain/settings';
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
    expect(e.order).toEqual(['customfield_10028', 'customfield_10016']);
    expect(e.sentence).toBe('"Story Points" (customfield_10028) has a value on 2 of the 3 most recently updated stories ("Story point estimate" (customfield_10016) on 0, "Story Points" (customfield_10028) on 2), so Refinery reads estimates from it first. Each story\'s estimate is read from "Story Points" (customfield_10028), else from "Story point estimate" (customfield_10016).');
  });

  it('keeps the preference on a tie, on no values, and when the sample failed', () => {
    const both = storyPointsCandidates([storyPoints, estimate]);
    expect(chooseStoryPointsField(both, [issue(1, { customfield_10016: 1, customfield_10028: 2 })]).chosen).toBe('customfield_10016');
    expect(chooseStoryPointsField(both, [issue(1, {})]).sentence).toMatch(/none has a value on the 1 sampled stories/);
    expect(chooseStoryPointsField(both, null)).toMatchObject({ chosen: 'customfield_10016', sentence: expect.stringMatching(/could not be sampled/) });
    expect(chooseStoryPointsField([], [])).toMatchObject({ chosen: null, order: [], sentence: 'No story-points field was found on this site.' });
    expect(chooseStoryPointsField([storyPoints], [])).toMatchObject({ order: ['customfield_10028'], sentence: '"Story Points" (customfield_10028) is the only story-points field on this site.' });
  });
});

describe('estimates read per story from every estimate field, in order', () => {
  const level = () => 0;
  const discovered: DiscoveredFields = { ...discoverFields([estimate, storyPoints]), storyPointsField: 'customfield_10028', storyPointsFields: ['customfield_10028', 'customfield_10016'] };
  const points = (f: Record<string, unknown>, d: DiscoveredFields = discovered) => mapIssue(issue(1, f), d, level).storyPoints;

  it('takes the first field with a number, falling back to the next one', () => {
    expect(points({ customfield_10028: 3, customfield_10016: 8 })).toBe(3);
    expect(points({ customfield_10028: null, customfield_10016: 8 })).toBe(8);
    // A 0 is an estimate, not an empty field.
    expect(points({ customfield_10028: 0, customfield_10016: 8 })).toBe(0);
    // Text or a missing field is not a number: the next field is read.
    expect(points({ customfield_10028: '5', customfield_10016: 2 })).toBe(2);
    expect(points({})).toBeNull();
  });

  it('asks the search for every estimate field in the one field list', () => {
    const list = backlogFields(discovered, { withText: false });
    expect(list.filter((f) => f === 'customfield_10028' || f === 'customfield_10016')).toEqual(['customfield_10028', 'customfield_10016']);
    expect(new Set(list).size).toBe(list.length);
  });

  it('an admin override wins: only its field is read and requested', () => {
    const effective = effectiveSettings({ ...DEFAULT_SETTINGS, storyPointsField: 'customfield_10016' }, discovered);
    expect(effective.fields.storyPointsField).toBe('customfield_10016');
    expect(effective.fields.storyPointsFields).toEqual(['customfield_10016']);
    expect(points({ customfield_10028: 3, customfield_10016: null }, effective.fields)).toBeNull();
    expect(points({ customfield_10028: 3, customfield_10016: 5 }, effective.fields)).toBe(5);
    expect(backlogFields(effective.fields, { withText: false })).not.toContain('customfield_10028');
  });

  it('without an override, discovery\'s order stands; metadata cached before the list reads its one field', () => {
    expect(effectiveSettings(DEFAULT_SETTINGS, discovered).fields.storyPointsFields).toEqual(['customfield_10028', 'customfield_10016']);
    const { storyPointsFields: _dropped, ...older } = discovered;
    expect(effectiveSettings(DEFAULT_SETTINGS, older).fields.storyPointsFields).toEqual(['customfield_10028']);
    expect(points({ customfield_10028: null, customfield_10016: 8 }, older)).toBeNull();
    // Discovery without a sample keeps the preference order, every candidate read.
    expect(discoverFields([storyPoints, estimate]).storyPointsFields).toEqual(['customfield_10016', 'customfield_10028']);
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
      // The emptied demo field stays readable behind it, with the demo's other estimate field.
      expect(meta.discovered.storyPointsFields?.[0]).toBe('customfield_10028');
      expect(meta.discovered.storyPointsFields).toEqual(expect.arrayContaining([DEMO.fieldIds.storyPoints, DEMO.fieldIds.storyPointEstimate]));
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
