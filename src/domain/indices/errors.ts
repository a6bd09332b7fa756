/**
 * Error codes the index domain raises for bad input from outside the program (a period typed by
 * a user, a framework loaded from JSON). Programming errors (impossible counts) throw plain
 * `RangeError`/`TypeError` instead: no caller should ever catch those.
 */
export const INDICES_ERROR_CODES = [
  /** A reporting period could not be parsed or is not a real calendar range. */
  'period_invalid',
  /** A service-index framework breaks a structural rule (ids, maxima, thresholds). */
  'framework_invalid',
] as const;

export type IndicesErrorCode = (typeof INDICES_ERROR_CODES)[number];

/**
 * A domain error with a stable snake-case code; the platform's error handler maps it to HTTP and
 * to a Vietnamese or English message. The domain never imports the platform, hence its own class.
 */
export class IndicesError extends Error {
  readonly code: IndicesErrorCode;
  readonly details: unknown;

  constructor(code: IndicesErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'IndicesError';
    this.code = code;
    this.details = details;
  }
}
