import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import type { ProjectOverviewData, SprintHealthRow } from './types';
import { date } from '../format';

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const pctLabel = (v: unknown) => (typeof v === 'number' ? `${v}%` : '—');

/**
 * A chart drawn at its box's measured size, and only once the box has one: recharts' own
 * ResponsiveContainer renders (and warns "width(0) and height(0)") while a tab is hidden or not laid
 * out yet. The box keeps its height, so nothing below it moves when the chart appears.
 */
function MeasuredChart({ height, label, children }: { height: number; label: string; children: (size: { width: number; height: number }) => ReactElement }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} style={{ width: '100%', height }} role="img" aria-label={label}>
      {width > 0 ? children({ width, height }) : null}
    </div>
  );
}

export function TrendChart({ trend }: { trend: ProjectOverviewData['trend'] }) {
  if (trend.length === 0) return <p>No daily snapshots yet: the trend appears after the first nightly snapshot.</p>;
  if (trend.length === 1) {
    const t = trend[0];
    const p = (v: number | null) => (v === null ? '—' : `${pct(v)}%`);
    return (
      <p data-testid="trend-chart">
        One day so far ({date(t.date)}: readiness {p(t.readinessRate)}, acceptance {p(t.acceptanceRate)}, rework {p(t.reworkRatio)}). The daily trend builds up as the nightly job records a snapshot each day; the
        sprint-by-sprint trend below is there from the start.
      </p>
    );
  }
  const data = trend.map((t) => ({ date: date(t.date), readiness: pct(t.readinessRate), acceptance: pct(t.acceptanceRate), rework: pct(t.reworkRatio) }));
  return (
    <figure data-testid="trend-chart" style={{ margin: 0 }}>
      <figcaption>Readiness, acceptance and rework by day (percent)</figcaption>
      <MeasuredChart height={260} label="Line chart of readiness, acceptance and rework rates over time; the same numbers are in the tables.">
        {(size) => (
          <LineChart {...size} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" />
            <YAxis domain={[0, 100]} unit="%" />
            <ChartTooltip formatter={pctLabel} />
            <Legend />
            <Line type="monotone" dataKey="readiness" name="Readiness" stroke="#1D7AFC" strokeWidth={2} connectNulls dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="acceptance" name="Acceptance" stroke="#22A06B" strokeWidth={2} strokeDasharray="6 3" connectNulls dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="rework" name="Rework" stroke="#C9372C" strokeWidth={2} strokeDasharray="2 2" connectNulls dot={false} isAnimationActive={false} />
          </LineChart>
        )}
      </MeasuredChart>
    </figure>
  );
}

/**
 * One small chart per team, a labelled group per closed sprint (stories and points accepted side by
 * side): 36 sprints of 4 teams in one chart were 64 bars no one could tell apart.
 */
export function AcceptanceBySprintChart({ sprints }: { sprints: SprintHealthRow[] }) {
  if (sprints.length === 0) return null;
  const teams = [...new Set(sprints.map((s) => s.team))].sort((a, b) => a.localeCompare(b));
  return (
    <figure data-testid="acceptance-chart" style={{ margin: 0 }}>
      <figcaption>Acceptance by closed sprint, per team (committed at start → accepted, percent of stories and of points)</figcaption>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 'var(--ds-space-300, 24px)', marginTop: 'var(--ds-space-100, 8px)' }}>
        {teams.map((team) => {
          const data = sprints
            .filter((s) => s.team === team)
            .sort((a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? ''))
            .map((s) => ({ name: s.sprint.startsWith(`${team} `) ? s.sprint.slice(team.length + 1) : s.sprint, acceptance: pct(s.figures.committedAccepted.value), points: pct(s.figures.committedAcceptedPoints.value) }));
          return (
            <section key={team} data-testid="acceptance-chart-team" aria-label={`${team}: acceptance by sprint`}>
              <h3 style={{ margin: '0 0 4px', fontSize: 14 }}>{team}</h3>
              <MeasuredChart height={220} label={`Bar chart of ${team}'s acceptance rate per sprint; the same numbers are in the sprint table.`}>
                {(size) => (
                  <BarChart {...size} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} barCategoryGap="20%">
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
                    <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
                    <ChartTooltip formatter={pctLabel} />
                    <Legend wrapperStyle={{ fontSize: 12 }} />
                    <Bar dataKey="acceptance" name="Stories accepted" fill="#22A06B" isAnimationActive={false} />
                    <Bar dataKey="points" name="Points accepted" fill="#1D7AFC" isAnimationActive={false} />
                  </BarChart>
                )}
              </MeasuredChart>
            </section>
          );
        })}
      </div>
    </figure>
  );
}

/** The train sprint by sprint, as the backend pooled it (the UI only draws it): closed sprints only. */
export function TrainBySprintChart({ points }: { points: ProjectOverviewData['trainBySprint'] }) {
  if (points.length < 2) return null;
  const data = points.map((p) => ({ day: date(p.day), acceptance: pct(p.acceptanceRate), rework: pct(p.reworkRatio) }));
  return (
    <figure data-testid="train-sprint-chart" style={{ margin: 0 }}>
      <figcaption>The train by sprint end: acceptance of committed stories and rework (percent)</figcaption>
      <MeasuredChart height={240} label="Line chart of the train's acceptance and rework per sprint; the numbers are in the sprint table.">
        {(size) => (
          <LineChart {...size} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis domain={[0, 100]} unit="%" />
            <ChartTooltip formatter={pctLabel} />
            <Legend />
            <Line type="monotone" dataKey="acceptance" name="Acceptance" stroke="#22A06B" isAnimationActive={false} connectNulls />
            <Line type="monotone" dataKey="rework" name="Rework" stroke="#C9372C" strokeDasharray="4 2" isAnimationActive={false} connectNulls />
          </LineChart>
        )}
      </MeasuredChart>
    </figure>
  );
}
