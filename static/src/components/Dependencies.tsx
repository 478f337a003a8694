import Lozenge from '@atlaskit/lozenge';
import type { DependencyView, FigureView } from './types';
import { FigureLine } from './Figure';
import { JiraLink } from './JiraLink';
import { StatusLozenge } from './Lozenges';
import { Section } from './Section';

/** `atRisk` is the backend's figure over the same list: its count and link are shown as sent. */
export function Dependencies({ dependencies, atRisk }: { dependencies: DependencyView[]; atRisk: FigureView }) {
  const n = atRisk.numerator;
  return (
    <Section id="deps-heading" title="Dependencies" testId="dependencies">
      {dependencies.length === 0 ? (
        <p>No blocking links.</p>
      ) : (
        <>
          {n > 0 && (
            <p data-testid="dependency-risk-summary">
              <strong>{n === 1 ? '1 dependency is at risk' : `${n} dependencies are at risk`}</strong> (
              <FigureLine figure={atRisk} what="the issues on both ends of the at-risk dependencies" testId="dependency-risk-figure" />
              ).
            </p>
          )}
          <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
            {dependencies.map((d) => (
              <li key={`${d.direction}-${d.other.key}`} data-testid="dependency" data-at-risk={d.atRisk} style={{ marginBottom: 8 }}>
                <span>{d.direction === 'blockedBy' ? 'Blocked by ' : 'Blocks '}</span>
                <JiraLink href={d.other.url}>{d.other.key}</JiraLink> <span>{d.other.summary}</span>{' '}
                <StatusLozenge status={d.other.status} category={d.other.statusCategory} />
                {d.other.team && <span> · team {d.other.team}</span>}
                {d.other.sprint && <span> · {d.other.sprint}</span>}
                {d.atRisk && (
                  <div role="note" data-testid="dependency-warning" style={{ marginTop: 4 }}>
                    <Lozenge appearance="removed">At risk</Lozenge> <span>{d.explanation}</span>
                  </div>
                )}
                {!d.atRisk && d.explanation && <div style={{ marginTop: 4, color: 'var(--ds-text-subtle, #44546F)' }}>{d.explanation}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
