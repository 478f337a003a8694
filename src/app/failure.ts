import type { ErrorCode } from '../contract';

/** An expected failure of a use case, carrying the code the UI maps to a sentence. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
