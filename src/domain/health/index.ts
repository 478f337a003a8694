/**
 * Backlog health (DOMAIN.md "Backlog health metrics", "Precise defaults", "Continuous
 * improvement"): one module per metric family, each returning its value and the members it
 * counted; `computeHealth` assembles them into the figures every surface renders.
 */
export * from './types';
export * from './figure';
export * from './bands';
export { sprintCommitment, sprintRow, type SprintCommitment, type SprintCommitmentOptions, type SprintKeys, type SprintRow } from './sprintCommitment';
export { teamResolver } from './teams';
export { qualityRuleFigures } from './qualityPass';
export { trainDependencies, dependencyFigures, dependencyMatrix, dependenciesAtRisk, dependencyPairs, issueDependencies, compareKeyParts, keyOrder, keyParts, type IssueDependency, type TrainDependency, type MatrixCell } from './dependencies';
export { improvementPicture, improvementsDoneThisPi, type ImprovementPicture } from './improvements';
export { trainBySprintEnd, type TrainSprintPoint } from './trainBySprint';
export { computeHealth, type ActiveSprint, type MetricDetails, type SkippedSprint, type TeamHealth, type TrainHealth } from './compute';
