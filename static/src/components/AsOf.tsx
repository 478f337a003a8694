import { dateTime } from '../format';

/** When the numbers on a surface were computed, so a person can tell a stale view from a fresh one. */
export function AsOf({ iso, testId = 'as-of', prefix = 'As of' }: { iso: string; testId?: string; prefix?: string }) {
  return (
    <span data-testid={testId}>
      {prefix} <time dateTime={iso}>{dateTime(iso)}</time>
    </span>
  );
}
