import { getDependencies, getImprovement, getPiPlanning, getQualitySummary, getWsjfTable } from '../api';
import { earlyCalls } from '../earlyCall';

/** Each project-page tab's first resolver call (its current PI where it has a PI picker). */
const FIRST_CALL = {
  WSJF: (projectKey: string) => getWsjfTable({ projectKey }),
  Quality: (projectKey: string) => getQualitySummary({ projectKey }),
  Dependencies: (projectKey: string) => getDependencies({ projectKey }),
  Improvement: (projectKey: string) => getImprovement({ projectKey }),
  'PI planning': (projectKey: string) => getPiPlanning({ projectKey }),
};
export type TabWithCall = keyof typeof FIRST_CALL;
type Answer<T extends TabWithCall> = ReturnType<(typeof FIRST_CALL)[T]>;

/**
 * A press on a tab starts its first call (static/src/pages/ProjectPage.tsx), so the call runs while the
 * page switches panels and renders the tab's first frame, instead of after them: that switch was a
 * 50–90 ms task at 50k issues ahead of every first tab's call (issue 16). Kept for 10 s: a press that
 * did not become a click (dragged off the tab) leaves no answer a later opening would take.
 */
const early = earlyCalls<unknown>(10_000);
const keyOf = (tab: TabWithCall, projectKey: string) => `${tab}\u0000${projectKey}`;

export const hasFirstCall = (tab: string): tab is TabWithCall => Object.prototype.hasOwnProperty.call(FIRST_CALL, tab);

export function startTabCall(tab: TabWithCall, projectKey: string): void {
  early.start(keyOf(tab, projectKey), () => FIRST_CALL[tab](projectKey));
}

/** The tab's first answer: the one its press started, once; otherwise (a reload, another project) a new call. */
export function tabFirstCall<T extends TabWithCall>(tab: T, projectKey: string): Answer<T> {
  return early.take(keyOf(tab, projectKey), () => FIRST_CALL[tab](projectKey)) as Answer<T>;
}
