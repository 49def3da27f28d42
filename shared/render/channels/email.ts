import type { Notification } from '../../ports.js';

/** Email: the subject and the long body, as SNS sends them to an email subscription. */
export type EmailMessage = { readonly subject: string; readonly body: string };

export const emailPayload = (n: Notification): EmailMessage => ({ subject: n.subject, body: n.body });
