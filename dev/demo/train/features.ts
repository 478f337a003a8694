/**
 * Features (Epics): one per product domain's feature name, spread over the four teams, each with a
 * benefit hypothesis and acceptance criteria; later their status from their stories, their PI label
 * and WSJF scores (with unscored, stale, off-scale and tied ones).
 */
import { DOMAINS, type Domain } from '../text';
import { bullets, DAY, doc, heading, MIN, HOUR, para } from './basics';
import { DEMO } from './demo';
import type { Changelog } from './sprints';
import type { Sim, TrainContext } from './model';
import { POPM } from './people';

export interface Features {
  allEpics: Sim[];
  epicsByTeam: Sim[][];
  epicDomain: Map<Sim, Domain>;
  /** The feature only some users may see (issue security), with its stories. */
  confidentialEpic: Sim | null;
}

export function createFeatures(ctx: TrainContext): Features {
  const { rng, nowMs, newSim, sims } = ctx;
  const epicDomain = new Map<Sim, Domain>();
  const epicsByTeam: Sim[][] = DEMO.teams.map(() => []);
  let confidentialEpic: Sim | null = null;
  const epicSpecs = DOMAINS.flatMap((d, di) => d.epics.map((name, ei) => ({ d, name, team: (di + ei) % DEMO.teams.length })));
  for (const spec of rng.shuffle(epicSpecs)) {
    const created = nowMs - rng.int(170, 240) * DAY + rng.int(0, 8 * 60) * MIN;
    const e = newSim('epic', spec.team, created, spec.name);
    epicDomain.set(e, spec.d);
    epicsByTeam[spec.team].push(e);
    const role = rng.pick(spec.d.roles);
    e.description = doc(
      heading(2, 'Benefit hypothesis'),
      para(`We believe that "${spec.name.toLowerCase()}" will help ${role}s get their work done with less friction, measured by fewer support tickets about ${spec.d.name} and higher weekly active use.`),
      heading(2, 'Acceptance criteria'),
      bullets([`Available to all ${spec.d.name} customers behind a feature flag`, 'Usage analytics in place before general availability', 'Help centre article published']),
      heading(3, 'Out of scope'),
      para('Changes to the legacy admin console.'),
    );
    e.labels = [spec.d.name];
    if (spec.name.includes('Vega')) {
      confidentialEpic = e;
      e.labels.push('confidential');
    }
    e.assignee = POPM;
    e.rankKey = rng.float();
  }
  const allEpics = sims.filter((s) => s.kind === 'epic');
  return { allEpics, epicsByTeam, epicDomain, confidentialEpic };
}

/** Each feature's status from its stories, its PI label, and the WSJF scores of most features. */
export function finishFeatures(ctx: TrainContext, features: Features, log: Changelog): void {
  const { rng, nowMs, sims } = ctx;
  const { allEpics } = features;
  const { transition } = log;
  const stories = sims.filter((s) => s.kind === 'story');
  for (const e of allEpics) {
    const kids = stories.filter((s) => s.parent === e);
    const starts = kids.flatMap((k) => k.events.filter((ev) => ev.items.some((i) => i.field === 'status' && i.fromString === 'To Do')).map((ev) => ev.at));
    if (starts.length) transition(e, 'progress', Math.min(Math.min(...starts) + rng.int(5, 120) * MIN, nowMs - 10 * MIN));
    if (kids.length >= 3 && kids.every((k) => k.status === 'done')) transition(e, 'done', Math.min(Math.max(...kids.map((k) => k.resolvedAt!)) + rng.int(1, 48) * HOUR, nowMs - 5 * MIN));
    e.labels.push(e.status === 'done' || e.created < nowMs - 205 * DAY ? DEMO.labels.earlierPi : DEMO.labels.currentPi);
  }
  const scale20 = [1, 2, 3, 5, 8, 13, 20];
  const fib = () => rng.pick(scale20);
  const epicOrder = [...allEpics].sort((a, b) => a.created - b.created);
  const unscoredIdx = new Set(rng.shuffle(epicOrder.map((_, i) => i)).slice(0, 12));
  const scored = epicOrder.filter((_, i) => !unscoredIdx.has(i));
  scored.forEach((e, i) => {
    let bv = fib();
    let tc = fib();
    let rr = fib();
    let size = fib();
    if (i === 0) rr = 1;
    if (i === 1) bv = 1;
    if (i === 2) tc = 1;
    if (i === 3) size = 1;
    if (i === 5) [bv, tc, rr] = [1, 13, 1]; // urgent but valueless
    if (i === 6) bv = 4; // off the Fibonacci scale
    if (i === 7) size = 40; // off the default scale
    if (i === 8 || i === 9) [bv, tc, rr, size] = [8, 5, 3, 8]; // a tie
    const stale = i >= scored.length - 4;
    const scoredAt = stale ? nowMs - rng.int(75, 140) * DAY : nowMs - rng.int(3, 55) * DAY - rng.int(0, 600) * MIN;
    const cod = bv + tc + rr;
    e.properties = {
      'refinery.wsjf': {
        businessValue: bv,
        timeCriticality: tc,
        riskReduction: rr,
        jobSize: size,
        costOfDelay: cod,
        wsjf: Math.round((cod / size) * 100) / 100,
        scoredBy: { accountId: POPM.accountId, displayName: POPM.displayName },
        scoredAt: new Date(Math.max(scoredAt, e.created + DAY)).toISOString(),
        version: 1,
      },
    };
  });
}
