import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { saveWsjf } from '../api';
import { dateTime, num } from '../format';
import { Dependencies } from './Dependencies';
import { ErrorMessage } from './ErrorMessage';
import { FeatureReadiness } from './FeatureReadiness';
import { JiraLink } from './JiraLink';
import { StatusLozenge } from './Lozenges';
import type { AppError, FeaturePanelData, WsjfScores, WsjfView } from './types';
import Heading from '@atlaskit/heading';
import { Sections } from './Section';
import { ScalePick } from './ScalePick';

type Component = keyof WsjfScores;
type FormValues = Record<Component, number | null>;

export const COMPONENTS: { id: Component; label: string; help: string }[] = [
  { id: 'businessValue', label: 'Business value', help: 'Relative value to the customer or business.' },
  { id: 'timeCriticality', label: 'Time criticality', help: 'How much value decays with delay.' },
  { id: 'riskReduction', label: 'Risk reduction | opportunity enablement', help: 'Risk it removes or opportunity it opens.' },
  { id: 'jobSize', label: 'Job size', help: 'Relative size; the smallest feature is 1.' },
];

function fromView(v: WsjfView | null): FormValues {
  return {
    businessValue: v?.businessValue ?? null,
    timeCriticality: v?.timeCriticality ?? null,
    riskReduction: v?.riskReduction ?? null,
    jobSize: v?.jobSize ?? null,
  };
}

function complete(v: FormValues): v is Record<Component, number> {
  return COMPONENTS.every((c) => typeof v[c.id] === 'number');
}

function conflictCurrent(error: AppError): WsjfView | null {
  const d = error.details as { current?: WsjfView | null } | undefined;
  return d && typeof d === 'object' && d.current ? d.current : null;
}

function fieldErrors(error: AppError): Partial<Record<Component, string>> {
  const out: Partial<Record<Component, string>> = {};
  if (!Array.isArray(error.details)) return out;
  for (const d of error.details as { path?: string; message?: string }[]) {
    const key = String(d?.path ?? '').replace(/^scores\./, '') as Component;
    if (COMPONENTS.some((c) => c.id === key) && d.message) out[key] = d.message;
  }
  return out;
}

