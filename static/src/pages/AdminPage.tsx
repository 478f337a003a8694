import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import Form, { CheckboxField, ErrorMessage as FieldMessage, Field, Fieldset, FormFooter, HelperMessage, MessageWrapper, type FieldProps } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import Tooltip from '@atlaskit/tooltip';
import { getSettings, saveSettings } from '../api';
import { Choice, type ChoiceOption } from '../components/Choice';
import { ErrorMessage } from '../components/ErrorMessage';
import { PiPlanningSettings } from '../components/PiPlanningSettings';
import { Loading } from '../components/Loading';
import { Section, Sections } from '../components/Section';
import { SiteCheck } from '../components/SiteCheck';
import { useEnvelope } from '../components/useEnvelope';
import { DOR_INPUTS, LABELS, messagesByField, submitErrors, type DorKey } from './settingsMessages';
import { storyPointsReading, type ReadingPart } from './storyPointsReading';
import type { AppError, DiscoveredFields, Settings, SettingsData } from '../components/types';

type FieldKey = 'storyPointsField' | 'sprintField' | 'teamField' | 'acceptanceCriteriaField';

const FIELD_INPUTS: { key: FieldKey; label: string; help: string }[] = [
  { key: 'storyPointsField', label: 'Story points field', help: 'The number field teams estimate stories in.' },
  { key: 'sprintField', label: 'Sprint field', help: 'The Jira Software sprint field.' },
  { key: 'teamField', label: 'Team field', help: 'Used when the team source is "Team field".' },
  { key: 'acceptanceCriteriaField', label: 'Acceptance criteria field', help: 'Leave on discovered if acceptance criteria live in the description.' },
];

// A choice rather than a checkbox: both answers need saying ("not ready" vs "ready with a warning").
const VAGUE_ONLY_CHOICES: ChoiceOption[] = [
  { value: 'true', label: 'Not ready: the story fails the Definition of Ready' },
  { value: 'false', label: 'Ready, with a warning on the story' },
];

type IncompleteScores = NonNullable<Settings['wsjfIncompleteScores']>;
const INCOMPLETE_SCORE_CHOICES: { value: IncompleteScores; label: string }[] = [
  { value: 'exclude', label: 'Leave them out of the ranking and of Apply WSJF order (the preview says why)' },
  { value: 'rank-last', label: 'Rank them after every scored feature' },
];

const TEAM_SOURCES: { value: Settings['teamSource']; label: string }[] = [
  { value: 'teamField', label: 'Team field' },
  { value: 'board', label: 'Board (one board per team)' },
  { value: 'component', label: 'Component' },
];

/**
 * The form's values, as @atlaskit/form holds them: numbers and the scale as text so a half-typed
 * value is not lost; the Definition of Ready checkboxes under `dor` (as the settings' paths).
 */
interface FormValues {
  storyPointsField: string;
  sprintField: string;
  teamField: string;
  acceptanceCriteriaField: string;
  teamSource: Settings['teamSource'];
  featureHierarchyLevel: string;
  trainScopeJql: string;
  dor: Record<DorKey, boolean>;
  /** 'true' | 'false': a choice, both answers said in words. */
  rejectVagueOnlyCriteria: string;
  maxStoryPoints: string;
  wsjfScale: string;
  wsjfStaleAfterDays: string;
  wsjfIncompleteScores: IncompleteScores;
  improvementLabel: string;
  snapshotRetentionDays: string;
  /** Comma-separated status names; both empty = no rework boundary. */
  reworkFrom: string;
  reworkTo: string;
  /** PI objectives: all empty = not tracked (or discovered). */
  objectiveType: string;
  objectivePlanned: string;
  objectiveActual: string;
  piLabelPrefix: string;
}

