import { useMemo } from 'react';
import { getFigureLinks } from '../api';
import type { FigureLinksLoader } from './Figure';
import type { FigureLinksTab } from './types';

/**
 * Issue 16: the long key lists a tab's answer left out (FigureView.linksOnDemand), asked for when a
 * person reaches for a count (one request per figure, kept). The links answered must be the ones the
 * number left out (the same digest, so they open exactly its issues, whatever the "as of" of the view
 * they come from) and for the same counts; else the person is told to refresh. `pi`: the PI the tab
 * shows (Improvement's I&A summary, PI planning's board).
 */
export function useFigureLinksLoader(projectKey: string, tab: FigureLinksTab, pi?: string | null): FigureLinksLoader {
  return useMemo(() => {
    const asked = new Map<string, ReturnType<FigureLinksLoader>>();
    return (figure) => {
      const known = asked.get(figure.id);
      if (known) return known;
      const p: ReturnType<FigureLinksLoader> = getFigureLinks({ projectKey, figureIds: [figure.id], tab, ...(pi ? { pi } : {}) }).then((r) => {
        if (!r.ok) return { ok: false as const, message: `The links could not be loaded: ${r.error.message}` };
        const links = r.data.figures.find((x) => x.id === figure.id);
        if (!links || links.digest !== figure.linksOnDemand?.digest || links.numerator !== figure.numerator || links.denominator !== figure.denominator || links.memberCount !== figure.memberCount) {
          return { ok: false as const, message: 'The numbers changed since this tab loaded. Press Refresh to see the current numbers and their issues.' };
        }
        return { ok: true as const, links };
      });
      asked.set(figure.id, p);
      // A failure is not kept: the next hover or click asks again.
      void p.then((r) => {
        if (!r.ok) asked.delete(figure.id);
      });
      return p;
    };
  }, [projectKey, tab, pi]);
}
