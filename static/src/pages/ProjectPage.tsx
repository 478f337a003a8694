import { lazy, Suspense, useState } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { OverviewTab } from '../components/OverviewTab';
import { WsjfTab } from '../components/WsjfTab';
import { QualityTab } from '../components/QualityTab';
import { ImprovementTab } from '../components/ImprovementTab';
import { Loading } from '../components/Loading';

// The feature graph library loads only when the Dependencies tab is opened.
const DependenciesTab = lazy(() => import('../components/DependenciesTab').then((m) => ({ default: m.DependenciesTab })));

const TABS = ['Overview', 'WSJF', 'Quality', 'Dependencies', 'Improvement'] as const;

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
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(1) && <WsjfTab projectKey={projectKey} />}</div>
        </TabPanel>
        <TabPanel>
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(2) && <QualityTab projectKey={projectKey} />}</div>
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
          <div style={{ width: '100%', paddingTop: 8 }}>{visited.has(4) && <ImprovementTab projectKey={projectKey} />}</div>
        </TabPanel>
      </Tabs>
    </div>
  );
}
