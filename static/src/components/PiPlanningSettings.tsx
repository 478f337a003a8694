import { useCallback, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldErrorText, HelperMessage, Label } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import { getSettings, saveSettings } from '../api';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { Section } from './Section';
import { useEnvelope } from './useEnvelope';
import type { AppError, Settings } from './types';

type PiPlanning = NonNullable<Settings['piPlanning']>;
type SettingsData = { settings: Settings; permissions: { canEdit: boolean; reason?: string } };

/** The form keeps what the admin typed (strings); the backend's schema judges it on save. */
interface OverrideRow {
  team: string;
  sprintId: string;
  capacity: string;
  reason: string;
}
interface CalendarRow {
  pi: string;
  start: string;
  end: string;
}
interface FormState {
  velocitySprints: string;
  overCommitShare: string;
  topWsjf: string;
  overrides: OverrideRow[];
  calendar: CalendarRow[];
}

// The schema's defaults (src/domain/settings.ts DEFAULT_PI_PLANNING), shown when nothing is stored yet.
const DEFAULTS = { velocitySprints: 3, overCommitShare: 1, topWsjf: 5 };

function toForm(p: Settings['piPlanning']): FormState {
  return {
    velocitySprints: String(p?.velocitySprints ?? DEFAULTS.velocitySprints),
    overCommitShare: String(p?.overCommitShare ?? DEFAULTS.overCommitShare),
    topWsjf: String(p?.topWsjf ?? DEFAULTS.topWsjf),
    overrides: (p?.capacityOverrides ?? []).map((o) => ({ team: o.team, sprintId: String(o.sprintId), capacity: String(o.capacity), reason: o.reason })),
    calendar: (p?.calendar ?? []).map((c) => ({ ...c })),
  };
}

/** A typed-in number; an empty or non-numeric entry is sent as NaN so the schema names the field. */
const number = (raw: string) => (raw.trim() === '' ? Number.NaN : Number(raw.trim()));

function toPiPlanning(f: FormState): PiPlanning {
  return {
    velocitySprints: number(f.velocitySprints),
    overCommitShare: number(f.overCommitShare),
    topWsjf: number(f.topWsjf),
    capacityOverrides: f.overrides.map((o) => ({ team: o.team.trim(), sprintId: number(o.sprintId), capacity: number(o.capacity), reason: o.reason.trim() })),
    calendar: f.calendar.map((c) => ({ pi: c.pi.trim(), start: c.start.trim(), end: c.end.trim() })),
  };
}

/** Field errors from a refused save, by path below `piPlanning` ("velocitySprints", "capacityOverrides.0.reason"). */
function fieldErrors(error: AppError | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error || !Array.isArray(error.details)) return out;
  for (const d of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d.path !== 'string' || typeof d.message !== 'string') continue;
    if (d.path === 'piPlanning') out[''] = d.message;
    else if (d.path.startsWith('piPlanning.')) out[d.path.slice('piPlanning.'.length)] = d.message;
  }
  return out;
}

function Text({ id, label, hint, value, onChange, error, disabled, width, type = 'text' }: { id: string; label: string; hint?: ReactNode; value: string; onChange: (v: string) => void; error?: string; disabled: boolean; width?: number; type?: string }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div style={{ marginBottom: 8, minWidth: width }}>
      <Label htmlFor={id}>{label}</Label>
      <Textfield id={id} testId={id} type={type} value={value} isDisabled={disabled} isInvalid={!!error} aria-describedby={describedBy} onChange={(e) => onChange((e.target as HTMLInputElement).value)} />
      {hint && (
        <div id={`${id}-hint`}>
          <HelperMessage>{hint}</HelperMessage>
        </div>
      )}
      {error && (
        <div id={`${id}-error`}>
          <FieldErrorText>{error}</FieldErrorText>
        </div>
      )}
    </div>
  );
}

