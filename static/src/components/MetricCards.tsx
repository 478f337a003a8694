import Tooltip from '@atlaskit/tooltip';
import type { MetricCard } from './types';
import { BandLozenge } from './Lozenges';

export function MetricCards({ cards }: { cards: MetricCard[] }) {
  return (
    <ul aria-label="Health metrics" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 12, padding: 0, listStyle: 'none' }}>
      {cards.map((card) => (
        <li
          key={card.id}
          data-testid={`metric-card-${card.id}`}
          data-band={card.band}
          style={{ border: '1px solid var(--ds-border, #091E4224)', borderRadius: 4, padding: 12, margin: 0 }}
        >
          <Tooltip content={card.definition} position="top">
            {(props) => (
              <h3 {...props} tabIndex={0} style={{ margin: 0, fontSize: 14, cursor: 'help' }} aria-describedby={`def-${card.id}`}>
                {card.label}
              </h3>
            )}
          </Tooltip>
          <span id={`def-${card.id}`} style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
            {card.definition}
          </span>
          <div style={{ fontSize: 24, fontWeight: 600, margin: '8px 0' }} data-testid="metric-value">
            {card.link ? (
              <a href={card.link.url} target="_top" title={`Open the issues behind ${card.label} in Jira`}>
                {card.display}
              </a>
            ) : (
              card.display
            )}
          </div>
          <BandLozenge band={card.band} />
          {card.detail && <p style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{card.detail}</p>}
        </li>
      ))}
    </ul>
  );
}
