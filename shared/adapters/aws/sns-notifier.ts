import {
  type MessageAttributeValue,
  PublishCommand,
  type PublishCommandInput,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { DEFAULT_CHANNELS, type ReceiverChannel } from '../../config/channels.js';
import { AdapterError } from '../../errors.js';
import type { Notification, Notifier } from '../../ports.js';
import { snsMessage, snsSubject } from '../../render/channels/index.js';
import { sdkError } from './sdk-error.js';

/** What the SNS notifier needs: a client, and the topic of each receiver (from the deployment's config). */
type SnsNotifierOptions = {
  readonly client: SNSClient;
  /** The topic ARN of a receiver id (`team-oncall`, `asp-a`, `city-aoba`), or undefined if none is deployed. */
  readonly topicArnFor: (receiverId: string) => string | undefined;
  /**
   * The receiver's channels (`channelsOf(config, id)`, DESIGN §13): with a `chatbot` channel the publish carries
   * the Amazon Q custom notification under the `https` key. Default: email only.
   */
  readonly channelsFor?: (receiverId: string) => readonly ReceiverChannel[];
};

/** SNS: the message, its attributes included, is at most 256 KB (262,144 bytes, not characters). */
const MESSAGE_MAX_BYTES = 262_144;

/** Head-room under the limit for what we cannot measure exactly (the request's own encoding of attributes). */
const MESSAGE_MARGIN_BYTES = 1_024;

/** SNS: at most 10 message attributes per message. */
const ATTRIBUTES_MAX = 10;

/** When the email body must be cut, its end (ack link, console link) is kept: up to this many characters. */
const KEPT_TAIL_CHARS = 2_000;

/**
 * Retryable error names of SNS and of KMS (encrypted topics), on top of the ones every service shares (see
 * `sdk-error.ts`). Validation, authorization, a missing topic and KMS key problems need a person.
 */
const SNS_RETRYABLE_NAMES: ReadonlySet<string> = new Set([
  'ThrottledException',
  'KMSThrottlingException',
  'ConcurrentAccessException',
  'InternalErrorException',
]);

/**
 * The `Notifier` on Amazon SNS: one topic per receiver, one `Publish` per notification, with a body per protocol
 * and message attributes that subscription filter policies can match.
 *
 * The message is published with `MessageStructure: 'json'`, so each protocol gets the form it reads best:
 * - `email`: the long body. The subject travels separately as the mail's `Subject`, so it is not repeated.
 * - `sms`: the short form the renderer made for SMS and chat (70 characters in Japanese, 160 in English).
 * - `default`: the subject, a blank line, then the body. SNS uses it for every protocol not named above
 *   (SQS, Lambda, HTTPS, `email-json`, Firehose): those subscribers are chat bridges, ticketing and archives,
 *   which have no separate subject line and want the whole text.
 * - `https`, only when the receiver has a `chatbot` channel: the Amazon Q custom notification (`snsMessage`), the
 *   one shape Amazon Q Developer in chat applications shows (it drops anything else).
 *
 * Message attributes (all `String`): every entry of `notification.attributes` (audience, receiver, severity,
 * source, kind, account, asp) plus `incident` (the incident id), so a subscription can filter, e.g. a filter
 * policy `{"asp": ["asp-a"]}` or `{"severity": ["CRITICAL", "HIGH"]}`. Empty values are left out (SNS rejects
 * them), as are attributes past SNS's 10 per message (the incident id and the renderer's facts come first).
 *
 * Limits are met here, never by failing: the subject loses line breaks and control characters and is cut to 99
 * characters; a message over 256 KB has its body shortened in the middle, keeping the head and the ack and
 * console links at the end, with a note where text was cut.
 *
 * Failures: a receiver with no topic is a deployment or config mistake, a non-retryable {@link AdapterError}
 * naming the receiver (redelivery cannot fix it; it must reach the DLQ and the logs). SDK throttling, server
 * faults and timeouts are retryable; validation, authorization and KMS key errors are not.
 *
 * @example
 * ```ts
 * const notifier = createSnsNotifier({
 *   client: new SNSClient({}),
 *   topicArnFor: (receiver) => topics[receiver],
 * });
 * await notifier.send(renderNotification(delivery, incident, config));
 * ```
 */
const createSnsNotifier = ({
  client,
  topicArnFor,
  channelsFor = () => DEFAULT_CHANNELS,
}: SnsNotifierOptions): Notifier => ({
  send: async (notification) => {
    if (notification.channel !== undefined) {
      throw new AdapterError(
        `sns: delivery ${notification.deliveryId} is for the ${notification.channel} webhook, not the topic`,
        false,
      );
    }
    const topicArn = topicArnFor(notification.receiver);
    if (topicArn === undefined || topicArn === '') {
      throw new AdapterError(
        `sns: no topic is configured for receiver "${notification.receiver}" ` +
          `(${notification.audience}; incident ${notification.incidentId}, delivery ${notification.deliveryId}): ` +
          'add the receiver to the deployed config',
        false,
      );
    }
    const input = publishInput(notification, topicArn, channelsFor(notification.receiver));
    try {
      await client.send(new PublishCommand(input));
    } catch (error) {
      throw sdkError(
        `sns: Publish to receiver "${notification.receiver}" (${topicArn}) failed for delivery ` +
          notification.deliveryId,
        error,
        SNS_RETRYABLE_NAMES,
      );
    }
  },
});

/**
 * The `Publish` request of a notification: per-protocol JSON message, safe subject, filterable attributes.
 * @internal
 */
const publishInput = (
  notification: Notification,
  topicArn: string,
  channels: readonly ReceiverChannel[],
): PublishCommandInput => {
  const subject = snsSubject(notification.subject);
  const attributes = messageAttributes(notification);
  const attributeBytes = Object.entries(attributes).reduce(
    (sum, [name, value]) =>
      sum + byteLength(name) + byteLength(value.DataType ?? '') + byteLength(value.StringValue ?? ''),
    0,
  );
  const budget = MESSAGE_MAX_BYTES - MESSAGE_MARGIN_BYTES - attributeBytes;
  const message = (body: string): string => snsMessage({ ...notification, body }, channels).Message;
  let text = message(notification.body);
  if (byteLength(text) > budget)
    text = message(shortenBody(notification, (body) => byteLength(message(body)) <= budget));
  return {
    TopicArn: topicArn,
    MessageStructure: 'json',
    Message: text,
    Subject: subject,
    MessageAttributes: attributes,
  };
};

/** `incident` first, then the renderer's facts; String values only, none empty, at most 10. @internal */
const messageAttributes = (notification: Notification): Record<string, MessageAttributeValue> => {
  const entries = Object.entries({ incident: notification.incidentId, ...notification.attributes })
    .filter(
      ([name, value]) =>
        /^[A-Za-z0-9_.-]{1,256}$/.test(name) && !/^(aws|amazon)\./i.test(name) && value !== '',
    )
    .slice(0, ATTRIBUTES_MAX);
  return Object.fromEntries(
    entries.map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );
};

/**
 * The longest body that `fits`: its head, a note that text was cut, and its last lines (the ack and console
 * links live there). Binary search over the head length, in characters, so a multi-byte character is never split.
 * @internal
 */
const shortenBody = (notification: Notification, fits: (body: string) => boolean): string => {
  const chars = [...notification.body];
  const tail = keptTail(chars);
  const note =
    notification.language === 'en'
      ? `\n\n[… The message was shortened to fit the SNS limit of 256 KB. The full record is incident ${notification.incidentId}. …]\n\n`
      : `\n\n［…SNS の上限（256 KB）を超えるため、本文の一部を省略しました。全文はインシデント ${notification.incidentId} の記録を参照してください。…］\n\n`;
  const build = (headLength: number): string => `${chars.slice(0, headLength).join('')}${note}${tail}`;
  let low = 0;
  let high = chars.length - [...tail].length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(build(middle))) low = middle;
    else high = middle - 1;
  }
  return build(low);
};

/** The body's last whole lines, up to {@link KEPT_TAIL_CHARS} characters. @internal */
const keptTail = (chars: readonly string[]): string => {
  const end = chars.slice(-KEPT_TAIL_CHARS).join('');
  if (chars.length <= KEPT_TAIL_CHARS) return '';
  const lineStart = end.indexOf('\n');
  return lineStart === -1 ? '' : end.slice(lineStart + 1);
};

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

export { createSnsNotifier };
export type { SnsNotifierOptions };
