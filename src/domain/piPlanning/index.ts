/** PI planning (issue 15, docs/PI_PLANNING.md): the program board, capacity against load, alignment, dependency risk. */
export * from './pis';
export * from './capacity';
export * from './alignment';
export * from './dependencies';
export * from './figures';
export * from './assemble';
