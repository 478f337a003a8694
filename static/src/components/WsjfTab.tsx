import { useCallback } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Tooltip from '@atlaskit/tooltip';
import { getWsjfTable } from '../api';
import { dateTime, num, toCsv } from '../format';
import { ErrorMessage } from './ErrorMessage';
import { JiraLink } from './JiraLink';
import { Loading } from './Loading';
import { StatusLozenge } from './Lozenges';
import { useEnvelope } from './useEnvelope';
import type { WsjfRow, WsjfRowFlag, WsjfScores, WsjfTableData } from './types';

const FLAG_LOOK: Record<WsjfRowFlag, { appearance: 'default' | 'removed' | 'inprogress' | 'moved'; text: string }> = {
  blank: { appearance: 'default', text: 'Not scored' },
  'off-scale': { appearance: 'removed', text: 'Off scale' },
  tie: { appearance: 'inprogress', text: 'Tie' },
  stale: { appearance: 'moved', text: 'Stale' },
  'urgent-but-valueless': { appearance: 'moved', text: 'Urgent, no value' },
};

const COMPONENT_LABEL: Record<keyof WsjfScores, string> = {
  businessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction | opportunity enablement',
  jobSize: 'Job size',
};

/** Sort key for an optional number: blanks sort after every score. */
const n = (v: number | null | undefined) => (typeof v === 'number' ? v : Number.NEGATIVE_INFINITY);

export function wsjfCsv(rows: WsjfRow[]): string {
  const header = ['Key', 'Summary', 'Team', 'Status', 'Business value', 'Time criticality', 'Risk reduction | opportunity enablement', 'Job size', 'Cost of Delay', 'WSJF', 'Current rank', 'WSJF rank', 'Flags', 'URL'];
  return toCsv([
    header,
    ...rows.map((r) => [
      r.issue.key,
      r.issue.summary,
      r.issue.team ?? '',
      r.issue.status,
      r.scores.businessValue ?? '',
      r.scores.timeCriticality ?? '',
      r.scores.riskReduction ?? '',
      r.scores.jobSize ?? '',
      r.costOfDelay ?? '',
      r.wsjf ?? '',
      r.currentRank,
      r.wsjfRank ?? '',
      r.flags.map((f) => f.flag).join(' '),
      r.issue.url,
    ]),
  ]);
}

function download(filename: string, text: string) {
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Flags({ flags }: { flags: WsjfRow['flags'] }) {
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {flags.map((f) => (
        <Tooltip key={f.flag} content={f.message}>
          {(props) => (
            <span {...props} tabIndex={0} aria-label={`${FLAG_LOOK[f.flag]?.text ?? f.flag}: ${f.message}`} data-testid={`flag-${f.flag}`}>
              <Lozenge appearance={FLAG_LOOK[f.flag]?.appearance ?? 'default'}>{FLAG_LOOK[f.flag]?.text ?? f.flag}</Lozenge>
            </span>
          )}
        </Tooltip>
      ))}
    </span>
  );
}

