import { useCallback, useEffect, useState } from 'react';
import type { AppError, Envelope } from '../../../src/contract';

export type LoadState<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: AppError };

/**
 * Runs `loader` on mount, whenever it changes (wrap it in useCallback), and again on reload().
 * A response from a superseded call is ignored.
 */
export function useEnvelope<T>(loader: () => Promise<Envelope<T>>) {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    loader().then((env) => {
      if (!live) return;
      setState(env.ok ? { status: 'ok', data: env.data } : { status: 'error', error: env.error });
    });
    return () => {
      live = false;
    };
  }, [loader, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const setData = useCallback((data: T) => setState({ status: 'ok', data }), []);
  return { state, reload, setData };
}
