import { JiraLink } from '../JiraLink';
import { ReadyLozenge } from '../Lozenges';
import type { PiFeatureReadinessView } from '../types';
import { SUBTLE_TEXT } from './look';

/**
 * One feature's findings: what is wrong, the words that triggered it, and how to fix it. The rule id
 * (feature-wsjf-missing, …) is for tools: it stays in `data-rule`, never in the text (issue 17).
 */
export function FeatureFindings({ findings }: { findings: PiFeatureReadinessView['findings'] }) {
  if (findings.length === 0) return <p style={{ margin: '4px 0' }}>Ready for PI planning: every check of the feature template passes.</p>;
  return (
    <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
      {findings.map((f) => (
        <li key={f.rule} data-testid="pi-feature-finding" data-rule={f.rule} style={{ marginBottom: 4 }}>
          {f.message}
          {f.evidence && (
            <>
              {' '}
              Evidence: <q>{f.evidence}</q>
            </>
          )}
          <div style={{ color: SUBTLE_TEXT }}>Hint: {f.hint}</div>
        </li>
      ))}
    </ul>
  );
}

/** The PI's features checked against SAFe's feature template; not ready ones first (the backend's order kept within each group). */
export function FeatureReadinessList({ features }: { features: PiFeatureReadinessView[] }) {
  if (features.length === 0) return <p>No features of this PI to check.</p>;
  const ordered = [...features.filter((f) => !f.ready), ...features.filter((f) => f.ready)];
  return (
    <ul data-testid="pi-feature-readiness" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {ordered.map((f) => (
        <li key={f.feature.key} data-testid="pi-feature" data-key={f.feature.key} data-ready={f.ready} style={{ marginBottom: 12 }}>
          <div>
            <ReadyLozenge ready={f.ready} /> <JiraLink href={f.feature.url}>{f.feature.key}</JiraLink> {f.feature.summary}
          </div>
          <FeatureFindings findings={f.findings} />
        </li>
      ))}
    </ul>
  );
}
