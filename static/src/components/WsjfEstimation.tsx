import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { getWsjfEstimation, previewWsjfColumn, saveWsjfColumn } from '../api';
import { dateTime } from '../format';
import { Choice } from './Choice';
import { ErrorMessage } from './ErrorMessage';
import { JiraLink } from './JiraLink';
import { Table } from './Table';
import { Loading } from './Loading';
import { useEnvelope } from './useEnvelope';
import type { AppError, WsjfColumnPreview, WsjfColumnSaveResult, WsjfComponentKey, WsjfEstimationSheet, WsjfTableData } from './types';

export const COLUMNS: { key: WsjfComponentKey; label: string; hint: string }[] = [
  { key: 'businessValue', label: 'User-Business Value', hint: 'How much value does each feature bring to users and the business, relative to the others?' },
  { key: 'timeCriticality', label: 'Time Criticality', hint: 'How much does the value decay if each feature waits? Fixed dates, competitors, customer commitments.' },
  { key: 'riskReduction', label: 'Risk Reduction | Opportunity Enablement', hint: 'How much does each feature reduce risk or enable new business opportunities?' },
  { key: 'jobSize', label: 'Job Size', hint: 'How big is each feature relative to the others? (Duration is the usual proxy.)' },
];

type Row = WsjfEstimationSheet['rows'][number];

/**
 * Estimation mode (SAFe): one column at a time across all features, relative to each other, with the
 * smallest at 1. Only changed values are sent, in one save; the result says which were saved.
 */
export function WsjfEstimation({ projectKey, onSaved, onClose }: { projectKey: string; onSaved: (table: WsjfTableData) => void; onClose: () => void }) {
  const loader = useCallback(() => getWsjfEstimation({ projectKey }), [projectKey]);
  const { state, reload } = useEnvelope(loader);
  if (state.status === 'loading') return <Loading label="Loading the estimation sheet" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  return <Sheet key={state.data.asOf} projectKey={projectKey} sheet={state.data} onSaved={onSaved} onClose={onClose} />;
}

