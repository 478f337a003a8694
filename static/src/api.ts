/**
 * The only place the UI talks to the resolvers. One typed function per resolver key; every call
 * resolves to an Envelope, so a transport failure is shown like any other error, never thrown.
 */
import { invoke } from '@forge/bridge';
import type { AppError, Envelope, ResolverContract, ResolverKey } from '../../src/contract';

type Payload<K extends ResolverKey> = ResolverContract[K]['payload'];
type Result<K extends ResolverKey> = Promise<Envelope<ResolverContract[K]['result']>>;

function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (!v || typeof v !== 'object' || !('ok' in v)) return false;
  const e = v as { ok: unknown; error?: unknown };
  if (e.ok === true) return 'data' in e;
  return e.ok === false && !!e.error && typeof e.error === 'object' && typeof (e.error as AppError).message === 'string';
}

function readable(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  // Keep one line of the message at most: never a stack trace.
  const first = raw.split('\n')[0].trim().slice(0, 300);
  return first
    ? `Refinery could not reach its backend (${first}). Check your connection and try again.`
    : 'Refinery could not reach its backend. Check your connection and try again.';
}

async function guard<T>(call: () => Promise<unknown>): Promise<Envelope<T>> {
  try {
    const res = await call();
    if (isEnvelope(res)) return res as Envelope<T>;
    return { ok: false, error: { code: 'INTERNAL', message: 'Refinery received a response it did not understand. Try again; tell your Jira admin if it persists.' } };
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: readable(e) } };
  }
}

export function getIssuePanel(payload: Payload<'getIssuePanel'>): Result<'getIssuePanel'> {
  return guard(() => invoke('getIssuePanel', payload));
}

export function saveWsjf(payload: Payload<'saveWsjf'>): Result<'saveWsjf'> {
  return guard(() => invoke('saveWsjf', payload));
}

export function getProjectOverview(payload: Payload<'getProjectOverview'>): Result<'getProjectOverview'> {
  return guard(() => invoke('getProjectOverview', payload));
}

/** Issue 16: the team and closed-sprint rows a lean overview left out, from the same stored view. */
export function getProjectOverviewTables(payload: Payload<'getProjectOverviewTables'>): Result<'getProjectOverviewTables'> {
  return guard(() => invoke('getProjectOverviewTables', payload));
}

export function getWsjfTable(payload: Payload<'getWsjfTable'>): Result<'getWsjfTable'> {
  return guard(() => invoke('getWsjfTable', payload));
}

export function getQualitySummary(payload: Payload<'getQualitySummary'>): Result<'getQualitySummary'> {
  return guard(() => invoke('getQualitySummary', payload));
}

/** Issue 16: the key lists a tab's answer left out (FigureView.linksOnDemand), fetched when a person reaches for the count. */
export function getFigureLinks(payload: Payload<'getFigureLinks'>): Result<'getFigureLinks'> {
  return guard(() => invoke('getFigureLinks', payload));
}

export function previewAcTemplate(payload: Payload<'previewAcTemplate'>): Result<'previewAcTemplate'> {
  return guard(() => invoke('previewAcTemplate', payload));
}

export function insertAcTemplate(payload: Payload<'insertAcTemplate'>): Result<'insertAcTemplate'> {
  return guard(() => invoke('insertAcTemplate', payload));
}

export function previewSplit(payload: Payload<'previewSplit'>): Result<'previewSplit'> {
  return guard(() => invoke('previewSplit', payload));
}

export function createSplit(payload: Payload<'createSplit'>): Result<'createSplit'> {
  return guard(() => invoke('createSplit', payload));
}

export function getSprintReadiness(payload: Payload<'getSprintReadiness'>): Result<'getSprintReadiness'> {
  return guard(() => invoke('getSprintReadiness', payload));
}

export function refreshProjectOverview(payload: Payload<'refreshProjectOverview'>): Result<'refreshProjectOverview'> {
  return guard(() => invoke('refreshProjectOverview', payload));
}

export function getTrainVersion(payload: Payload<'getTrainVersion'>): Result<'getTrainVersion'> {
  return guard(() => invoke('getTrainVersion', payload));
}

export function refreshFromTrainEvents(payload: Payload<'refreshFromTrainEvents'>): Result<'refreshFromTrainEvents'> {
  return guard(() => invoke('refreshFromTrainEvents', payload));
}

export function getSettings(): Result<'getSettings'> {
  return guard(() => invoke('getSettings', {}));
}

export function saveSettings(payload: Payload<'saveSettings'>): Result<'saveSettings'> {
  return guard(() => invoke('saveSettings', payload));
}

export function getWsjfEstimation(payload: Payload<'getWsjfEstimation'>): Result<'getWsjfEstimation'> {
  return guard(() => invoke('getWsjfEstimation', payload));
}

export function previewWsjfColumn(payload: Payload<'previewWsjfColumn'>): Result<'previewWsjfColumn'> {
  return guard(() => invoke('previewWsjfColumn', payload));
}

export function saveWsjfColumn(payload: Payload<'saveWsjfColumn'>): Result<'saveWsjfColumn'> {
  return guard(() => invoke('saveWsjfColumn', payload));
}

export function previewWsjfOrder(payload: Payload<'previewWsjfOrder'>): Result<'previewWsjfOrder'> {
  return guard(() => invoke('previewWsjfOrder', payload));
}

export function applyWsjfOrder(payload: Payload<'applyWsjfOrder'>): Result<'applyWsjfOrder'> {
  return guard(() => invoke('applyWsjfOrder', payload));
}

export function getDependencies(payload: Payload<'getDependencies'>): Result<'getDependencies'> {
  return guard(() => invoke('getDependencies', payload));
}

export function getImprovement(payload: Payload<'getImprovement'>): Result<'getImprovement'> {
  return guard(() => invoke('getImprovement', payload));
}

export function createImprovementItem(payload: Payload<'createImprovementItem'>): Result<'createImprovementItem'> {
  return guard(() => invoke('createImprovementItem', payload));
}

export function getSiteCheck(payload: Payload<'getSiteCheck'>): Result<'getSiteCheck'> {
  return guard(() => invoke('getSiteCheck', payload));
}

export function getPiPlanning(payload: Payload<'getPiPlanning'>): Result<'getPiPlanning'> {
  return guard(() => invoke('getPiPlanning', payload));
}
