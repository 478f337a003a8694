import { useCallback, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { createImprovementItem, getImprovement } from '../api';
import { tabFirstCall } from '../pages/tabCalls';
import { date, percent, unitWord } from '../format';
import { AsOf } from './AsOf';
import { ErrorMessage } from './ErrorMessage';
import { CountLink, FigureLine, FigureLinksContext } from './Figure';
import { useFigureLinksLoader } from './useFigureLinks';
import { JiraLink } from './JiraLink';
import { Loading } from './Loading';
import { AfterPaint } from './AfterPaint';
import { StatusLozenge } from './Lozenges';
import { Table } from './Table';
import { useEnvelope } from './useEnvelope';
import type { AppError, ImprovementData, ImprovementItemView, PatternView, PermissionView, PiMetricView, PiSummaryView } from './types';
import { Section, Sections } from './Section';

function newRequestId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

const SOURCE_TEXT: Record<ImprovementItemView['source'], string> = { 'inspect-and-adapt': 'Inspect & Adapt', retrospective: 'Retrospective', other: 'Other' };

function PiTable({ data }: { data: ImprovementData }) {
  return (
    <Section id="pi-heading" level={2} title="Improvement items per PI">
      {data.pis.length === 0 ? (
        <p>
          No issue carries the <code>{data.improvementLabel}</code> label together with a PI label such as <code>PI-2026.4</code> yet.
        </p>
      ) : (
        <Table
          testId="pi-table"
          caption="Created and done per PI. A PI runs from its Inspect & Adapt items' creation to the next PI's."
          columns={['PI', 'From', 'To', 'Created', 'Done within the PI', 'Done (any time)', 'Open', 'Completion']}
          rows={data.pis.map((p) => ({
            key: p.pi,
            testId: `pi-row-${p.pi}`,
            cells: [
              <>
                {p.pi} {p.current && <Lozenge appearance="inprogress">current</Lozenge>}
              </>,
              date(p.start),
              p.end ? date(p.end) : 'now',
              <FigureLine key="c" figure={p.createdFigure} what={`improvement items created in ${p.pi}`} testId={`pi-figure-created-${p.pi}`} />,
              <FigureLine key="d" figure={p.doneInPiFigure} what={`improvement items of ${p.pi} done within it`} testId={`pi-figure-doneInPi-${p.pi}`} />,
              `${p.done} ${unitWord(p.done, 'issues')}`,
              `${p.open} ${unitWord(p.open, 'issues')}`,
              percent(p.completion),
            ],
          }))}
        />
      )}
    </Section>
  );
}

function CarriedForward({ items, currentPi }: { items: ImprovementItemView[]; currentPi: string | null }) {
  return (
    <Section id="carried-heading" level={2} title={<>Carried forward{currentPi ? ` into ${currentPi}` : ''}</>}>
      {items.length === 0 ? (
        <p>No open improvement items from earlier PIs.</p>
      ) : (
        <Table
          testId="carried-table"
          caption="Open items of earlier PIs, oldest first."
          rowsPerPage={25}
          columns={['Item', 'PI', 'Source', 'Age', 'Owner', 'Status']}
          rows={items.map((i) => ({
            key: i.key,
            testId: 'carried-item',
            cells: [
              <>
                <JiraLink href={i.url}>{i.key}</JiraLink> {i.summary}
              </>,
              i.pi,
              SOURCE_TEXT[i.source],
              `${i.ageDays} days`,
              i.owner ?? <em>Unassigned</em>,
              <StatusLozenge key="s" status={i.status} category={i.statusCategory} />,
            ],
          }))}
        />
      )}
    </Section>
  );
}

type CreateState = { status: 'idle' } | { status: 'saving' } | { status: 'error'; error: AppError } | { status: 'created'; key: string; url: string; created: boolean };

function PatternCard({ pattern, projectKey, permissions, onCreated }: { pattern: PatternView; projectKey: string; permissions: PermissionView; onCreated: () => void }) {
  const [create, setCreate] = useState<CreateState>({ status: 'idle' });
  // One request id per intended item: a retry after an error re-sends it, so Jira gets one issue.
  const requestId = useRef<string | null>(null);
  const run = async () => {
    requestId.current ??= newRequestId();
    setCreate({ status: 'saving' });
    const env = await createImprovementItem({ projectKey, patternId: pattern.id, idempotencyKey: requestId.current });
    if (!env.ok) {
      setCreate({ status: 'error', error: env.error });
      return;
    }
    requestId.current = null;
    setCreate({ status: 'created', key: env.data.issue.key, url: env.data.issue.url, created: env.data.created });
    onCreated();
  };
  const open = pattern.tracking.items.filter((i) => !i.done);
  const done = pattern.tracking.items.filter((i) => i.done);
  return (
    <li data-testid="pattern" data-pattern-id={pattern.id} data-tracking={pattern.tracking.state} style={{ marginBottom: 16, padding: 12, border: '1px solid var(--ds-border, #DCDFE4)', borderRadius: 4, listStyle: 'none' }}>
      <h3 style={{ marginTop: 0 }}>{pattern.title}</h3>
      <p>{pattern.detail}</p>
      <p>
        Evidence:{' '}
        <CountLink count={pattern.evidenceCount} unit="issues" links={pattern.evidenceLinks} what={`the evidence for "${pattern.title}"`} testId="pattern-evidence" />
        {pattern.series.length > 0 && <span> · by sprint: {pattern.series.map((s) => `${s.sprint} ${percent(s.value)}`).join(', ')}</span>}
      </p>
      {open.length > 0 ? (
        <div data-testid="pattern-tracked" role="status">
          <Lozenge appearance="inprogress">Being worked on</Lozenge>{' '}
          {open.map((i, n) => (
            <span key={i.key}>
              {n > 0 && ', '}
              <JiraLink href={i.url}>{i.key}</JiraLink> ({i.status}, {i.owner ? `owner ${i.owner}` : 'no owner yet'})
            </span>
          ))}
        </div>
      ) : (
        <>
          {done.length > 0 && (
            <p data-testid="pattern-persists">
              <Lozenge appearance="moved">Persists</Lozenge> {done.map((i) => i.key).join(', ')} {done.length === 1 ? 'was' : 'were'} done, but the pattern still shows.
            </p>
          )}
          {create.status === 'created' ? (
            <p role="status" data-testid="pattern-created">
              {create.created ? 'Created' : 'Already created'} <JiraLink href={create.url}>{create.key}</JiraLink>; refreshing…
            </p>
          ) : (
            <div>
              <Button appearance="primary" onClick={run} isDisabled={!permissions.canEdit || create.status === 'saving'} testId="create-improvement">
                {create.status === 'saving' ? 'Creating…' : 'Create improvement item'}
              </Button>
            </div>
          )}
          {create.status === 'error' && <ErrorMessage error={create.error} onRetry={run} />}
        </>
      )}
    </li>
  );
}

function Patterns({ data, projectKey, onCreated }: { data: ImprovementData; projectKey: string; onCreated: () => void }) {
  return (
    <Section id="patterns-heading" level={2} title="Cross-team patterns">
      <p>Recurring quality findings, falling or low acceptance and rising rework over each team&apos;s last closed sprints. Turn one into an improvement item to track it in the backlog.</p>
      {/* Why "Create improvement item" is off, once for the page rather than once per pattern. */}
      {!data.permissions.canEdit && data.patterns.length > 0 && (
        <p data-testid="create-not-allowed">
          Create improvement item is off for you: {data.permissions.reason}
        </p>
      )}
      {data.patterns.length === 0 ? (
        <p>No pattern found in the last sprints.</p>
      ) : (
        <ul data-testid="patterns" style={{ paddingLeft: 0 }}>
          {data.patterns.map((p) => (
            <PatternCard key={p.id} pattern={p} projectKey={projectKey} permissions={data.permissions} onCreated={onCreated} />
          ))}
        </ul>
      )}
    </Section>
  );
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const pctLabel = (v: unknown) => (typeof v === 'number' ? `${v}%` : '—');
const METRIC_TEXT = { acceptanceRate: 'acceptance', reworkRatio: 'rework', qualityPassRate: 'quality pass rate' } as const;

function FeedbackLoop({ data }: { data: ImprovementData }) {
  const [team, setTeam] = useState(data.feedback[0]?.team ?? '');
  const f = data.feedback.find((x) => x.team === team) ?? data.feedback[0];
  if (!f) return null;
  const chart = f.points.map((p) => ({ sprint: p.sprint, acceptance: pct(p.acceptanceRate), rework: pct(p.reworkRatio), quality: pct(p.qualityPassRate) }));
  const markers = f.points.filter((p) => p.improvementsDone.length);
  return (
    <Section id="feedback-heading" level={2} title="Feedback loop">
      <Choice id="feedback-team" label="Team" value={f.team} options={data.feedback.map((x) => ({ value: x.team, label: x.team }))} onChange={setTeam} />
      <figure data-testid="feedback-chart" style={{ margin: '8px 0' }}>
        <figcaption>
          Team {f.team}: acceptance, rework and quality pass rate per closed sprint (percent); vertical lines mark sprints in which improvement items were done.
        </figcaption>
        <div style={{ width: '100%', height: 280 }} role="img" aria-label={`Line chart for team ${f.team}; the same numbers are in the table below.`}>
          <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 280 }}>
            <LineChart data={chart} margin={{ top: 16, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="sprint" />
              <YAxis domain={[0, 100]} unit="%" />
              <ChartTooltip formatter={pctLabel} />
              <Legend />
              <Line type="monotone" dataKey="acceptance" name="Acceptance" stroke="#22A06B" strokeWidth={2} connectNulls isAnimationActive={false} />
              <Line type="monotone" dataKey="rework" name="Rework" stroke="#C9372C" strokeWidth={2} strokeDasharray="2 2" connectNulls isAnimationActive={false} />
              <Line type="monotone" dataKey="quality" name="Quality pass" stroke="#1D7AFC" strokeWidth={2} strokeDasharray="6 3" connectNulls isAnimationActive={false} />
              {markers.map((m) => (
                <ReferenceLine key={m.sprint} x={m.sprint} stroke="#6E5DC6" strokeDasharray="4 4" label={{ value: `✓ ${m.improvementsDone.map((d) => d.key).join(', ')}`, position: 'top', fontSize: 11 }} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <Table
        testId="feedback-table"
        caption={`Team ${f.team} per closed sprint`}
        columns={['Sprint', 'Ended', 'Acceptance', 'Rework', 'Quality pass', 'Improvements done']}
        rows={f.points.map((p) => ({
          key: p.sprint,
          cellTestIds: [undefined, undefined, undefined, undefined, undefined, p.improvementsDone.length ? 'feedback-marker' : undefined],
          cells: [
            p.sprint,
            date(p.endDate),
            percent(p.acceptanceRate),
            percent(p.reworkRatio),
            percent(p.qualityPassRate),
            p.improvementsDone.map((d, n) => (
              <span key={d.key}>
                {n > 0 && ', '}✓ <JiraLink href={d.url}>{d.key}</JiraLink> {d.summary}
              </span>
            )),
          ],
        }))}
      />
      {f.effects.length > 0 && (
        <ul data-testid="feedback-effects">
          {[...new Set(f.effects.map((e) => `${e.key}|${e.sprint}`))].map((id) => {
            const [key, sprint] = id.split('|');
            const es = f.effects.filter((e) => e.key === key && e.sprint === sprint);
            return (
              <li key={id}>
                After {key} (done in {sprint}): {es.map((e) => `${METRIC_TEXT[e.metric]} ${percent(e.before)} → ${percent(e.after)}`).join(', ')} (up to 3 sprints before against the {es[0].sprintsAfter} after).
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function InspectAndAdapt({ data, summary, pi, onPi }: { data: ImprovementData; summary: PiSummaryView | null; pi: string | undefined; onPi: (pi: string) => void }) {
  const asOf = data.asOf;
  const [copied, setCopied] = useState(false);
  if (!data.pis.length) return null;
  const download = () => {
    if (!summary) return;
    const url = URL.createObjectURL(new Blob([summary.markdown], { type: 'text/markdown' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `inspect-and-adapt-${summary.pi}.md`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const copy = async () => {
    if (!summary) return;
    try {
      await navigator.clipboard.writeText(summary.markdown);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Section id="ia-heading" level={2} title={<>Inspect &amp; Adapt summary</>} testId="ia-summary">
      <p>
        <AsOf iso={asOf} testId="ia-as-of" />
      </p>
      <Choice id="ia-pi" label="PI" value={pi ?? summary?.pi ?? ''} options={data.pis.map((p) => ({ value: p.pi, label: `${p.pi}${p.current ? ' (current)' : ''}` }))} onChange={onPi} />
      {summary && (
        <>
          <p>
            {date(summary.start)} to {summary.end ? date(summary.end) : 'now'}; closed sprints: {summary.sprints.join(', ') || 'none yet'}.
          </p>
          {summary.callout && (
            <SectionMessage appearance="warning" title="Improvement items did not finish">
              <p>{summary.callout}</p>
            </SectionMessage>
          )}
          <Table
            testId="ia-metrics"
            caption={`${summary.pi}: train metrics`}
            columns={['Metric', 'Value', 'Basis']}
            rows={summary.train.map((m) => ({ key: m.id, testId: `ia-metric-${m.id}`, cells: [m.label, <PiMetric key="v" metric={m} where={summary.pi} />, m.basis] }))}
          />
          <Table
            testId="ia-teams"
            caption={`${summary.pi}: by team`}
            columns={['Team', ...summary.train.map((m) => m.label)]}
            rows={summary.teams.map((t) => ({ key: t.team, cells: [t.team, ...t.metrics.map((m) => <PiMetric key={m.id} metric={m} where={`${summary.pi}, team ${t.team}`} />)] }))}
          />
          <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            <Button onClick={download} testId="ia-download">
              Download Markdown
            </Button>
            <Button onClick={copy}>{copied ? 'Copied' : 'Copy Markdown'}</Button>
          </div>
          <details style={{ marginTop: 8 }}>
            <summary>Markdown</summary>
            <pre data-testid="ia-markdown" style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {summary.markdown}
            </pre>
          </details>
          <p style={{ color: 'var(--ds-text-subtle, #44546F)' }}>
            From a terminal: <code>refinery health --project KEY --pi {summary.pi} --json</code> or <code>--md</code>.
          </p>
        </>
      )}
    </Section>
  );
}

/** An I&A number: its value and, for issue counts and rates, what it counted (linked). */
function PiMetric({ metric, where }: { metric: PiMetricView; where: string }) {
  return (
    <>
      {metric.figure ? metric.display : <JiraLink href={metric.link?.url}>{metric.display}</JiraLink>}
      {metric.figure && (
        <div style={{ fontSize: 12 }}>
          <FigureLine figure={metric.figure} what={`${metric.label}, ${where}`} />
        </div>
      )}
    </>
  );
}

/** A labelled Atlaskit select for choosing what the section shows (a team, a PI). */
function Choice({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, maxWidth: 360 }}>
      <label htmlFor={id}>{label}</label>
      <div style={{ flex: 1 }}>
        <Select inputId={id} testId={id} options={options} value={options.find((o) => o.value === value) ?? null} onChange={(o) => o && onChange(o.value)} />
      </div>
    </div>
  );
}


export function ImprovementTab({ projectKey }: { projectKey: string }) {
  const [pi, setPi] = useState<string | undefined>(undefined);
  // The current PI's call may have started with the press on the tab (../pages/tabCalls).
  const load = useCallback(() => (pi ? getImprovement({ projectKey, pi }) : tabFirstCall('Improvement', projectKey)), [projectKey, pi]);
  const { state, reload } = useEnvelope(load);
  const linksLoader = useFigureLinksLoader(projectKey, 'improvement', state.status === 'ok' ? (state.data.inspectAndAdapt?.pi ?? pi) : pi);
  if (state.status === 'loading') return <Loading label="Loading improvement items" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  return (
    <div data-testid="improvement-tab">
      <FigureLinksContext.Provider value={linksLoader}>
        <Sections>
          <div>
            <p>
              Improvement items are issues labelled <code>{data.improvementLabel}</code>, with a source (<code>inspect-and-adapt</code>, <code>retrospective</code>) and a PI label. <AsOf iso={data.asOf} testId="improvement-as-of" />.
            </p>
            <p data-testid="improvement-done-this-pi">
              Done this PI{data.currentPi ? ` (${data.currentPi})` : ''}: <FigureLine figure={data.doneThisPi} what="improvement items done this PI" testId="done-this-pi" />
            </p>
            {data.callouts.map((c) => (
              <div key={c.pi} data-testid="pi-callout" role="note" style={{ marginBottom: 8 }}>
                <SectionMessage appearance="warning" title={`${c.pi}: Inspect & Adapt items mostly did not finish`}>
                  <p>
                    {c.message}{' '}
                    {c.links.map((l, i) => (
                      <span key={l.url}>
                        {i > 0 && ' · '}
                        <JiraLink href={l.url}>{c.links.length > 1 ? `Open part ${i + 1}/${c.links.length} in Jira` : 'Open them in Jira'}</JiraLink>
                      </span>
                    ))}
                  </p>
                </SectionMessage>
              </div>
            ))}
          </div>
          <PiTable data={data} />
          <CarriedForward items={data.carriedForward} currentPi={data.currentPi} />
          <Patterns data={data} projectKey={projectKey} onCreated={reload} />
          {/* The chart and the I&A summary after the tables above have painted (issue 16). */}
          <AfterPaint label="Loading the feedback loop and the I&A summary">
            <FeedbackLoop data={data} />
            <InspectAndAdapt data={data} summary={data.inspectAndAdapt} pi={pi} onPi={setPi} />
          </AfterPaint>
        </Sections>
      </FigureLinksContext.Provider>
    </div>
  );
}
