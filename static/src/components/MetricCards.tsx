import { useLayoutEffect } from 'react';
import Tooltip from '@atlaskit/tooltip';
import type { MetricCard } from './types';
import { BandLozenge } from './Lozenges';
import { FigureCount, FigureLine } from './Figure';
import { unitWord } from '../format';
import { JiraLink } from './JiraLink';

const srOnly = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

/** The train's health cards: value, what it counted (linked), band and definition, all from the backend. */
export function MetricCards({ cards }: { cards: MetricCard[] }) {
  // The cards are in the document (issue 16's "first meaningful content"): a mark the UI benchmark reads.
  useLayoutEffect(() => {
    performance.mark('refinery:cards');
  }, []);
  return (
    <ul aria-label="Health metrics" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12, padding: 0, listStyle: 'none' }}>
      {cards.map((card) => {
        const figure = card.figure;
        // The big number opens the counted issues directly only when it counts issues and they fit
        // one link; pairs open more issues than their count, so only the line below links them.
        const main = figure.links.length === 1 && figure.unit !== 'pairs' ? figure.links[0] : null;
        const issueCount = figure.kind === 'count' && figure.unit === 'issues';
        return (
          <li key={card.id} data-testid={`metric-card-${card.id}`} data-band={figure.band ?? card.band} style={{ border: '1px solid var(--ds-border, #091E4224)', borderRadius: 4, padding: 12, margin: 0 }}>
            <Tooltip content={card.definition} position="top">
              {(props) => (
                <h3 {...props} tabIndex={0} style={{ margin: 0, fontSize: 14, cursor: 'help' }} aria-describedby={`def-${card.id}`}>
                  {card.label}
                </h3>
              )}
            </Tooltip>
            <span id={`def-${card.id}`} style={srOnly}>
              {card.definition}
            </span>
            <div style={{ fontSize: 24, fontWeight: 600, margin: '8px 0 4px' }} data-testid="metric-value">
              {issueCount ? (
                <FigureCount figure={figure} which="links" count={figure.numerator} unit="issues" what={card.label} testId={`card-figure-${card.id}`} />
              ) : (
                <>
                  <JiraLink href={main?.url} title={`Open the issues behind ${card.label} in Jira`}>
                    {card.display}
                  </JiraLink>
                  {figure.kind === 'count' && <span style={{ fontSize: 16, fontWeight: 400 }}> {unitWord(figure.numerator, figure.unit)}</span>}
                </>
              )}
            </div>
            {!issueCount && (
              <div style={{ fontSize: 12, marginBottom: 8 }}>
                <FigureLine figure={figure} what={card.label} testId={`card-figure-${card.id}`} />
              </div>
            )}
            <BandLozenge band={figure.band ?? card.band} label={figure.bandLabel} />
            {card.detail && <p style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{card.detail}</p>}
          </li>
        );
      })}
    </ul>
  );
}
