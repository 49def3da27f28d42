import type { Notifier } from '../../ports.js';

/**
 * One `Notifier` over a receiver's transports (DESIGN §13): a notification without a `channel` goes to the topic
 * notifier (SNS on AWS: email, SMS and chatbot in one publish), a `slack` or `teams` one to the webhook notifier.
 * Each is its own outbox entry, so the two never share a failure.
 *
 * @example
 * ```ts
 * const notifier = createTransportNotifier({ topic: createSnsNotifier(…), webhooks: createWebhookNotifier(…) });
 * ```
 */
const createTransportNotifier = ({
  topic,
  webhooks,
}: {
  readonly topic: Notifier;
  readonly webhooks: Notifier;
}): Notifier => ({
  send: (notification) => (notification.channel === undefined ? topic : webhooks).send(notification),
});

export { createTransportNotifier };
