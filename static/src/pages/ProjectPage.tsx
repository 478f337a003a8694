import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState, type ComponentType, type FocusEvent, type PointerEvent } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { OverviewTab } from '../components/OverviewTab';
import { Loading } from '../components/Loading';
import { preloadTooltip } from '../vendor/lazyTooltip';
import { hasFirstCall, startTabCall } from './tabCalls';

type TabComponent = ComponentType<{ projectKey: string }>;

/**
 * Each tab but the first is its own chunk (the graph library with Dependencies, the trend chart with
 * Improvement), so the page's first cards wait for none of them. The same `import()` serves the tab's
 * `lazy()` and its prefetch (issue 16): once the Overview has drawn everything and the page is idle,
 * and when a person points at or focuses a tab, so a click finds the code already loaded.
 */
const CHUNKS: Record<string, () => Promise<{ default: TabComponent }>> = {
  WSJF: () => import('../components/WsjfTab').then((m) => ({ default: m.WsjfTab })),
  Quality: () => import('../components/QualityTab').then((m) => ({ default: m.QualityTab })),
  Dependencies: () => import('../components/DependenciesTab').then((m) => ({ default: m.DependenciesTab })),
  Improvement: () => import('../components/ImprovementTab').then((m) => ({ default: m.ImprovementTab })),
  'PI planning': () => import('../components/piPlanning/PiPlanningTab').then((m) => ({ default: m.PiPlanningTab })),
};

const TABS = ['Overview', 'WSJF', 'Quality', 'Dependencies', 'Improvement', 'PI planning'] as const;
const LOADING_LABEL: Record<string, string> = { WSJF: 'Loading WSJF', Quality: 'Loading quality', Dependencies: 'Loading dependencies', Improvement: 'Loading improvement', 'PI planning': 'Loading PI planning' };
const LAZY: Record<string, TabComponent> = Object.fromEntries(Object.entries(CHUNKS).map(([name, load]) => [name, lazy(load)]));

/** Each chunk is asked for once (a second `import()` would be answered from the module map anyway). */
const prefetched = new Set<string>();
function prefetch(name: string) {
  if (prefetched.has(name) || !CHUNKS[name]) return;
  prefetched.add(name);
  // A failed prefetch is retried by the tab's own lazy() when it is opened, which shows the error.
  CHUNKS[name]().catch(() => prefetched.delete(name));
}

type IdleWindow = { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
/** One chunk per idle period, so a person's input between them is handled at once. */
function whenIdle(cb: () => void): () => void {
  const w = window as unknown as IdleWindow;
  if (w.requestIdleCallback) {
    const id = w.requestIdleCallback(cb, { timeout: 2000 });
    return () => w.cancelIdleCallback?.(id);
  }
  const t = setTimeout(cb, 200);
  return () => clearTimeout(t);
}

/**
 * One tab's content, mounted on its first visit and kept mounted. Memoised: a tab change re-renders
 * the tab strip, not the Overview's tables nor another tab's content.
 */
const TabBody = memo(function TabBody({ name, shown, projectKey, onDrawn }: { name: string; shown: boolean; projectKey: string; onDrawn: () => void }) {
  if (!shown) return <div style={{ width: '100%', paddingTop: 8 }} />;
  if (name === 'Overview') {
    return (
      <div style={{ width: '100%', paddingTop: 8 }}>
        <OverviewTab projectKey={projectKey} onDrawn={onDrawn} />
      </div>
    );
  }
  const Content = LAZY[name];
  return (
    <div style={{ width: '100%', paddingTop: 8 }}>
      <Suspense fallback={<Loading label={LOADING_LABEL[name]} />}>
        <Content projectKey={projectKey} />
      </Suspense>
    </div>
  );
});

/** The index in TABS of the tab an event happened on (or inside), else -1. */
function tabIndexOf(target: EventTarget | null): number {
  const tab = (target as Element | null)?.closest?.('[role="tab"]');
  return tab ? TABS.findIndex((t) => tab.getAttribute('data-testid') === `tab-${t.toLowerCase()}`) : -1;
}

/** Backlog health for a project: each tab loads its own resolver the first time it is opened. */
export function ProjectPage({ projectKey }: { projectKey: string }) {
  const [selected, setSelected] = useState(0);
  const [visited, setVisited] = useState<Set<number>>(() => new Set([0]));
  const [drawn, setDrawn] = useState(false);
  const onDrawn = useCallback(() => setDrawn(true), []);

  // After the Overview has drawn its cards, tables and charts: the tabs' chunks, one per idle period.
  const cancel = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!drawn) return;
    // First the real Tooltip (its arrival re-renders every tooltip on the page: better now than on a click).
    const queue: (() => void)[] = [preloadTooltip, ...TABS.slice(1).filter((t) => !prefetched.has(t)).map((t) => () => prefetch(t))];
    const next = () => {
      const load = queue.shift();
      if (!load) return;
      load();
      cancel.current = whenIdle(next);
    };
    cancel.current = whenIdle(next);
    return () => cancel.current();
  }, [drawn]);

  const onChange = (index: number) => {
    setSelected(index);
    setVisited((v) => (v.has(index) ? v : new Set(v).add(index)));
  };
  // Pointing at or focusing a tab loads its chunk (events bubble from the tab to this page).
  const onIntent = (e: PointerEvent | FocusEvent) => {
    const index = tabIndexOf(e.target);
    if (index > 0) prefetch(TABS[index]);
  };

  // Pressing a tab not opened yet starts its first resolver call: it runs while the page switches
  // panels and renders, and the tab takes it (./tabCalls). Hovering only loads code.
  const onPress = (e: PointerEvent) => {
    const index = tabIndexOf(e.target);
    const name = TABS[index];
    if (index > 0 && !visited.has(index) && hasFirstCall(name)) startTabCall(name, projectKey);
  };

  return (
    <div data-testid="project-page" style={{ padding: 16 }} onPointerOver={onIntent} onFocus={onIntent} onPointerDown={onPress}>
      <h1 style={{ marginTop: 0 }}>Backlog health</h1>
      <Tabs id="refinery-project-tabs" selected={selected} onChange={onChange}>
        <TabList>
          {TABS.map((t) => (
            <Tab key={t} testId={`tab-${t.toLowerCase()}`}>
              {t}
            </Tab>
          ))}
        </TabList>
        {TABS.map((t, i) => (
          <TabPanel key={t}>
            <TabBody name={t} shown={visited.has(i)} projectKey={projectKey} onDrawn={onDrawn} />
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}
