import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { num, unitWord } from '../format';
import { JiraLink } from './JiraLink';
import type { FigureLinks, FigureView, JqlLink } from './types';

/**
 * Issue 16: where a figure's long key lists come from when the tab's answer left them out
 * (FigureView.linksOnDemand). The tab that shows the figures provides it (getFigureLinks); it
 * answers the figure's links, or a sentence saying why not.
 */
export type FigureLinksLoader = (figure: FigureView) => Promise<{ ok: true; links: FigureLinks } | { ok: false; message: string }>;
export const FigureLinksContext = createContext<FigureLinksLoader | null>(null);

const linkButton = { background: 'none', border: 0, padding: 0, font: 'inherit', color: 'var(--ds-link, #0C66E4)', textDecoration: 'underline', cursor: 'pointer' } as const;

/**
 * A key list the answer left out: the count, then "(N parts)" that loads the links when the person
 * points at it, focuses it or clicks it; the parts then replace it (focus moves to the first part).
 */
function OnDemandParts({ figure, which, parts, label, testId, children }: { figure: FigureView; which: 'links' | 'denominatorLinks'; parts: number; label: string; testId?: string; children: ReactNode }) {
  const load = useContext(FigureLinksContext);
  const [state, setState] = useState<{ status: 'idle' | 'loading' } | { status: 'loaded'; links: JqlLink[] } | { status: 'error'; message: string }>({ status: 'idle' });
  const wrapper = useRef<HTMLSpanElement>(null);
  const hadFocus = useRef(false);
  const start = () => {
    if (!load || state.status === 'loading' || state.status === 'loaded') return;
    setState({ status: 'loading' });
    void load(figure).then((r) => setState(r.ok ? { status: 'loaded', links: r.links[which] ?? [] } : { status: 'error', message: r.message }));
  };
  useEffect(() => {
    if (state.status === 'loaded' && hadFocus.current) wrapper.current?.querySelector('a')?.focus();
  }, [state.status]);
  if (state.status === 'loaded') return <span ref={wrapper}><Parts links={state.links} label={label} testId={testId}>{children}</Parts></span>;
  return (
    <span ref={wrapper} data-testid={testId ? `${testId}-on-demand` : undefined}>
      {children} (
      <button
        type="button"
        style={linkButton}
        aria-label={`${label}: ${parts} parts, load the links`}
        data-testid={testId ? `${testId}-load` : undefined}
        onMouseEnter={start}
        onFocus={() => {
          hadFocus.current = true;
          start();
        }}
        onClick={() => {
          hadFocus.current = true;
          start();
        }}
      >
        {state.status === 'loading' ? 'loading links…' : `${parts} parts`}
      </button>
      )
      {state.status === 'error' && (
        <span role="alert" data-testid={testId ? `${testId}-links-error` : undefined} style={{ display: 'block', color: 'var(--ds-text-danger, #AE2E24)' }}>
          {state.message}
        </span>
      )}
    </span>
  );
}

/** Parts, or the on-demand form when the answer left this list out. */
function FigureParts({ figure, which, label, testId, children }: { figure: FigureView; which: 'links' | 'denominatorLinks'; label: string; testId?: string; children: ReactNode }) {
  const parts = figure.linksOnDemand?.[which];
  if (parts) return <OnDemandParts figure={figure} which={which} parts={parts} label={label} testId={testId}>{children}</OnDemandParts>;
  return <Parts links={figure[which] ?? []} label={label} testId={testId}>{children}</Parts>;
}

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

/** CountLink over one of a figure's key lists (`links` or `denominatorLinks`), on demand when the answer left it out. */
export function FigureCount({ figure, which, count, unit, what, testId }: { figure: FigureView; which: 'links' | 'denominatorLinks'; count: number; unit: FigureView['unit']; what: string; testId?: string }) {
  return (
    <span data-testid={testId}>
      <FigureParts figure={figure} which={which} label={`${num(count, 1)} ${unitWord(count, unit)}: ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
        <span data-testid={sub(testId, 'n')}>{num(count, 1)}</span> {unitWord(count, unit)}
      </FigureParts>
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
        <FigureParts figure={f} which="links" label={`${num(f.numerator, 1)} ${unitWord(f.numerator, f.unit)}${issuesNote}: ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{num(f.numerator, 1)}</span>
        </FigureParts>{' '}
        <FigureParts figure={f} which="denominatorLinks" label={`All ${num(d, 1)} ${unitWord(d, f.unit)} counted for ${what}. Open in Jira`} testId={sub(testId, 'denominator')}>
          of <span data-testid={sub(testId, 'd')}>{num(d, 1)}</span>
        </FigureParts>{' '}
        {unitWord(d, f.unit)}
      </span>
    );
  }
  if (f.unit === 'pairs') {
    return (
      <span data-testid={testId} data-figure-id={f.id}>
        {num(f.numerator, 0)} {unitWord(f.numerator, 'pairs')} ·{' '}
        <FigureParts figure={f} which="links" label={`The ${f.memberCount} ${unitWord(f.memberCount, 'issues')} on both ends of ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{f.memberCount}</span> {unitWord(f.memberCount, 'issues')}
        </FigureParts>
      </span>
    );
  }
  if (f.kind === 'quotient') {
    return (
      <span data-testid={testId} data-figure-id={f.id}>
        {num(f.numerator, 1)} points in{' '}
        <FigureParts figure={f} which="links" label={`The ${f.memberCount} ${unitWord(f.memberCount, 'issues')} counted for ${what}. Open in Jira`} testId={sub(testId, 'numerator')}>
          <span data-testid={sub(testId, 'n')}>{f.memberCount}</span> {unitWord(f.memberCount, 'issues')}
        </FigureParts>
        {f.denominator !== null && <> ÷ {num(f.denominator, 1)} points per sprint</>}
      </span>
    );
  }
  return (
    <span data-figure-id={f.id}>
      <FigureCount figure={f} which="links" count={f.numerator} unit={f.unit} what={what} testId={testId} />
    </span>
  );
}
