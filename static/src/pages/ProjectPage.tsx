import { lazy, Suspense, useState } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { OverviewTab } from '../components/OverviewTab';
import { Loading } from '../components/Loading';

// Each tab but the first loads its own chunk when first opened (the graph library with
// Dependencies, the trend chart with Improvement), so the page's first cards wait for none of them.
const WsjfTab = lazy(() => import('../components/WsjfTab').then((m) => ({ default: m.WsjfTab })));
const QualityTab = lazy(() => import('../components/QualityTab').then((m) => ({ default: m.QualityTab })));
const DependenciesTab = lazy(() => import('../components/DependenciesTab').then((m) => ({ default: m.DependenciesTab })));
const ImprovementTab = lazy(() => import('../components/ImprovementTab').then((m) => ({ default: m.ImprovementTab })));
const PiPlanningTab = lazy(() => import('../components/piPlanning/PiPlanningTab').then((m) => ({ default: m.PiPlanningTab })));

const TABS = ['Overview', 'WSJF', 'Quality', 'Dependencies', 'Improvement', 'PI planning'] as const;

/** Backlog health for a project: each tab loads its own resolver the first time it is opened. */
export function ProjectPage({ projectKey }: { projectKey: string }) {
  const [selected, setSelected] = useState(0);
  const [visited, setVisited] = useState<Set<number>>(() => new Set([0]));

  const onChange = (index: number) => {
    setSelected(index);
    setVisited((v) => (v.has(index) ? v : new Set(v).add(index)));
  };

  return (
    <div data-testid="project-page" style={{ padding: 16 }}>
      <h1 style={{ marginTop: 0 }}>Backlog health</h1>
      <Tabs id="refinery-project-tabs" selected={selected} onChange={onChange}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t} testId={`tab-${t.toLowerCase()}`}>
              {t}
            </Tab>
          ))}
        </TabList>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(0) && <OverviewTab projectKey={projectKey} />}</div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(1) && (
              <Suspense fallback={<Loading label="Loading WSJF" />}>
                <WsjfTab projectKey={projectKey} />
              </Suspense>
            )}</div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(2) && (
              <Suspense fallback={<Loading label="Loading quality" />}>
                <QualityTab projectKey={projectKey} />
              </Suspense>
            )}</div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>
            {visited.has(3) && (
              <Suspense fallback={<Loading label="Loading dependencies" />}>
                <DependenciesTab projectKey={projectKey} />
              </Suspense>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(4) && (
              <Suspense fallback={<Loading label="Loading improvement" />}>
                <ImprovementTab projectKey={projectKey} />
              </Suspense>
            )}</div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(5) && <Suspense fallback={<Loading label="Loading PI planning" />}><PiPlanningTab projectKey={projectKey} /></Suspense>}</div>
        </TabPanel>
      </Tabs>
    </div>
  );
}
