import { useCallback, useMemo } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { tabFirstCall } from '../pages/tabCalls';
import { AsOf } from './AsOf';
import { ErrorMessage } from './ErrorMessage';
import { FigureLine } from './Figure';
import { JiraLink } from './JiraLink';
import { Loading } from './Loading';
import { AfterPaint } from './AfterPaint';
import { StatusLozenge } from './Lozenges';
import { ScreenReaderOnly, Table } from './Table';
import { useEnvelope } from './useEnvelope';
import type { DependenciesData, DependencyRiskKind, TrainDependencyView } from './types';
import { Section, Sections } from './Section';

const RISK_TEXT: Record<DependencyRiskKind, string> = {
  unscheduled: 'Blocker unscheduled',
  'later-sprint': 'Blocker planned later',
  'undone-in-closed-sprint': 'Left undone',
};

const RISK_BG = 'var(--ds-background-danger, #FFECEB)';
const RISK_BORDER = 'var(--ds-border-danger, #E2483D)';

/** Team × team counts; at-risk cells carry a warning sign, the words "at risk" and a tint. */
function Matrix({ data }: { data: DependenciesData }) {
  const cell = (from: string, to: string) => data.matrix.find((c) => c.blockerTeam === from && c.blockedTeam === to);
  return (
    <Section id="dep-matrix-heading" level={2} title="Between teams">
      <Table
        testId="dependency-matrix"
        caption="Rows block columns: the number of open blocking links from one team's issues to another's, and how many of them are at risk."
        columns={['Blocking team ↓ / blocked team →', ...data.teams]}
        rows={data.teams.map((from) => ({
          key: from,
          cells: [
            from,
            ...data.teams.map((to) => {
              const c = cell(from, to);
              if (from === to) {
                return (
                  <span key={to}>
                    <span aria-hidden="true">·</span>
                    <ScreenReaderOnly>same team</ScreenReaderOnly>
                  </span>
                );
              }
              if (!c) {
                return (
                  <div key={to} data-testid={`matrix-cell-${from}-${to}`} data-count={0}>
                    0 pairs
                  </div>
                );
              }
              return (
                <div key={to} style={c.atRisk ? { background: RISK_BG, outline: `2px solid ${RISK_BORDER}`, outlineOffset: 2 } : undefined} data-testid={`matrix-cell-${from}-${to}`} data-count={c.count} data-at-risk={c.atRisk}>
                  <FigureLine figure={c.pairs} what={`dependencies where ${from} blocks ${to}`} testId={`matrix-figure-${from}-${to}`} />
                  {c.atRisk > 0 && (
                    <div>
                      <span aria-hidden="true">⚠ </span>
                      at risk: <FigureLine figure={c.atRiskPairs} what={`dependencies at risk where ${from} blocks ${to}`} testId={`matrix-at-risk-${from}-${to}`} />
                    </div>
                  )}
                </div>
              );
            }),
          ],
        }))}
      />
    </Section>
  );
}


function Side({ d }: { d: TrainDependencyView['blocker'] }) {
  return (
    <>
      <JiraLink href={d.url}>{d.key}</JiraLink> <span>{d.summary}</span> <StatusLozenge status={d.status} category={d.statusCategory} />
      <span>
        {' '}
        · team {d.team ?? '—'} · {d.sprint ?? 'no sprint'}
      </span>
    </>
  );
}

