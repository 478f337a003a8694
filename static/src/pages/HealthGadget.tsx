import { useCallback, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { view } from '@forge/bridge';
import { getProjectOverview } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { MetricCards } from '../components/MetricCards';
import { useEnvelope } from '../components/useEnvelope';
import { dateTime } from '../format';

export interface GadgetConfig {
  projectKey?: string;
  /** Auto-refresh interval in minutes (Jira reads `refresh` from the submitted configuration). */
  refresh?: number;
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/** Edit mode: choose the project (and the auto-refresh), saved with view.submit as Forge expects. */
export function GadgetEdit({ config }: { config: GadgetConfig }) {
  const [projectKey, setProjectKey] = useState(config.projectKey ?? '');
  const [refresh, setRefresh] = useState(String(config.refresh ?? 60));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const key = projectKey.trim().toUpperCase();
    if (!PROJECT_KEY.test(key)) {
      setError('Enter a Jira project key such as ART.');
      return;
    }
    setSaving(true);
    try {
      await view.submit({ projectKey: key, ...(refresh === 'off' ? {} : { refresh: Number(refresh) }) });
    } catch {
      setError('Jira did not save the gadget settings; try again.');
      setSaving(false);
    }
  };
  return (
    <form data-testid="gadget-edit" onSubmit={submit} style={{ padding: 8 }} noValidate>
      <label htmlFor="gadget-project" style={{ display: 'block', fontWeight: 600 }}>
        Project key
      </label>
      <input id="gadget-project" data-testid="gadget-project" value={projectKey} onChange={(e) => setProjectKey(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby="gadget-project-error" />
      <label htmlFor="gadget-refresh" style={{ display: 'block', fontWeight: 600, marginTop: 8 }}>
        Refresh every
      </label>
      <select id="gadget-refresh" value={refresh} onChange={(e) => setRefresh(e.target.value)}>
        <option value="15">15 minutes</option>
        <option value="60">hour</option>
        <option value="off">never (manual)</option>
      </select>
      <p id="gadget-project-error" role="alert" style={{ color: 'var(--ds-text-danger, #AE2E24)', minHeight: '1em' }}>
        {error}
      </p>
      <Button type="submit" appearance="primary" testId="gadget-save" isDisabled={saving}>
        Save
      </Button>
    </form>
  );
}

/** View mode: the train's health cards for the chosen project, each linking to its issues. */
export function GadgetView({ config }: { config: GadgetConfig }) {
  const projectKey = config.projectKey;
  const loader = useCallback(() => getProjectOverview({ projectKey: projectKey ?? '' }), [projectKey]);
  const { state, reload } = useEnvelope(loader);
  if (!projectKey) return <p data-testid="gadget-unconfigured">Edit this gadget to choose the project whose backlog health it shows.</p>;
  if (state.status === 'loading') return <Loading label="Loading backlog health" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  return (
    <div data-testid="health-gadget" style={{ padding: 4 }}>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{data.project.name}</strong> · as of <time dateTime={data.asOf}>{dateTime(data.asOf)}</time>
      </p>
      {data.cards.length ? <MetricCards cards={data.cards} /> : <p role="status">The numbers are being computed; open the project&apos;s Backlog health page to follow the progress.</p>}
    </div>
  );
}
