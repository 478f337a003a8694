import { useCallback, useEffect, useRef, useState } from 'react';
import Textfield from '@atlaskit/textfield';
import { events, view } from '@forge/bridge';
import type { ActionForm } from './automationForms';

/**
 * Issue 19: the configuration form of a Refinery action in Jira Automation's rule builder, one
 * field per input the manifest declares (automationForms.ts). As Atlassian's
 * automation-action page asks: every change is sent with `view.submit(inputs)` (so the builder
 * keeps it and enables Next), again on `AUTOMATION_ACTION_SUBMIT`, and the invalid inputs the
 * builder reports in `extension.errors.invalidInputs` are shown at their field. Values may be smart
 * values such as `{{issue.key}}`: Automation resolves them before running the action.
 */
export function AutomationConfig({ form, inputs, invalidInputs }: { form: ActionForm; inputs: Record<string, unknown>; invalidInputs: Record<string, { message?: string }> }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])));
  const [errors, setErrors] = useState(invalidInputs);
  const latest = useRef(values);
  latest.current = values;

  // Only the inputs that are set: Automation rejects fields the manifest does not declare, and an empty one is unset.
  const submit = useCallback((v: Record<string, string>) => view.submit(Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ''))).catch(() => undefined), []);

  useEffect(() => {
    const subscription = events.on('AUTOMATION_ACTION_SUBMIT', () => submit(latest.current));
    return () => {
      subscription.then((s) => s?.unsubscribe()).catch(() => undefined);
    };
  }, [submit]);

  return (
    <form data-testid="action-config" aria-label={`Configure ${form.name}`} onSubmit={(e) => (e.preventDefault(), submit(values))}>
      <h2 style={{ fontSize: 16 }}>{form.name}</h2>
      <p>{form.description}</p>
      {form.inputs.map((i) => (
        <div key={i.name} style={{ marginBottom: 12 }}>
          <label htmlFor={`action-input-${i.name}`} style={{ display: 'block', fontWeight: 600 }}>
            {i.title}
            {i.required ? ' (required)' : ''}
          </label>
          <Textfield
            id={`action-input-${i.name}`}
            name={i.name}
            testId={`action-input-${i.name}`}
            value={values[i.name] ?? ''}
            isInvalid={!!errors[i.name]}
            aria-describedby={`action-input-${i.name}-help`}
            onChange={(e) => {
              const next = { ...values, [i.name]: (e.target as HTMLInputElement).value };
              setValues(next);
              setErrors((prev) => ({ ...prev, [i.name]: undefined as never }));
              void submit(next);
            }}
          />
          <div id={`action-input-${i.name}-help`} style={{ color: errors[i.name] ? '#ae2e24' : '#626f86', fontSize: 12 }}>
            {errors[i.name]?.message ?? i.description}
          </div>
        </div>
      ))}
    </form>
  );
}
