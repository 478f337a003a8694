/** Failures talking to Jira, classified so the UI can show a sentence instead of a stack trace. */
export type JiraErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'conflict'
  | 'rate-limited'
  | 'unavailable'
  | 'bad-response'
  | 'network'
  /** The resolver's time budget ran out before Jira answered (see JiraClientOptions.deadlineMs). */
  | 'timeout';

export class JiraError extends Error {
  constructor(
    readonly kind: JiraErrorKind,
    readonly status: number,
    message: string,
    readonly jiraMessages: string[] = [],
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'JiraError';
  }
}

export function kindForStatus(status: number): JiraErrorKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'bad-request';
}

/** Jira's error body: `{ errorMessages: string[], errors: { field: message } }`. */
export function parseJiraErrorBody(text: string): { messages: string[]; fieldErrors: Record<string, string> } {
  try {
    const body = JSON.parse(text) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
    if (typeof body.message === 'string') messages.push(body.message);
    const fieldErrors: Record<string, string> = {};
    if (body.errors && typeof body.errors === 'object') {
      for (const [k, v] of Object.entries(body.errors as Record<string, unknown>)) if (typeof v === 'string') fieldErrors[k] = v;
    }
    return { messages, fieldErrors };
  } catch {
    return { messages: [], fieldErrors: {} };
  }
}
