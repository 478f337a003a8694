import type { ReactNode } from 'react';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import type { AppError, ErrorCode } from '../../../src/contract';

const TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Not saved',
  NOT_FOUND: 'Not found',
  FORBIDDEN: 'Not allowed',
  UNAUTHENTICATED: 'Sign-in needed',
  CONFLICT: 'Someone else changed this',
  RATE_LIMITED: 'Jira is busy',
  JIRA_UNAVAILABLE: 'Jira is unavailable',
  JIRA_BAD_RESPONSE: 'Unexpected answer from Jira',
  JIRA_REJECTED: 'Jira rejected the request',
  INTERNAL: 'Something went wrong',
};

const WARNING_CODES: ErrorCode[] = ['CONFLICT', 'RATE_LIMITED', 'FORBIDDEN', 'BAD_REQUEST', 'NOT_FOUND'];

/** Every failed envelope renders through this: a sentence and a way forward, never a stack trace. */
export function ErrorMessage({ error, onRetry, retryLabel = 'Try again', children }: { error: AppError; onRetry?: () => void; retryLabel?: string; children?: ReactNode }) {
  const appearance = WARNING_CODES.includes(error.code) ? 'warning' : 'error';
  return (
    <div data-testid="error-message" data-error-code={error.code} role="alert">
      <SectionMessage
        appearance={appearance}
        title={TITLES[error.code] ?? 'Something went wrong'}
        actions={onRetry ? [<SectionMessageAction key="retry" onClick={onRetry} testId="error-retry">{retryLabel}</SectionMessageAction>] : undefined}
      >
        <p>{error.message}</p>
        {children}
      </SectionMessage>
    </div>
  );
}