function toForm(s: Settings): FormValues {
  const { rejectVagueOnlyCriteria, ...dor } = s.dor;
  return {
    storyPointsField: s.storyPointsField ?? '',
    sprintField: s.sprintField ?? '',
    teamField: s.teamField ?? '',
    acceptanceCriteriaField: s.acceptanceCriteriaField ?? '',
    teamSource: s.teamSource,
    featureHierarchyLevel: String(s.featureHierarchyLevel),
    trainScopeJql: s.trainScopeJql ?? '',
    dor,
    rejectVagueOnlyCriteria: String(rejectVagueOnlyCriteria !== false),
    maxStoryPoints: String(s.maxStoryPoints),
    wsjfScale: s.wsjfScale.join(', '),
    wsjfStaleAfterDays: String(s.wsjfStaleAfterDays),
    wsjfIncompleteScores: s.wsjfIncompleteScores ?? 'exclude',
    improvementLabel: s.improvementLabel,
    snapshotRetentionDays: String(s.snapshotRetentionDays),
    reworkFrom: s.reworkBoundary?.from.join(', ') ?? '',
    reworkTo: s.reworkBoundary?.to.join(', ') ?? '',
    objectiveType: s.piObjectives?.issueType ?? '',
    objectivePlanned: s.piObjectives?.plannedValueField ?? '',
    objectiveActual: s.piObjectives?.actualValueField ?? '',
    piLabelPrefix: s.piObjectives?.piLabelPrefix ?? 'PI-',
  };
}

const list = (raw: string) => raw.split(',').map((p) => p.trim()).filter(Boolean);
// What the admin typed, as the settings shape; the backend's schema judges it (its messages show per field).
// A blank or non-number becomes null (JSON has no NaN), which the schema names at that field.
const number = (raw: string): number => (raw.trim() === '' ? NaN : Number(raw.trim()));

/** The form as settings, keeping what this form does not edit (PI planning, other sections) as stored. */
function toSettings(f: FormValues, stored: Settings): Settings {
  const [from, to] = [list(f.reworkFrom), list(f.reworkTo)];
  const objective = [f.objectiveType, f.objectivePlanned, f.objectiveActual].map((x) => x.trim());
  return {
    ...stored,
    storyPointsField: f.storyPointsField.trim() || null,
    sprintField: f.sprintField.trim() || null,
    teamField: f.teamField.trim() || null,
    acceptanceCriteriaField: f.acceptanceCriteriaField.trim() || null,
    teamSource: f.teamSource,
    featureHierarchyLevel: number(f.featureHierarchyLevel),
    storyHierarchyLevel: stored.storyHierarchyLevel,
    trainScopeJql: f.trainScopeJql.trim() || null,
    dor: { ...f.dor, rejectVagueOnlyCriteria: f.rejectVagueOnlyCriteria !== 'false' },
    maxStoryPoints: number(f.maxStoryPoints),
    wsjfScale: f.wsjfScale.split(',').map((p) => p.trim()).filter((p) => p !== '').map(number),
    wsjfStaleAfterDays: number(f.wsjfStaleAfterDays),
    wsjfIncompleteScores: f.wsjfIncompleteScores,
    improvementLabel: f.improvementLabel.trim(),
    snapshotRetentionDays: number(f.snapshotRetentionDays),
    reworkBoundary: from.length || to.length ? { from, to } : null,
    piObjectives: objective.some(Boolean) ? { issueType: objective[0], plannedValueField: objective[1], actualValueField: objective[2], piLabelPrefix: f.piLabelPrefix.trim() || 'PI-' } : null,
  };
}

/** The story-points hint: its text, and each field it names by name in quotes (id on hover). */
function StoryPointsReading({ parts }: { parts: ReadingPart[] | null }) {
  if (!parts) return null;
  return (
    <span data-testid="story-points-evidence">
      {' — '}
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <span key={i}>
            “<FieldId id={p.id} name={p.name} />”
          </span>
        ),
      )}
    </span>
  );
}

/** A field by its name, its id (customfield_…) on hover, as Jira's admin screens show fields. */
function FieldId({ id, name }: { id: string; name: string }) {
  return (
    <Tooltip content={`Field id: ${id}`}>
      {(props) => (
        <span {...props} tabIndex={0} style={{ textDecoration: 'underline dotted' }} data-testid="field-name">
          {name}
        </span>
      )}
    </Tooltip>
  );
}

