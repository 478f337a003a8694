/**
 * Stories and their text: user stories of a team's features in each team's mix of quality (Gherkin,
 * task lists, the AC field, bold "Acceptance criteria:", none, vague, non-atomic, technical,
 * placeholder), unique summaries, estimates; and the improvement items from Inspect & Adapt and
 * retrospectives.
 */
import { DOMAINS, IMPROVEMENTS_PI3, IMPROVEMENTS_PI4, NON_ATOMIC, PLACEHOLDER_TEXT, RETRO_ITEMS, SLICES, TECHNICAL, VAGUE_AC, VAGUE_TEXT, type StoryItem } from '../text';
import { article, bullets, capitalize, DAY, doc, heading, HOUR, MIN, ordered, para, txt, type Adf } from './basics';
import { DEMO } from './demo';
import type { Features } from './features';
import type { Quality, Sim, TrainContext } from './model';
import type { ImprovementSims, Sprints } from './sprints';

export type StoryWriter = ReturnType<typeof storyWriter>;

/** `taken`: summaries already used elsewhere in the data set, so a new summary never repeats one. */
export function storyWriter(ctx: TrainContext, features: Pick<Features, 'allEpics' | 'epicsByTeam' | 'epicDomain'>, taken: Iterable<string> = []) {
  const { rng, newSim } = ctx;
  const { allEpics, epicsByTeam, epicDomain } = features;
  const usedSummaries = new Set<string>(taken);
  const teamQuality: Record<Quality, number>[] = [
    // Comet: disciplined
    { gherkin: 34, tasklist: 16, acfield: 16, boldac: 9, noac: 6, vague: 4, nonatomic: 4, technical: 7, placeholder: 4 },
    // Nebula: many stories without acceptance criteria, vague and placeholder text
    { gherkin: 13, tasklist: 8, acfield: 6, boldac: 5, noac: 32, vague: 12, nonatomic: 7, technical: 7, placeholder: 10 },
    // Pulsar
    { gherkin: 28, tasklist: 14, acfield: 18, boldac: 8, noac: 10, vague: 6, nonatomic: 5, technical: 6, placeholder: 5 },
    // Quasar
    { gherkin: 24, tasklist: 18, acfield: 14, boldac: 10, noac: 11, vague: 6, nonatomic: 5, technical: 8, placeholder: 4 },
  ];

  const userStory = (role: string, means: string, benefit: string | null) => `As ${article(role)} ${role}, I want to ${means}${benefit ? ` so that ${benefit}` : ''}.`;
  const gherkin = (item: StoryItem, qualifier: string): Adf[] => {
    const out: Adf[] = [para(txt('Scenario: ', true), capitalize(item[1]) + (qualifier ? ` ${qualifier}` : '')), bullets([`Given ${item[3]}`, `When ${item[4]}`, `Then ${item[5]}`])];
    if (rng.chance(0.45)) {
      out.push(para(txt('Scenario: ', true), 'Not allowed'), bullets(['Given I am signed in without the required permission', `When I try to ${item[1]}`, 'Then I see a "You don\'t have access" message and nothing is changed']));
    }
    return out;
  };
  const taskList = (items: string[], done: boolean): Adf => ({
    type: 'taskList',
    attrs: { localId: rng.uuid() },
    content: items.map((t) => ({ type: 'taskItem', attrs: { localId: rng.uuid(), state: done ? 'DONE' : 'TODO' }, content: [txt(t)] })),
  });

  const uniqueSummary = (base: string) => {
    let s = base;
    for (const suffix of rng.shuffle([' - follow-up', ' - second iteration', ' for the partner portal', ' for the admin console', ' - phase 3'])) {
      if (!usedSummaries.has(s)) break;
      s = `${base}${suffix}`;
    }
    for (let k = 2; usedSummaries.has(s); k++) s = `${base} - part ${k}`;
    usedSummaries.add(s);
    return s;
  };

  const pickPoints = (team: number, quality: Quality): number | null => {
    const missing = quality === 'placeholder' ? 0.7 : team === 1 ? 0.14 : 0.05;
    if (rng.chance(missing)) return null;
    if (rng.chance(quality === 'nonatomic' ? 0.4 : 0.035)) return rng.pick([13, 21, 40]);
    return rng.pick([1, 2, 2, 3, 3, 3, 5, 5, 5, 8, 8]);
  };

  /** Fills summary, description, AC field, points for a new story of a team's epic. */
  const writeStory = (s: Sim) => {
    const epic = s.parent;
    const domain = epic ? epicDomain.get(epic)! : rng.pick(DOMAINS);
    const quality = rng.weighted(teamQuality[s.team]);
    s.quality = quality;
    s.labels = [domain.name];
    const role = rng.pick(domain.roles);
    if (quality === 'technical') {
      const [summary, means, benefit, steps] = rng.pick(TECHNICAL);
      s.summary = uniqueSummary(`${rng.pick(['', '', 'Spike: ', 'Clean-up: ', 'Follow-up: '])}${summary}`);
      s.labels = ['tech-debt'];
      const content: Adf[] = [para(userStory('developer', means, benefit))];
      if (rng.chance(0.6)) content.push(heading(3, 'Implementation'), ordered(steps));
      if (rng.chance(0.6)) content.push(heading(3, 'Acceptance criteria'), taskList(['All existing tests pass', 'No change in p95 latency', 'Runbook updated'], false));
      s.description = doc(...content);
      s.points = pickPoints(s.team, quality);
      return;
    }
    if (quality === 'nonatomic') {
      const [summary, r, means, benefit] = rng.pick(NON_ATOMIC);
      s.summary = uniqueSummary(summary);
      s.description = doc(para(userStory(r, means, benefit)), heading(3, 'Acceptance criteria'), bullets([`Given I am ${article(r)} ${r}`, `When I ${means}`, 'Then every step completes without leaving the page']));
      s.points = pickPoints(s.team, quality);
      return;
    }
    // Domain item with a slice and a qualifier, unique per summary.
    let item: StoryItem = rng.pick(domain.items);
    let summary = '';
    let qualifier = '';
    const phase2 = rng.chance(0.03);
    for (let attempt = 0; attempt < 40; attempt++) {
      item = rng.pick(domain.items);
      const slice = attempt < 3 ? rng.pick(['', '', '', ...SLICES.slice(1, 3)]) : rng.pick(SLICES);
      qualifier = rng.chance(attempt < 3 ? 0.3 : 0.6) ? rng.pick(domain.qualifiers) : '';
      summary = `${item[0]}${qualifier ? ` ${qualifier}` : ''}${slice}`;
      if (phase2) summary += ' (phase 2)';
      if (!usedSummaries.has(summary)) break;
    }
    s.summary = uniqueSummary(summary);
    const means = item[1] + (qualifier ? ` ${qualifier}` : '');
    const story = para(userStory(role, means, rng.chance(0.88) ? item[2] : null));
    switch (quality) {
      case 'gherkin':
        s.description = doc(story, heading(3, 'Acceptance criteria'), ...gherkin(item, qualifier));
        break;
      case 'tasklist':
        s.description = doc(story, heading(3, 'Acceptance criteria'), taskList([capitalize(item[5]), 'Error states show a clear message', 'Event tracked in analytics'], false));
        break;
      case 'acfield':
        s.description = doc(story, para(rng.pick(['Design: see the Figma frame linked in the feature.', 'Copy reviewed by UX writing.', `Part of ${epic?.summary ?? domain.name}.`])));
        s.acField = rng.chance(0.6) ? doc(...gherkin(item, qualifier)) : doc(bullets([capitalize(item[5]), 'Works for keyboard-only users', 'Covered by an automated end-to-end test']));
        break;
      case 'boldac':
        s.description = doc(story, para(txt('Acceptance criteria:', true)), bullets([capitalize(item[5]), 'Error states show a clear message']));
        break;
      case 'noac':
        s.description = doc(story, ...(rng.chance(0.5) ? [para(`Context: requested by several ${role}s in customer interviews.`)] : []));
        break;
      case 'vague':
        s.description = doc(para(rng.pick(VAGUE_TEXT)), ...(rng.chance(0.6) ? [heading(3, 'Acceptance criteria'), para(rng.pick(VAGUE_AC))] : []));
        break;
      case 'placeholder': {
        const t = rng.pick(PLACEHOLDER_TEXT);
        s.description = rng.chance(0.25) ? null : doc(para(t));
        break;
      }
    }
    s.points = pickPoints(s.team, quality);
  };

  // Each team has two features delivered early (sprints 0-4), two not started yet (future sprints and
  // backlog only) and the rest running throughout.
  const epicWindow = new Map<Sim, [number, number]>();
  for (const es of epicsByTeam) {
    [...es].sort((a, b) => a.created - b.created).forEach((e, i, all) => epicWindow.set(e, i < 2 ? [0, 4] : i >= all.length - 2 ? [9, 11] : [0, 11]));
  }
  const teamEpicWeights = new Map(allEpics.map((e) => [e, rng.between(0.3, 1.5)]));
  /** A new story for a team, for sprint `index` (11 = backlog), created some time before `before`. */
  const newStory = (team: number, before: number, index: number, parentless = false): Sim => {
    const created = before - rng.int(2 * 60, 45 * 24 * 60) * MIN;
    const s = newSim('story', team, created, '');
    if (!parentless) {
      const inWindow = epicsByTeam[team].filter((e) => epicWindow.get(e)![0] <= index && index <= epicWindow.get(e)![1]);
      const es = inWindow.length ? inWindow : epicsByTeam[team];
      const w = es.map((e) => teamEpicWeights.get(e)!);
      let r = rng.float() * w.reduce((x, y) => x + y, 0);
      let parent = es[es.length - 1];
      for (let i = 0; i < es.length; i++) {
        r -= w[i];
        if (r < 0) {
          parent = es[i];
          break;
        }
      }
      s.parent = parent;
      if (s.created < parent.created + DAY) s.created = s.lastAt = parent.created + rng.int(1, 20) * DAY;
    }
    writeStory(s);
    s.rankKey = rng.float();
    return s;
  };
  return { uniqueSummary, writeStory, newStory, taskList };
}

