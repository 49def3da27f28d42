import type { Notification, Notifier } from '../../ports.js';

/**
 * The embedded `Notifier`: keeps every notification in order and hands each to an optional sink (console, file).
 * Topic and webhook (`channel: 'slack' | 'teams'`) notifications alike: locally nothing goes to the network.
 */
export type MemoryNotifier = Notifier & { readonly sent: () => readonly Notification[] };

export const createMemoryNotifier = (sink?: (notification: Notification) => void): MemoryNotifier => {
  const sent: Notification[] = [];
  return {
    send: async (notification) => {
      sent.push(notification);
      sink?.(notification);
    },
    sent: () => sent,
  };
};
