/** Type-only re-exports of the resolver contract, so components import from one place. */
export type * from '../../../src/contract';
export type { StatusCategory, Person } from '../../../src/domain/model';
export type { Settings, DiscoveredFields } from '../../../src/domain/settings';
