import type { ReactNode } from 'react';

/** A link into Jira: opens in the top window, not the app iframe. Text renders inert. */
export function JiraLink({ href, children, label, testId }: { href: string | null | undefined; children: ReactNode; label?: string; testId?: string }) {
  if (!href) return <>{children}</>;
  return (
    <a href={href} target="_top" aria-label={label} data-testid={testId}>
      {children}
    </a>
  );
}
