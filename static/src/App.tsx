import { lazy, Suspense, type ReactNode } from 'react';
import { ErrorMessage } from './components/ErrorMessage';
import { Loading } from './components/Loading';
import { contextLoader, type ModuleContext } from './contextLoader';
import { ContextGate } from './moduleContext';
import { ACTION_FORMS } from './pages/automationForms';

// One chunk per Forge module: the bundle is opened as one module at a time, so a gadget never
// downloads the project page's tabs, charts or graph (issue 16; test/e2e/bundles.test.ts). The issue
// panel is not here: it is its own resource with its own entry (static/panel, static/src/PanelApp.tsx).
const ProjectPage = lazy(() => import('./pages/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const SprintActionPage = lazy(() => import('./pages/SprintActionPage').then((m) => ({ default: m.SprintActionPage })));
const GadgetEdit = lazy(() => import('./pages/GadgetEdit').then((m) => ({ default: m.GadgetEdit })));
const GadgetView = lazy(() => import('./pages/HealthGadget').then((m) => ({ default: m.GadgetView })));
const AutomationConfig = lazy(() => import('./pages/AutomationConfig').then((m) => ({ default: m.AutomationConfig })));

const nextContext = contextLoader();

/** Routes by the Forge module key the bundle was opened as. */
export function App() {
  return <ContextGate next={nextContext}>{(c) => <Suspense fallback={<Loading label="Loading Refinery" />}>{moduleView(c)}</Suspense>}</ContextGate>;
}

function moduleView({ moduleKey, extension }: ModuleContext): ReactNode {
  switch (moduleKey) {
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
