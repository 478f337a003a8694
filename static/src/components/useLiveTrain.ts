import { useEffect, useRef, useState } from 'react';
import type { ProjectOverviewData } from '../../../src/contract';
import { refreshFromTrainEvents, getTrainVersion } from '../api';

/** How often the page asks whether events changed the train (a storage read, no Jira call). */
export const LIVE_POLL_MS = 3000;

/**
 * Keeps the Overview current from Jira's events (issue 18): polls the stored train's version and,
 * when events changed it since this view, has the backend bring the view up to date (as this
 * person) and shows the new figures without a reload. `live` is the backend's answer: the view
 * includes every event seen so far.
 */
export function useLiveTrain(projectKey: string, onData: (d: ProjectOverviewData) => void, paused: boolean): { live: boolean } {
  const [live, setLive] = useState(false);
  const busy = useRef(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (busy.current || pausedRef.current) return;
      busy.current = true;
      try {
        const v = await getTrainVersion({ projectKey });
        if (stopped || !v.ok) return;
        if (!v.data.changed) {
          setLive(v.data.version > 0);
          return;
        }
        // Drive the incremental refresh to its end (a large train takes several calls).
        for (let i = 0; i < 50 && !stopped; i++) {
          const r = await refreshFromTrainEvents({ projectKey });
          if (!r.ok) return;
          if (r.data.overview) {
            onData(r.data.overview);
            break;
          }
        }
        const after = await getTrainVersion({ projectKey });
        if (!stopped && after.ok) setLive(after.data.version > 0 && !after.data.changed);
      } finally {
        busy.current = false;
      }
    };
    const id = setInterval(() => void tick(), LIVE_POLL_MS);
    void tick();
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [projectKey, onData]);
  return { live };
}
