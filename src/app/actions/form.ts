import type { ActionFormData } from '../../contract';
import { AppFailure } from '../failure';
import { actionSpec } from './catalog';

/** The inputs of one action as its Automation configuration form shows them (the manifest's `inputs`). */
export function getActionForm(actionKey: string): ActionFormData {
  const spec = actionSpec(actionKey);
  if (!spec) throw new AppFailure('NOT_FOUND', `Refinery has no action ${actionKey}.`);
  return { key: spec.key, name: spec.name, description: spec.description, inputs: Object.entries(spec.inputs).map(([name, i]) => ({ name, ...i })) };
}
