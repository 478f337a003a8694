import type { SiteCheckView } from '../../contract';
import { JiraError } from '../../jira/errors';

export type SiteCheck = SiteCheckView;

/**
 * A Jira answer, or the error Jira gave instead. The site check keeps going after a refusal so one
 * failed call fails one check (with its fix), never the whole report.
 */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: JiraError };

export async function fetched<T>(work: Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await work };
  } catch (e) {
    // Only Jira's refusals are findings; anything else is a bug and must surface as one.
    if (e instanceof JiraError) return { ok: false, error: e };
    throw e;
  }
}

export const passed = (id: string, message: string): SiteCheck => ({ id, ok: true, message });
export const failed = (id: string, message: string, fix: string): SiteCheck => ({ id, ok: false, message, fix });
