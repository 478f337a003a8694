import { view } from '@forge/bridge';
import type { GadgetConfig } from './pages/HealthGadget';

// No React or Atlaskit here: the issue panel's entry runs this module (static/src/panelStart.ts) before
// theirs, so its context and resolver call are asked for before those modules evaluate.

/** What the app reads of Forge's view context (`view.getContext()`). */
export interface ModuleContext {
  moduleKey?: string;
  extension?: { issue?: { key?: string }; project?: { key?: string }; sprint?: { id?: string | number }; gadgetConfiguration?: GadgetConfig; entryPoint?: string; data?: { inputs?: Record<string, unknown> }; errors?: { invalidInputs?: Record<string, { message?: string }> } };
}

/**
 * Asks for the context now, as the bundle runs, not after React's first commit (issue 16); `onContext`
 * sees each context as it arrives (the issue panel starts its resolver call there). The returned
 * function hands out that first answer once, and asks again on every later call (a retry).
 */
export function contextLoader(onContext?: (c: ModuleContext) => void): () => Promise<ModuleContext> {
  const read = () =>
    view.getContext().then((raw) => {
      const c = raw as unknown as ModuleContext;
      onContext?.(c);
      return c;
    });
  let first: Promise<ModuleContext> | null = read();
  // Handled by the gate's effect; marked handled now so a failure before it attaches is not reported twice.
  first.catch(() => undefined);
  return () => {
    const asked = first ?? read();
    first = null;
    return asked;
  };
}
