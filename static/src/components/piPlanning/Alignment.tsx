import DynamicTable from '@atlaskit/dynamic-table';
import SectionMessage from '@atlaskit/section-message';
import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import { JiraLink } from '../JiraLink';
import type { FigureView, PiAlignmentView, PiPlanningData, PiTeamRowView } from '../types';
import { Section } from '../Section';

function Share({ figure, what, testId }: { figure: FigureView; what: string; testId?: string }) {
  return (
    <span data-testid={testId}>
      <strong>{figure.display}</strong> (<FigureLine figure={figure} what={what} testId={testId ? `${testId}-figure` : undefined} />)
    </span>
  );
}

function alignmentCells(who: string, a: PiAlignmentView, topN: number, testId: string) {
  return [
    { key: 'scope', content: <Share figure={a.inPiScope} what={`${who}'s planned points on features in the PI's scope`} testId={`${testId}-scope`} /> },
    { key: 'top', content: <Share figure={a.topWsjf} what={`${who}'s planned points on the top ${topN} features by WSJF`} testId={`${testId}-top`} /> },
    { key: 'orphan', content: <Share figure={a.orphan} what={`${who}'s planned points on stories without a feature`} testId={`${testId}-orphan`} /> },
  ];
}

/** Shares of planned points per team and for the train; then the top-N features by WSJF and who planned them. */
export function Alignment({ data, rows }: { data: PiPlanningData; rows: PiTeamRowView[] }) {
  const head = {
    cells: [
      { key: 'who', content: 'Team' },
      { key: 'scope', content: "In the PI's scope" },
      { key: 'top', content: `Top ${data.topN} by WSJF` },
      { key: 'orphan', content: 'Orphan stories' },
    ],
  };
  const tableRows = [
    ...rows.map((r) => ({ key: r.team, cells: [{ key: 'who', content: r.team }, ...alignmentCells(`team ${r.team}`, r.alignment, data.topN, `pi-alignment-${r.team}`)] })),
    { key: '__train', cells: [{ key: 'who', content: <strong>Train</strong> }, ...alignmentCells('the train', data.train.alignment, data.topN, 'pi-alignment-train')] },
  ];
  return (
    <>
      <p>
        {data.definitions.inPiScope} {data.definitions.topWsjf} {data.definitions.orphan}
      </p>
      <div data-testid="pi-alignment">
        <DynamicTable caption="Share of planned points by what they serve" head={head} rows={tableRows} />
      </div>
      <Section id="pi-top-heading" title={`Top ${data.topN} features by WSJF`}>
        {data.findings.length > 0 && (
          <div data-testid="pi-findings">
            <SectionMessage appearance="warning" title={data.findings.length === 1 ? 'A top feature has nothing planned' : 'Top features have nothing planned'}>
              <ul style={{ margin: 0 }}>
                {data.findings.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </SectionMessage>
          </div>
        )}
        {data.topFeatures.length === 0 ? (
          <p>No feature in the train is scored by WSJF yet.</p>
        ) : (
          <ol data-testid="pi-top-features" style={{ paddingLeft: 0, listStyle: 'none' }}>
            {data.topFeatures.map((f) => (
              <li key={f.feature.key} data-testid="pi-top-feature" data-key={f.feature.key} data-nothing-planned={f.finding !== null} style={{ marginBottom: 10 }}>
                <div>
                  <strong>#{f.rank}</strong> <JiraLink href={f.feature.url}>{f.feature.key}</JiraLink> {f.feature.summary} · WSJF {f.wsjf} {!f.inPiScope && <Lozenge>Not in the PI&apos;s scope</Lozenge>}
                </div>
                <div>
                  Planned: <FigureLine figure={f.planned} what={`points planned for ${f.feature.key} in ${data.pi}`} testId="pi-top-feature-planned" />
                  {f.teams.length > 0 && (
                    <>
                      {' '}
                      —{' '}
                      {f.teams.map((t, i) => (
                        <span key={t.team}>
                          {i > 0 && ', '}
                          {t.team} <FigureLine figure={t.points} what={`points team ${t.team} planned for ${f.feature.key}`} />
                        </span>
                      ))}
                    </>
                  )}
                </div>
                {f.finding && (
                  <div role="note" data-testid="pi-top-feature-finding">
                    <Lozenge appearance="removed" isBold>
                      Nothing planned
                    </Lozenge>{' '}
                    {f.finding}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}
