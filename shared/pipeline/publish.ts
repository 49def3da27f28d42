import { AdapterError } from '../errors.js';
import type { Delivery, Incident } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { renderNotification } from '../render/index.js';

/**
 * Sends recorded deliveries, each on its own (one failing channel never blocks another), and marks each sent
 * one in the outbox. If any failed, throws (retryable unless every failure says otherwise) after marking the others: the retry (SQS
 * redelivery) finds only the unsent ones pending, so nobody is paged twice for one fault.
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
    notifications.map(async (notification, i) => {
      await ports.notifier.send(notification);
      await ports.store.markSent(deliveries[i] as Delivery);
      return notification;
    }),
  );
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
