import { ZodError } from 'zod';
import { AppFailure } from '../app/failure';
import { JiraError, type JiraErrorKind } from '../jira/errors';
import type { AppError, Envelope, ErrorCode } from '../contract';

const CODE_FOR_JIRA: Record<JiraErrorKind, ErrorCode> = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  'bad-request': 'JIRA_REJECTED',
  conflict: 'CONFLICT',
  'rate-limited': 'RATE_LIMITED',
  unavailable: 'JIRA_UNAVAILABLE',
  'bad-response': 'JIRA_BAD_RESPONSE',
  network: 'JIRA_UNAVAILABLE',
  timeout: 'JIRA_UNAVAILABLE',
};

/** Every failure becomes a code and a sentence; bugs are logged and shown as a generic sentence. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
  if (e instanceof JiraError) return { code: CODE_FOR_JIRA[e.kind], message: e.message, ...(Object.keys(e.fieldErrors).length ? { details: e.fieldErrors } : {}) };
  if (e instanceof ZodError) {
    const details = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { code: 'BAD_REQUEST', message: `The request was not valid: ${details.map((d) => `${d.path || 'payload'}: ${d.message}`).join('; ')}.`, details };
  }
  console.error('Refinery resolver failed', e);
  return { code: 'INTERNAL', message: 'Something went wrong inside Refinery. The error was logged; try again, and tell your Jira admin if it persists.' };
}

export async function envelope<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (e) {
    return { ok: false, error: toAppError(e) };
  }
}
