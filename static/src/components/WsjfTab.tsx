import { useCallback, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Tooltip from '@atlaskit/tooltip';
import { applyWsjfOrder, previewWsjfOrder } from '../api';
import { tabFirstCall } from '../pages/tabCalls';
import { dateTime, num, percent, toCsv } from '../format';
import { ErrorMessage } from './ErrorMessage';
import { JiraLink } from './JiraLink';
import { Table } from './Table';
import { Loading } from './Loading';
import { AfterPaint } from './AfterPaint';
import { StatusLozenge } from './Lozenges';
import { useEnvelope } from './useEnvelope';
import { WsjfEstimation } from './WsjfEstimation';
import type { AppError, JqlLink, WsjfNotRankedReason, WsjfOrderApplyResult, WsjfOrderPreview, WsjfRow, WsjfRowFlag, WsjfScores, WsjfTableData } from './types';
import { Section, Sections, TitleRow } from './Section';
import { Stack } from '@atlaskit/primitives';

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
  const header = ['Key', 'Summary', 'Team', 'Status', 'Business value', 'Time criticality', 'Risk reduction | opportunity enablement', 'Job size', 'Cost of Delay', 'WSJF', 'Current rank', 'WSJF rank', 'Not ranked', 'Flags', 'URL'];
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
      r.notRanked?.message ?? '',
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

/** A count that opens exactly its issues: one link, or numbered parts when one URL would be too long for Jira. */
function Counted({ links, testId, children }: { links: JqlLink[]; testId: string; children: ReactNode }) {
  if (links.length === 0) return <span data-testid={testId}>{children}</span>;
  if (links.length === 1)
    return (
      <JiraLink href={links[0].url} testId={testId}>
        {children}
      </JiraLink>
    );
  return (
    <span data-testid={testId}>
      {children} (open in parts:{' '}
      {links.map((l, i) => (
        <span key={l.url}>
          {i > 0 && ', '}
          <JiraLink href={l.url}>{`part ${i + 1}`}</JiraLink>
        </span>
      ))}
      )
    </span>
  );
}

const NOT_RANKED_TEXT: Record<WsjfNotRankedReason, string> = { done: 'done', blank: 'not scored', 'off-scale': 'off scale', 'not-in-train': 'not in the train' };

/** The WSJF rank cell: the rank, or why there is none (ranked last, or left out). */
function RankCell({ row }: { row: WsjfRow }) {
  const why = row.notRanked;
  return (
    <span data-testid={`wsjf-rank-${row.issue.key}`}>
      {row.wsjfRank ?? '—'}
      {why && (
        <Tooltip content={why.message}>
          {(props) => (
            <span {...props} tabIndex={0} data-testid={`not-ranked-${row.issue.key}`} aria-label={why.message}>
              {' '}
              ({row.wsjfRank === null ? 'not ranked' : 'last'}: {NOT_RANKED_TEXT[why.reason]})
            </span>
          )}
        </Tooltip>
      )}
    </span>
  );
}

/** Done features, listed apart: WSJF does not rank finished work. */
function DoneFeatures({ rows }: { rows: WsjfRow[] }) {
  if (!rows.length) return null;
  return (
    <Section id="wsjf-done-heading" title={<>Done, not ranked ({rows.length})</>} testId="wsjf-done">
      <p>Finished features are left out of the WSJF ranking, the delay cost and Apply WSJF order.</p>
      <ul>
        {rows.map((r) => (
          <li key={r.issue.key} data-testid={`wsjf-done-${r.issue.key}`}>
            <JiraLink href={r.issue.url}>{r.issue.key}</JiraLink> {r.issue.summary} <StatusLozenge status={r.issue.status} category={r.issue.statusCategory} /> · backlog rank {r.currentRank}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function WsjfTable({ rows: tableRows }: { rows: WsjfRow[] }) {
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
  const rows = tableRows.map((r) => ({
    key: `wsjf-${r.issue.key}`,
    testId: `wsjf-row-${r.issue.key}`,
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
      { key: r.currentRank, content: <span data-testid={`current-rank-${r.issue.key}`}>{r.currentRank}</span> },
      { key: r.wsjfRank ?? Number.POSITIVE_INFINITY, content: <RankCell row={r} /> },
      { key: r.flags.length, content: <Flags flags={r.flags} /> },
    ],
  }));
  return (
    <div data-testid="wsjf-table">
      <DynamicTable
        caption="Features not done, by current backlog rank, with their WSJF"
        head={head}
        rows={rows}
        rowsPerPage={25}
        defaultPage={1}
        defaultSortKey="rank"
        defaultSortOrder="ASC"
        emptyView={<p>No open features in the train scope.</p>}
      />
    </div>
  );
}

function previewOf(error: AppError): WsjfOrderPreview | null {
  const d = error.details as { preview?: WsjfOrderPreview } | undefined;
  return d && typeof d === 'object' && d.preview ? d.preview : null;
}

function NotMoved({ title, testId, items }: { title: string; testId: string; items: WsjfOrderPreview['excluded'] }) {
  if (!items.length) return null;
  return (
    <div data-testid={testId} style={{ marginTop: 8 }}>
      <SectionMessage appearance="warning" title={`${title}: ${items.length}`}>
        <ul>
          {items.map((x) => (
            <li key={x.issue.key} data-testid={`${testId}-${x.issue.key}`}>
              <JiraLink href={x.issue.url}>{x.issue.key}</JiraLink> {x.issue.summary}: {x.message}
            </li>
          ))}
        </ul>
      </SectionMessage>
    </div>
  );
}

/** "Apply WSJF order": the preview of moves, then the re-rank, then exactly what happened. */
function ApplyOrder({ projectKey, onApplied, onClose }: { projectKey: string; onApplied: (table: WsjfTableData) => void; onClose: () => void }) {
  const loader = useCallback(() => previewWsjfOrder({ projectKey }), [projectKey]);
  const { state, reload, setData } = useEnvelope(loader);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<WsjfOrderApplyResult | null>(null);

  if (state.status === 'loading') return <Loading label="Planning the WSJF order" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const p = state.data;

  const apply = async () => {
    setApplying(true);
    setError(null);
    const res = await applyWsjfOrder({ projectKey, expectedCurrentOrder: p.currentOrder, expectedTargetOrder: p.targetOrder });
    setApplying(false);
    if (!res.ok) {
      setError(res.error);
      const fresh = res.error.code === 'CONFLICT' ? previewOf(res.error) : null;
      if (fresh) setData(fresh);
      return;
    }
    setResult(res.data);
    onApplied(res.data.table);
  };

  if (result) {
    const partial = result.notMoved.length > 0;
    return (
      <section data-testid="apply-result" aria-label="Result of re-ranking" role="status" style={{ marginTop: 12 }}>
        <SectionMessage
          appearance={partial ? 'warning' : 'success'}
          title={partial ? `Re-ranked ${result.moved.length} of ${result.moved.length + result.notMoved.length} features` : `Re-ranked ${result.moved.length} features`}
        >
          <p>{result.inWsjfOrder ? 'The backlog is now in WSJF order.' : 'The backlog is not fully in WSJF order: the features below did not move.'}</p>
          {result.moved.length > 0 && (
            <p data-testid="apply-moved">
              Moved: {result.moved.map((m) => `${m.key} (${m.fromRank} → ${m.toRank})`).join(', ')}.
            </p>
          )}
          {partial && (
            <ul data-testid="apply-not-moved">
              {result.notMoved.map((m) => (
                <li key={m.key}>
                  <strong>{m.key}</strong> stayed at rank {m.fromRank} (planned {m.toRank}): {m.reason}
                </li>
              ))}
            </ul>
          )}
        </SectionMessage>
        <Button testId="apply-close" onClick={onClose}>
          Close
        </Button>
      </section>
    );
  }

  return (
    <Section id="apply-heading" title="Apply WSJF order: preview" testId="apply-preview">
      <p>
        As of <time dateTime={p.asOf}>{dateTime(p.asOf)}</time>
      </p>
      {error && <ErrorMessage error={error}>{error.code === 'CONFLICT' && <p>The preview below is the new one.</p>}</ErrorMessage>}
      {p.moves.length === 0 ? (
        <p data-testid="apply-nothing">The backlog is already in WSJF order: nothing to move.</p>
      ) : (
        <>
          <p data-testid="apply-summary">
            {p.moves.length} of {p.targetOrder.length} ranked features move, in {p.operations.length} rank {p.operations.length === 1 ? 'call' : 'calls'}; {p.unchangedCount} stay where they are.
            {p.rankedLast.length > 0 && ` ${p.rankedLast.length} with a blank or off-scale score go after the scored ones, keeping their current order.`}
            {p.delayCost && p.delayCost.saving > 0 && ` Delay cost falls from ${num(p.delayCost.currentOrder)} to ${num(p.delayCost.wsjfOrder)} (${percent(p.delayCost.saving)} less).`}
          </p>
          <Table
            testId="apply-moves"
            caption="Features that move"
            columns={['Key', 'Summary', 'WSJF', 'Rank now', 'Rank after']}
            rows={p.moves.map((m) => ({
              key: m.issue.key,
              cells: [<JiraLink key="k" href={m.issue.url}>{m.issue.key}</JiraLink>, m.issue.summary, num(m.wsjf), m.fromRank, m.toRank],
            }))}
          />
        </>
      )}
      <NotMoved title="Ranked last" testId="apply-ranked-last" items={p.rankedLast} />
      <NotMoved title="Left out of the re-rank (they stay where they are)" testId="apply-excluded" items={p.excluded} />
      {p.done.length > 0 && (
        <p data-testid="apply-done">
          Done, not ranked and not moved: {p.done.map((d) => d.key).join(', ')}.
        </p>
      )}
      {!p.permissions.canEdit && <p data-testid="apply-forbidden">Re-rank is off for you: {p.permissions.reason ?? 'you cannot re-rank this backlog.'}</p>}
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <Button testId="apply-confirm" appearance="primary" onClick={apply} isDisabled={applying || !p.permissions.canEdit || p.moves.length === 0}>
          {applying ? 'Re-ranking…' : `Re-rank ${p.moves.length} features`}
        </Button>
        <Button testId="apply-cancel" onClick={onClose} isDisabled={applying}>
          Cancel
        </Button>
      </div>
    </Section>
  );
}

export function WsjfTab({ projectKey }: { projectKey: string }) {
  // The first call may have started with the press on the tab (../pages/tabCalls).
  const loader = useCallback(() => tabFirstCall('WSJF', projectKey), [projectKey]);
  const { state, reload, setData } = useEnvelope(loader);
  const [mode, setMode] = useState<'table' | 'estimate' | 'apply'>('table');

  if (state.status === 'loading') return <Loading label="Loading WSJF table" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  const dc = data.delayCost;
  const openRows = data.rows.filter((r) => r.notRanked?.reason !== 'done');
  const doneRows = data.rows.filter((r) => r.notRanked?.reason === 'done');

  return (
    <div data-testid="wsjf-tab" style={{ width: '100%' }}>
      <Sections>
        <Stack space="space.100">
          <TitleRow title="WSJF">
            <span>
              As of <time dateTime={data.asOf}>{dateTime(data.asOf)}</time> · scale {data.scale.join(', ')}
            </span>
            <Button testId="wsjf-export" onClick={() => download(`wsjf-${projectKey}.csv`, wsjfCsv(data.rows))} isDisabled={data.rows.length === 0}>
              Export CSV
            </Button>
            <Button testId="wsjf-refresh" onClick={reload} isDisabled={mode !== 'table'}>
              Refresh
            </Button>
            <Button testId="wsjf-estimate" onClick={() => setMode('estimate')} isDisabled={mode !== 'table' || !data.permissions.canEdit}>
              Estimate a column
            </Button>
            <Button testId="wsjf-apply-order" onClick={() => setMode('apply')} isDisabled={mode !== 'table' || !dc}>
              Apply WSJF order…
            </Button>
          </TitleRow>
          {!dc && (
            <p data-testid="wsjf-apply-reason">Apply WSJF order is off: too few features are scored on the scale to compare orderings.</p>
          )}
          {!data.permissions.canEdit && (
            // A disabled action says why, next to it (a disabled button shows no tooltip).
            <p data-testid="wsjf-estimate-reason" id="wsjf-estimate-reason">
              Estimate a column is off for you: {data.permissions.reason ?? 'you cannot edit the features of this project.'}
            </p>
          )}

          {mode === 'estimate' && <WsjfEstimation projectKey={projectKey} onSaved={setData} onClose={() => setMode('table')} />}
          {mode === 'apply' && <ApplyOrder projectKey={projectKey} onApplied={setData} onClose={() => setMode('table')} />}

          {data.columnFlags.map((f) => (
            <div key={f.component} data-testid="column-flag">
              <SectionMessage appearance="warning" title={`${COMPONENT_LABEL[f.component] ?? f.component} needs attention`}>
                <p>{f.message}</p>
              </SectionMessage>
            </div>
          ))}
        </Stack>

        <Section id="delay-heading" title="Cost of delay of the current order" testId="delay-cost">
          {dc ? (
            <p>
              Across{' '}
              <Counted links={dc.counted} testId="delay-counted">
                {dc.scoredCount} ranked features
              </Counted>{' '}
              (scored on the scale, not done), the current backlog order accumulates a delay cost of <strong>{num(dc.currentOrder)}</strong>; ordering by WSJF
              would accumulate <strong>{num(dc.wsjfOrder)}</strong>
              {dc.saving > 0 ? (
                <>
                  : re-ranking saves <strong data-testid="delay-saving">{percent(dc.saving)}</strong> ({num(dc.difference)} less).
                </>
              ) : (
                <>: the current order is already as good as WSJF order.</>
              )}
            </p>
          ) : (
            <p>Too few features are scored to compare orderings.</p>
          )}
        </Section>

        <Stack space="space.100">
          <p data-testid="wsjf-counts">
            <Counted links={data.groupLinks.ranked} testId="count-ranked">{`${data.counts.ranked} ranked`}</Counted>
            {data.counts.rankedLast > 0 && (
              <>
                , <Counted links={data.groupLinks.rankedLast} testId="count-ranked-last">{`${data.counts.rankedLast} ranked last`}</Counted> (blank or off-scale score)
              </>
            )}
            {data.counts.excluded > 0 && (
              <>
                , <Counted links={data.groupLinks.excluded} testId="count-excluded">{`${data.counts.excluded} not ranked`}</Counted> (blank or off-scale score)
              </>
            )}
            {data.counts.done > 0 && (
              <>
                , <Counted links={data.groupLinks.done} testId="count-done">{`${data.counts.done} done`}</Counted>
              </>
            )}
            . Counts are features (issues).
          </p>
          <WsjfTable rows={openRows} />
        </Stack>
        {/* The done list (long in an old train) after the ranked table has painted (issue 16). */}
        {doneRows.length > 0 && (
          <AfterPaint label="Loading done features">
            <DoneFeatures rows={doneRows} />
          </AfterPaint>
        )}
      </Sections>
    </div>
  );
}
