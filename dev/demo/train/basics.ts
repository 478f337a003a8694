/**
 * The demo train's basics: a seeded PRNG (no Math.random), time units and formats, and ADF builders.
 */
import { mulberry32 } from '../../random';

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const SPRINT_LENGTH = 14 * DAY;

/** Issue and changelog timestamps as Jira's REST API v3 writes them. */
export const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
/** Agile API (sprint) timestamps. */
export const agileTime = (ms: number) => new Date(ms).toISOString();

export type Adf = { type: string; [k: string]: unknown };
export const txt = (t: string, strong = false): Adf => (strong ? { type: 'text', text: t, marks: [{ type: 'strong' }] } : { type: 'text', text: t });
export const para = (...parts: (string | Adf)[]): Adf => ({ type: 'paragraph', content: parts.map((p) => (typeof p === 'string' ? txt(p) : p)) });
export const heading = (level: number, t: string): Adf => ({ type: 'heading', attrs: { level }, content: [txt(t)] });
export const bullets = (items: string[]): Adf => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [para(i)] })) });
export const ordered = (items: readonly string[]): Adf => ({ type: 'orderedList', attrs: { order: 1 }, content: items.map((i) => ({ type: 'listItem', content: [para(i)] })) });
export const doc = (...content: Adf[]): Adf => ({ type: 'doc', version: 1, content });

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const article = (role: string) => (/^[aeiou]/i.test(role) ? 'an' : 'a');
