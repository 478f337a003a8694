import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { view } from '@forge/bridge';
import { ErrorMessage } from './components/ErrorMessage';
import { Loading } from './components/Loading';
import type { GadgetConfig } from './pages/HealthGadget';
import { ACTION_FORMS } from './pages/automationForms';
import { startIssuePanel } from './pages/issuePanelData';

// One chunk per Forge module: the bundle is opened as one module at a time, so the issue panel
// never downloads the project page's tabs, charts or graph (issue 16; test/e2e/bundles.test.ts).
const loadIssuePanel = () => import('./pages/IssuePanel').then((m) => ({ default: m.IssuePanel }));
const IssuePanel = lazy(loadIssuePanel);
const ProjectPage = lazy(() => import('./pages/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const SprintActionPage = lazy(() => import('./pages/SprintActionPage').then((m) => ({ default: m.SprintActionPage })));
const GadgetEdit = lazy(() => import('./pages/GadgetEdit').then((m) => ({ default: m.GadgetEdit })));
const GadgetView = lazy(() => import('./pages/HealthGadget').then((m) => ({ default: m.GadgetView })));
const AutomationConfig = lazy(() => import('./pages/AutomationConfig').then((m) => ({ default: m.AutomationConfig })));


interface ModuleContext {
  moduleKey?: string;
  extension?: { issue?: { key?: string }; project?: { key?: string }; sprint?: { id?: string | number }; gadgetConfiguration?: GadgetConfig; entryPoint?: string; data?: { inputs?: Record<string, unknown> }; errors?: { invalidInputs?: Record<string, { message?: string }> } };
}

type ContextState = { status: 'loading' } | { status: 'ok'; context: ModuleContext } | { status: 'error'; message: string };

/**
 * The context is asked for as the bundle runs, not after React's first commit; and an issue panel's
 * data call starts the moment the context names the issue, alongside the panel's code (issue 16).
 */
function readContext(): Promise<ModuleContext> {
  return view.getContext().then((raw) => {
    const c = raw as unknown as ModuleContext;
    const key = c.moduleKey === 'refinery-issue-panel' ? c.extension?.issue?.key : undefined;
    if (key) {
      startIssuePanel(key);
      // The panel's code, asked for now rather than at React's next render (the same import as its lazy()).
      void loadIssuePanel().catch(() => undefined);
    }
    return c;
  });
}
let firstContext: Promise<ModuleContext> | null = readContext();
// Handled by the App's effect; marked handled now so a failure before it attaches is not reported twice.
firstContext.catch(() => undefined);

/** Routes by the Forge module key the bundle was opened as. */
export function App() {
  const [ctx, setCtx] = useState<ContextState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    // The first attempt takes the context asked for at start; a retry asks again.
    const asked = firstContext ?? readContext();
    firstContext = null;
    asked
      .then((c) => live && setCtx({ status: 'ok', context: c }))
      .catch(() => live && setCtx({ status: 'error', message: 'Refinery could not read where it is shown in Jira. Reload the page and try again.' }));
    return () => {
      live = false;
    };
  }, [attempt]);

  if (ctx.status === 'loading') return <Loading label="Loading Refinery" />;
  if (ctx.status === 'error') return <ErrorMessage error={{ code: 'INTERNAL', message: ctx.message }} onRetry={() => setAttempt((a) => a + 1)} />;

  return <Suspense fallback={<Loading label="Loading Refinery" />}>{moduleView(ctx.context)}</Suspense>;
}

function moduleView({ moduleKey, extension }: ModuleContext): ReactNode {
  switch (moduleKey) {
    case 'refinery-issue-panel': {
      const key = extension?.issue?.key;
      return key ? <IssuePanel issueKey={key} /> : <ErrorMessage error={{ code: 'BAD_REQUEST', message: 'Jira did not say which issue this panel is on.' }} />;
    }
    case 'refinery-project-page': {
      const key = extension?.project?.key;
      return key ? <ProjectPage projectKey={key} /> : <ErrorMessage error={{ code: 'BAD_REQUEST', message: 'Jira did not say which project this page is for.' }} />;
    }
    case 'refinery-admin-page':
      return <AdminPage />;
    case 'refinery-sprint-readiness': {
      const id = Number(extension?.sprint?.id);
      return Number.isInteger(id) && id > 0 ? <SprintActionPage sprintId={id} /> : <ErrorMessage error={{ code: 'BAD_REQUEST', message: 'Jira did not say which sprint to check.' }} />;
    }
    case 'refinery-health-gadget':
      return extension?.entryPoint === 'edit' ? <GadgetEdit config={extension.gadgetConfiguration ?? {}} /> : <GadgetView config={extension?.gadgetConfiguration ?? {}} />;
    default:
      if (moduleKey && moduleKey in ACTION_FORMS) return <AutomationConfig form={ACTION_FORMS[moduleKey]} inputs={extension?.data?.inputs ?? {}} invalidInputs={extension?.errors?.invalidInputs ?? {}} />;
      return <ErrorMessage error={{ code: 'NOT_FOUND', message: `Refinery does not know the module "${moduleKey ?? 'unknown'}".` }} />;
  }
}
