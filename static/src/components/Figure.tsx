import type { ReactNode } from 'react';
import { num, unitWord } from '../format';
import { JiraLink } from './JiraLink';
import type { FigureView, JqlLink } from './types';

/** One link around `children`, or, when the backend split a long key list, "part 1/2 · part 2/2". */
function Parts({ links, children, label, testId }: { links: JqlLink[]; children: ReactNode; label: string; testId?: string }) {
  if (links.length <= 1) {
    return (
      <JiraLink href={links[0]?.url} label={label} testId={testId}>
        {children}
      </JiraLink>
    );
  }
  return (
    <span data-testid={testId ? `${testId}-parts` : undefined}>
      {children} (
      {links.map((l, i) => (
        <span key={l.url}>
          {i > 0 && ' · '}
          <JiraLink href={l.url} label={`${label}, part ${i + 1} of ${links.length}`} testId={testId ? `${testId}-part` : undefined}>
            part {i + 1}/{links.length}
          </JiraLink>
        </span>
      ))}
      )
    </span>
  );
}

const sub = (testId: string | undefined, suffix: string) => (testId ? `${testId}-${suffix}` : undefined);

/** "18 issues" linked to exactly those issues; `-n` holds the count a person reads. */
export function CountLink({ count, unit, links, what, testId }: { count: number; unit: FigureView['unit']; links: JqlLink[]; what: string; testId?: string }) {
  return (
    <span data-testid={testId}>
      <Parts links={links} label={`${num(count, 1)} ${unitWord(count, unit)}: ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
        <span data-testid={sub(testId, 'n')}>{num(count, 1)}</span> {unitWord(count, unit)}
      </Parts>
    </span>
  );
}

/**
 * A figure as a person reads it, with every part linked to exactly what it counts:
 * - a rate: "18 of 25 issues" — "18" opens the numerator, "of 25" the denominator;
 * - pairs: "6 pairs · 11 issues" — the link opens the issues on both ends of the pairs;
 * - a quotient (ready coverage): "34 points in 12 issues ÷ 12.5 points per sprint";
 * - a count: "14 issues".
 * `-n` / `-d` test ids hold the numbers; `-numerator` / `-denominator` the links.
 */
export function FigureLine({ figure, what, testId }: { figure: FigureView; what: string; testId?: string }) {
  const f = figure;
  if (f.kind === 'rate' && f.denominator !== null) {
    const d = f.denominator;
    const issuesNote = f.unit === 'points' ? ` (the ${f.memberCount} ${unitWord(f.memberCount, 'issues')} carrying them)` : '';
    return (
      <span data-testid={testId} data-figure-id={f.id}>
        <Parts links={f.links} label={`${num(f.numerator, 1)} ${unitWord(f.numerator, f.unit)}${issuesNote}: ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{num(f.numerator, 1)}</span>
        </Parts>{' '}
        <Parts links={f.denominatorLinks ?? []} label={`All ${num(d, 1)} ${unitWord(d, f.unit)} counted for ${what}. Open in Jira`} testId={sub(testId, 'denominator')}>
          of <span data-testid={sub(testId, 'd')}>{num(d, 1)}</span>
        </Parts>{' '}
        {unitWord(d, f.unit)}
      </span>
    );
  }
  if (f.unit === 'pairs') {
    return (
      <span data-testid={testId} data-figure-id={f.id}>
        {num(f.numerator, 0)} {unitWord(f.numerator, 'pairs')} ·{' '}
        <Parts links={f.links} label={`The ${f.memberCount} ${unitWord(f.memberCount, 'issues')} on both ends of ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{f.memberCount}</span> {unitWord(f.memberCount, 'issues')}
        </Parts>
      </span>
    );
  }
  if (f.kind === 'quotient') {
    return (
      <span data-testid={testId} data-figure-id={f.id}>
        {num(f.numerator, 1)} points in{' '}
        <Parts links={f.links} label={`The ${f.memberCount} ${unitWord(f.memberCount, 'issues')} counted for ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{f.memberCount}</span> {unitWord(f.memberCount, 'issues')}
        </Parts>
        {f.denominator !== null && <> ÷ {num(f.denominator, 1)} points per sprint</>}
      </span>
    );
  }
  return (
    <span data-figure-id={f.id}>
      <CountLink count={f.numerator} unit={f.unit} links={f.links} what={what} testId={testId} />
    </span>
  );
}
