import { contextLoader } from './contextLoader';
import { loadFeatureView } from './pages/featureViewChunk';
import { startIssuePanel } from './pages/issuePanelData';

export const ISSUE_PANEL = 'refinery-issue-panel';

/**
 * The issue panel's context, asked for before the rest of the panel's modules run (static/src/panelMain.tsx
 * imports this module first); its resolver call starts the moment the context names the issue, and the
 * feature view's chunk with it (issue 16).
 */
export const nextPanelContext = contextLoader((c) => {
  const key = c.moduleKey === ISSUE_PANEL ? c.extension?.issue?.key : undefined;
  if (!key) return;
  startIssuePanel(key);
  // A failed download is not an error yet: the panel's lazy() asks again if it shows a feature.
  void loadFeatureView().catch(() => undefined);
});
