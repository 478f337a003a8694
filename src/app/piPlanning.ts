import type { PiPlanningData } from '../contract';
import type { AppContext } from './context';
import { AppFailure } from './failure';

/** The PI planning tab (issue 15). Stub until the domain lands: answers a readable NOT_FOUND. */
export async function getPiPlanning(_ctx: AppContext, projectKey: string, _pi?: string): Promise<PiPlanningData> {
  throw new AppFailure('NOT_FOUND', `PI planning for ${projectKey} is not available yet.`);
}
