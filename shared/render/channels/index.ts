import type { ChannelName } from '../../config/channels.js';
import type { Notification } from '../../ports.js';
import { type ChatbotNotification, chatbotPayload } from './chatbot.js';
import { type EmailMessage, emailPayload } from './email.js';
import { type SlackMessage, slackPayload } from './slack.js';
import { type SmsMessage, smsPayload } from './sms.js';
import { type TeamsMessage, teamsPayload } from './teams.js';

/** What each channel is sent (DESIGN §9 `preview`, §13). */
export type ChannelPayloads = {
  readonly email: EmailMessage;
  readonly sms: SmsMessage;
  readonly chatbot: ChatbotNotification;
  readonly slack: SlackMessage;
  readonly teams: TeamsMessage;
};

const BUILDERS: { readonly [C in ChannelName]: (n: Notification) => ChannelPayloads[C] } = {
  email: emailPayload,
  sms: smsPayload,
  chatbot: chatbotPayload,
  slack: slackPayload,
  teams: teamsPayload,
};

/**
 * The message a channel gets for a notification, exactly as sent: email `{subject, body}`, SMS `{text}`, chatbot
 * the Amazon Q custom notification, Slack a Block Kit message, Teams the Workflows envelope with an Adaptive Card.
 * Pure: the same notification gives the same payload (what `preview` prints is what the router sends).
 */
export const channelPayload = <C extends ChannelName>(n: Notification, channel: C): ChannelPayloads[C] =>
  BUILDERS[channel](n);

export { type ChatbotNotification, chatbotPayload } from './chatbot.js';
export { type EmailMessage, emailPayload } from './email.js';
export { type SlackMessage, slackEscape, slackPayload } from './slack.js';
export { type SmsMessage, smsPayload } from './sms.js';
export { type SnsMessage, snsMessage, snsSubject } from './sns.js';
export { type TeamsMessage, teamsPayload, teamsText } from './teams.js';
