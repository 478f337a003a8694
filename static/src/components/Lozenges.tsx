import Lozenge from '@atlaskit/lozenge';
import type { Band, LetterVerdict, Severity, StatusCategory } from './types';

type BandAppearance = 'success' | 'removed' | 'default' | 'moved';

const BAND_LOOK: Record<string, { appearance: BandAppearance; text: string }> = {
  healthy: { appearance: 'success', text: 'Healthy' },
  'at-risk': { appearance: 'removed', text: 'At risk' },
  // Above the healthy range but not a risk (e.g. more ready coverage than needed).
  'above-range': { appearance: 'moved', text: 'Above range' },
  unknown: { appearance: 'default', text: 'Not measured yet' },
};

/** A band as the backend decided it; `label` is the backend's words for it when it sends them. */
export function BandLozenge({ band, label }: { band: Band | 'above-range'; label?: string }) {
  const m = BAND_LOOK[band] ?? BAND_LOOK.unknown;
  return (
    <Lozenge appearance={m.appearance} testId={`band-${band}`}>
      {label ?? m.text}
    </Lozenge>
  );
}

export function VerdictLozenge({ verdict }: { verdict: LetterVerdict }) {
  const map: Record<LetterVerdict, { appearance: 'success' | 'moved' | 'removed'; text: string }> = {
    pass: { appearance: 'success', text: 'Pass' },
    warn: { appearance: 'moved', text: 'Warning' },
    fail: { appearance: 'removed', text: 'Fail' },
  };
  const m = map[verdict];
  return <Lozenge appearance={m.appearance}>{m.text}</Lozenge>;
}

export function SeverityLozenge({ severity }: { severity: Severity }) {
  const map: Record<Severity, { appearance: 'removed' | 'moved' | 'default'; text: string }> = {
    error: { appearance: 'removed', text: 'Error' },
    warning: { appearance: 'moved', text: 'Warning' },
    info: { appearance: 'default', text: 'Info' },
  };
  const m = map[severity];
  return <Lozenge appearance={m.appearance}>{m.text}</Lozenge>;
}

export function StatusLozenge({ status, category }: { status: string; category: StatusCategory }) {
  const appearance = category === 'done' ? 'success' : category === 'indeterminate' ? 'inprogress' : 'default';
  return <Lozenge appearance={appearance}>{status}</Lozenge>;
}

export function ReadyLozenge({ ready }: { ready: boolean }) {
  return (
    <Lozenge appearance={ready ? 'success' : 'removed'} isBold testId="ready-lozenge">
      {ready ? 'Ready' : 'Not ready'}
    </Lozenge>
  );
}
