/**
 * The simulation model the parts share: one issue being simulated (`Sim`), one team sprint
 * (`SprintInfo`), and the context every part draws from (one PRNG, so the order of the parts' calls
 * is the data set: the same seed and `now` always give the same train).
 */
import type { JiraChangelogItem, JiraIssueLink, JiraSprint, JiraUser } from '../../emulator/dataset';
import type { Adf, Rng } from './basics';
import type { StatusKey } from './jira';

export type Quality = 'gherkin' | 'tasklist' | 'acfield' | 'boldac' | 'noac' | 'vague' | 'nonatomic' | 'technical' | 'placeholder';

export interface Sim {
  kind: 'epic' | 'story';
  team: number;
  created: number;
  summary: string;
  description: Adf | null;
  acField: Adf | null;
  labels: string[];
  points: number | null;
  parent: Sim | null;
  status: StatusKey;
  resolvedAt: number | null;
  sprints: number[]; // current Sprint field value (sprint ids, in order added)
  events: { at: number; author: JiraUser; items: JiraChangelogItem[] }[];
  lastAt: number;
  assignee: JiraUser | null;
  /** Forced outcome for improvement items. */
  force?: 'done' | 'open' | 'carried' | 'active';
  quality?: Quality;
  reopenAt?: number;
  rankKey: number;
  properties?: Record<string, unknown>;
  // assigned later
  id?: string;
  key?: string;
  links: JiraIssueLink[];
}

export interface SprintInfo {
  sprint: JiraSprint;
  team: number;
  index: number; // 0..10
  start: number | null;
  end: number | null;
  complete: number | null;
}

export interface TrainContext {
  seed: number;
  nowMs: number;
  rng: Rng;
  /** A base count times the scale, rounded. */
  n: (base: number) => number;
  /** The scrum teams' people, by team index. */
  people: JiraUser[][];
  /** Every simulated issue, in creation order. */
  sims: Sim[];
  newSim: (kind: Sim['kind'], team: number, created: number, summary: string) => Sim;
}

export function createContext(seed: number, nowMs: number, scale: number, rng: Rng, people: JiraUser[][]): TrainContext {
  const sims: Sim[] = [];
  const newSim = (kind: Sim['kind'], team: number, created: number, summary: string): Sim => {
    const s: Sim = { kind, team, created, summary, description: null, acField: null, labels: [], points: null, parent: null, status: 'todo', resolvedAt: null, sprints: [], events: [], lastAt: created, assignee: null, rankKey: 0, links: [] };
    sims.push(s);
    return s;
  };
  return { seed, nowMs, rng, n: (base: number) => Math.max(0, Math.round(base * scale)), people, sims, newSim };
}
