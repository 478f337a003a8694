import { differenceInCalendarDays } from 'date-fns';
import { offScaleComponents, scoreWsjf } from '../domain/wsjf';
import type { WsjfView } from '../contract';
import type { StoredWsjf } from './wsjfProperty';

export function wsjfView(stored: StoredWsjf, scale: readonly number[], staleAfterDays: number, now: Date): WsjfView {
  const score = scoreWsjf(stored);
  const age = stored.scoredAt ? differenceInCalendarDays(now, new Date(stored.scoredAt)) : null;
  const stale = age === null || age > staleAfterDays;
  return {
    ...score,
    scoredBy: stored.scoredBy ?? null,
    scoredAt: stored.scoredAt ?? null,
    version: stored.version ?? 0,
    stale,
    ...(stale
      ? { staleReason: age === null ? 'No scoring date is recorded.' : `Scored ${age} days ago; scores older than ${staleAfterDays} days (about one PI) should be revisited.` }
      : {}),
    offScale: offScaleComponents(stored, scale),
  };
}
