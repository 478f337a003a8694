/**
 * A resolver call started before the component that shows its answer has rendered (issue 16): the
 * issue panel's with its context, a tab's with the press on it. The component takes the started
 * answer once; any later load (a reload, a retry) asks again. An answer started longer ago than
 * `freshMs` and never taken (a press that did not become a click) is not handed out: a new call is made.
 */
export function earlyCalls<A>(freshMs = Number.POSITIVE_INFINITY, now: () => number = () => Date.now()) {
  const early = new Map<string, { at: number; answer: Promise<A> }>();
  return {
    start(key: string, load: () => Promise<A>): void {
      const e = early.get(key);
      if (e && now() - e.at <= freshMs) return;
      const answer = load();
      // Rejections reach whoever takes it; one nobody takes is not an unhandled rejection.
      answer.catch(() => undefined);
      early.set(key, { at: now(), answer });
    },
    take(key: string, load: () => Promise<A>): Promise<A> {
      const e = early.get(key);
      early.delete(key);
      return e && now() - e.at <= freshMs ? e.answer : load();
    },
  };
}