/** Improvement items from two Inspect & Adapt events and two retrospectives, with the sprint each enters. */
export function improvementItems(ctx: TrainContext, sprints: Sprints, writer: StoryWriter): ImprovementSims {
  const { rng, nowMs, newSim } = ctx;
  const sprintInfos = sprints.infos;
  const { uniqueSummary, taskList } = writer;
  const improvementSims: { s: Sim; entry: number | null }[] = [];
  const iaEvents = [
    { at: sprintInfos[0][1].complete! + 3 * HOUR, label: DEMO.labels.earlierPi, items: IMPROVEMENTS_PI3 as readonly (readonly [string, 'done' | 'open' | 'carried' | 'active'])[], firstSprint: 2 },
    { at: sprintInfos[0][6].complete! + 3 * HOUR, label: DEMO.labels.currentPi, items: IMPROVEMENTS_PI4, firstSprint: 7 },
  ];
  for (const ev of iaEvents) {
    ev.items.forEach(([summary, outcome], i) => {
      const team = (i + (ev.firstSprint === 2 ? 0 : 1)) % DEMO.teams.length;
      const s = newSim('story', team, ev.at + i * 7 * MIN, uniqueSummary(summary));
      s.labels = [DEMO.labels.improvement, DEMO.labels.inspectAndAdapt, ev.label];
      s.description = doc(
        para(`Raised at the Inspect & Adapt problem-solving workshop (${ev.label}).`),
        heading(3, 'Problem'),
        para('Identified as a root cause during the fishbone analysis and voted into the top three by the train.'),
        heading(3, 'Acceptance criteria'),
        taskList(['Owner named and agreed in the ART sync', 'Result demonstrated at the next system demo'], outcome === 'done'),
      );
      s.points = rng.pick([1, 2, 3, 3, 5]);
      s.force = outcome;
      s.rankKey = rng.float() * 0.3;
      const entry = outcome === 'open' ? null : outcome === 'active' ? 8 : Math.min(8, ev.firstSprint + (i % 2));
      improvementSims.push({ s, entry });
    });
  }
  RETRO_ITEMS.forEach((summary, i) => {
    const team = i === 0 ? 1 : 3;
    const at = Math.min(sprintInfos[team][7].complete! + 2 * HOUR, nowMs - 3 * HOUR);
    const s = newSim('story', team, at, uniqueSummary(summary));
    s.labels = [DEMO.labels.improvement, DEMO.labels.retrospective];
    s.description = doc(para(`Action from the ${sprintInfos[team][7].sprint.name} retrospective.`));
    s.points = 1;
    s.force = i === 0 ? 'active' : 'done';
    s.rankKey = rng.float() * 0.3;
    improvementSims.push({ s, entry: 8 });
  });
  return improvementSims;
}
