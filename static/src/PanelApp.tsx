import { ErrorMessage } from './components/ErrorMessage';
import type { ModuleContext } from './contextLoader';
import { ContextGate } from './moduleContext';
import { IssuePanel } from './pages/IssuePanel';
import { ISSUE_PANEL, nextPanelContext } from './panelStart';

/**
 * The `panel` resource's app: only the issue panel. Its own HTML entry (static/panel/index.html) lists
 * every module the panel needs, so the browser fetches them all as the frame's HTML arrives, instead of
 * the shared bundle reading its context first and only then asking for the panel's code (issue 16).
 */
export function PanelApp() {
  return <ContextGate next={nextPanelContext}>{panelView}</ContextGate>;
}

function panelView({ moduleKey, extension }: ModuleContext) {
  if (moduleKey !== ISSUE_PANEL) return <ErrorMessage error={{ code: 'NOT_FOUND', message: `Refinery's issue panel was opened as the module "${moduleKey ?? 'unknown'}".` }} />;
  const key = extension?.issue?.key;
  return key ? <IssuePanel issueKey={key} /> : <ErrorMessage error={{ code: 'BAD_REQUEST', message: 'Jira did not say which issue this panel is on.' }} />;
}
