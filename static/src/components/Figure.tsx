import type { ReactNode } from 'react';
import { num, percent, unitWord, withUnit, type FigureUnit } from '../format';
import { JiraLink } from './JiraLink';
import type { JqlLink } from './types';

/**
 * What the UI needs of a number the backend computed: its value, what it counted and the links that
 * open exactly those issues. The UI never derives one of these fields from another.
 */
export interface FigureShown {
  value: number | null;
  /** The count behind the value (a rate's numerator; the value itself for a count). */
  numerator: number;
  /** A rate's denominator; absent for a count. */
  denominator?: number | null;
  unit: FigureUnit;
  /** How many issues the links open, when that differs from the numerator (pairs: both ends). */
  memberCount?: number;
  /** The counted issues in Jira search, in parts when one URL would be too long. */
  links: JqlLink[];
  denominatorLinks?: JqlLink[];
  /** Whether the value is a 0..1 rate (shown as a percent) rather than a count. */
  rate?: boolean;
}

/** "part 1/2 · part 2/2", or the single link around `children`. */
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

/** The value as text: a rate as a percent, a count with the digits its unit needs. */
export function figureText(f: Pick<FigureShown, 'value' | 'rate' | 'unit'>): string {
  if (f.rate) return percent(f.value);
  return num(f.value, f.unit === 'iterations' ? 1 : 0);
}

/**
 * A figure as a person reads it: "72% · 18 of 25 issues" with "18" opening the numerator and
 * "of 25" the denominator; a count as "14 issues"; pairs as "6 pairs · 11 issues" (the issues on
 * both ends, which is what the link opens).
 */
export function FigureLine({ figure, what, testId }: { figure: FigureShown; what: string; testId?: string }) {
  const f = figure;
  const n = f.numerator;
  if (f.denominator !== undefined && f.denominator !== null) {
    return (
      <span data-testid={testId}>
        <Parts links={f.links} label={`${n} ${unitWord(n, f.unit)}: ${what}, open in Jira`} testId={testId ? `${testId}-numerator` : undefined}>
          <span data-testid={testId ? `${testId}-n` : undefined}>{num(n, 1)}</span>
        </Parts>{' '}
        <Parts links={f.denominatorLinks ?? []} label={`All ${f.denominator} ${unitWord(f.denominator, f.unit)} counted for ${what}, open in Jira`} testId={testId ? `${testId}-denominator` : undefined}>
          of <span data-testid={testId ? `${testId}-d` : undefined}>{num(f.denominator, 1)}</span>
        </Parts>{' '}
        {unitWord(f.denominator, f.unit)}
      </span>
    );
  }
  if (f.unit === 'pairs') {
    const m = f.memberCount ?? 0;
    return (
      <span data-testid={testId}>
        {withUnit(n, 'pairs', 0)} ·{' '}
        <Parts links={f.links} label={`The ${m} ${unitWord(m, 'issues')} on both ends of ${what}, open in Jira`} testId={testId ? `${testId}-numerator` : undefined}>
          <span data-testid={testId ? `${testId}-n` : undefined}>{m}</span> {unitWord(m, 'issues')}
        </Parts>
      </span>
    );
  }
  return (
    <span data-testid={testId}>
      <Parts links={f.links} label={`${num(n, 1)} ${unitWord(n, f.unit)}: ${what}, open in Jira`} testId={testId ? `${testId}-numerator` : undefined}>
        <span data-testid={testId ? `${testId}-n` : undefined}>{num(n, 1)}</span> {unitWord(n, f.unit)}
      </Parts>
    </span>
  );
}
