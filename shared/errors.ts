/**
 * The errors a caller must tell apart. Everything else (duplicates, stale versions, unknown labels) is a
 * result with a reason, not an exception.
 */

/**
 * Base class: keeps `cause`, so a wrapped error still explains itself. Each class names itself in a literal
 * (not `new.target.name`): the Lambda bundles are minified without keeping class names.
 */
class RouterError extends Error {
  override name = 'RouterError';
}

/** One problem found in an input, with where it is (`detail.findings[0].Severity`) and why. */
type Problem = { readonly path: string; readonly reason: string };

/** An event that is not a valid EventBridge envelope, or whose detail its source cannot read (§8). */
class EnvelopeInvalidError extends RouterError {
  override name = 'EnvelopeInvalidError';
  readonly issues: readonly Problem[];
  constructor(issues: readonly Problem[], options?: ErrorOptions) {
    super(issues.map(formatProblem).join('; '), options);
    this.issues = issues;
  }
}

/** A config file that does not load or validate (§10): one `path: reason` per problem. */
class ConfigInvalidError extends RouterError {
  override name = 'ConfigInvalidError';
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], options?: ErrorOptions) {
    super(problems.map(formatProblem).join('\n'), options);
    this.problems = problems;
  }
}

/** A port's adapter failed; `retryable` tells the caller whether redelivery may help. */
class AdapterError extends RouterError {
  override name = 'AdapterError';
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.retryable = retryable;
  }
}

const formatProblem = (problem: Problem): string =>
  problem.path === '' ? problem.reason : `${problem.path}: ${problem.reason}`;

export { AdapterError, ConfigInvalidError, EnvelopeInvalidError, formatProblem, RouterError };
export type { Problem };
