import { AdapterError } from '../errors.js';
import type { Delivery, Incident } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { renderNotification } from '../render/index.js';

/**
 * Sends recorded deliveries, each on its own (one failing channel never blocks another), then marks every one that
 * went out sent in one call (for DynamoDB, one write for the incident's outbox). If any failed, throws (retryable
 * unless every failure says otherwise) after marking the others: the retry (SQS redelivery) finds only the unsent
 * ones pending, so nobody is paged twice for one fault of a channel.
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
    renderNotification(delivery, incident, ports.config, ports.ackLinks),
  );
  const results = await Promise.allSettled(
    notifications.map((notification) => ports.notifier.send(notification)),
  );
  const sent = deliveries.filter((_, i) => results[i]?.status === 'fulfilled');
  if (sent.length > 0) await ports.store.markSent(sent);
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length > 0) {
    const reasons = failed.map((result) => (result as PromiseRejectedResult).reason as unknown);
    // Retrying helps unless every failure says it cannot (a receiver without a topic, a denied key).
    const retryable = reasons.some((reason) => !(reason instanceof AdapterError) || reason.retryable);
    const message = `${failed.length} of ${deliveries.length} notifications for ${incident.id} failed`;
    throw new AdapterError(message, retryable, { cause: reasons[0] });
  }
  return notifications;
};
