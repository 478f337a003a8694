import { dateTime } from '../format';

/**
 * When the numbers on a surface were computed, so a person can tell a stale view from a fresh one.
 * `live` (issue 18): the backend says the view includes every Jira event seen so far, so it reads
 * "Live", still with the time of the last update.
 */
export function AsOf({ iso, testId = 'as-of', prefix = 'As of', live = false }: { iso: string; testId?: string; prefix?: string; live?: boolean }) {
  if (live) {
    return (
      <span data-testid={testId} data-live="true">
        Live · updated <time dateTime={iso}>{dateTime(iso)}</time>
      </span>
    );
  }
  return (
    <span data-testid={testId} data-live="false">
      {prefix} <time dateTime={iso}>{dateTime(iso)}</time>
    </span>
  );
}
