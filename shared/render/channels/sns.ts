import type { ReceiverChannel } from '../../config/channels.js';
import type { Notification } from '../../ports.js';
import { chatbotPayload } from './chatbot.js';
import { smsPayload } from './sms.js';

/** SNS: a `Subject` must be "less than 100 characters long", with no line breaks or control characters. */
const SUBJECT_MAX = 99;

/**
 * The subject SNS accepts: control characters and line or paragraph separators become one space, and the text is
 * cut to 99 UTF-16 units (a surrogate pair is never split) with an ellipsis.
 */
export const snsSubject = (subject: string): string => {
  const flat = subject.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
  const text = flat === '' ? '(no subject)' : flat;
  if (text.length <= SUBJECT_MAX) return text;
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length > SUBJECT_MAX - 1) break;
    cut += char;
  }
  return `${cut.trimEnd()}…`;
};

/** The `Message` and `MessageStructure` of the receiver's SNS publish (email, SMS and Amazon Q ride it together). */
export type SnsMessage = { readonly Message: string; readonly MessageStructure?: 'json' };

/**
 * One message per protocol (`MessageStructure: 'json'`), as the topic has always been published:
 * - `email`: the long body (the subject travels as the mail's `Subject`);
 * - `sms`: the short form (a team page adds its acknowledge link);
 * - `default`: subject, a blank line, the body, for every other protocol (SQS, Lambda, `email-json`, …);
 * - `https`, only when the receiver has a `chatbot` channel: the Amazon Q custom notification as a JSON string.
 *   Amazon Q subscribes to the topic over HTTPS and shows only that shape; email and SMS keep their own keys.
 *
 * The caller keeps SNS's 256 KB limit by shortening `n.body` (the chatbot payload is capped on its own).
 */
export const snsMessage = (n: Notification, channels: readonly ReceiverChannel[]): SnsMessage => {
  const chatbot = channels.some((channel) => channel.kind === 'chatbot');
  const message = {
    default: `${snsSubject(n.subject)}\n\n${n.body}`,
    email: n.body,
    sms: smsPayload(n).text,
    ...(chatbot ? { https: JSON.stringify(chatbotPayload(n)) } : {}),
  };
  return { MessageStructure: 'json', Message: JSON.stringify(message) };
};
