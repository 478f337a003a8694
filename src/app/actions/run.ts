/**
 * Runs one Refinery action as Forge invokes it, for Automation and for Rovo alike.
 *
 * Success: `{ ok: true, data, ...smartValues }` — the declared `outputs` at the top level (what
 * Automation turns into smart values) and the whole result under `data` (what the Rovo agent reads,
 * with every issue key and JQL it may cite).
 * Failure: Refinery's envelope `{ ok: false, error: { code, message } }` plus `errors: [{ message }]`,
 * the shape Automation documents for stopping the rule with a message in the audit log (the rule
 * owner is e-mailed). Failures never throw: a thrown exception shows Automation's generic message.
 */
import { toAppError } from '../../resolvers/envelope';
import type { AppError } from '../../contract';
import type { AppContext } from '../context';
import { actionSpec, type SmartValue } from './catalog';

export type ActionOutcome =
  | ({ ok: true; data: unknown } & Record<string, SmartValue | unknown>)
  | { ok: false; error: AppError; errors: { message: string }[] };

/** What Forge passes: the inputs at the top level, and (Rovo) `context` with cloudId, moduleKey, … */
export function inputsOf(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const { context: _context, ...inputs } = payload as Record<string, unknown>;
  return inputs;
}

/** The rule owner reads this in the audit log: the code, then a sentence. */
export function failureMessage(actionName: string, e: AppError): string {
  return `Refinery "${actionName}" failed (${e.code}): ${e.message}`;
}

export async function runAction(key: string, payload: unknown, makeContext: () => AppContext): Promise<ActionOutcome> {
  const spec = actionSpec(key);
  if (!spec) {
    const error: AppError = { code: 'BAD_REQUEST', message: `Refinery has no action ${key}.` };
    return { ok: false, error, errors: [{ message: failureMessage(key, error) }] };
  }
  try {
    const input = spec.schema.parse(inputsOf(payload));
    const data = await spec.run(makeContext(), input);
    return { ...spec.smartValues(data), ok: true, data };
  } catch (e) {
    const error = toAppError(e);
    return { ok: false, error, errors: [{ message: failureMessage(spec.name, error) }] };
  }
}
