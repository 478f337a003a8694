import Spinner from '@atlaskit/spinner';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="loading" style={{ display: 'flex', alignItems: 'center', gap: 8, padding: 16 }}>
      <Spinner size="medium" label={label} />
      <span>{label}…</span>
    </div>
  );
}
