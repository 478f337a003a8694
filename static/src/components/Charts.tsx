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
    .map((s) => ({ name: `${s.sprint} (${s.team})`, acceptance: pct(s.acceptanceRate), points: pct(s.acceptanceRatePoints) }));
  return (
    <figure data-testid="acceptance-chart" style={{ margin: 0 }}>
      <figcaption>Acceptance by sprint (percent of committed stories and points)</figcaption>
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

/**
 * The train sprint by sprint (teams share a cadence, so sprints ending the same day form one
 * column): acceptance of committed stories and rework, pooled over the teams (ratios of sums).
 */
export function TrainBySprintChart({ sprints }: { sprints: SprintHealthRow[] }) {
  const byEnd = new Map<string, { committed: number; acceptedCommitted: number; accepted: number; reworked: number }>();
  for (const s of sprints) {
    if (!s.endDate) continue;
    const day = s.endDate.slice(0, 10);
    const a = byEnd.get(day) ?? { committed: 0, acceptedCommitted: 0, accepted: 0, reworked: 0 };
    a.committed += s.committed;
    a.acceptedCommitted += Math.round((s.acceptanceRate ?? 0) * s.committed);
    a.accepted += s.accepted;
    a.reworked += s.reworked;
    byEnd.set(day, a);
  }
  if (byEnd.size < 2) return null;
  const data = [...byEnd.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, a]) => ({ day, acceptance: a.committed ? Math.round((a.acceptedCommitted / a.committed) * 100) : null, rework: a.accepted ? Math.round((a.reworked / a.accepted) * 100) : null }));
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
