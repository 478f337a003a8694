/** The live train's test record (a compact record's parts the reducer reads, plus two fields to change). */
import type { FieldChange } from '../../../src/domain/model';

export interface Rec {
  id: string;
  key: string;
  updated: string;
  status: string;
  points: number | null;
  changes: FieldChange[];
}