function AtRiskList({ data }: { data: DependenciesData }) {
  const risky = data.dependencies.filter((d) => d.atRisk);
  return (
    <Section id="dep-risk-heading" level={2} title="At risk">
      {risky.length === 0 ? (
        <p>No cross-team dependency is at risk.</p>
      ) : (
        <>
          <p data-testid="at-risk-summary">
            At risk: <FigureLine figure={data.atRiskPairs} what="cross-team dependencies at risk" testId="at-risk-figure" /> of <FigureLine figure={data.pairs} what="all cross-team dependencies" testId="pairs-figure" />.
          </p>
          <ol data-testid="at-risk-list" style={{ paddingLeft: 20 }}>
            {risky.map((d) => (
              <li key={`${d.blocker.key}>${d.blocked.key}`} data-testid="at-risk-dependency" style={{ marginBottom: 12 }}>
                <div>
                  <Lozenge appearance="removed">{d.risk ? RISK_TEXT[d.risk] : 'At risk'}</Lozenge> <strong>{d.explanation}</strong>
                </div>
                <div>
                  Blocker: <Side d={d.blocker} />
                </div>
                <div>
                  Waiting: <Side d={d.blocked} />
                </div>
                <JiraLink href={d.link.url}>Both issues in Jira</JiraLink>
              </li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

/**
 * Longest-path layering (blocking features left, waiting ones right). Edges that close a cycle
 * (found by depth-first search) are ignored for the layout, so a cycle cannot stretch it.
 * Within a layer, features are ordered by team so one team's features sit together.
 */
function layout(data: DependenciesData['graph']): Map<string, { x: number; y: number }> {
  const out = new Map<string, string[]>();
  for (const e of data.edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const back = new Set<string>();
  const visit = (k: string) => {
    state.set(k, 'open');
    for (const t of out.get(k) ?? []) {
      if (state.get(t) === 'open') back.add(`${k}>${t}`);
      else if (!state.has(t)) visit(t);
    }
    state.set(k, 'done');
    order.push(k);
  };
  for (const n of data.nodes) if (!state.has(n.key)) visit(n.key);
  const layer = new Map(data.nodes.map((n) => [n.key, 0]));
  // Reverse post-order is a topological order of the graph without its back edges.
  for (const k of order.reverse()) {
    for (const t of out.get(k) ?? []) {
      if (back.has(`${k}>${t}`)) continue;
      layer.set(t, Math.max(layer.get(t) ?? 0, (layer.get(k) ?? 0) + 1));
    }
  }
  const byLayer = new Map<number, typeof data.nodes>();
  for (const n of data.nodes) byLayer.set(layer.get(n.key)!, [...(byLayer.get(layer.get(n.key)!) ?? []), n]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [l, nodes] of byLayer) {
    nodes.sort((a, b) => (a.team ?? '').localeCompare(b.team ?? '') || a.key.localeCompare(b.key));
    nodes.forEach((n, i) => pos.set(n.key, { x: l * 300, y: i * 100 }));
  }
  return pos;
}

function FeatureGraph({ graph }: { graph: DependenciesData['graph'] }) {
  const { nodes, edges, height } = useMemo(() => {
    const pos = layout(graph);
    // The box takes the layout's proportions (at the ~1100 px the page gives it), so fit-view fills it
    // instead of leaving half of it empty; a wide train still fits whole, at a smaller zoom.
    const right = Math.max(0, ...[...pos.values()].map((p) => p.x)) + 260;
    const bottom = Math.max(0, ...[...pos.values()].map((p) => p.y)) + 140;
    const height = Math.round(Math.min(900, Math.max(320, bottom * Math.min(1, 1100 / right))));
    const nodes: Node[] = graph.nodes.map((n) => ({
      id: n.key,
      position: pos.get(n.key) ?? { x: 0, y: 0 },
      ariaLabel: `Feature ${n.key} ${n.summary}, team ${n.team ?? 'none'}, ${n.dependencyCount} dependencies${n.atRisk ? ', some at risk' : ''}`,
      data: {
        label: (
          <div data-testid="graph-node" data-key={n.key} data-at-risk={n.atRisk} style={{ textAlign: 'left', fontSize: 14, lineHeight: 1.3 }}>
            <strong>{n.key}</strong> {n.atRisk && <span>⚠ at risk</span>}
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{n.summary}</div>
            <div>team {n.team ?? '—'}</div>
          </div>
        ),
      },
      style: { width: 220, border: `${n.atRisk ? 3 : 1}px ${n.atRisk ? 'dashed' : 'solid'} ${n.atRisk ? RISK_BORDER : 'var(--ds-border, #8590A2)'}`, background: n.atRisk ? RISK_BG : 'var(--ds-surface, #fff)' },
      sourcePosition: 'right' as Node['sourcePosition'],
      targetPosition: 'left' as Node['targetPosition'],
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: `${e.from}>${e.to}`,
      source: e.from,
      target: e.to,
      label: e.atRisk ? `${e.count} (⚠ ${e.atRisk} at risk)` : String(e.count),
      ariaLabel: `${e.from} blocks ${e.to}: ${e.count} links${e.atRisk ? `, ${e.atRisk} at risk` : ''}`,
      markerEnd: { type: MarkerType.ArrowClosed },
      labelStyle: { fontSize: 14, fontWeight: 600 },
      labelBgPadding: [4, 2] as [number, number],
      style: e.atRisk ? { stroke: RISK_BORDER, strokeWidth: 2, strokeDasharray: '6 3' } : { strokeWidth: 1.5 },
    }));
    return { nodes, edges, height };
  }, [graph]);
  const summary = new Map(graph.nodes.map((n) => [n.key, n]));
  return (
    <Section id="dep-graph-heading" level={2} title="Features and their dependencies">
      <p>
        An arrow runs from the blocking feature to the feature that waits; its number counts the blocking links between them (feature links and their stories&apos; links). Dashed outlines and arrows mark dependencies at risk.
        {graph.withoutFeature > 0 && ` ${graph.withoutFeature} cross-team ${graph.withoutFeature === 1 ? 'dependency involves a story' : 'dependencies involve stories'} without a parent feature and ${graph.withoutFeature === 1 ? 'is' : 'are'} not drawn.`}
      </p>
      {graph.nodes.length === 0 ? (
        <p>No dependencies between features.</p>
      ) : (
        <>
          <div data-testid="feature-graph" style={{ width: '100%', height, border: '1px solid var(--ds-border, #DCDFE4)' }}>
            <ReactFlow nodes={nodes} edges={edges} fitView fitViewOptions={{ padding: 0.05, maxZoom: 1.25 }} minZoom={0.2} nodesDraggable nodesConnectable={false} elementsSelectable proOptions={{ hideAttribution: true }} ariaLabelConfig={{ 'node.a11yDescription.default': 'Feature. Press Tab to move between features.' }}>
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          <details style={{ marginTop: 8 }}>
            <summary>The same graph as a list</summary>
            <ul data-testid="feature-graph-list">
              {graph.edges.map((e) => (
                <li key={`${e.from}>${e.to}`}>
                  {e.from} ({summary.get(e.from)?.summary}) blocks {e.to} ({summary.get(e.to)?.summary}):{' '}
                  <JiraLink href={e.link.url}>
                    {e.count} {e.count === 1 ? 'link' : 'links'}
                  </JiraLink>
                  {e.atRisk > 0 && <strong> — {e.atRisk} at risk: {e.explanations.join(' ')}</strong>}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </Section>
  );
}

export function DependenciesTab({ projectKey }: { projectKey: string }) {
  // The first call may have started with the press on the tab (../pages/tabCalls).
  const load = useCallback(() => tabFirstCall('Dependencies', projectKey), [projectKey]);
  const { state, reload } = useEnvelope(load);
  if (state.status === 'loading') return <Loading label="Loading dependencies" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const data = state.data;
  return (
    <div data-testid="dependencies-tab">
      <Sections>
        <p data-testid="dependencies-as-of">
          Cross-team dependencies (pairs of a blocking and a blocked issue): <FigureLine figure={data.pairs} what="all cross-team dependencies" testId="dependencies-total" /> · <AsOf iso={data.asOf} prefix="as of" testId="dependencies-as-of-time" />
        </p>
        {data.dependencies.length === 0 ? (
          <p>No blocking links between issues of different teams.</p>
        ) : (
          <>
            <Matrix data={data} />
            <AtRiskList data={data} />
            {/* The graph's layout and drawing after the matrix and the list have painted (issue 16). */}
            <AfterPaint label="Drawing the feature graph">
              <FeatureGraph graph={data.graph} />
            </AfterPaint>
          </>
        )}
      </Sections>
    </div>
  );
}
