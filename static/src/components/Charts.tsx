import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import type { ProjectOverviewData, SprintHealthRow } from './types';
import { date } from '../format';

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const pctLabel = (v: unknown) => (typeof v === 'number' ? `${v}%` : '—');

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
      <div style={{ width: '100%', height: 260 }} role="img" aria-label="Line chart of readiness, acceptance and rework rates over time; the same numbers are in the tables.">
        <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 260 }}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" />
            <YAxis domain={[0, 100]} unit="%" />
            <ChartTooltip formatter={pctLabel} />
            <Legend />
            <Line type="monotone" dataKey="readiness" name="Readiness" stroke="#1D7AFC" strokeWidth={2} connectNulls dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="acceptance" name="Acceptance" stroke="#22A06B" strokeWidth={2} strokeDasharray="6 3" connectNulls dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="rework" name="Rework" stroke="#C9372C" strokeWidth={2} strokeDasharray="2 2" connectNulls dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function AcceptanceBySprintChart({ sprints }: { sprints: SprintHealthRow[] }) {
  if (sprints.length === 0) return null;
  const data = [...sprints]
    .sort((a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? ''))
    .map((s) => ({ name: `${s.sprint} (${s.team})`, acceptance: pct(s.figures.committedAccepted.value), points: pct(s.figures.committedAcceptedPoints.value) }));
  return (
    <figure data-testid="acceptance-chart" style={{ margin: 0 }}>
      <figcaption>Acceptance by closed sprint (committed at start → accepted, percent of stories and of points)</figcaption>
      <div style={{ width: '100%', height: 260 }} role="img" aria-label="Bar chart of acceptance rate per sprint; the same numbers are in the sprint table.">
        <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 260 }}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis domain={[0, 100]} unit="%" />
            <ChartTooltip formatter={pctLabel} />
            <Legend />
            <Bar dataKey="acceptance" name="Stories accepted" fill="#22A06B" isAnimationActive={false} />
            <Bar dataKey="points" name="Points accepted" fill="#1D7AFC" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
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
      <div style={{ width: '100%', height: 240 }} role="img" aria-label="Line chart of the train's acceptance and rework per sprint; the numbers are in the sprint table.">
        <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 240 }}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis domain={[0, 100]} unit="%" />
            <ChartTooltip formatter={pctLabel} />
            <Legend />
            <Line type="monotone" dataKey="acceptance" name="Acceptance" stroke="#22A06B" isAnimationActive={false} connectNulls />
            <Line type="monotone" dataKey="rework" name="Rework" stroke="#C9372C" strokeDasharray="4 2" isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