function Form({ initial }: { initial: SettingsData }) {
  const [form, setForm] = useState<FormState>(() => toForm(initial.settings.piPlanning));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const disabled = !initial.permissions.canEdit || saving;
  const errs = fieldErrors(error);
  const update = (patch: Partial<FormState>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const setOverride = (i: number, patch: Partial<OverrideRow>) => update({ overrides: form.overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const setCalendar = (i: number, patch: Partial<CalendarRow>) => update({ calendar: form.calendar.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  const submit = async () => {
    setSaving(true);
    setError(null);
    // Re-read the stored settings so this section never writes back another section's stale values.
    const current = await getSettings();
    if (!current.ok) {
      setSaving(false);
      setError(current.error);
      return;
    }
    const res = await saveSettings({ settings: { ...current.data.settings, piPlanning: toPiPlanning(form) } });
    setSaving(false);
    if (res.ok) {
      setForm(toForm(res.data.settings.piPlanning));
      setSaved(true);
    } else {
      setError(res.error);
    }
  };

  return (
    <form
      aria-labelledby="pi-settings-heading"
      data-testid="pi-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {/* Read-only: the admin page says why once, above every section (issue 17: one permission message per page). */}
      <Section id="pi-settings-heading" level={2} title="PI planning">
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Text id="pi-velocitySprints" label="Velocity from the last N closed sprints" hint="A team's capacity is the median of the points it accepted in its last N closed sprints (1–12)." value={form.velocitySprints} onChange={(v) => update({ velocitySprints: v })} error={errs.velocitySprints} disabled={disabled} width={280} type="number" />
          <Text id="pi-overCommitShare" label="Over-committed above this share of capacity" hint="1 = over 100% of capacity; 0.8 flags a cell planned above 80% (0.1–2)." value={form.overCommitShare} onChange={(v) => update({ overCommitShare: v })} error={errs.overCommitShare} disabled={disabled} width={280} />
          <Text id="pi-topWsjf" label="Top N features by WSJF" hint="Alignment counts the points planned on the train's top N features by WSJF (1–50)." value={form.topWsjf} onChange={(v) => update({ topWsjf: v })} error={errs.topWsjf} disabled={disabled} width={280} type="number" />
        </div>

        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>Capacity overrides</legend>
          <p style={{ marginTop: 4 }}>For holidays and IP iterations: the capacity a team has in one sprint instead of its velocity, with the reason shown beside the number. The sprint id is the number Jira shows in a sprint&apos;s URL and the PI planning tab&apos;s list view.</p>
          {errs.capacityOverrides && <FieldErrorText>{errs.capacityOverrides}</FieldErrorText>}
          {form.overrides.map((o, i) => (
            <div key={i} data-testid="pi-override" style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <Text id={`pi-override-${i}-team`} label="Team" value={o.team} onChange={(v) => setOverride(i, { team: v })} error={errs[`capacityOverrides.${i}.team`]} disabled={disabled} width={160} />
              <Text id={`pi-override-${i}-sprint`} label="Sprint id" value={o.sprintId} onChange={(v) => setOverride(i, { sprintId: v })} error={errs[`capacityOverrides.${i}.sprintId`]} disabled={disabled} width={100} type="number" />
              <Text id={`pi-override-${i}-capacity`} label="Capacity (points)" value={o.capacity} onChange={(v) => setOverride(i, { capacity: v })} error={errs[`capacityOverrides.${i}.capacity`]} disabled={disabled} width={130} type="number" />
              <Text id={`pi-override-${i}-reason`} label="Reason" value={o.reason} onChange={(v) => setOverride(i, { reason: v })} error={errs[`capacityOverrides.${i}.reason`]} disabled={disabled} width={280} />
              <div style={{ paddingTop: 24 }}>
                <Button appearance="subtle" isDisabled={disabled} onClick={() => update({ overrides: form.overrides.filter((_, j) => j !== i) })}>
                  Remove override {i + 1}
                </Button>
              </div>
            </div>
          ))}
          <Button testId="pi-add-override" isDisabled={disabled} onClick={() => update({ overrides: [...form.overrides, { team: '', sprintId: '', capacity: '', reason: '' }] })}>
            Add a capacity override
          </Button>
        </fieldset>

        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>PI calendar</legend>
          <p style={{ marginTop: 4 }}>Optional: a PI&apos;s first and last day, where its sprints cannot tell (otherwise the window comes from the sprints its stories are planned in).</p>
          {errs.calendar && <FieldErrorText>{errs.calendar}</FieldErrorText>}
          {form.calendar.map((c, i) => (
            <div key={i} data-testid="pi-calendar" style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}>
              <Text id={`pi-calendar-${i}-pi`} label="PI label" value={c.pi} onChange={(v) => setCalendar(i, { pi: v })} error={errs[`calendar.${i}.pi`] ?? errs[`calendar.${i}`]} disabled={disabled} width={160} />
              <Text id={`pi-calendar-${i}-start`} label="First day" value={c.start} onChange={(v) => setCalendar(i, { start: v })} error={errs[`calendar.${i}.start`]} disabled={disabled} width={160} type="date" />
              <Text id={`pi-calendar-${i}-end`} label="Last day" value={c.end} onChange={(v) => setCalendar(i, { end: v })} error={errs[`calendar.${i}.end`]} disabled={disabled} width={160} type="date" />
              <div style={{ paddingTop: 24 }}>
                <Button appearance="subtle" isDisabled={disabled} onClick={() => update({ calendar: form.calendar.filter((_, j) => j !== i) })}>
                  Remove PI {i + 1}
                </Button>
              </div>
            </div>
          ))}
          <Button testId="pi-add-calendar" isDisabled={disabled} onClick={() => update({ calendar: [...form.calendar, { pi: '', start: '', end: '' }] })}>
            Add a PI&apos;s dates
          </Button>
        </fieldset>

        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <Button type="submit" appearance="primary" isDisabled={disabled} testId="pi-settings-save">
            Save PI planning settings
          </Button>
          {saved && (
            <span role="status" data-testid="pi-settings-saved">
              Saved.
            </span>
          )}
        </div>
        {error && <ErrorMessage error={error} />}
      </Section>
    </form>
  );
}

/**
 * The admin page's PI planning section (issue 15): velocity window, over-commit share, top N by
 * WSJF, capacity overrides with a reason, PI calendar. Self-contained: it loads the settings and
 * saves only its own block, over the settings as stored at the moment of saving.
 */
export function PiPlanningSettings() {
  const load = useCallback(() => getSettings(), []);
  const { state, reload } = useEnvelope(load);
  if (state.status === 'loading') return <Loading label="Loading PI planning settings" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  return <Form initial={state.data} />;
}
