/** Quoting and building findings: every message quotes the words that triggered it. */
import type { Criterion, Finding, Severity } from '../types';

export function quote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function finding(rule: string, criterion: Criterion, severity: Severity, message: string, hint: string, evidence: string): Finding {
  return { rule, criterion, severity, message, hint, evidence: quote(evidence, 160) };
}

export function sentences(s: string): string[] {
  return s
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((x) => x.trim())
    .filter(Boolean);
}
