import { AdapterError } from '../../errors.js';

/**
 * A webhook answered 429: retryable, and not before `retryAfterMs` has passed. The notifier also refuses further
 * sends to that webhook until then (without touching the network), so an early retry fails fast instead of
 * prolonging the platform's limit; SQS redelivery and the outbox sweep come later than that (see docs/channels.md).
 */
class WebhookRateLimitedError extends AdapterError {
  override name = 'WebhookRateLimitedError';
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, options?: ErrorOptions) {
    super(message, true, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export { WebhookRateLimitedError };
