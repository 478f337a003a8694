import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { view } from '@forge/bridge';
import type { GadgetConfig } from './HealthGadget';

// The gadget's edit form in its own module: the view (what a dashboard shows) does not download
// Atlaskit Select and Textfield (issue 16: each module's JavaScript).

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

const REFRESH_OPTIONS = [
  { value: '15', label: '15 minutes' },
  { value: '60', label: 'hour' },
  { value: 'off', label: 'never (manual)' },
];

/** Edit mode: choose the project (and the auto-refresh), saved with view.submit as Forge expects. */
export function GadgetEdit({ config }: { config: GadgetConfig }) {
  const [projectKey, setProjectKey] = useState(config.projectKey ?? '');
  const [refresh, setRefresh] = useState(config.refresh === undefined ? '60' : String(config.refresh));
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
      <Textfield id="gadget-project" testId="gadget-project" value={projectKey} onChange={(e) => setProjectKey(e.currentTarget.value)} isInvalid={!!error} aria-describedby="gadget-project-error" width="small" />
      <label htmlFor="gadget-refresh" style={{ display: 'block', fontWeight: 600, marginTop: 8 }}>
        Refresh every
      </label>
      <Select
        inputId="gadget-refresh"
        testId="gadget-refresh"
        options={REFRESH_OPTIONS}
        value={REFRESH_OPTIONS.find((o) => o.value === refresh) ?? REFRESH_OPTIONS[1]}
        onChange={(o) => o && setRefresh(o.value)}
        isSearchable={false}
      />
      <p id="gadget-project-error" role="alert" style={{ color: 'var(--ds-text-danger, #AE2E24)', minHeight: '1em' }}>
        {error}
      </p>
      <Button type="submit" appearance="primary" testId="gadget-save" isDisabled={saving}>
        Save
      </Button>
    </form>
  );
}
