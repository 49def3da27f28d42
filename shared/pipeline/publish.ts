import type { Config } from '../config/registry.js';
import { transportsOf } from '../engine/deliver.js';
import { AdapterError } from '../errors.js';
import type { Delivery, Incident } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { renderNotification } from '../render/index.js';

/**
 * Sends recorded deliveries, each on its own (one failing channel never blocks another), then marks every one that
 * went out sent in one call (for DynamoDB, one write for the incident's outbox). If any failed, throws (retryable
 * unless every failure says otherwise) after marking the others: the retry (SQS redelivery) finds only the unsent
 * ones pending, so nobody is paged twice for one fault of a channel. A receiver's SNS topic and each of its
 * webhooks are separate deliveries (`expandChannels`), so a Slack webhook that fails is retried alone while the
 * email went out and is marked sent.
 *
 * At-least-once: a crash after a send and before the mark sends that notification again on the retry. Marking
 * once per publish widens that window from each delivery's own send to the whole publish (a crash, or a failed
 * mark, re-sends everything this publish sent), a few hundred milliseconds at most; that is the price of one
 * write instead of one per notification. Without a crash or a failed mark nothing is ever sent twice.
 */
export const publishDeliveries = async (
  deliveries: readonly Delivery[],
  incident: Incident,
  ports: Pick<Ports, 'store' | 'notifier' | 'config' | 'ackLinks'>,
): Promise<Notification[]> => {
  const notifications = deliveries.map((delivery) =>
    onTransport(renderNotification(delivery, incident, ports.config, ports.ackLinks), delivery),
  );
  const results = await Promise.allSettled(
    notifications.map((notification) => ports.notifier.send(notification)),
  );
  const sent = deliveries.filter((_, i) => results[i]?.status === 'fulfilled');
  if (sent.length > 0) await ports.store.markSent(sent);
  throwIfAnyFailed(results, `notifications for ${incident.id}`);
  return notifications;
};

/** The notification on the delivery's transport: its webhook and the secret naming its URL, or the topic. */
export const onTransport = (notification: Notification, delivery: Delivery): Notification =>
  delivery.channel === undefined
    ? notification
    : {
        ...notification,
        channel: delivery.channel,
        ...(delivery.secret !== undefined ? { secret: delivery.secret } : {}),
      };

/**
 * A notification made outside the outbox (the monthly report's summary) on each of its receiver's transports: the
 * topic when the receiver has an SNS channel, then one copy per webhook (`<id>~slack`, `<id>~slack-2`), as
 * `expandChannels` does for deliveries.
 */
export const onEveryTransport = (notification: Notification, config: Config): Notification[] => {
  const { topic, webhooks } = transportsOf(config, notification.receiver);
  return [
    ...(topic ? [notification] : []),
    ...webhooks.map(({ channel, secret, suffix }) => ({
      ...notification,
      deliveryId: `${notification.deliveryId}~${suffix}`,
      channel,
      secret,
    })),
  ];
};

/**
 * Throws one {@link AdapterError} when any send failed, after the caller marked the others sent: retryable unless
 * every failure says it cannot be (a receiver without a topic, a denied key, a webhook that answers 404).
 */
export const throwIfAnyFailed = (results: readonly PromiseSettledResult<unknown>[], what: string): void => {
  const reasons = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (reasons.length === 0) return;
  const retryable = reasons.some((reason) => !(reason instanceof AdapterError) || reason.retryable);
  throw new AdapterError(`${reasons.length} of ${results.length} ${what} failed`, retryable, {
    cause: reasons[0],
  });
};
