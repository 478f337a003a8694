import { useCallback, useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Checkbox from '@atlaskit/checkbox';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Tooltip from '@atlaskit/tooltip';
import { getSettings, saveSettings } from '../api';
import { Choice } from '../components/Choice';
import { ErrorMessage } from '../components/ErrorMessage';
import { PiPlanningSettings } from '../components/PiPlanningSettings';
import { Loading } from '../components/Loading';
import { SiteCheck } from '../components/SiteCheck';
import { useEnvelope } from '../components/useEnvelope';
import { storyPointsReading, type ReadingPart } from './storyPointsReading';
import type { AppError, DiscoveredFields, Settings, SettingsData } from '../components/types';

type FieldKey = 'storyPointsField' | 'sprintField' | 'teamField' | 'acceptanceCriteriaField';
type DorKey = Exclude<keyof Settings['dor'], 'rejectVagueOnlyCriteria'>;

const FIELD_INPUTS: { key: FieldKey; label: string; help: string }[] = [
  { key: 'storyPointsField', label: 'Story points field', help: 'The number field teams estimate stories in.' },
  { key: 'sprintField', label: 'Sprint field', help: 'The Jira Software sprint field.' },
  { key: 'teamField', label: 'Team field', help: 'Used when the team source is "Team field".' },
  { key: 'acceptanceCriteriaField', label: 'Acceptance criteria field', help: 'Leave on discovered if acceptance criteria live in the description.' },
];

const DOR_INPUTS: { key: DorKey; label: string }[] = [
  { key: 'requireAcceptanceCriteria', label: 'Acceptance criteria are written' },
  { key: 'requireEstimate', label: 'The story is estimated' },
  { key: 'requireNoErrors', label: 'No quality check fails with an error' },
  { key: 'requireNoOpenBlockers', label: 'No open blocking issue' },
  { key: 'requireParent', label: 'The story has a parent feature' },
];

// A choice rather than a checkbox: both answers need saying ("not ready" vs "ready with a warning").
const VAGUE_ONLY_CHOICES: { value: boolean; label: string }[] = [
  { value: true, label: 'Not ready: the story fails the Definition of Ready' },
  { value: false, label: 'Ready, with a warning on the story' },
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

/** The form keeps numbers and the scale as text so a half-typed value is not lost. */
interface FormState {
  fields: Record<FieldKey, string>;
  teamSource: Settings['teamSource'];
  featureHierarchyLevel: string;
  storyHierarchyLevel: number;
  trainScopeJql: string;
  dor: Settings['dor'];
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

function toForm(s: Settings): FormState {
  return {
    fields: { storyPointsField: s.storyPointsField ?? '', sprintField: s.sprintField ?? '', teamField: s.teamField ?? '', acceptanceCriteriaField: s.acceptanceCriteriaField ?? '' },
    teamSource: s.teamSource,
    featureHierarchyLevel: String(s.featureHierarchyLevel),
    storyHierarchyLevel: s.storyHierarchyLevel,
    trainScopeJql: s.trainScopeJql ?? '',
    dor: { ...s.dor },
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
function toSettings(f: FormState, stored: Settings): Settings {
  const [from, to] = [list(f.reworkFrom), list(f.reworkTo)];
  const objective = [f.objectiveType, f.objectivePlanned, f.objectiveActual].map((x) => x.trim());
  return {
    ...stored,
    storyPointsField: f.fields.storyPointsField.trim() || null,
    sprintField: f.fields.sprintField.trim() || null,
    teamField: f.fields.teamField.trim() || null,
    acceptanceCriteriaField: f.fields.acceptanceCriteriaField.trim() || null,
    teamSource: f.teamSource,
    featureHierarchyLevel: number(f.featureHierarchyLevel),
    storyHierarchyLevel: f.storyHierarchyLevel,
    trainScopeJql: f.trainScopeJql.trim() || null,
    dor: { ...f.dor },
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

/** error.details is [{path, message}] from validation, or {field: message} from Jira. */
function detailErrors(error: AppError | null): Record<string, string> {
  const out: Record<string, string> = {};
  const d = error?.details;
  if (Array.isArray(d)) {
    for (const item of d as { path?: unknown; message?: unknown }[]) {
      const path = String(item?.path ?? '').replace(/^settings\.?/, '');
      const top = path.split('.')[0] || 'form';
      const key = top === 'dor' ? path : top;
      if (typeof item?.message === 'string') out[key] = out[key] ? `${out[key]}; ${item.message}` : item.message;
    }
  } else if (d && typeof d === 'object') {
    for (const [k, v] of Object.entries(d as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <div id={id} role="alert" data-testid="field-error" style={{ color: 'var(--ds-text-danger, #AE2E24)', fontSize: 12 }}>
      {message}
    </div>
  );
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

const row = { marginBottom: 16 } as const;
const labelStyle = { display: 'block', fontWeight: 600 } as const;
const hintStyle = { fontSize: 12, color: 'var(--ds-text-subtle, #44546F)' } as const;

function SettingsForm({ initial, onSaved }: { initial: SettingsData; onSaved: (d: SettingsData) => void }) {
  const [form, setForm] = useState<FormState>(() => toForm(initial.settings));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const readOnly = !initial.permissions.canEdit;
  const errs = detailErrors(error);
  const fieldName = (id: string | null | undefined) => initial.fields.find((f) => f.id === id)?.name ?? id;
  const discovered: DiscoveredFields = initial.discovered;
  const levels = [...new Set(initial.issueTypes.map((t) => t.hierarchyLevel).filter((l) => l >= 1))].sort((a, b) => a - b);

  const update = (patch: Partial<FormState>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };

  const submit = async () => {
    setError(null);
    setSaving(true);
    const res = await saveSettings({ settings: toSettings(form, initial.settings) });
    setSaving(false);
    if (res.ok) {
      setForm(toForm(res.data.settings));
      setSaved(true);
      onSaved(res.data);
    } else {
      setError(res.error);
    }
  };

  const describedBy = (key: string, hint?: boolean) => [hint ? `${key}-hint` : '', errs[key] ? `${key}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form
      aria-label="Refinery settings"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={readOnly || saving} style={{ border: 0, padding: 0, margin: 0 }}>
        <h2>Fields</h2>
        {FIELD_INPUTS.map(({ key, label, help }) => {
          const id = `setting-${key}`;
          const current = form.fields[key];
          const known = initial.fields.some((f) => f.id === current);
          return (
            <div key={key} style={row}>
              <label htmlFor={id} style={labelStyle}>
                {label}
              </label>
              <div style={{ maxWidth: 420 }}>
                <Choice
                  id={id}
                  testId={`setting-${key}`}
                  value={current}
                  onChange={(v) => update({ fields: { ...form.fields, [key]: v } })}
                  describedBy={describedBy(key, true)}
                  isInvalid={!!errs[key]}
                  options={[
                    { value: '', label: `Use discovered${discovered[key] ? ` (${fieldName(discovered[key])})` : ' (none found)'}` },
                    ...(current && !known ? [{ value: current, label: current }] : []),
                    // Field names, as Jira's field configuration shows them; two fields with one name keep their ids apart.
                    ...initial.fields.map((f) => ({ value: f.id, label: initial.fields.filter((x) => x.name === f.name).length > 1 ? `${f.name} (${f.id})` : f.name })),
                  ]}
                />
              </div>
              <div id={`${key}-hint`} style={hintStyle}>
                {help} Discovered: {discovered[key] ? <FieldId id={discovered[key]!} name={fieldName(discovered[key])!} /> : 'none'}.
                {key === 'storyPointsField' && <StoryPointsReading parts={storyPointsReading(initial, current)} />}
              </div>
              <FieldError id={`${key}-error`} message={errs[key]} />
            </div>
          );
        })}

        <h2>Train and teams</h2>
        <div style={row}>
          <label htmlFor="setting-teamSource" style={labelStyle}>
            Team source
          </label>
          <div style={{ maxWidth: 420 }}>
            <Choice id="setting-teamSource" testId="setting-teamSource" value={form.teamSource} onChange={(v) => update({ teamSource: v as Settings['teamSource'] })} options={TEAM_SOURCES} isInvalid={!!errs.teamSource} />
          </div>
          <FieldError id="teamSource-error" message={errs.teamSource} />
        </div>
        <div style={row}>
          <label htmlFor="setting-featureHierarchyLevel" style={labelStyle}>
            Feature hierarchy level
          </label>
          <div style={{ maxWidth: 420 }}>
            <Choice
              id="setting-featureHierarchyLevel"
              testId="setting-featureHierarchyLevel"
              value={form.featureHierarchyLevel}
              onChange={(v) => update({ featureHierarchyLevel: v })}
              describedBy={describedBy('featureHierarchyLevel', true)}
              isInvalid={!!errs.featureHierarchyLevel}
              options={[...new Set([...levels, Number(form.featureHierarchyLevel)])]
                .filter((l) => Number.isInteger(l))
                .sort((a, b) => a - b)
                .map((l) => ({ value: String(l), label: `${l}: ${initial.issueTypes.filter((t) => t.hierarchyLevel === l).map((t) => t.name).join(', ') || 'no issue types'}` }))}
            />
          </div>
          <div id="featureHierarchyLevel-hint" style={hintStyle}>
            Stories are at level {form.storyHierarchyLevel} ({initial.issueTypes.filter((t) => t.hierarchyLevel === form.storyHierarchyLevel).map((t) => t.name).join(', ') || 'none'}); features are usually at level 1.
          </div>
          <FieldError id="featureHierarchyLevel-error" message={errs.featureHierarchyLevel} />
        </div>
        <div style={row}>
          <label htmlFor="setting-trainScopeJql" style={labelStyle}>
            Train scope (JQL)
          </label>
          <textarea
            id="setting-trainScopeJql"
            data-testid="setting-trainScopeJql"
            rows={3}
            value={form.trainScopeJql}
            onChange={(e) => update({ trainScopeJql: e.target.value })}
            aria-describedby={describedBy('trainScopeJql', true)}
            aria-invalid={errs.trainScopeJql ? true : undefined}
            style={{ width: '100%', maxWidth: 640, fontFamily: 'monospace' }}
            placeholder="project = ART"
          />
          <div id="trainScopeJql-hint" style={hintStyle}>
            Empty means “this project”. Jira checks the query when you save.
          </div>
          <FieldError id="trainScopeJql-error" message={errs.trainScopeJql} />
        </div>

        <h2>Definition of Ready</h2>
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
          <legend style={{ fontWeight: 600 }}>A story is ready when</legend>
          {DOR_INPUTS.map(({ key, label }) => (
            <div key={key}>
              <Checkbox
                id={`setting-dor-${key}`}
                testId={`setting-dor-${key}`}
                label={label}
                isChecked={form.dor[key]}
                isInvalid={!!errs[`dor.${key}`]}
                onChange={(e) => update({ dor: { ...form.dor, [key]: e.target.checked } })}
              />
              <FieldError id={`dor.${key}-error`} message={errs[`dor.${key}`]} />
            </div>
          ))}
          <FieldError id="dor-error" message={errs.dor} />
        </fieldset>
        <div style={row}>
          <label htmlFor="setting-dor-rejectVagueOnlyCriteria" style={labelStyle}>
            When every acceptance criterion is vague (“No bugs”, “works as expected”)
          </label>
          <div style={{ maxWidth: 420 }}>
            <Select
              inputId="setting-dor-rejectVagueOnlyCriteria"
              testId="setting-dor-rejectVagueOnlyCriteria"
              options={VAGUE_ONLY_CHOICES}
              value={VAGUE_ONLY_CHOICES.find((o) => o.value === form.dor.rejectVagueOnlyCriteria) ?? VAGUE_ONLY_CHOICES[0]}
              onChange={(o) => o && update({ dor: { ...form.dor, rejectVagueOnlyCriteria: o.value } })}
              isSearchable={false}
              aria-describedby="rejectVagueOnlyCriteria-hint"
            />
          </div>
          <div id="rejectVagueOnlyCriteria-hint" style={hintStyle}>
            Default: not ready. Criteria like these name nothing a tester could check.
          </div>
          <FieldError id="dor.rejectVagueOnlyCriteria-error" message={errs['dor.rejectVagueOnlyCriteria']} />
        </div>
        <NumberInput id="maxStoryPoints" label="Largest story (points)" hint="Bigger stories fail the Small check." value={form.maxStoryPoints} onChange={(v) => update({ maxStoryPoints: v })} error={errs.maxStoryPoints} min={1} max={100} />

        <h2>WSJF</h2>
        <TextInput id="wsjfScale" label="WSJF scale" hint="Comma-separated, strictly increasing, starting at 1 (e.g. 1, 2, 3, 5, 8, 13, 20)." value={form.wsjfScale} onChange={(v) => update({ wsjfScale: v })} error={errs.wsjfScale} minWidth={320} />
        <NumberInput id="wsjfStaleAfterDays" label="A WSJF score is stale after (days)" hint="Default: one PI of 10 weeks." value={form.wsjfStaleAfterDays} onChange={(v) => update({ wsjfStaleAfterDays: v })} error={errs.wsjfStaleAfterDays} min={1} max={730} />
        <div style={row}>
          <label htmlFor="setting-wsjfIncompleteScores" style={labelStyle}>
            Features whose WSJF score is blank or off the scale
          </label>
          <div style={{ maxWidth: 560 }}>
            <Choice
              id="setting-wsjfIncompleteScores"
              testId="setting-wsjfIncompleteScores"
              value={form.wsjfIncompleteScores}
              onChange={(v) => update({ wsjfIncompleteScores: v as IncompleteScores })}
              describedBy="wsjfIncompleteScores-hint"
              options={INCOMPLETE_SCORE_CHOICES}
            />
          </div>
          <div id="wsjfIncompleteScores-hint" style={hintStyle}>
            Default: leave them out. Done features are never ranked.
          </div>
          <FieldError id="wsjfIncompleteScores-error" message={errs.wsjfIncompleteScores} />
        </div>

        <h2>Health</h2>
        <TextInput id="improvementLabel" label="Improvement label" hint="Issues with this label count as Inspect & Adapt improvements." value={form.improvementLabel} onChange={(v) => update({ improvementLabel: v })} error={errs.improvementLabel} />
        <NumberInput id="snapshotRetentionDays" label="Keep daily snapshots for (days)" hint="Between 7 and 3650." value={form.snapshotRetentionDays} onChange={(v) => update({ snapshotRetentionDays: v })} error={errs.snapshotRetentionDays} min={7} max={3650} />
        <div style={row} role="group" aria-labelledby="rework-heading">
          <h3 id="rework-heading" style={{ fontSize: 14, margin: '8px 0' }}>
            Rework boundary (optional)
          </h3>
          <label htmlFor="setting-reworkFrom" style={labelStyle}>
            A move from these statuses
          </label>
          <Textfield id="setting-reworkFrom" testId="setting-reworkFrom" value={form.reworkFrom} onChange={(e) => update({ reworkFrom: e.currentTarget.value })} aria-describedby="reworkBoundary-hint reworkBoundary-error" width="medium" />
          <label htmlFor="setting-reworkTo" style={labelStyle}>
            back to these statuses counts as rework
          </label>
          <Textfield id="setting-reworkTo" testId="setting-reworkTo" value={form.reworkTo} onChange={(e) => update({ reworkTo: e.currentTarget.value })} aria-describedby="reworkBoundary-hint reworkBoundary-error" width="medium" />
          <div id="reworkBoundary-hint" style={hintStyle}>
            Comma-separated status names, e.g. from “In Review” back to “In Progress”. Reopening a done story always counts.
          </div>
          <FieldError id="reworkBoundary-error" message={errs.reworkBoundary} />
        </div>
        <div style={row} role="group" aria-labelledby="objectives-heading">
          <h3 id="objectives-heading" style={{ fontSize: 14, margin: '8px 0' }}>
            PI objectives for predictability (optional)
          </h3>
          <label htmlFor="setting-objectiveType" style={labelStyle}>
            Issue type of PI objectives
          </label>
          <Textfield id="setting-objectiveType" testId="setting-objectiveType" value={form.objectiveType} onChange={(e) => update({ objectiveType: e.currentTarget.value })} aria-describedby="piObjectives-hint piObjectives-error" width="medium" />
          <label htmlFor="setting-objectivePlanned" style={labelStyle}>
            Planned business value field
          </label>
          <div style={{ maxWidth: 420 }}>
            <Choice
              id="setting-objectivePlanned"
              testId="setting-objectivePlanned"
              value={form.objectivePlanned}
              onChange={(v) => update({ objectivePlanned: v })}
              describedBy="piObjectives-hint piObjectives-error"
              placeholder="Not tracked"
              options={[{ value: '', label: 'Not tracked' }, ...initial.fields.map((f) => ({ value: f.id, label: initial.fields.filter((x) => x.name === f.name).length > 1 ? `${f.name} (${f.id})` : f.name }))]}
            />
          </div>
          <label htmlFor="setting-objectiveActual" style={labelStyle}>
            Actual business value field
          </label>
          <div style={{ maxWidth: 420 }}>
            <Choice
              id="setting-objectiveActual"
              testId="setting-objectiveActual"
              value={form.objectiveActual}
              onChange={(v) => update({ objectiveActual: v })}
              describedBy="piObjectives-hint piObjectives-error"
              placeholder="Not tracked"
              options={[{ value: '', label: 'Not tracked' }, ...initial.fields.map((f) => ({ value: f.id, label: initial.fields.filter((x) => x.name === f.name).length > 1 ? `${f.name} (${f.id})` : f.name }))]}
            />
          </div>
          <label htmlFor="setting-piLabelPrefix" style={labelStyle}>
            PI label prefix
          </label>
          <Textfield id="setting-piLabelPrefix" testId="setting-piLabelPrefix" value={form.piLabelPrefix} onChange={(e) => update({ piLabelPrefix: e.currentTarget.value })} aria-describedby="piObjectives-hint piObjectives-error" width="medium" />
          <div id="piObjectives-hint" style={hintStyle}>
            Leave empty to use what Refinery finds on the site: an issue type named “PI Objective” with number fields “Planned business value” and “Actual business value”, and PI labels such as PI-2026.4.
          </div>
          <FieldError id="piObjectives-error" message={errs.piObjectives} />
        </div>
      </fieldset>

      {error && (
        <div style={{ margin: '16px 0' }}>
          <ErrorMessage error={error} onRetry={error.code === 'BAD_REQUEST' ? undefined : () => void submit()}>
            {Object.keys(errs).length > 0 && (
              <ul data-testid="settings-field-errors">
                {Object.entries(errs).map(([k, m]) => (
                  <li key={k}>
                    <code>{k}</code>: {m}
                  </li>
                ))}
              </ul>
            )}
          </ErrorMessage>
        </div>
      )}
      {!readOnly && (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Button type="submit" appearance="primary" testId="settings-save" isDisabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
          {saved && (
            <span role="status" data-testid="settings-saved">
              Settings saved.
            </span>
          )}
        </div>
      )}
    </form>
  );
}

function TextInput({ id, label, hint, value, onChange, error, minWidth }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; error?: string; minWidth?: number }) {
  return (
    <div style={row}>
      <label htmlFor={`setting-${id}`} style={labelStyle}>
        {label}
      </label>
      <Textfield
        id={`setting-${id}`}
        testId={`setting-${id}`}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        isInvalid={!!error}
        width={minWidth && minWidth > 300 ? 'large' : 'medium'}
      />
      <div id={`${id}-hint`} style={hintStyle}>
        {hint}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function NumberInput({ id, label, hint, value, onChange, error, min, max }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; error?: string; min: number; max: number }) {
  return (
    <div style={row}>
      <label htmlFor={`setting-${id}`} style={labelStyle}>
        {label}
      </label>
      <Textfield
        id={`setting-${id}`}
        testId={`setting-${id}`}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        isInvalid={!!error}
        width="small"
      />
      <div id={`${id}-hint`} style={hintStyle}>
        {hint}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function AdminPage() {
  const { state, reload, setData } = useEnvelope(getSettings);
  const onSaved = useCallback((d: SettingsData) => setData(d), [setData]);

  return (
    <div data-testid="admin-page" style={{ padding: 16, maxWidth: 900 }}>
      <h1 style={{ marginTop: 0 }}>Refinery settings</h1>
      {state.status === 'loading' && <Loading label="Loading settings" />}
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={reload} />}
      {state.status === 'ok' && (
        <>
          {!state.data.permissions.canEdit && (
            <div data-testid="read-only" style={{ marginBottom: 16 }}>
              <SectionMessage appearance="information" title="Read only">
                <p>{state.data.permissions.reason ?? 'You cannot change these settings.'}</p>
              </SectionMessage>
            </div>
          )}
          <SettingsForm initial={state.data} onSaved={onSaved} />
          <PiPlanningSettings />
        </>
      )}
      <hr style={{ margin: '32px 0 16px' }} />
      <SiteCheck />
    </div>
  );
}
