import { describe, expect, it } from 'vitest';
import { errorName, isRetryableSdkError, sdkError } from '../../../shared/adapters/aws/sdk-error.js';
import { AdapterError } from '../../../shared/errors.js';

/** An error as the SDK throws it: a name, a fault side and an HTTP status, plus whatever else is given. */
const anSdkError = (name: string, fields: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`${name} (injected)`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    ...fields,
  });

const SERVICE_NAMES: ReadonlySet<string> = new Set(['ProvisionedThroughputExceededException']);

const CASES: readonly (readonly [string, unknown, boolean])[] = [
  ['ThrottlingException', anSdkError('ThrottlingException'), true],
  ['Throttling', anSdkError('Throttling'), true],
  ['TooManyRequestsException', anSdkError('TooManyRequestsException'), true],
  ['InternalFailure', anSdkError('InternalFailure'), true],
  ['ServiceUnavailable', anSdkError('ServiceUnavailable'), true],
  ['RequestTimeout', anSdkError('RequestTimeout'), true],
  ['RequestTimeoutException', anSdkError('RequestTimeoutException'), true],
  [
    'a timeout of the HTTP layer',
    Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
    true,
  ],
  ['a server fault, whatever its name', anSdkError('SomethingBroke', { $fault: 'server' }), true],
  ['HTTP 429', anSdkError('SlowDown', { $metadata: { httpStatusCode: 429 } }), true],
  ['HTTP 500', anSdkError('Oops', { $metadata: { httpStatusCode: 500 } }), true],
  ['HTTP 503', anSdkError('Oops', { $metadata: { httpStatusCode: 503 } }), true],
  ['an error the SDK marks $retryable', anSdkError('Modelled', { $retryable: { throttling: true } }), true],
  ...['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].map(
    (code) => [`socket error ${code}`, Object.assign(new Error('socket hang up'), { code }), true] as const,
  ),
  ['a fault on a plain object', { name: 'Whatever', $fault: 'server' }, true],
  ['a validation error', anSdkError('ValidationException'), false],
  [
    'an authorization error',
    anSdkError('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }),
    false,
  ],
  [
    'a missing resource',
    anSdkError('ResourceNotFoundException', { $metadata: { httpStatusCode: 404 } }),
    false,
  ],
  ['a quota', anSdkError('ServiceQuotaExceededException', { $metadata: { httpStatusCode: 402 } }), false],
  ['$retryable: undefined', anSdkError('Modelled', { $retryable: undefined }), false],
  ['another socket code', Object.assign(new Error('bad'), { code: 'EACCES' }), false],
  ['another service’s name, not given', anSdkError('ProvisionedThroughputExceededException'), false],
  ['a thrown string', 'ThrottlingException', false],
  ['null', null, false],
  ['undefined', undefined, false],
];

describe('telling a retryable SDK error from one that needs a person', () => {
  it.each(CASES)('%s → retryable: %s', (_case, error, retryable) => {
    // Act + Assess
    expect(isRetryableSdkError(error)).toBe(retryable);
  });

  it("adds the calling service's own retryable names to the shared ones", () => {
    // Prepare
    const throughput = anSdkError('ProvisionedThroughputExceededException');

    // Act + Assess
    expect(isRetryableSdkError(throughput, SERVICE_NAMES)).toBe(true);
    expect(isRetryableSdkError(anSdkError('ThrottlingException'), SERVICE_NAMES)).toBe(true);
    expect(isRetryableSdkError(anSdkError('ValidationException'), SERVICE_NAMES)).toBe(false);
  });
});

describe('the AdapterError of a failed SDK call', () => {
  it('says what failed, then the SDK error by name and message, and keeps it as cause', () => {
    // Prepare
    const cause = anSdkError('ThrottlingException', { message: 'Rate exceeded' });

    // Act
    const error = sdkError('DynamoDB GetItem on table incidents failed', cause);

    // Assess
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.message).toBe(
      'DynamoDB GetItem on table incidents failed: ThrottlingException: Rate exceeded',
    );
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
  });

  it.each([
    ['with the service names', SERVICE_NAMES, true],
    ['without them', undefined, false],
  ])('classifies a service-specific name %s', (_case, names, retryable) => {
    // Act
    const error = sdkError('op failed', anSdkError('ProvisionedThroughputExceededException'), names);

    // Assess
    expect(error.retryable).toBe(retryable);
  });

  it('describes something thrown that is not an Error as its text, and never retries it', () => {
    // Act
    const error = sdkError('op failed', 'boom');

    // Assess
    expect(error.message).toBe('op failed: boom');
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe('boom');
  });
});

describe('the name of a thrown error', () => {
  it.each([
    ['an Error', anSdkError('ConditionalCheckFailedException'), 'ConditionalCheckFailedException'],
    ['a thrown string', 'ConditionalCheckFailedException', undefined],
    ['a plain object', { name: 'ConditionalCheckFailedException' }, undefined],
  ])('of %s is %s', (_case, error, name) => {
    // Act + Assess
    expect(errorName(error)).toBe(name);
  });
});
