import type { MouseEvent, ReactNode } from 'react';
import { router } from '@forge/bridge';

/**
 * A link into Jira. The app runs in an iframe Jira sandboxes, so a click asks the host to navigate
 * (router.navigate; with Ctrl/Cmd/Shift or the middle button, router.open for a new tab) instead of
 * relying on the iframe being allowed to move the top window. The href stays for keyboard, copy
 * and screen-reader users. Text renders inert.
 */
export function JiraLink({ href, children, label, testId, title }: { href: string | null | undefined; children: ReactNode; label?: string; testId?: string; title?: string }) {
  if (!href) return <>{children}</>;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button > 1) return;
    e.preventDefault();
    const newTab = e.button === 1 || e.ctrlKey || e.metaKey || e.shiftKey;
    // If the host refuses (the person declines an external link), there is nowhere else to go.
    void (newTab ? router.open(href) : router.navigate(href)).catch(() => undefined);
  };
  return (
    <a href={href} target="_top" rel="noopener" aria-label={label} data-testid={testId} title={title} onClick={onClick} onAuxClick={onClick}>
      {children}
    </a>
  );
}
