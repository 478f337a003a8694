/** The live train (issue 18): how fresh a person's stored view is against the events seen since. */
export interface TrainVersion {
  /** The project's live version: moves on every event that changed its train (0: none yet). */
  version: number;
  /** The live version this person's stored view includes (0: never brought up to date by events). */
  viewVersion: number;
  /** True when events changed the train since this person's view was computed. */
  changed: boolean;
  /** When the last event changed the train (null: none). */
  eventAt: string | null;
  /** When this person's view was last computed (null: no stored view). */
  viewAsOf: string | null;
}
