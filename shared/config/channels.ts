import type { Config } from './registry.js';

/**
 * Where a receiver's messages go (DESIGN §13). `email`, `sms` and `chatbot` ride one SNS publish to the receiver's
 * topic; `slack` and `teams` are webhooks whose URL sits in a Secrets Manager secret, named here, never written here.
 */

/** The channels a receiver may list, in the order `preview` shows them. */
export const CHANNEL_NAMES = ['email', 'sms', 'chatbot', 'slack', 'teams'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Channels that ride the receiver's SNS topic (one publish, one outbox entry). */
export const TOPIC_CHANNELS = ['email', 'sms', 'chatbot'] as const satisfies readonly ChannelName[];
/** Channels the router posts itself, one outbox entry each. */
export const WEBHOOK_CHANNELS = ['slack', 'teams'] as const satisfies readonly ChannelName[];

export type SlackChannelRef = { readonly workspaceId: string; readonly channelId: string };
export type TeamsChannelRef = {
  readonly tenantId: string;
  readonly teamId: string;
  readonly channelId: string;
};

/**
 * One item of `receivers.<id>.channels`. `to` lists the addresses (personal data) the CDK app subscribes; without
 * it the channel is on and its subscriptions are made outside the stack. A `chatbot` with `slack` or `teams` is an
 * Amazon Q Developer channel configuration the CDK app creates.
 */
export type ReceiverChannel =
  | { readonly kind: 'email'; readonly to?: readonly string[] }
  | { readonly kind: 'sms'; readonly to?: readonly string[] }
  | { readonly kind: 'chatbot'; readonly slack?: SlackChannelRef; readonly teams?: TeamsChannelRef }
  | { readonly kind: 'slack'; readonly secret: string }
  | { readonly kind: 'teams'; readonly secret: string };

/** A `slack` or `teams` webhook channel. */
export type WebhookChannel = Extract<ReceiverChannel, { kind: 'slack' | 'teams' }>;

/** What a receiver without a `receivers` entry gets: email on its topic, as before channels existed. */
export const DEFAULT_CHANNELS: readonly ReceiverChannel[] = Object.freeze([{ kind: 'email' }]);

/**
 * The channels of one receiver, in config order; `[{kind: 'email'}]` when the config says nothing about it.
 *
 * @example channelsOf(config, 'team-oncall').some((channel) => channel.kind === 'chatbot')
 */
export const channelsOf = (config: Config, receiverId: string): readonly ReceiverChannel[] =>
  config.receivers[receiverId]?.channels ?? DEFAULT_CHANNELS;

/** True when the channel rides the receiver's SNS topic. */
export const isTopicChannel = (
  channel: ReceiverChannel,
): channel is Exclude<ReceiverChannel, WebhookChannel> =>
  channel.kind !== 'slack' && channel.kind !== 'teams';

/** The receiver's channels that ride its SNS topic (empty: nothing to publish). */
export const topicChannels = (config: Config, receiverId: string): readonly ReceiverChannel[] =>
  channelsOf(config, receiverId).filter(isTopicChannel);

/** The receiver's `slack` and `teams` webhooks, each its own delivery. */
export const webhookChannels = (config: Config, receiverId: string): readonly WebhookChannel[] =>
  channelsOf(config, receiverId).filter((channel): channel is WebhookChannel => !isTopicChannel(channel));

/** Every Secrets Manager secret name the config's webhooks use, once each, sorted: what the senders may read. */
export const secretNamesFor = (config: Pick<Config, 'receivers'>): readonly string[] =>
  [
    ...new Set(
      Object.values(config.receivers).flatMap((entry) =>
        (entry?.channels ?? []).flatMap((channel) =>
          channel.kind === 'slack' || channel.kind === 'teams' ? [channel.secret] : [],
        ),
      ),
    ),
  ].sort();
