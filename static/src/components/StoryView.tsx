import Lozenge from '@atlaskit/lozenge';
import type { LetterVerdict, StoryPanelData } from './types';
import { percent, num, dateTime } from '../format';
import { Dependencies } from './Dependencies';
import { JiraLink } from './JiraLink';
import { ReadyLozenge, SeverityLozenge, VerdictLozenge } from './Lozenges';

const LETTERS: { letter: 'I' | 'N' | 'V' | 'E' | 'S' | 'T'; name: string; question: string }[] = [
  { letter: 'I', name: 'Independent', question: 'Can it be delivered without waiting on other stories?' },
  { letter: 'N', name: 'Negotiable', question: 'Does it leave room for the team to decide how?' },
  { letter: 'V', name: 'Valuable', question: 'Does it say who benefits and why?' },
  { letter: 'E', name: 'Estimable', question: 'Can the team size it?' },
  { letter: 'S', name: 'Small', question: 'Does it fit in an iteration?' },
  { letter: 'T', name: 'Testable', question: 'Are there acceptance criteria to test against?' },
];

const VERDICT_ICON: Record<LetterVerdict, string> = { pass: '✓', warn: '!', fail: '✗' };

export function StoryView({ data }: { data: StoryPanelData }) {
  const q = data.quality;
  const parent = data.parentFeature;
  return (
    <div data-testid="story-panel" style={{ padding: 8 }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <h2 style={{ margin: 0 }}>Story quality</h2>
        <span aria-label="Quality score" data-testid="quality-score" style={{ fontSize: 20, fontWeight: 600 }}>
          {percent(q.score)}
        </span>
        <ReadyLozenge ready={q.ready} />
      </header>
      <p style={{ marginTop: 4 }}>
        <JiraLink href={data.issue.url}>{data.issue.key}</JiraLink> <span>{data.issue.summary}</span>
      </p>
      {q.textSource === 'adf-fallback' && <p style={{ fontSize: 12 }}>Parts of the description could not be read as rich text; Refinery checked the plain text instead.</p>}

      <section aria-labelledby="invest-heading">
        <h3 id="invest-heading">INVEST</h3>
        <table style={{ borderCollapse: 'collapse', width: 'auto' }}>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>Criterion</th>
              <th scope="col" style={{ textAlign: 'left' }}>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {LETTERS.map(({ letter, name, question }) => (
              <tr key={letter} data-testid={`invest-row-${letter}`} data-verdict={q.invest[letter]}>
                <th scope="row" style={{ textAlign: 'left', paddingRight: 16, fontWeight: 'normal' }} title={question}>
                  <strong>{letter}</strong> {name}
                </th>
                <td>
                  <span aria-hidden="true">{VERDICT_ICON[q.invest[letter]]} </span>
                  <VerdictLozenge verdict={q.invest[letter]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="findings-heading">
        <h3 id="findings-heading">Findings</h3>
        {q.findings.length === 0 ? (
          <p>No findings: the story reads well.</p>
        ) : (
          <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
            {q.findings.map((f, i) => (
              <li key={`${f.rule}-${i}`} data-testid="finding" data-rule={f.rule} data-severity={f.severity} style={{ marginBottom: 12 }}>
                <div>
                  <SeverityLozenge severity={f.severity} /> <Lozenge>{f.criterion}</Lozenge> <span>{f.message}</span>
                </div>
                {f.evidence && (
                  <blockquote style={{ margin: '4px 0 4px 16px', fontStyle: 'italic' }} data-testid="finding-evidence">
                    {f.evidence}
                  </blockquote>
                )}
                {f.hint && (
                  <div style={{ marginLeft: 16 }} data-testid="finding-hint">
                    <strong>How to fix: </strong>
                    {f.hint}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="dor-heading">
        <h3 id="dor-heading">Definition of Ready</h3>
        <ul style={{ paddingLeft: 0, listStyle: 'none' }}>
          {q.dor.map((d) => (
            <li key={d.rule} data-testid="dor-check" data-passed={d.passed} style={{ marginBottom: 4 }}>
              <span aria-hidden="true">{d.passed ? '✓ ' : '✗ '}</span>
              <Lozenge appearance={d.passed ? 'success' : 'removed'}>{d.passed ? 'Met' : 'Not met'}</Lozenge> <span>{d.label}</span>
              {d.detail && <span> — {d.detail}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="parent-heading" data-testid="parent-feature">
        <h3 id="parent-heading">Parent feature</h3>
        {!parent ? (
          <p>This story has no parent feature, so it does not roll up to a prioritised feature.</p>
        ) : (
          <div>
            <JiraLink href={parent.issue.url}>{parent.issue.key}</JiraLink> <span>{parent.issue.summary}</span>
            {parent.wsjf ? (
              <p>
                WSJF <strong data-testid="parent-wsjf">{num(parent.wsjf.wsjf)}</strong> (Cost of Delay {num(parent.wsjf.costOfDelay)} ÷ job size {parent.wsjf.jobSize})
                {parent.wsjf.scoredBy && <span>, scored by {parent.wsjf.scoredBy.displayName}</span>}
                {parent.wsjf.scoredAt && <span> on {dateTime(parent.wsjf.scoredAt)}</span>}
                {parent.wsjf.stale && (
                  <span>
                    {' '}
                    <Lozenge appearance="moved">Stale</Lozenge> {parent.wsjf.staleReason}
                  </span>
                )}
              </p>
            ) : (
              <p>The feature has no WSJF score yet.</p>
            )}
          </div>
        )}
      </section>

      <Dependencies dependencies={data.dependencies} />
    </div>
  );
}
