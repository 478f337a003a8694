import { lazy, Suspense, useCallback } from 'react';
import SectionMessage from '@atlaskit/section-message';
import { AsOf } from '../components/AsOf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import { useEnvelope } from '../components/useEnvelope';
import { StoryView } from '../components/StoryView';
import { loadFeatureView } from './featureViewChunk';
import { issuePanelAnswer } from './issuePanelData';

// The feature view is its own chunk, asked for with the context (./featureViewChunk).
const FeatureView = lazy(loadFeatureView);

export function IssuePanel({ issueKey }: { issueKey: string }) {
  // The first call was started with the context (./issuePanelData); a reload asks again.
  const loader = useCallback(() => issuePanelAnswer(issueKey), [issueKey]);
  const { state, reload } = useEnvelope(loader);
  // The panel reads Jira as it opens: its figures are as of when that answer came (issue 18), on the
  // app's clock (the same clock as the project page's "as of").
  const readAt = state.status === 'ok' ? state.data.readAt : '';
  const asOf = (
    <p style={{ margin: '0 0 4px', fontSize: 12 }}>
      <AsOf iso={readAt} testId="panel-as-of" />
    </p>
  );

  if (state.status === 'loading') return <Loading label={`Loading Refinery for ${issueKey}`} />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;

  const data = state.data;
  switch (data.kind) {
    case 'story':
      return (
        <>
          {asOf}
          <StoryView data={data} />
        </>
      );
    case 'feature':
      return (
        <Suspense fallback={<Loading label={`Loading Refinery for ${issueKey}`} />}>
          {asOf}
          <FeatureView data={data} onReload={reload} />
        </Suspense>
      );
    default:
      return (
        <div data-testid="other-panel">
          <SectionMessage appearance="information" title="Nothing to check here">
            <p>{data.message}</p>
          </SectionMessage>
        </div>
      );
  }
}
