import type { Notification } from '../../ports.js';

/** SMS: the short form (70 characters in Japanese, 160 in English), as SNS sends it to an SMS subscription. */
export type SmsMessage = { readonly text: string };

/**
 * The short form; a team page adds its acknowledge link on a line of its own (DESIGN §13: team pages carry the
 * ack link on every channel), so the on-call engineer can acknowledge from the phone that woke them.
 */
export const smsPayload = (n: Notification): SmsMessage => {
  const ack = n.card.links.find((link) => link.kind === 'ack');
  return { text: ack ? `${n.short}\n${ack.url}` : n.short };
};
