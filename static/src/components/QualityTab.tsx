import { useCallback } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { getQualitySummary } from '../api';
import { percent } from '../format';
import { AsOf } from './AsOf';
import { JiraLink } from './JiraLink';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { SeverityLozenge } from './Lozenges';
import { useEnvelope } from './useEnvelope';
import type { QualitySummaryData, Severity } from './types';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function ByRule({ data }: { data: QualitySummaryData }) {
  const head = {
    cells: [
      { key: 'rule', content: 'Rule', isSortable: true },
      { key: 'criterion', content: 'Criterion', isSortable: true },
      { key: 'severity', content: 'Severity', isSortable: true },
      { key: 'count', content: 'Stories', isSortable: true },
      { key: 'share', content: 'Share', isSortable: true },
      { key: 'example', content: 'Example' },
      { key: 'link', content: 'In Jira' },
    ],
  };
  const rows = data.byRule.map((r) => ({
    key: `rule-${r.rule}`,
    cells: [
      { key: r.rule, content: r.rule },
      { key: r.criterion, content: <Lozenge>{r.criterion}</Lozenge> },
      { key: SEVERITY_ORDER[r.severity], content: <SeverityLozenge severity={r.severity} /> },
      { key: r.count, content: r.count },
      { key: r.share, content: percent(r.share) },
      { key: r.example, content: r.example ? <q>{r.example}</q> : '—' },
      {
        key: 'link',
        content: (
          <JiraLink href={r.link.url} label={`Open the ${r.count} stories failing ${r.rule} in Jira`}>
            View stories
          </JiraLink>
        ),
      },
    ],
  }));
  return (
    <section aria-labelledby="by-rule-heading">
      <h3 id="by-rule-heading">By rule</h3>
      <div data-testid="quality-table">
        <DynamicTable caption="Stories failing each quality rule" head={head} rows={rows} rowsPerPage={25} defaultSortKey="count" defaultSortOrder="DESC" emptyView={<p>No rule fails on any story.</p>} />
      </div>
    </section>
  );
}

function ByTeam({ data }: { data: QualitySummaryData }) {
  const head = {
    cells: [
      { key: 'team', content: 'Team', isSortable: true },
      { key: 'stories', content: 'Stories', isSortable: true },
      { key: 'failing', content: 'With errors', isSortable: true },
      { key: 'share', content: 'Share with errors', isSortable: true },
      { key: 'notReady', content: 'Not ready', isSortable: true },
      { key: 'link', content: 'In Jira' },
    ],
  };
  const rows = data.byTeam.map((t) => ({
    key: `team-${t.team}`,
    cells: [
      { key: t.team, content: t.team },
      { key: t.storyCount, content: t.storyCount },
      { key: t.failing, content: t.failing },
      { key: t.share, content: percent(t.share) },
      { key: t.notReady, content: t.notReady },
      {
        key: 'link',
        content: (
          <JiraLink href={t.link.url} label={`Open ${t.team}'s stories in Jira`}>
            View stories
          </JiraLink>
        ),
      },
    ],
  }));
  return (
    <section aria-labelledby="by-team-heading">
      <h3 id="by-team-heading">By team</h3>
      <div data-testid="quality-team-table">
        <DynamicTable caption="Story quality per team" head={head} rows={rows} defaultSortKey="team" defaultSortOrder="ASC" emptyView={<p>No teams found.</p>} />
      </div>
    </section>
  );
}

export function QualityTab({ projectKey }: { projectKey: string }) {
  const loader = useCallback(() => getQualitySummary({ projectKey }), [projectKey]);
  const { state, reload } = useEnvelope(loader);

  if (state.status === 'loading') return <Loading label="Loading story quality" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;

  return (
    <div data-testid="quality-tab" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>Story quality</h2>
        <span>
          {data.storyCount} stories checked · <AsOf iso={data.asOf} prefix="as of" testId="quality-as-of" />
        </span>
        <Button testId="quality-refresh" onClick={reload}>
          Refresh
        </Button>
      </div>
      <ByRule data={data} />
      <ByTeam data={data} />
    </div>
  );
}