/** Field names, as Jira's field configuration shows them; two fields with one name keep their ids apart. */
function fieldOptions(fields: SettingsData['fields']): ChoiceOption[] {
  return fields.map((f) => ({ value: f.id, label: fields.filter((x) => x.name === f.name).length > 1 ? `${f.name} (${f.id})` : f.name }));
}

/**
 * A no-op validator: with one, @atlaskit/form hides a field's message from the last save once the
 * person changes that field (without, it stays until the next save). It checks nothing: the
 * settings schema on the server is the one copy of the rules.
 */
const hideOnceChanged = (): undefined => undefined;

/** The stored settings as form values: each field's default. */
const Defaults = createContext<FormValues | null>(null);

/**
 * One setting as an @atlaskit/form Field: its label, the control, a helper message, and below it
 * the server's message for that field from the last save (ErrorMessage, named by the control's
 * aria-describedby).
 */
function SettingField({ name, id = `setting-${name}`, label, helper, control }: { name: keyof FormValues; id?: string; label: ReactNode; helper?: (value: string) => ReactNode; control: (fieldProps: FieldProps<string>) => ReactNode }) {
  const defaults = useContext(Defaults);
  return (
    <Field<string> name={name} id={id} label={label} defaultValue={String(defaults?.[name] ?? '')} validate={hideOnceChanged} testId={`field-${name}`}>
      {({ fieldProps, error }) => (
        <>
          {control(fieldProps)}
          <MessageWrapper>
            {helper && <HelperMessage>{helper(fieldProps.value)}</HelperMessage>}
            {error && <FieldMessage testId="field-error">{error}</FieldMessage>}
          </MessageWrapper>
        </>
      )}
    </Field>
  );
}

function TextSetting({ name, label, helper, width = 'medium', type }: { name: keyof FormValues; label: string; helper: ReactNode; width?: 'small' | 'medium' | 'large'; type?: 'number' }) {
  return (
    <SettingField
      name={name}
      label={label}
      helper={() => helper}
      control={(fieldProps) => <Textfield {...fieldProps} testId={`setting-${name}`} width={width} type={type} inputMode={type === 'number' ? 'numeric' : undefined} step={type === 'number' ? 1 : undefined} />}
    />
  );
}

function ChoiceSetting({ name, id = `setting-${name}`, label, helper, options, width = 420 }: { name: keyof FormValues; id?: string; label: string; helper?: (value: string) => ReactNode; options: (value: string) => ChoiceOption[]; width?: number }) {
  return (
    <SettingField
      name={name}
      id={id}
      label={label}
      helper={helper}
      control={(fieldProps) => (
        <div style={{ maxWidth: width }}>
          <Choice id={fieldProps.id} testId={id} value={fieldProps.value} onChange={fieldProps.onChange} isDisabled={fieldProps.isDisabled} isInvalid={fieldProps.isInvalid} describedBy={fieldProps['aria-describedby']} options={options(fieldProps.value)} />
        </div>
      )}
    />
  );
}

