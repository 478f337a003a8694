import { useCallback } from 'react';
import { getSprintReadiness } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { SprintReadiness } from '../components/SprintReadiness';
import { useEnvelope } from '../components/useEnvelope';

/** jira:sprintAction "Check sprint readiness": Jira passes the sprint in `context.extension.sprint`. */
export function SprintActionPage({ sprintId }: { sprintId: number }) {
  const loader = useCallback(() => getSprintReadiness({ sprintId }), [sprintId]);
  const { state, reload } = useEnvelope(loader);
  if (state.status === 'loading') return <Loading label="Checking the sprint's stories" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  return <SprintReadiness data={state.data} />;
}
