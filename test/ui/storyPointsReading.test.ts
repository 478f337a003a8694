/**
 * The settings page's sentence about story points: which estimate fields are read and in what
 * order (discovery's own sentence), or that a field chosen in settings is read alone.
 */
import { storyPointsReading } from '../../static/src/pages/storyPointsReading';
import type { SettingsData } from '../../src/contract';


const data: Pick<SettingsData, 'storyPointsEvidence' | 'fields'> = {
  fields: [
    { id: 'customfield_10016', name: 'Story Points', type: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
    { id: 'customfield_10036', name: 'Story point estimate', type: 'com.pyxis.greenhopper.jira:jsw-story-points' },
  ],
  storyPointsEvidence: {
    chosen: 'customfield_10016',
    order: ['customfield_10016', 'customfield_10036'],
    sampled: 100,
    candidates: [
      { id: 'customfield_10036', name: 'Story point estimate', withValue: 4 },
      { id: 'customfield_10016', name: 'Story Points', withValue: 90 },
    ],
    reason: '"Story Points" (customfield_10016) has a value on 90 of the 100 most recently updated stories, so Refinery reads estimates from it first.',
    sentence: '"Story Points" (customfield_10016) has a value on 90 of the 100 most recently updated stories, so Refinery reads estimates from it first. Each story\'s estimate is read from "Story Points" (customfield_10016), else from "Story point estimate" (customfield_10036).',
  },
};

const P = { id: 'customfield_10016', name: 'Story Points' };
const E = { id: 'customfield_10036', name: 'Story point estimate' };

describe('storyPointsReading', () => {
  it('on “Use discovered”, says the reading order and why, as discovery wrote it, with each field by name (id kept for the hover)', () => {
    const parts = storyPointsReading(data, '')!;
    expect(parts).toEqual([P, ' has a value on 90 of the 100 most recently updated stories, so Refinery reads estimates from it first. Each story\'s estimate is read from ', P, ', else from ', E, '.']);
    // Nothing of discovery's sentence is lost: with each field put back as discovery named it, it is the sentence.
    expect(parts.map((p) => (typeof p === 'string' ? p : `"${p.name}" (${p.id})`)).join('')).toBe(data.storyPointsEvidence!.sentence);
  });

  it('with a field chosen, says only that field is read, and what discovery would read instead', () => {
    expect(storyPointsReading(data, 'customfield_10036')).toEqual(['Only ', E, ' is read, as chosen here. “Use discovered” would read each story\'s estimate from ', P, ', else from ', E, '.']);
  });

  it('names an unknown chosen id as typed, and stays silent without evidence or choice', () => {
    expect(storyPointsReading({ fields: [], storyPointsEvidence: null }, 'customfield_99')).toEqual(['Only customfield_99 is read, as chosen here.']);
    expect(storyPointsReading({ fields: [], storyPointsEvidence: null }, '')).toBeNull();
  });

  it('leaves a quoted name with an id the site does not have as text', () => {
    const odd = { ...data, storyPointsEvidence: { ...data.storyPointsEvidence!, sentence: 'Read from "Gone" (customfield_1).' } };
    expect(storyPointsReading(odd, '')).toEqual(['Read from "Gone" (customfield_1).']);
  });
});
