import { AdapterError } from '../../errors.js';
import type { Clock, Notification, Notifier } from '../../ports.js';
import { retryAfterMs } from './retry-after.js';
import { WebhookRateLimitedError } from './webhook-error.js';

type WebhookChannelName = NonNullable<Notification['channel']>;

/** What the webhook notifier needs. */
type WebhookNotifierOptions = {
  /**
   * The URL a Secrets Manager secret holds, by secret name (cached by the caller: see
   * `createSecretWebhookUrls`). Its errors must not contain the URL.
   */
  readonly urlFor: (secret: string) => Promise<string>;
  /** The JSON body for the channel: Block Kit for Slack, the Workflows envelope for Teams (`channelPayload`). */
  readonly payload: (notification: Notification, channel: WebhookChannelName) => unknown;
  readonly clock: Clock;
  /** How long one POST may take, answer included (default 5 s): a hung webhook must not hold the Lambda. */
  readonly timeoutMs?: number;
  /** The least time between two posts to one webhook from this process (default 1 s: Slack's rate per channel). */
  readonly minIntervalMs?: number;
  /** After a timeout or a network error, how long this process leaves the webhook alone (default 30 s). */
  readonly unreachablePauseMs?: number;
  /** Waits; a test may pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
};

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MIN_INTERVAL_MS = 1_000;
const DEFAULT_UNREACHABLE_PAUSE_MS = 30_000;
/** A 429 without a readable `Retry-After`: wait as long as the spacing. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/**
 * The `Notifier` for `slack` and `teams` channels (DESIGN §13): one HTTPS POST of the channel's JSON to the
 * webhook whose URL sits in the secret the notification names, with the platform's own `fetch`.
 *
 * - 2xx is sent (Slack answers 200 `ok`, Teams Workflows 202 Accepted).
 * - 429 is a retryable {@link WebhookRateLimitedError} carrying `Retry-After` (seconds or an HTTP date); until
 *   that time this process refuses sends to that webhook without posting.
 * - 5xx, 408, a timeout ({@link WebhookNotifierOptions.timeoutMs}) and network errors are retryable; after a
 *   timeout or network error this process leaves that webhook alone for
 *   {@link WebhookNotifierOptions.unreachablePauseMs} (a sweep of many entries must not spend 5 s on each).
 * - Any other 4xx (400 invalid payload, 403/404/410 a removed or archived webhook) needs a person: not retryable,
 *   reported with the status.
 * Errors and their messages name the channel, the secret and the delivery, never the URL (it is a credential):
 * the URL is redacted from anything quoted, and network errors keep only their code, not the original error.
 *
 * Rate: posts to one webhook are serialised and spaced by {@link WebhookNotifierOptions.minIntervalMs} within the
 * process, so one publish or digest that tells several receivers sharing a webhook stays under Slack's one message
 * per second per channel; across invocations storm control (digests) keeps floods down.
 *
 * @example
 * ```ts
 * const webhooks = createWebhookNotifier({ urlFor, payload: channelPayload, clock: systemClock });
 * await webhooks.send({ ...notification, channel: 'slack', secret: 'alert-router/team-slack' });
 * ```
 */
const createWebhookNotifier = ({
  urlFor,
  payload,
  clock,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  minIntervalMs = DEFAULT_MIN_INTERVAL_MS,
  unreachablePauseMs = DEFAULT_UNREACHABLE_PAUSE_MS,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: WebhookNotifierOptions): Notifier => {
  const tails = new Map<string, Promise<void>>();
  const lastPostAt = new Map<string, number>();
  /** Per webhook: no post before `until` (a 429's Retry-After, or a pause after a timeout or network error). */
  const paused = new Map<string, { readonly until: number; readonly why: 'rate-limited' | 'unreachable' }>();

  /** Runs `post` after every earlier post to the same webhook, at least `minIntervalMs` after the last one. */
  const inTurn = async (secret: string, post: () => Promise<void>): Promise<void> => {
    const previous = tails.get(secret) ?? Promise.resolve();
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = previous.then(() => mine);
    tails.set(secret, tail);
    await previous;
    try {
      const wait = (lastPostAt.get(secret) ?? Number.NEGATIVE_INFINITY) + minIntervalMs - clock.now();
      if (wait > 0) await sleep(wait);
      await post();
    } finally {
      lastPostAt.set(secret, clock.now());
      done();
      if (tails.get(secret) === tail) tails.delete(secret);
    }
  };

  return {
    send: async (notification) => {
      const { channel, secret, deliveryId } = notification;
      if (channel === undefined || secret === undefined) {
        throw new AdapterError(
          `webhook: delivery ${deliveryId} names no webhook channel and secret (a topic delivery reached the webhook notifier)`,
          false,
        );
      }
      const where = `webhook: ${channel} (secret "${secret}") for delivery ${deliveryId}`;
      const pause = paused.get(secret);
      if (pause !== undefined && clock.now() < pause.until) {
        const left = pause.until - clock.now();
        const seconds = Math.ceil(left / 1000);
        if (pause.why === 'rate-limited')
          throw new WebhookRateLimitedError(
            `${where}: rate limited for ${seconds} s more (an earlier 429): not posted`,
            left,
          );
        throw new AdapterError(
          `${where}: unreachable a moment ago; not tried again for ${seconds} s: not posted`,
          true,
        );
      }
      let url: string;
      try {
        url = await urlFor(secret);
      } catch (error) {
        if (error instanceof AdapterError) throw error;
        throw new AdapterError(`${where}: the webhook URL could not be read from the secret`, true);
      }
      const body = JSON.stringify(payload(notification, channel));
      await inTurn(secret, () =>
        post(url, body, timeoutMs).then((answer) => {
          if (answer.kind === 'sent') return;
          if (answer.kind === 'failed') {
            // A hung or unreachable webhook is not tried again by this process for a while: a sweep or a publish
            // with several entries for it fails fast instead of spending the timeout on each.
            paused.set(secret, { until: clock.now() + unreachablePauseMs, why: 'unreachable' });
            throw new AdapterError(`${where}: ${redact(answer.why, url)}`, true);
          }
          if (answer.kind === 'rate-limited') {
            const wait = retryAfterMs(answer.retryAfter, clock.now()) ?? DEFAULT_RETRY_AFTER_MS;
            paused.set(secret, { until: clock.now() + wait, why: 'rate-limited' });
            throw new WebhookRateLimitedError(
              `${where}: HTTP 429 (rate limited), retry after ${Math.ceil(wait / 1000)} s`,
              wait,
            );
          }
          const said = redact(answer.text, url);
          const retryable = answer.status >= 500 || answer.status === 408;
          throw new AdapterError(
            `${where}: HTTP ${answer.status}${said === '' ? '' : ` (${said})`}` +
              (retryable ? '' : ': the webhook refused the message; check the secret and the channel'),
            retryable,
          );
        }),
      );
    },
  };
};

type Answer =
  | { readonly kind: 'sent' }
  | { readonly kind: 'rate-limited'; readonly retryAfter: string | null; readonly text: string }
  | { readonly kind: 'refused'; readonly status: number; readonly text: string }
  | { readonly kind: 'failed'; readonly why: string };

/** One POST, its answer read (so the connection is released) within the timeout. @internal */
const post = async (url: string, body: string, timeoutMs: number): Promise<Answer> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.ok) return { kind: 'sent' };
    if (response.status === 429)
      return { kind: 'rate-limited', retryAfter: response.headers.get('retry-after'), text };
    return { kind: 'refused', status: response.status, text };
  } catch (error) {
    const name = (error as { name?: unknown } | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return { kind: 'failed', why: `no answer within ${timeoutMs / 1000} s (timed out)` };
    // Only a code, never the error itself: undici's messages and causes may quote the URL.
    const cause = (error as { cause?: { code?: unknown; name?: unknown } } | undefined)?.cause;
    const code =
      typeof cause?.code === 'string' ? cause.code : typeof cause?.name === 'string' ? cause.name : '';
    return { kind: 'failed', why: `network error${/^[\w.-]{1,40}$/.test(code) ? ` (${code})` : ''}` };
  }
};

/**
 * What a webhook said, safe to log: Slack answers a short code (`invalid_payload`, `channel_not_found`); anything
 * else is cut, and the URL (or its path, the part that is the credential) never appears.
 * @internal
 */
const redact = (text: string, url: string): string => {
  let safe = text.replaceAll(url, '[webhook URL]');
  try {
    // Slack's secret is the path; a Teams Workflows URL also signs in its query (`sig=…`).
    const { pathname, search } = new URL(url);
    if (pathname.length > 1) safe = safe.replaceAll(pathname, '[webhook path]');
    if (search.length > 1) safe = safe.replaceAll(search.slice(1), '[webhook query]');
  } catch {
    // Not a URL: nothing more to hide.
  }
  const flat = safe.replace(/\s+/g, ' ').trim();
  return flat.length <= 80 ? flat : `${flat.slice(0, 79)}…`;
};

export { createWebhookNotifier };
export type { WebhookNotifierOptions };
