import Lozenge from '@atlaskit/lozenge';
import { FigureLine } from '../Figure';
import { JiraLink } from '../JiraLink';
import type { PiCardView } from '../types';

/** Where a card sits, in words, for the labels of its links ("Comet, Comet Sprint 23"). */
export function cardPlace(card: PiCardView, sprint: string | null): string {
  return `team ${card.team}, ${sprint ?? 'unplanned'}`;
}

/** What a card is about: its feature, or the cell's stories that have no feature. */
export function CardTitle({ card }: { card: PiCardView }) {
  if (!card.feature) return <strong>Stories without a feature</strong>;
  return (
    <>
      <JiraLink href={card.feature.url} testId="pi-card-feature">
        {card.feature.key}
      </JiraLink>{' '}
      <span>{card.feature.summary}</span>
    </>
  );
}

/** The card's tags as the backend set them: top-N by WSJF, outside the PI's scope, orphan stories. */
export function CardTags({ card }: { card: PiCardView }) {
  return (
    <>
      {card.topWsjfRank !== null && <Lozenge appearance="new">#{card.topWsjfRank} by WSJF</Lozenge>}
      {card.feature && !card.inPiScope && <Lozenge appearance="default">Outside PI scope</Lozenge>}
      {!card.feature && <Lozenge appearance="moved">Orphan stories</Lozenge>}
    </>
  );
}

/** The card's numbers, each linked to exactly the stories it counts. */
export function CardNumbers({ card, sprint }: { card: PiCardView; sprint: string | null }) {
  const what = `${card.feature ? card.feature.key : 'stories without a feature'}, ${cardPlace(card, sprint)}`;
  return (
    <>
      <FigureLine figure={card.points} what={`points of the stories of ${what}`} testId="pi-card-points" /> in{' '}
      <FigureLine figure={card.stories} what={`stories of ${what}`} testId="pi-card-stories" />
      {card.unestimated.numerator > 0 && (
        <>
          {' '}
          · unestimated: <FigureLine figure={card.unestimated} what={`stories without points of ${what}`} testId="pi-card-unestimated" />
        </>
      )}
    </>
  );
}

/** A feature's stories in one cell of the program board; its box is what the connectors join. */
export function PiCard({ card, sprint, cardRef }: { card: PiCardView; sprint: string | null; cardRef?: (el: HTMLElement | null) => void }) {
  const top = card.topWsjfRank !== null;
  return (
    <article
      ref={cardRef}
      className="pi-card"
      data-testid="pi-card"
      data-card-id={card.id}
      data-feature={card.feature?.key ?? ''}
      data-top={top}
      aria-label={card.feature ? `${card.feature.key} ${card.feature.summary}` : 'Stories without a feature'}
    >
      <div className="pi-card-title">
        <CardTitle card={card} />
      </div>
      <div className="pi-card-numbers">
        <CardNumbers card={card} sprint={sprint} />
      </div>
      {(top || !card.feature || !card.inPiScope) && (
        <div className="pi-card-tags">
          <CardTags card={card} />
        </div>
      )}
    </article>
  );
}
