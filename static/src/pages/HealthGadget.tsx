import { useCallback } from 'react';
import { getProjectOverview } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { MetricCards } from '../components/MetricCards';
import { FigureLinksContext } from '../components/Figure';
import { useFigureLinksLoader } from '../components/useFigureLinks';
import { useEnvelope } from '../components/useEnvelope';
import { AsOf } from '../components/AsOf';

export interface GadgetConfig {
  projectKey?: string;
  /** Auto-refresh interval in minutes (Jira reads `refresh` from the submitted configuration). */
  refresh?: number;
}

/** View mode: the train's health cards for the chosen project, each linking to its issues. */
export function GadgetView({ config }: { config: GadgetConfig }) {
  const projectKey = config.projectKey;
  // lean (issue 16): the gadget shows the cards only, never the team and sprint rows.
  const loader = useCallback(() => getProjectOverview({ projectKey: projectKey ?? '', lean: true }), [projectKey]);
  const { state, reload } = useEnvelope(loader);
  const linksLoader = useFigureLinksLoader(projectKey ?? '', 'overview');
  if (!projectKey) return <p data-testid="gadget-unconfigured">Edit this gadget to choose the project whose backlog health it shows.</p>;
  if (state.status === 'loading') return <Loading label="Loading backlog health" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  return (
    <div data-testid="health-gadget" style={{ padding: 4 }}>
      <p style={{ margin: '0 0 8px' }}>
        <strong>{data.project.name}</strong> · <AsOf iso={data.asOf} prefix="as of" testId="gadget-as-of" />
      </p>
      {data.cards.length ? (
        <FigureLinksContext.Provider value={linksLoader}>
          <MetricCards cards={data.cards} />
        </FigureLinksContext.Provider>
      ) : (
        <p role="status">The numbers are being computed; open the project&apos;s Backlog health page to follow the progress.</p>
      )}
    </div>
  );
}