export function FeatureView({ data, onReload }: { data: FeaturePanelData; onReload: () => void }) {
  const [saved, setSaved] = useState<WsjfView | null>(data.wsjf);
  const [values, setValues] = useState<FormValues>(() => fromView(data.wsjf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const canEdit = data.permissions.canEdit;

  // The backend computed CoD and WSJF for every choice the form offers; the panel only looks them up.
  const { businessValue: bv, timeCriticality: tc, riskReduction: rr, jobSize: js } = values;
  const liveCod = bv !== null && tc !== null && rr !== null ? (data.scorePreview.costOfDelay[`${bv}|${tc}|${rr}`] ?? null) : null;
  const live = { cod: liveCod, wsjf: liveCod !== null && js !== null ? (data.scorePreview.wsjf[`${liveCod}|${js}`] ?? null) : null };

  const dirty = COMPONENTS.some((c) => values[c.id] !== (saved ? saved[c.id] : null));

  const set = (id: Component, raw: string) => {
    setJustSaved(false);
    setValues((v) => ({ ...v, [id]: raw === '' ? null : Number(raw) }));
  };

  const save = async () => {
    if (!complete(values)) return;
    setSaving(true);
    setError(null);
    setJustSaved(false);
    const res = await saveWsjf({ issueKey: data.issue.key, scores: { ...values }, expectedVersion: saved?.version ?? 0 });
    setSaving(false);
    if (res.ok) {
      setSaved(res.data);
      setValues(fromView(res.data));
      setJustSaved(true);
    } else {
      setError(res.error);
    }
  };

  const other = error?.code === 'CONFLICT' ? conflictCurrent(error) : null;
  const errs = error?.code === 'BAD_REQUEST' ? fieldErrors(error) : {};
  const offScale = new Map((saved?.offScale ?? []).filter((o) => values[o.component] === o.value).map((o) => [o.component, o.message]));
  const suggestion = data.jobSizeSuggestion;

  return (
    <div data-testid="feature-panel" style={{ padding: 8 }}>
      <Sections>
        <div>
          <Heading as="h2" size="medium">
            WSJF for {data.issue.key}
          </Heading>
          <p>
            <StatusLozenge status={data.issue.status} category={data.issue.statusCategory} />{' '}
            <span data-testid="children-progress">
              {data.children.done} of {data.children.total} child {data.children.total === 1 ? 'story' : 'stories'} done
            </span>{' '}
            <span data-testid="children-source">
              {data.childrenAsOf ? (
                <>
                  (children as of <time dateTime={data.childrenAsOf}>{dateTime(data.childrenAsOf)}</time>, your last refresh)
                </>
              ) : (
                '(children read now)'
              )}
            </span>
            {data.issue.team && <span> · team {data.issue.team}</span>}
          </p>
          <p data-testid="wsjf-ranking">
            {data.ranking.rank !== null && data.ranking.notRanked === null && (
              <>
                WSJF rank <strong>{data.ranking.rank}</strong> of {data.ranking.of} ranked features in the train
              </>
            )}
            {data.ranking.notRanked && (
              <>
                {data.ranking.rank !== null ? `Ranked last (${data.ranking.rank} of ${data.ranking.of}). ` : 'Not ranked. '}
                {data.ranking.notRanked.message}
              </>
            )}{' '}
            <span>
              (as of <time dateTime={data.ranking.asOf}>{dateTime(data.ranking.asOf)}</time>)
            </span>
          </p>

          {!canEdit && (
            <div data-testid="read-only">
              <SectionMessage appearance="information" title="Read only">
                <p>{data.permissions.reason ?? 'You cannot change the WSJF score of this feature.'}</p>
              </SectionMessage>
            </div>
          )}

          {saved ? (
            <p data-testid="scored-by">
              Scored by {saved.scoredBy?.displayName ?? 'unknown'}
              {saved.scoredAt && <span> on {dateTime(saved.scoredAt)}</span>}
              {saved.stale && (
                <span data-testid="stale-mark">
                  {' '}
                  <Lozenge appearance="moved">Stale</Lozenge> {saved.staleReason ?? 'The score is old; review it.'}
                </span>
              )}
            </p>
          ) : (
            <p data-testid="not-scored">Not scored yet.</p>
          )}

          {saved && saved.offScale.length > 0 && (
            <div data-testid="off-scale">
              <SectionMessage appearance="warning" title="Values off the scale">
                <ul>
                  {saved.offScale.map((o) => (
                    <li key={o.component}>{o.message}</li>
                  ))}
                </ul>
              </SectionMessage>
            </div>
          )}

          <form
            data-testid="wsjf-form"
            aria-label="WSJF score"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: 12 }}>
              {COMPONENTS.map((c) => {
                const value = values[c.id];
                const onScale = value === null || data.scale.includes(value);
                const inputId = `wsjf-${c.id}`;
                const msg = errs[c.id] ?? offScale.get(c.id);
                return (
                  <div key={c.id}>
                    <div id={inputId} style={{ fontWeight: 600 }}>
                      {c.label}
                    </div>
                    <ScalePick
                      name={inputId}
                      labelId={inputId}
                      testId={`wsjf-input-${c.id}`}
                      value={value === null ? '' : String(value)}
                      isDisabled={!canEdit || saving}
                      onChange={(v) => set(c.id, v)}
                      describedBy={`${inputId}-help`}
                      isInvalid={!!msg}
                      options={[...(!onScale && value !== null ? [{ value: String(value), label: `${value} (off scale)` }] : []), ...data.scale.map((s) => ({ value: String(s), label: String(s) }))]}
                    />
                    <div id={`${inputId}-help`} style={{ fontSize: 12 }}>
                      {c.help}
                    </div>
                    {msg && (
                      <div role="alert" style={{ fontSize: 12, color: 'var(--ds-text-danger, #AE2E24)' }} data-testid={`wsjf-error-${c.id}`}>
                        {msg}
                      </div>
                    )}
                  </div>
                );
              })}
            </div>

            {suggestion && (
              <div data-testid="job-size-suggestion" style={{ marginTop: 12 }}>
                <p>
                  Suggested job size: <strong data-testid="job-size-suggested">{suggestion.suggested}</strong> — <span data-testid="job-size-basis">{suggestion.basis}</span>
                </p>
                <Button testId="use-suggestion" isDisabled={!canEdit || saving} onClick={() => set('jobSize', String(suggestion.suggested))}>
                  {`Use ${suggestion.suggested}`}
                </Button>
              </div>
            )}
            {!suggestion && data.jobSizeNoSuggestion && (
              <p data-testid="job-size-no-suggestion" style={{ marginTop: 12 }}>
                {data.jobSizeNoSuggestion}
              </p>
            )}

            <p aria-live="polite" style={{ fontSize: 16, marginTop: 12 }}>
              Cost of Delay: <strong data-testid="cod-value">{num(live.cod)}</strong> · WSJF: <strong data-testid="wsjf-value">{num(live.wsjf)}</strong>
            </p>

            {canEdit && (
              <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                <Button type="submit" appearance="primary" testId="wsjf-save" isDisabled={!complete(values) || saving || !dirty}>
                  {saving ? 'Saving…' : 'Save score'}
                </Button>
                {!saving && !justSaved && (!complete(values) || !dirty) && (
                  // A disabled action says why (issue 17), as Re-rank and Estimate a column do.
                  <span data-testid="wsjf-save-reason" style={{ fontSize: 12, color: 'var(--ds-text-subtle, #44546F)' }}>
                    {!complete(values) ? 'Pick a value for all four to save.' : 'Change a value to save a new score.'}
                  </span>
                )}
                {justSaved && (
                  <span role="status" data-testid="wsjf-saved">
                    Saved.
                  </span>
                )}
              </div>
            )}
            {justSaved && saved?.fieldWrites && saved.fieldWrites.failed.length > 0 && (
              <div data-testid="wsjf-field-warning" style={{ marginTop: 8 }}>
                <SectionMessage appearance="warning" title="Score saved, some fields not updated">
                  <p>
                    The score is saved on {data.issue.key}, but Jira refused to update{' '}
                    {saved.fieldWrites.failed.map((f) => `the ${f.name} field (${f.message})`).join(' and ')}. Boards and filters that use{' '}
                    {saved.fieldWrites.failed.length === 1 ? 'that field' : 'those fields'} show the old value until a Jira admin puts{' '}
                    {saved.fieldWrites.failed.length === 1 ? 'it' : 'them'} on the issue&apos;s edit screen and you save again.
                  </p>
                </SectionMessage>
              </div>
            )}
          </form>

          {error && (
            <div style={{ marginTop: 12 }}>
              <ErrorMessage error={error} onRetry={error.code === 'CONFLICT' ? onReload : () => void save()} retryLabel={error.code === 'CONFLICT' ? 'Reload their score' : 'Try again'}>
                {other && (
                  <div data-testid="conflict-values">
                    <p>
                      {other.scoredBy?.displayName ?? 'Someone'} saved{other.scoredAt ? ` on ${dateTime(other.scoredAt)}` : ''}:
                    </p>
                    <ul>
                      {COMPONENTS.map((c) => (
                        <li key={c.id}>
                          {c.label}: {other[c.id]} (yours: {values[c.id] ?? '—'})
                        </li>
                      ))}
                      <li>
                        Cost of Delay {num(other.costOfDelay)}, WSJF {num(other.wsjf)}
                      </li>
                    </ul>
                    <Button
                      testId="conflict-keep-mine"
                      onClick={() => {
                        setSaved(other);
                        setError(null);
                      }}
                    >
                      Keep my values and save over theirs next
                    </Button>
                  </div>
                )}
              </ErrorMessage>
            </div>
          )}

          <p>
            <JiraLink href={data.issue.url}>Open {data.issue.key} in Jira</JiraLink>
          </p>
        </div>
        <Dependencies dependencies={data.dependencies} atRisk={data.dependenciesAtRisk} />
        <FeatureReadiness readiness={data.readiness} />
      </Sections>
    </div>
  );
}
