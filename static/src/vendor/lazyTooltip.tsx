/**
 * Build-time stand-in for `@atlaskit/tooltip` (static/vite.config.ts resolves every import of it here,
 * the app's and Atlaskit's own, except this file's). The real Tooltip brings Popper, the top layer,
 * a portal with its theme provider and motion: ~35 KiB gzipped that a panel would download before it
 * shows anything, for a hint seen on hover or focus (issue 16: the panel's JavaScript).
 *
 * Here each trigger renders as it will with the real Tooltip; the real one loads on a person's first
 * pointer or keyboard use of the frame (or their first hover or focus of a trigger) and every
 * tooltip then renders as Atlaskit's. A trigger the person is on while it loads gets the same
 * attention again — focus back on the same element, a hover replayed — so the first hint shows too.
 */
import { createElement, useEffect, useLayoutEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import type { TooltipProps, TriggerProps } from '@atlaskit/tooltip';

type RealTooltip = ComponentType<TooltipProps>;

let real: RealTooltip | null = null;
let loading: Promise<void> | null = null;
const waiting = new Set<() => void>();

function load(): void {
  loading ??= import('@atlaskit/tooltip').then((m) => {
    real = m.default;
    for (const done of [...waiting]) done();
    waiting.clear();
  });
}

/**
 * Loads the real Tooltip now (the project page does, once it has drawn and is idle): its arrival
 * re-renders every tooltip on the page, which should not happen during a person's first click.
 */
export function preloadTooltip(): void {
  load();
}

const FIRST_USE = ['pointerover', 'pointerdown', 'keydown', 'touchstart', 'focusin'] as const;
if (typeof document !== 'undefined') {
  const firstUse = () => {
    for (const type of FIRST_USE) document.removeEventListener(type, firstUse, true);
    load();
  };
  for (const type of FIRST_USE) document.addEventListener(type, firstUse, { capture: true, passive: true });
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/** Where the person was on a trigger when the real tooltip arrived: hovering it, focused on its n-th focusable (-1: itself). */
interface Attention {
  hovered: boolean;
  focused: number | null;
}

function attentionOn(el: HTMLElement | null): Attention | null {
  if (!el) return null;
  const active = document.activeElement;
  const focused = active === el ? -1 : active instanceof HTMLElement && el.contains(active) ? [...el.querySelectorAll(FOCUSABLE)].indexOf(active) : null;
  const hovered = el.matches(':hover');
  return hovered || focused !== null ? { hovered, focused } : null;
}

const noop = () => {};

export default function Tooltip(props: TooltipProps) {
  const [Real, setReal] = useState<RealTooltip | null>(() => real);
  const trigger = useRef<HTMLElement | null>(null);
  const attention = useRef<Attention | null>(null);

  useEffect(() => {
    if (Real) return;
    const done = () => {
      attention.current = attentionOn(trigger.current);
      setReal(() => real);
    };
    if (real) done();
    else waiting.add(done);
    return () => void waiting.delete(done);
  }, [Real]);

  // The real tooltip's trigger is a new element: give it the focus or hover the old one had.
  useLayoutEffect(() => {
    const was = attention.current;
    const el = trigger.current;
    attention.current = null;
    if (!Real || !was || !el) return;
    if (was.focused !== null) {
      const target = was.focused === -1 ? el : el.querySelectorAll<HTMLElement>(FOCUSABLE)[was.focused];
      target?.focus({ preventScroll: true });
    }
    if (was.hovered) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  }, [Real]);

  const { children, tag, testId } = props;
  const render = (p: TriggerProps): ReactNode => {
    const ref = (node: HTMLElement | null) => {
      trigger.current = node;
      p.ref(node);
    };
    if (typeof children === 'function') return children({ ...p, ref });
    // A wrapped child: the same container the real tooltip draws around it.
    const { testId: _unused, ...handlers } = p;
    return createElement((tag ?? 'div') as string, { ...handlers, ref, role: 'presentation', 'data-testid': testId ? `${testId}--container` : undefined }, children);
  };

  if (Real) return <Real {...props}>{render}</Real>;
  const wake = () => load();
  return <>{render({ onMouseOver: wake, onFocus: wake, onMouseOut: noop, onMouseMove: undefined, onMouseDown: noop, onClick: noop, onBlur: noop, ref: noop })}</>;
}
