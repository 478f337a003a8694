/**
 * Issue 18: how reliable Jira's events are on this site, from the last daily reconciliation of the
 * live train (src/app/reconcile.ts): the count of records it had to fix because events were missed.
 * Storage only (an aggregate the app recorded), no Jira call.
 */
import type { DriftRecord } from '../events';
import { failed, passed, type SiteCheck } from './types';

/** Above this share of a train's issues fixed by one reconciliation, events are being lost. */
export const DRIFT_WARN_SHARE = 0.01;

export function liveTrainCheck(projectKey: string, drift: DriftRecord | null): SiteCheck {
  const id = 'events.drift';
  if (!drift) return passed(id, `Jira's events keep ${projectKey}'s train live; no daily reconciliation has compared it with Jira yet, so how many events were missed is not measured yet.`);
  const when = drift.at.slice(0, 16).replace('T', ' ');
  if (drift.drift === 0) return passed(id, `The last daily reconciliation (${when} UTC) compared ${drift.compared} issues with Jira and had nothing to fix: no event was missed.`);
  const share = drift.compared ? drift.drift / drift.compared : 1;
  const text = `The last daily reconciliation (${when} UTC) fixed ${drift.drift} of ${drift.compared} issues that Jira's events had missed (${(share * 100).toFixed(1)}%).`;
  if (share <= DRIFT_WARN_SHARE) return passed(id, `${text} The numbers were repaired; between reconciliations they can lag by that much.`);
  return failed(id, `${text} Between reconciliations the live numbers miss those changes.`, "Check that Refinery is installed on this site with its trigger (manifest module refinery-live-train, scope read:jira-work) and that Forge's event delivery is not degraded; the daily reconciliation keeps repairing the numbers meanwhile, and Refresh on the project page reads Jira directly.");
}
