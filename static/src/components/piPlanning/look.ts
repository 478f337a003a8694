/**
 * How the PI planning tab draws what the backend decided: a dependency's `risk`, a cell's
 * `overCommitted`. Colours come from Atlassian's design tokens (with their light-theme fallbacks),
 * and every colour has a second cue (line pattern, a word, a lozenge) so it is never the only one.
 */
import { token } from '@atlaskit/tokens';
import type { PiDependencyRisk } from '../types';

export interface RiskLook {
  /** The word(s) shown in the legend, on lozenges and in the list view. */
  label: string;
  stroke: string;
  /** SVG stroke-dasharray; undefined = a solid line. */
  dash: string | undefined;
  width: number;
  lozenge: 'removed' | 'moved' | 'default' | 'success';
  /** What the colour means, for the legend. */
  meaning: string;
}

export const RISK_LOOK: Record<PiDependencyRisk, RiskLook> = {
  later: { label: 'Lands later', stroke: token('color.border.danger', '#E2483D'), dash: undefined, width: 3, lozenge: 'removed', meaning: 'the blocker is planned in a later iteration than the work it blocks' },
  same: { label: 'Same iteration', stroke: token('color.border.warning', '#E06C00'), dash: '10 3', width: 2.5, lozenge: 'moved', meaning: 'the blocker is planned in the same iteration' },
  unplanned: { label: 'Blocker unplanned', stroke: token('color.border.bold', '#7B8698'), dash: '5 5', width: 2, lozenge: 'default', meaning: 'the blocker is in no iteration of the PI' },
  ok: { label: 'In order', stroke: token('color.border.success', '#22A06B'), dash: '2 4', width: 2, lozenge: 'success', meaning: 'the blocker is planned in an earlier iteration' },
};

export const RISK_ORDER: PiDependencyRisk[] = ['later', 'same', 'unplanned', 'ok'];

export const OVER_BG = token('color.background.danger', '#FFECEB');
export const OVER_BORDER = token('color.border.danger', '#E2483D');
export const BORDER = token('color.border', '#DCDFE4');
export const SUBTLE_TEXT = token('color.text.subtle', '#44546F');
export const SURFACE = token('elevation.surface', '#FFFFFF');
export const SURFACE_SUNKEN = token('elevation.surface.sunken', '#F7F8F9');
export const NEUTRAL_BG = token('color.background.neutral', '#F1F2F4');
export const TOP_BORDER = token('color.border.discovery', '#8F7EE7');
