import { useEffect, useState, type ReactNode } from 'react';
import { ErrorMessage } from './components/ErrorMessage';
import { Loading } from './components/Loading';
import type { ModuleContext } from './contextLoader';

type ContextState = { status: 'loading' } | { status: 'ok'; context: ModuleContext } | { status: 'error'; message: string };

/** Renders `children` with the module's context once Forge gives it; a readable error with a retry if it does not. */
export function ContextGate({ next, children }: { next: () => Promise<ModuleContext>; children: (context: ModuleContext) => ReactNode }) {
  const [ctx, setCtx] = useState<ContextState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    next()
      .then((c) => live && setCtx({ status: 'ok', context: c }))
      .catch(() => live && setCtx({ status: 'error', message: 'Refinery could not read where it is shown in Jira. Reload the page and try again.' }));
    return () => {
      live = false;
    };
  }, [attempt, next]);

  if (ctx.status === 'loading') return <Loading label="Loading Refinery" />;
  if (ctx.status === 'error') return <ErrorMessage error={{ code: 'INTERNAL', message: ctx.message }} onRetry={() => setAttempt((a) => a + 1)} />;
  return children(ctx.context);
}