function SettingsForm({ initial, onSaved }: { initial: SettingsData; onSaved: (d: SettingsData) => void }) {
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  // A new form (fresh defaults) after each save, so it shows the settings as stored.
  const [version, setVersion] = useState(0);
  const readOnly = !initial.permissions.canEdit;
  const { byField, rest } = messagesByField(error);
  const fieldName = (id: string | null | undefined) => initial.fields.find((f) => f.id === id)?.name ?? id;
  const discovered: DiscoveredFields = initial.discovered;
  const levels = [...new Set(initial.issueTypes.map((t) => t.hierarchyLevel).filter((l) => l >= 1))].sort((a, b) => a - b);
  const typesAt = (l: number) => initial.issueTypes.filter((t) => t.hierarchyLevel === l).map((t) => t.name).join(', ');
  const fields = fieldOptions(initial.fields);
  const defaults = useMemo(() => toForm(initial.settings), [initial.settings]);

  const submit = async (values: FormValues) => {
    setError(null);
    setSaved(false);
    const res = await saveSettings({ settings: toSettings(values, initial.settings) });
    if (res.ok) {
      setSaved(true);
      setVersion((v) => v + 1);
      onSaved(res.data);
      return undefined;
    }
    setError(res.error);
    return submitErrors(messagesByField(res.error).byField);
  };

  const fieldCount = Object.keys(byField).length;
  return (
    <Defaults.Provider value={defaults}>
      <Form<FormValues> key={version} onSubmit={submit} isDisabled={readOnly}>
        {({ formProps, submitting }) => (
          <form {...formProps} aria-label="Refinery settings" noValidate>
            <Sections>
              <Section id="fields-heading" level={2} title="Fields">
                {FIELD_INPUTS.map(({ key, label, help }) => (
                  <ChoiceSetting
                    key={key}
                    name={key}
                    label={label}
                    helper={(current) => (
                      <>
                        {help} Discovered: {discovered[key] ? <FieldId id={discovered[key]!} name={fieldName(discovered[key])!} /> : 'none'}.
                        {key === 'storyPointsField' && <StoryPointsReading parts={storyPointsReading(initial, current)} />}
                      </>
                    )}
                    options={(current) => [
                      { value: '', label: `Use discovered${discovered[key] ? ` (${fieldName(discovered[key])})` : ' (none found)'}` },
                      ...(current && !initial.fields.some((f) => f.id === current) ? [{ value: current, label: `${current} (not a field on this site)` }] : []),
                      ...fields,
                    ]}
                  />
                ))}
              </Section>

              <Section id="train-heading" level={2} title="Train and teams">
                <ChoiceSetting name="teamSource" label="Team source" options={() => TEAM_SOURCES} helper={() => 'Where a story’s team comes from.'} />
                <ChoiceSetting
                  name="featureHierarchyLevel"
                  label="Feature hierarchy level"
                  helper={() => `Stories are at level ${initial.settings.storyHierarchyLevel} (${typesAt(initial.settings.storyHierarchyLevel) || 'none'}); features are usually at level 1.`}
                  options={(current) =>
                    [...new Set([...levels, Number(current)])]
                      .filter((l) => Number.isInteger(l))
                      .sort((a, b) => a - b)
                      .map((l) => ({ value: String(l), label: `${l}: ${typesAt(l) || 'no issue types'}` }))
                  }
                />
                <TextSetting name="trainScopeJql" label="Train scope (JQL)" helper="Empty means “this project”, e.g. project = ART. Jira checks the query when you save." width="large" />
              </Section>

              <Section id="dor-heading" level={2} title="Definition of Ready">
                <Fieldset legend="A story is ready when">
                  {DOR_INPUTS.map(({ key, label }) => (
                    <CheckboxField key={key} name={`dor.${key}`} defaultIsChecked={defaults.dor[key]}>
                      {({ fieldProps, error: message }) => (
                        <>
                          <Checkbox {...fieldProps} id={`setting-dor-${key}`} testId={`setting-dor-${key}`} label={label} />
                          {message && <FieldMessage testId="field-error">{message}</FieldMessage>}
                        </>
                      )}
                    </CheckboxField>
                  ))}
                </Fieldset>
                <ChoiceSetting name="rejectVagueOnlyCriteria" id="setting-dor-rejectVagueOnlyCriteria" label="When every acceptance criterion is vague (“No bugs”, “works as expected”)" options={() => VAGUE_ONLY_CHOICES} helper={() => 'Default: not ready. Criteria like these name nothing a tester could check.'} />
                <TextSetting name="maxStoryPoints" label="Largest story (points)" helper="Bigger stories fail the Small check (1 to 100)." width="small" type="number" />
              </Section>

              <Section id="wsjf-heading" level={2} title="WSJF">
                <TextSetting name="wsjfScale" label="WSJF scale" helper="Comma-separated, strictly increasing, starting at 1 (e.g. 1, 2, 3, 5, 8, 13, 20)." width="large" />
                <TextSetting name="wsjfStaleAfterDays" label="A WSJF score is stale after (days)" helper="Default: one PI of 10 weeks." width="small" type="number" />
                <ChoiceSetting name="wsjfIncompleteScores" label="Features whose WSJF score is blank or off the scale" options={() => INCOMPLETE_SCORE_CHOICES} helper={() => 'Default: leave them out. Done features are never ranked.'} width={560} />
              </Section>

              <Section id="health-heading" level={2} title="Health">
                <TextSetting name="improvementLabel" label="Improvement label" helper="Issues with this label count as Inspect & Adapt improvements." />
                <TextSetting name="snapshotRetentionDays" label="Keep daily snapshots for (days)" helper="Between 7 and 3650." width="small" type="number" />
                <Section id="rework-heading" title="Rework boundary (optional)">
                  <TextSetting name="reworkFrom" label="A move from these statuses" helper="Comma-separated status names, e.g. In Review." />
                  <TextSetting name="reworkTo" label="back to these statuses counts as rework" helper="Comma-separated status names, e.g. In Progress. Reopening a done story always counts." />
                </Section>
                <Section id="objectives-heading" title="PI objectives for predictability (optional)">
                  <p>
                    Leave empty to use what Refinery finds on the site: an issue type named “PI Objective” with number fields “Planned business value” and “Actual business value”, and PI labels such as PI-2026.4.
                  </p>
                  <TextSetting name="objectiveType" label="Issue type of PI objectives" helper="As Jira names it, e.g. PI Objective." />
                  <ChoiceSetting name="objectivePlanned" label="Planned business value field" options={() => [{ value: '', label: 'Not tracked' }, ...fields]} helper={() => 'A number field on the PI objectives.'} />
                  <ChoiceSetting name="objectiveActual" label="Actual business value field" options={() => [{ value: '', label: 'Not tracked' }, ...fields]} helper={() => 'A number field on the PI objectives.'} />
                  <TextSetting name="piLabelPrefix" label="PI label prefix" helper="The start of the label that names a PI, e.g. PI- for PI-2026.4." />
                </Section>
              </Section>

              {error && (
                <ErrorMessage
                  error={fieldCount > 0 && rest.length === 0 ? { ...error, message: `Settings not saved: ${fieldCount === 1 ? 'one value needs' : `${fieldCount} values need`} changing, as its field says.` } : error}
                  onRetry={error.code === 'BAD_REQUEST' ? undefined : () => void formProps.onSubmit()}
                >
                  {fieldCount > 0 && (
                    <ul data-testid="settings-field-errors">
                      {Object.entries(byField).map(([field, message]) => (
                        <li key={field}>
                          {LABELS[field]}: {message}
                        </li>
                      ))}
                    </ul>
                  )}
                </ErrorMessage>
              )}
              {!readOnly && (
                <FormFooter align="start">
                  <Inline space="space.100" alignBlock="center">
                    <Button type="submit" appearance="primary" testId="settings-save" isDisabled={submitting}>
                      {submitting ? 'Saving…' : 'Save settings'}
                    </Button>
                    {saved && (
                      <span role="status" data-testid="settings-saved">
                        Settings saved.
                      </span>
                    )}
                  </Inline>
                </FormFooter>
              )}
            </Sections>
          </form>
        )}
      </Form>
    </Defaults.Provider>
  );
}

export function AdminPage() {
  const { state, reload, setData } = useEnvelope(getSettings);
  const onSaved = useCallback((d: SettingsData) => setData(d), [setData]);

  return (
    <Box testId="admin-page" padding="space.200" style={{ maxWidth: 900 }}>
      <Sections>
        <Heading as="h1" size="large">
          Refinery settings
        </Heading>
        {state.status === 'loading' && <Loading label="Loading settings" />}
        {state.status === 'error' && <ErrorMessage error={state.error} onRetry={reload} />}
        {state.status === 'ok' && (
          <>
            {!state.data.permissions.canEdit && (
              <div data-testid="read-only">
                <SectionMessage appearance="information" title="Read only">
                  <p>{state.data.permissions.reason ?? 'You cannot change these settings.'}</p>
                </SectionMessage>
              </div>
            )}
            <SettingsForm initial={state.data} onSaved={onSaved} />
            <PiPlanningSettings />
          </>
        )}
        <SiteCheck />
      </Sections>
    </Box>
  );
}
