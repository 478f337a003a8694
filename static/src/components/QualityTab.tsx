import { useCallback } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import Tooltip from '@atlaskit/tooltip';
import { tabFirstCall } from '../pages/tabCalls';
import { percent } from '../format';
import { AsOf } from './AsOf';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { BandLozenge, SeverityLozenge } from './Lozenges';
import { FigureCount, FigureLine, FigureLinksContext } from './Figure';
import { useFigureLinksLoader } from './useFigureLinks';
import { useEnvelope } from './useEnvelope';
import type { QualitySummaryData, Severity } from './types';
import { Section, Sections, TitleRow } from './Section';
import { Stack } from '@atlaskit/primitives';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function ByRule({ data }: { data: QualitySummaryData }) {
  const head = {
    cells: [
      { key: 'rule', content: 'Rule', isSortable: true },
      { key: 'criterion', content: 'Criterion (INVEST)', isSortable: true },
      { key: 'severity', content: 'Severity', isSortable: true },
      { key: 'count', content: 'Stories', isSortable: true },
      { key: 'share', content: 'Share', isSortable: true },
      { key: 'example', content: 'Example' },
    ],
  };
  const rows = data.byRule.map((r) => ({
    key: `rule-${r.rule}`,
    cells: [
      {
        key: r.name,
        content: (
          <span data-testid="quality-rule-name" title={`Rule id: ${r.rule}`}>
            {r.name}
          </span>
        ),
      },
      {
        key: r.criterion,
        content: (
          <Tooltip content={`${r.criterionName}: a story ${r.criterionMeaning}.`}>
            {(props) => (
              <span {...props} tabIndex={0} aria-label={`${r.criterion}: ${r.criterionName}`} data-testid="quality-criterion">
                <Lozenge>{r.criterion}</Lozenge> {r.criterionName}
              </span>
            )}
          </Tooltip>
        ),
      },
      { key: SEVERITY_ORDER[r.severity], content: <SeverityLozenge severity={r.severity} /> },
      { key: r.figure.numerator, content: <FigureLine figure={r.figure} what={`backlog stories failing “${r.name}”`} testId={`quality-rule-${r.rule}`} /> },
      { key: r.share, content: percent(r.share) },
      // The example is "KEY: message" and the message quotes the story's words itself: no second pair of quotes.
      { key: r.example, content: r.example ? <span data-testid="quality-example">{r.example}</span> : '—' },
    ],
  }));
  return (
    <Section id="by-rule-heading" title="By rule">
      <div data-testid="quality-table">
        <DynamicTable caption="Stories failing each quality rule" head={head} rows={rows} rowsPerPage={25} defaultSortKey="count" defaultSortOrder="DESC" emptyView={<p>No rule fails on any story.</p>} />
      </div>
    </Section>
  );
}

/** What each letter on the badges stands for, once for the table (a tooltip on each badge says it too). */
function CriteriaLegend({ data }: { data: QualitySummaryData }) {
  const seen = new Map(data.byRule.map((r) => [r.criterion, r] as const));
  if (!seen.size) return null;
  return (
    <dl data-testid="criteria-legend" style={{ display: 'flex', flexWrap: 'wrap', gap: 'var(--ds-space-100, 8px) var(--ds-space-300, 24px)', margin: 0, fontSize: 12 }}>
      {[...seen.values()].map((r) => (
        <div key={r.criterion} style={{ display: 'flex', gap: 4, alignItems: 'baseline' }}>
          <dt>
            <Lozenge>{r.criterion}</Lozenge>
          </dt>
          <dd style={{ margin: 0 }}>
            <strong>{r.criterionName}</strong>: {r.criterionMeaning}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ByTeam({ data }: { data: QualitySummaryData }) {
  const head = {
    cells: [
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'stories', content: 'Backlog stories', isSortable: true },
      { key: 'passing', content: 'Passing', isSortable: true },
      { key: 'rate', content: 'Pass rate', isSortable: true },
      { key: 'failing', content: 'With errors', isSortable: true },
      { key: 'notReady', content: 'Not ready', isSortable: true },
    ],
  };
  const rows = data.byTeam.map((t) => {
    const f = t.passRate;
    const id = (name: string) => `quality-team-${name}-${t.team}`;
    return {
      key: `team-${t.team}`,
      cells: [
        { key: t.team, content: t.team },
        { key: f.denominator ?? -1, content: <FigureCount figure={f} which="denominatorLinks" count={f.denominator ?? 0} unit="issues" what={`team ${t.team}'s backlog stories checked`} testId={id('stories')} /> },
        { key: f.numerator, content: <FigureCount figure={f} which="links" count={f.numerator} unit="issues" what={`team ${t.team}'s stories with no error-level finding`} testId={id('passing')} /> },
        {
          key: f.value ?? -1,
          content: (
            <>
              {f.display} {f.band && <BandLozenge band={f.band} label={f.bandLabel} />}
            </>
          ),
        },
        { key: t.failing, content: t.failing },
        { key: t.notReady, content: t.notReady },
      ],
    };
  });
  return (
    <Section id="by-team-heading" title="By team">
      <div data-testid="quality-team-table">
        <DynamicTable caption="Story quality per team: the same pass rate as on Overview" head={head} rows={rows} defaultSortKey="team" defaultSortOrder="ASC" emptyView={<p>No teams found.</p>} />
      </div>
    </Section>
  );
}

export function QualityTab({ projectKey }: { projectKey: string }) {
  // The first call may have started with the press on the tab (../pages/tabCalls).
  const loader = useCallback(() => tabFirstCall('Quality', projectKey), [projectKey]);
  const { state, reload } = useEnvelope(loader);
  const linksLoader = useFigureLinksLoader(projectKey, 'quality');

  if (state.status === 'loading') return <Loading label="Loading story quality" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;

  return (
    <div data-testid="quality-tab" style={{ width: '100%' }}>
      <FigureLinksContext.Provider value={linksLoader}>
        <Sections key={data.asOf}>
          <Stack space="space.100">
            <TitleRow title="Story quality">
              <span>
                {data.storyCount} stories checked · <AsOf iso={data.asOf} prefix="as of" testId="quality-as-of" />
              </span>
              <Button testId="quality-refresh" onClick={reload}>
                Refresh
              </Button>
            </TitleRow>
            <p data-testid="quality-pass-rate">
              Pass rate: <strong>{data.passRate.display}</strong> · <FigureLine figure={data.passRate} what="backlog stories with no error-level finding" testId="quality-pass" />
              {data.passRate.band && (
                <>
                  {' '}
                  <BandLozenge band={data.passRate.band} label={data.passRate.bandLabel} />
                </>
              )}
              {data.passRate.definition && <span style={{ display: 'block', fontSize: 12 }}>{data.passRate.definition}</span>}
            </p>
            <CriteriaLegend data={data} />
          </Stack>
          <ByRule data={data} />
          <ByTeam data={data} />
        </Sections>
      </FigureLinksContext.Provider>
    </div>
  );
}
