import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Stack } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { dateTime, percent } from '../format';
import { CountLink, FigureLine } from './Figure';
import { JiraLink } from './JiraLink';
import { Table } from './Table';
import { AsOf } from './AsOf';
import { SeverityLozenge } from './Lozenges';
import type { SprintReadinessData } from './types';

/**
 * The stories of a sprint that fail the Definition of Ready, with what each one is missing. Every
 * count is a backend figure (ready, ready points, not ready); the page counts nothing itself.
 */
export function SprintReadiness({ data }: { data: SprintReadinessData }) {
  const s = data.sprint;
  const stories = data.ready.denominator ?? 0;
  const notReady = data.notReadyFigure;
  return (
    <div data-testid="sprint-readiness" style={{ padding: 8 }}>
      <Stack space="space.100">
        <Heading as="h2" size="medium">
          Sprint readiness: {s.name}
        </Heading>
        <AsOf iso={data.asOf} testId="readiness-as-of" />
      </Stack>
      <p>
        <span data-testid="readiness-summary">
          <FigureLine figure={data.ready} what={`ready stories of ${s.name}`} testId="readiness-ready" /> {stories === 1 ? 'is' : 'are'} ready
        </span>{' '}
        (<FigureLine figure={data.readyPoints} what={`story points of the ready stories of ${s.name}`} testId="readiness-ready-points" />).
        {s.startDate && <span> Starts {dateTime(s.startDate)}.</span>}
        {s.goal && <span> Goal: {s.goal}</span>}
      </p>
      {data.note && (
        <div data-testid="readiness-note">
          <SectionMessage appearance="information">
            <p>{data.note}</p>
          </SectionMessage>
        </div>
      )}
      {stories === 0 ? (
        <p data-testid="readiness-empty">No stories are planned in this sprint yet.</p>
      ) : notReady.numerator === 0 ? (
        <div data-testid="readiness-all-ready">
          <SectionMessage appearance="success" title="Every story is ready">
            <p>All {stories} stories meet the Definition of Ready.</p>
          </SectionMessage>
        </div>
      ) : (
        <>
          <p data-testid="not-ready-summary">
            <strong>
              <CountLink count={notReady.numerator} unit="issues" links={notReady.links} what={`stories of ${s.name} that fail the Definition of Ready`} testId="not-ready-count" />
            </strong>{' '}
            of {stories} {notReady.numerator === 1 ? 'fails' : 'fail'} the Definition of Ready. Lowest quality score first.
          </p>
          <Table
            testId="not-ready-table"
            label={`Stories in ${s.name} that are not ready`}
            columns={['Story', 'Score', 'Not met', 'Findings']}
            rows={data.notReady.map((n) => ({
              key: n.issue.key,
              testId: 'not-ready-story',
              data: { 'data-key': n.issue.key },
              cells: [
                <>
                  <JiraLink href={n.issue.url}>{n.issue.key}</JiraLink> {n.issue.summary}
                  {n.issue.team && <div style={{ fontSize: 12 }}>Team {n.issue.team}</div>}
                </>,
                percent(n.score),
                <ul key="m" style={{ margin: 0, paddingLeft: 16 }}>
                  {n.failedChecks.map((c) => (
                    <li key={c.rule} data-testid="failed-check">
                      {c.label}
                      {c.detail && <span> — {c.detail}</span>}
                    </li>
                  ))}
                </ul>,
                n.findings.length === 0 ? (
                  <span>—</span>
                ) : (
                  <ul style={{ margin: 0, paddingLeft: 16 }}>
                    {n.findings.map((f, i) => (
                      <li key={`${f.rule}-${i}`} data-testid="readiness-finding" data-rule={f.rule}>
                        <SeverityLozenge severity={f.severity} /> <Lozenge>{f.criterion}</Lozenge> {f.message}
                      </li>
                    ))}
                  </ul>
                ),
              ],
            }))}
          />
        </>
      )}
      <p style={{ fontSize: 12 }}>
        <JiraLink href={data.sprintLink.url}>All stories of {s.name} in issue search</JiraLink>
      </p>
    </div>
  );
}