function Sheet({ projectKey, sheet, onSaved, onClose }: { projectKey: string; sheet: WsjfEstimationSheet; onSaved: (table: WsjfTableData) => void; onClose: () => void }) {
  const [column, setColumn] = useState<WsjfComponentKey>('businessValue');
  // The last values known to be stored, and their versions; updated by every save.
  const [rows, setRows] = useState<Row[]>(() => [...sheet.rows].sort((a, b) => a.currentRank - b.currentRank));
  const [draft, setDraft] = useState<Record<string, number>>({});
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<WsjfColumnSaveResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const canEdit = sheet.permissions.canEdit;
  const meta = COLUMNS.find((c) => c.key === column)!;

  const scoredRows = rows.filter((r) => r.scored);
  const valueOf = (r: Row) => draft[r.issue.key] ?? r.scores[column];
  const changed = scoredRows.filter((r) => draft[r.issue.key] !== undefined && draft[r.issue.key] !== r.scores[column]);
  // The column on screen (drafts included), checked and normalised by the backend after every change.
  const onScreen = JSON.stringify(scoredRows.flatMap((r) => (valueOf(r) === undefined ? [] : [{ issueKey: r.issue.key, value: valueOf(r)! }])));
  const [check, setCheck] = useState<WsjfColumnPreview | null>(null);
  const asked = useRef(0);
  useEffect(() => {
    const ask = ++asked.current;
    setCheck(null);
    void previewWsjfColumn({ component: column, values: JSON.parse(onScreen) as { issueKey: string; value: number }[] }).then((res) => {
      if (ask !== asked.current) return; // a newer change is on its way
      if (res.ok) setCheck(res.data);
      else setError(res.error);
    });
  }, [column, onScreen]);
  const options = useMemo(() => [...new Set([...sheet.scale, ...scoredRows.map((r) => r.scores[column]).filter((v): v is number => v !== undefined)])].sort((a, b) => a - b), [sheet.scale, scoredRows, column]);

  const chooseColumn = (c: WsjfComponentKey) => {
    setColumn(c);
    setDraft({});
    setResult(null);
    setError(null);
  };

  const normalise = () => {
    if (check) setDraft(Object.fromEntries(check.normalised.map((v) => [v.issueKey, v.value])));
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    const res = await saveWsjfColumn({ projectKey, component: column, values: changed.map((r) => ({ issueKey: r.issue.key, value: draft[r.issue.key], expectedVersion: r.version })) });
    setSaving(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    const savedByKey = new Map(res.data.saved.map((s) => [s.issueKey, s]));
    const conflictByKey = new Map(res.data.notSaved.filter((n) => n.reason === 'conflict' && n.current).map((n) => [n.issueKey, n.current!]));
    setRows((prev) =>
      prev.map((r) => {
        const s = savedByKey.get(r.issue.key);
        if (s) return { ...r, version: s.version, scores: { ...r.scores, [column]: s.value } };
        const other = conflictByKey.get(r.issue.key);
        // Their values become the stored ones; the user's draft stays, so saving again is a deliberate choice.
        if (other) return { ...r, version: other.version, scores: { businessValue: other.businessValue, timeCriticality: other.timeCriticality, riskReduction: other.riskReduction, jobSize: other.jobSize } };
        return r;
      }),
    );
    setDraft((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !savedByKey.has(k))));
    setResult(res.data);
    onSaved(res.data.table);
  };

  const fieldWarnings = result?.saved.flatMap((s) => s.fieldWrites.failed.map((f) => `${s.issueKey}: Jira refused the ${f.name} field (${f.message}).`)) ?? [];

  return (
    <section data-testid="wsjf-estimation" aria-labelledby="estimation-heading">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Heading as="h3" size="small" id="estimation-heading">
          Estimate one column across all features
        </Heading>
        <label htmlFor="estimation-column-input">Column</label>
        <div style={{ minWidth: 240 }}>
          <Choice
            id="estimation-column-input"
            testId="estimation-column"
            value={column}
            onChange={(v) => chooseColumn(v as WsjfComponentKey)}
            isDisabled={saving || changed.length > 0}
            describedBy="estimation-hint"
            options={COLUMNS.map((c) => ({ value: c.key, label: c.label }))}
          />
        </div>
        <Button testId="estimation-normalise" onClick={normalise} isDisabled={!canEdit || saving || scoredRows.length === 0 || check === null}>
          Normalise so the smallest is 1
        </Button>
        <Button testId="estimation-save" appearance="primary" onClick={save} isDisabled={!canEdit || saving || changed.length === 0}>
          {saving ? 'Saving…' : `Save column (${changed.length} changed)`}
        </Button>
        {changed.length > 0 && (
          <Button testId="estimation-discard" onClick={() => setDraft({})} isDisabled={saving}>
            Discard changes
          </Button>
        )}
        <Button testId="estimation-close" appearance="subtle" onClick={onClose} isDisabled={saving}>
          Close estimation
        </Button>
      </div>
      <p>
        As of <time dateTime={sheet.asOf}>{dateTime(sheet.asOf)}</time>
      </p>
      <p id="estimation-hint">
        {meta.hint} Give the smallest feature a 1 and estimate the others relative to it, on the scale {sheet.scale.join(', ')}.
        {changed.length > 0 && ' Save or discard your changes before switching columns.'}
      </p>
      {!canEdit && (
        <SectionMessage appearance="information" title="Read only">
          <p>{sheet.permissions.reason ?? 'You cannot change WSJF scores in this project.'}</p>
        </SectionMessage>
      )}
      {check?.component === column && check.warning && (
        <div data-testid="estimation-no-one" style={{ marginBottom: 8 }}>
          <SectionMessage appearance="warning" title={`No feature has ${meta.label} 1`}>
            <p>{check.warning}</p>
          </SectionMessage>
        </div>
      )}
      {sheet.doneCount > 0 && <p data-testid="estimation-done">{sheet.doneCount} done features are not estimated: WSJF does not rank finished work.</p>}
      {error && <ErrorMessage error={error} />}
      {result && (
        <div data-testid="estimation-result" role="status" style={{ marginBottom: 8 }}>
          <SectionMessage appearance={result.notSaved.length || fieldWarnings.length ? 'warning' : 'success'} title={`Saved ${result.saved.length} of ${result.saved.length + result.notSaved.length} features`}>
            {result.saved.length > 0 && <p data-testid="estimation-saved">Saved: {result.saved.map((s) => `${s.issueKey} (${s.value})`).join(', ')}.</p>}
            {result.notSaved.length > 0 && (
              <ul data-testid="estimation-not-saved">
                {result.notSaved.map((n) => (
                  <li key={n.issueKey}>
                    <strong>{n.issueKey} not saved:</strong> {n.message}
                    {n.current && ` Their ${meta.label}: ${n.current[column]}; yours is kept in the sheet, so saving again replaces theirs.`}
                  </li>
                ))}
              </ul>
            )}
            {fieldWarnings.length > 0 && (
              <ul data-testid="estimation-field-warnings">
                {fieldWarnings.map((w) => (
                  <li key={w}>{w} The score itself is saved.</li>
                ))}
              </ul>
            )}
          </SectionMessage>
        </div>
      )}
      <Table
        testId="estimation-table"
        caption={`${meta.label} of ${scoredRows.length} scored features, in backlog rank order`}
        columns={['Rank', 'Key', 'Summary', 'Team', meta.label, 'Was']}
        rows={rows.map((r) => {
          const isChanged = changed.includes(r);
          return {
            key: r.issue.key,
            testId: `estimation-row-${r.issue.key}`,
            isHighlighted: isChanged,
            cells: [
              r.currentRank,
              <JiraLink key="k" href={r.issue.url}>{r.issue.key}</JiraLink>,
              r.issue.summary,
              r.issue.team ?? '—',
              r.scored ? (
                <div style={{ minWidth: 120 }}>
                  <Choice
                    id={`estimate-${r.issue.key}-input`}
                    testId={`estimate-${r.issue.key}`}
                    label={`${meta.label} of ${r.issue.key}`}
                    value={String(valueOf(r) ?? '')}
                    isDisabled={!canEdit || saving}
                    onChange={(v) => setDraft((d) => ({ ...d, [r.issue.key]: Number(v) }))}
                    options={options.map((v) => ({ value: String(v), label: `${v}${sheet.scale.includes(v) ? '' : ' (off scale)'}` }))}
                  />
                </div>
              ) : (
                <span>Not scored yet: score all four components once in the issue panel.</span>
              ),
              isChanged ? r.scores[column] : '',
            ],
          };
        })}
      />
    </section>
  );
}