function WsjfTable({ data }: { data: WsjfTableData }) {
  const head = {
    cells: [
      { key: 'key', content: 'Key', isSortable: true },
      { key: 'summary', content: 'Summary', isSortable: true, width: 24 },
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'status', content: 'Status', isSortable: true },
      { key: 'bv', content: <abbr title="Business value">BV</abbr>, isSortable: true },
      { key: 'tc', content: <abbr title="Time criticality">TC</abbr>, isSortable: true },
      { key: 'rr', content: <abbr title="Risk reduction | opportunity enablement">RR|OE</abbr>, isSortable: true },
      { key: 'size', content: <abbr title="Job size">Size</abbr>, isSortable: true },
      { key: 'cod', content: <abbr title="Cost of Delay">CoD</abbr>, isSortable: true },
      { key: 'wsjf', content: 'WSJF', isSortable: true },
      { key: 'rank', content: 'Current rank', isSortable: true },
      { key: 'wsjfRank', content: 'WSJF rank', isSortable: true },
      { key: 'flags', content: 'Flags' },
    ],
  };
  const rows = data.rows.map((r) => ({
    key: `wsjf-${r.issue.key}`,
    cells: [
      { key: r.issue.key, content: <JiraLink href={r.issue.url}>{r.issue.key}</JiraLink> },
      { key: r.issue.summary, content: r.issue.summary },
      { key: r.issue.team ?? '', content: r.issue.team ?? '—' },
      { key: r.issue.status, content: <StatusLozenge status={r.issue.status} category={r.issue.statusCategory} /> },
      { key: n(r.scores.businessValue), content: num(r.scores.businessValue) },
      { key: n(r.scores.timeCriticality), content: num(r.scores.timeCriticality) },
      { key: n(r.scores.riskReduction), content: num(r.scores.riskReduction) },
      { key: n(r.scores.jobSize), content: num(r.scores.jobSize) },
      { key: n(r.costOfDelay), content: num(r.costOfDelay) },
      { key: n(r.wsjf), content: <strong>{num(r.wsjf)}</strong> },
      { key: r.currentRank, content: r.currentRank },
      { key: r.wsjfRank ?? Number.POSITIVE_INFINITY, content: r.wsjfRank ?? '—' },
      { key: r.flags.length, content: <Flags flags={r.flags} /> },
    ],
  }));
  return (
    <div data-testid="wsjf-table">
      <DynamicTable
        caption="Features by current backlog rank, with their WSJF"
        head={head}
        rows={rows}
        rowsPerPage={25}
        defaultPage={1}
        defaultSortKey="rank"
        defaultSortOrder="ASC"
        emptyView={<p>No features in the train scope.</p>}
      />
    </div>
  );
}

export function WsjfTab({ projectKey }: { projectKey: string }) {
  const loader = useCallback(() => getWsjfTable({ projectKey }), [projectKey]);
  const { state, reload } = useEnvelope(loader);

  if (state.status === 'loading') return <Loading label="Loading WSJF table" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  const dc = data.delayCost;

  return (
    <div data-testid="wsjf-tab" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>WSJF</h2>
        <span>
          As of <time dateTime={data.asOf}>{dateTime(data.asOf)}</time> · scale {data.scale.join(', ')}
        </span>
        <Button testId="wsjf-export" onClick={() => download(`wsjf-${projectKey}.csv`, wsjfCsv(data.rows))} isDisabled={data.rows.length === 0}>
          Export CSV
        </Button>
        <Button testId="wsjf-refresh" onClick={reload}>
          Refresh
        </Button>
      </div>
      {!data.permissions.canEdit && data.permissions.reason && <p>{data.permissions.reason}</p>}

      {data.columnFlags.map((f) => (
        <div key={f.component} data-testid="column-flag" style={{ marginTop: 8 }}>
          <SectionMessage appearance="warning" title={`${COMPONENT_LABEL[f.component] ?? f.component} needs attention`}>
            <p>{f.message}</p>
          </SectionMessage>
        </div>
      ))}

      <section aria-labelledby="delay-heading" data-testid="delay-cost">
        <h3 id="delay-heading">Cost of delay of the current order</h3>
        {dc ? (
          <p>
            Across {dc.scoredCount} scored features, the current backlog order accumulates a delay cost of <strong>{num(dc.currentOrder)}</strong>; ordering by WSJF
            would accumulate <strong>{num(dc.wsjfOrder)}</strong>
            {dc.saving > 0 ? (
              <>
                , a saving of <strong data-testid="delay-saving">{num(dc.saving)}</strong> ({num((dc.saving / (dc.currentOrder || 1)) * 100, 0)}%).
              </>
            ) : (
              <>: the current order is already as good as WSJF order.</>
            )}
          </p>
        ) : (
          <p>Too few features are scored to compare orderings.</p>
        )}
      </section>

      <WsjfTable data={data} />
    </div>
  );
}
