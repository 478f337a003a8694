/**
 * The emulator's Forge product events (issue 18): every data change through the emulator's API
 * raises the event Jira would send to an app's `trigger` module, with Forge's payload shapes
 * (developer.atlassian.com/platform/forge/events-reference/jira and …/jira-software), delivered
 * to whoever subscribed (the harness's trigger handler, tests, the bench).
 *
 * Switches (env `EMULATOR_EVENTS_DROP=0.1` etc., or `PUT /__emulator/events`): drop, duplicate,
 * reorder (held back and delivered after the next events) and delay, seeded so a run is
 * reproducible. Forge documents neither ordering nor exactly-once delivery; the app must cope.
 */
import { mulberry32 } from '../random';

export interface EventFaults {
  /** Share (0..1) of events never delivered. */
  drop?: number;
  /** Share (0..1) of events delivered twice. */
  duplicate?: number;
  /** Share (0..1) of events held back and delivered after later ones. */
  reorder?: number;
  /** Every delivery waits this long (ms of wall time). */
  delayMs?: number;
  seed?: number;
  /** No delivery at all (events are still logged). */
  off?: boolean;
}

export interface ForgeProductEvent {
  eventType: string;
  [key: string]: unknown;
}

export type EventSubscriber = (event: ForgeProductEvent) => unknown | Promise<unknown>;

export interface EventLogEntry {
  seq: number;
  eventType: string;
  at: string;
  /** How the switches treated it. */
  fate: 'delivered' | 'dropped' | 'duplicated' | 'reordered';
}

export class EventBus {
  private subscribers: EventSubscriber[] = [];
  private faults: EventFaults;
  private dice: () => number;
  private held: ForgeProductEvent[] = [];
  private inflight = new Set<Promise<unknown>>();
  private seq = 0;
  readonly log: EventLogEntry[] = [];
  /** Delivery failures (a subscriber that threw), for tests to assert on. */
  readonly errors: { eventType: string; message: string }[] = [];

  constructor(faults: EventFaults = faultsFromEnv()) {
    this.faults = faults;
    this.dice = mulberry32(faults.seed ?? 1);
  }

  subscribe(s: EventSubscriber): () => void {
    this.subscribers.push(s);
    return () => (this.subscribers = this.subscribers.filter((x) => x !== s));
  }

  setFaults(f: EventFaults) {
    this.faults = { ...f };
    this.dice = mulberry32(f.seed ?? 1);
  }

  getFaults(): EventFaults {
    return { ...this.faults };
  }

  /** Raises one event (called by the emulator after each write). */
  emit(event: ForgeProductEvent, now: Date = new Date()) {
    const seq = ++this.seq;
    const f = this.faults;
    const d = this.dice();
    let fate: EventLogEntry['fate'] = 'delivered';
    if (f.drop && d < f.drop) fate = 'dropped';
    else if (f.duplicate && d < (f.drop ?? 0) + f.duplicate) fate = 'duplicated';
    else if (f.reorder && d < (f.drop ?? 0) + (f.duplicate ?? 0) + f.reorder) fate = 'reordered';
    this.log.push({ seq, eventType: event.eventType, at: now.toISOString(), fate });
    if (f.off || fate === 'dropped') return;
    if (fate === 'reordered') {
      this.held.push(event);
      return;
    }
    const batch = [event, ...(fate === 'duplicated' ? [event] : []), ...this.held.splice(0).reverse()];
    for (const e of batch) this.deliver(e);
  }

  /** Delivers what reordering still holds back (e.g. at the end of a test). */
  flushHeld() {
    for (const e of this.held.splice(0).reverse()) this.deliver(e);
  }

  /** Resolves when every delivery so far has finished (events are delivered in order, one at a time). */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private chain: Promise<unknown> = Promise.resolve();

  private deliver(event: ForgeProductEvent) {
    const copy = structuredClone(event);
    const delay = this.faults.delayMs ?? 0;
    // One at a time, in emission order (after the switches), as a single Forge consumer would see them.
    const p = (this.chain = this.chain.then(async () => {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      for (const s of this.subscribers) {
        try {
          await s(copy);
        } catch (e) {
          this.errors.push({ eventType: copy.eventType, message: (e as Error).message });
        }
      }
    }));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): EventFaults {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    drop: num(env.EMULATOR_EVENTS_DROP),
    duplicate: num(env.EMULATOR_EVENTS_DUPLICATE),
    reorder: num(env.EMULATOR_EVENTS_REORDER),
    delayMs: num(env.EMULATOR_EVENTS_DELAY_MS),
    seed: num(env.EMULATOR_EVENTS_SEED),
    off: env.EMULATOR_EVENTS_OFF === '1' ? true : undefined,
  };
}
