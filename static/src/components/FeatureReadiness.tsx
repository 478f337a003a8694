import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { JiraLink } from './JiraLink';
import type { FeatureReadinessView, IssueRef } from './types';
import { Section } from './Section';
import { Table } from './Table';

const STATUS_LOOK: Record<'pass' | 'fail' | 'n/a', { appearance: 'success' | 'removed' | 'default'; text: string }> = {
  pass: { appearance: 'success', text: 'Pass' },
  fail: { appearance: 'removed', text: 'Fail' },
  'n/a': { appearance: 'default', text: 'Not applicable' },
};

function IssueLinks({ keys, refs }: { keys: string[]; refs: Record<string, IssueRef> }) {
  if (!keys.length) return null;
  return (
    <ul aria-label="Issues" data-testid="readiness-issues">
      {keys.map((k) => (
        <li key={k}>
          <JiraLink href={refs[k]?.url}>{k}</JiraLink>
          {refs[k]?.summary ? ` ${refs[k].summary}` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * "Ready for PI planning" on the feature panel: the backend's verdict (assessFeatureReadiness), each failing rule
 * with its evidence and hint, then every check as sent. Renders what the resolver computed; computes nothing.
 */
export function FeatureReadiness({ readiness }: { readiness: FeatureReadinessView }) {
  return (
    <Section
      id="feature-readiness-title"
      testId="feature-readiness"
      title={
        <>
          Ready for PI planning{' '}
          <Lozenge appearance={readiness.ready ? 'success' : 'removed'} testId="feature-readiness-verdict">
            {readiness.ready ? 'Ready' : 'Not ready'}
          </Lozenge>
        </>
      }
    >
      {readiness.findings.length > 0 && (
        <SectionMessage appearance="warning" title="Why this feature is not ready for PI planning">
          <ul data-testid="feature-readiness-findings">
            {readiness.findings.map((f) => (
              <li key={f.rule} data-testid={`readiness-finding-${f.rule}`}>
                <strong>{f.name}</strong>: {f.message}
                <div>
                  Evidence: <q data-testid="readiness-evidence">{f.evidence}</q>
                </div>
                <div data-testid="readiness-hint">How to fix: {f.hint}</div>
                <IssueLinks keys={f.issues} refs={readiness.issueRefs} />
              </li>
            ))}
          </ul>
        </SectionMessage>
      )}
      <Table
        testId="feature-readiness-checks"
        caption="Feature readiness checks"
        columns={['Check', 'Result', 'Evidence']}
        rows={readiness.checks.map((c) => ({
          key: c.check,
          testId: `readiness-check-${c.check}`,
          cellTestIds: ['readiness-check-name'],
          cells: [c.name, <Lozenge key="r" appearance={STATUS_LOOK[c.status].appearance}>{STATUS_LOOK[c.status].text}</Lozenge>, c.evidence],
        }))}
      />
    </Section>
  );
}
