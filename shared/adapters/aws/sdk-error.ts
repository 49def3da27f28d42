import { AdapterError } from '../../errors.js';

/**
 * Error names of throttling and transient faults that any AWS service, or the SDK's HTTP layer, may throw.
 * An adapter adds its own service's names (DynamoDB's `ProvisionedThroughputExceededException`, SNS's
 * `KMSThrottlingException`): a name means different things in different services, so no list holds them all.
 */
const RETRYABLE_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node socket errors: the request may not have reached the service at all. */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Whether redelivery may help: throttling, server faults (`$fault: 'server'`, HTTP 429 and 5xx), errors the SDK
 * marks `$retryable`, timeouts and dropped connections. Validation, authorization, missing resources and quotas
 * need a person.
 *
 * `serviceNames` are the calling service's own retryable error names, on top of the ones every service shares.
 *
 * @example
 * ```ts
 * isRetryableSdkError(error, new Set(['ProvisionedThroughputExceededException']));
 * ```
 */
const isRetryableSdkError = (error: unknown, serviceNames: ReadonlySet<string> = NO_NAMES): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = fields.$metadata?.httpStatusCode;
  return (
    (typeof fields.name === 'string' &&
      (RETRYABLE_NAMES.has(fields.name) || serviceNames.has(fields.name))) ||
    (typeof fields.code === 'string' && SOCKET_CODES.has(fields.code)) ||
    fields.$fault === 'server' ||
    (typeof fields.$retryable === 'object' && fields.$retryable !== null) ||
    (typeof status === 'number' && (status === 429 || status >= 500))
  );
};

/**
 * Our error for a failed SDK call: `what` failed (`scheduler: CreateSchedule group/name failed`), then the SDK
 * error's name and message, never the request (it may hold the message text). `retryable` comes from
 * {@link isRetryableSdkError}; the SDK error stays as `cause`, so SDK types never reach the caller.
 *
 * @example
 * ```ts
 * throw sdkError(`DynamoDB GetItem on table ${tableName} failed`, error, DYNAMODB_RETRYABLE_NAMES);
 * ```
 */
const sdkError = (what: string, error: unknown, serviceNames?: ReadonlySet<string>): AdapterError =>
  new AdapterError(`${what}: ${describeError(error)}`, isRetryableSdkError(error, serviceNames), {
    cause: error,
  });

/** The name of a thrown `Error` (`ConditionalCheckFailedException`), to recognise an expected outcome. */
const errorName = (error: unknown): string | undefined => (error instanceof Error ? error.name : undefined);

/** `ThrottlingException: Rate exceeded`, for the log line. @internal */
const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export { errorName, isRetryableSdkError, sdkError };
