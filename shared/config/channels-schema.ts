import '../zod-locale.js';
import * as z from 'zod/mini';
import type { ReceiverChannel } from './channels.js';

/**
 * `receivers: {<receiver id>: {channels: [...]}}` (DESIGN §13). An item is a bare name (`email`, `sms`, `chatbot`)
 * or one name with parameters; each parses to a {@link ReceiverChannel}. Error messages never repeat the value:
 * addresses and phone numbers are personal data, and the path already says which one is wrong.
 */

/** Names usable bare: the channel is on, its subscriptions are made outside the stack. */
const BARE_NAMES = ['email', 'sms', 'chatbot'] as const;

/** Any `http://` or `https://` value: webhook URLs are credentials and live in Secrets Manager only. */
export const looksLikeUrl = (value: string): boolean => /https?:\/\//i.test(value);

export const URL_IN_CONFIG_REASON =
  'must not be a URL: a webhook URL is a credential; store it in an AWS Secrets Manager secret and write {secret: <secret name>} here (see docs/config.md "Receivers")';

const emailAddress = z
  .string()
  .check(
    z.refine(
      (value) => /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/.test(value),
      'must be an email address such as oncall@example.jp',
    ),
  );

/** E.164, as SNS wants it; the usual mistake is a domestic number (090-…), so the message shows the fix. */
const phoneNumber = z
  .string()
  .check(
    z.refine(
      (value) => /^\+[1-9]\d{7,14}$/.test(value),
      'must be an E.164 phone number such as +819012345678 (country code, no leading 0, no hyphens)',
    ),
  );

const addresses = <T extends z.ZodMiniType<string>>(item: T) =>
  z.array(item).check(z.minLength(1, 'must list at least one address, or write the bare channel name'));

/** A Secrets Manager secret name (1–512 of `A-Z a-z 0-9 / _ + = . @ -`); never a URL, never an ARN. */
const secretName = z.string().check(
  z.refine((value) => !looksLikeUrl(value), URL_IN_CONFIG_REASON),
  z.refine(
    (value) => looksLikeUrl(value) || /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(value),
    'must be the name of an AWS Secrets Manager secret (letters, digits and / _ + = . @ -), not an ARN',
  ),
);

const idOf = (pattern: RegExp, message: string) =>
  z.string().check(z.refine((value) => pattern.test(value), message));

/** Ids as the Amazon Q console shows them (and as AWS::Chatbot validates them). */
const slackChannel = z.strictObject({
  workspaceId: idOf(/^[0-9A-Z]{1,255}$/, 'must be a Slack workspace id such as T0123456789'),
  channelId: idOf(/^[A-Za-z0-9]{1,255}$/, 'must be a Slack channel id such as C0123456789'),
});
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const teamsChannel = z.strictObject({
  tenantId: idOf(uuid, 'must be the Microsoft Entra tenant id (a UUID)'),
  teamId: idOf(uuid, 'must be the Microsoft Teams team id (a UUID)'),
  channelId: idOf(
    /^[A-Za-z0-9\-_=+/.,]*%3[aA][A-Za-z0-9\-_=+/.,]*%40[A-Za-z0-9\-_=+/.,]*$/,
    'must be the Teams channel id as it appears in the channel link, URL-encoded (19%3a…%40thread.tacv2)',
  ),
});

const webhook = (name: string) =>
  z.strictObject(
    { secret: secretName },
    { error: `must be {secret: <secret name>}: the ${name} webhook URL is read from AWS Secrets Manager` },
  );

/** The object form: exactly one channel name as its key (`null` is YAML's `- email:`, the same as bare). */
const channelObject = z
  .strictObject({
    email: z.optional(z.nullable(z.strictObject({ to: z.optional(addresses(emailAddress)) }))),
    sms: z.optional(z.nullable(z.strictObject({ to: z.optional(addresses(phoneNumber)) }))),
    chatbot: z.optional(
      z.nullable(
        z
          .strictObject({ slack: z.optional(slackChannel), teams: z.optional(teamsChannel) })
          .check(
            z.refine(
              (value) => (value.slack === undefined) !== (value.teams === undefined),
              'must name one channel configuration: {slack: {workspaceId, channelId}} or {teams: {tenantId, teamId, channelId}} (or write the bare name chatbot)',
            ),
          ),
      ),
    ),
    slack: z.optional(webhook('Slack')),
    teams: z.optional(webhook('Teams')),
  })
  .check(
    z.refine(
      (value) => Object.keys(value).length === 1,
      'must name exactly one channel: email, sms, chatbot, slack or teams',
    ),
  );

const toChannel = (item: z.infer<typeof channelObject>): ReceiverChannel => {
  if (item.slack !== undefined) return { kind: 'slack', secret: item.slack.secret };
  if (item.teams !== undefined) return { kind: 'teams', secret: item.teams.secret };
  if ('chatbot' in item) {
    const { slack, teams } = item.chatbot ?? {};
    return { kind: 'chatbot', ...(slack ? { slack } : {}), ...(teams ? { teams } : {}) };
  }
  if ('sms' in item) return { kind: 'sms', ...(item.sms?.to ? { to: item.sms.to } : {}) };
  return { kind: 'email', ...(item.email?.to ? { to: item.email.to } : {}) };
};

const channelItem = z.pipe(
  z.unknown().check(
    z.superRefine((value, ctx) => {
      if (typeof value !== 'string' || (BARE_NAMES as readonly string[]).includes(value)) return;
      ctx.addIssue({
        code: 'custom',
        input: value,
        message:
          value === 'slack' || value === 'teams'
            ? `must be {${value}: {secret: <secret name>}}: the webhook URL is read from AWS Secrets Manager`
            : 'must be email, sms or chatbot, or one of them with parameters ({email: {to: [...]}}, {slack: {secret: ...}}, …)',
      });
    }),
  ),
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' ? { [value]: null } : value)),
    z.pipe(channelObject, z.transform(toChannel)),
  ),
);

const receiverEntry = z.strictObject({
  channels: z
    .array(channelItem)
    .check(z.minLength(1, 'must list at least one channel (without an entry, a receiver gets email)')),
});

/** `receivers`: optional, keyed by receiver id; receivers not listed get email (checked against ids in check.ts). */
export const receiversSchema = z._default(z.record(z.string(), receiverEntry), {});
