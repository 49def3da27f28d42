import { AdapterError } from '../errors.js';
import type { Delivery, Incident } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { renderNotification } from '../render/index.js';

/**
 * Sends recorded deliveries, each on its own (one failing channel never blocks another), and marks each sent
 * one in the outbox. If any failed, throws a retryable error after marking the others: the retry (SQS
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
    throw new AdapterError(
      `${failed.length} of ${deliveries.length} notifications for ${incident.id} failed`,
      true,
      {
        cause: (failed[0] as PromiseRejectedResult).reason,
      },
    );
  }
  return notifications;
};
