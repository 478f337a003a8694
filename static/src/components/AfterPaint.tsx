import { startTransition, useEffect, useState, type ReactNode } from 'react';
import { Loading } from './Loading';

/**
 * True once the component's first render has painted (rAF runs before the paint, the timeout after
 * it), set as a transition React can interrupt: a tab shows what a person came for first (issue 16)
 * and draws the heavier parts below it (the dependency graph, charts) in the next frame.
 */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return painted;
}

/** `children` after the first paint of what is above it; a labelled spinner until then. */
export function AfterPaint({ label, children }: { label: string; children: ReactNode }) {
  return useAfterPaint() ? <>{children}</> : <Loading label={label} />;
}
