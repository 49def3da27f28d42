import { type ChannelName, topicChannels, webhookChannels } from '../config/channels.js';
import type { Config } from '../config/registry.js';
import type {
  Delivery,
  DeliveryKind,
  Incident,
  LeakKnown,
  OverdueReport,
  ReceiverRecord,
} from '../incident.js';
import { deliveryId } from '../incident.js';
import type { Severity } from '../model.js';

/** What one delivery tells one receiver. */
export type DeliveryPlan = {
  readonly receiver: string;
  readonly audience: ReceiverRecord['audience'];
  readonly kind: DeliveryKind;
  readonly severity: Severity;
  readonly reason: string;
  /** The receiver's own accounts of the incident that this delivery speaks of. */
  readonly accounts: readonly string[];
  readonly previousSeverity?: Severity;
  /** A municipal report's extras (DESIGN §12): when it promises the next report, what changed, the team's words. */
  readonly nextReportAt?: number;
  readonly changes?: readonly string[];
  readonly message?: string;
  readonly leak?: LeakKnown;
  readonly overdue?: readonly OverdueReport[];
};

/** One delivery for the outbox, and the receiver's record updated to say it was decided. */
export const deliver = (
  incident: Incident,
  now: number,
  plan: DeliveryPlan,
): { incident: Incident; delivery: Delivery } => {
  const { receiver, audience, kind, severity } = plan;
  const last = incident.receivers[receiver];
  const sequence = (last?.sent ?? 0) + 1;
  const delivery: Delivery = {
    id: deliveryId(incident.id, receiver, sequence),
    incidentId: incident.id,
    fingerprint: incident.fingerprint,
    receiver,
    audience,
    kind,
    severity,
    reason: plan.reason,
    ...(plan.previousSeverity ? { previousSeverity: plan.previousSeverity } : {}),
    accounts: plan.accounts,
    // A municipality's every notice is a numbered report (第N報); an open-state one promises the next.
    ...(audience === 'municipality' ? { report: sequence } : {}),
    ...(audience === 'municipality' && kind !== 'resolve' && plan.nextReportAt !== undefined
      ? { nextReportAt: plan.nextReportAt }
      : {}),
    ...(plan.changes?.length ? { changes: plan.changes } : {}),
    ...(plan.message !== undefined ? { message: plan.message } : {}),
    ...(plan.leak !== undefined ? { leak: plan.leak } : {}),
    ...(plan.overdue !== undefined ? { overdue: plan.overdue } : {}),
    at: now,
    status: 'pending',
  };
  const told = kind === 'resolve' ? (last?.accounts ?? plan.accounts) : union(last?.accounts, plan.accounts);
  const record: ReceiverRecord = {
    audience,
    lastKind: kind,
    lastSeverity: severity,
    lastAt: now,
    sent: sequence,
    accounts: told,
    ...(delivery.nextReportAt !== undefined ? { promisedAt: delivery.nextReportAt } : {}),
  };
  return { incident: { ...incident, receivers: { ...incident.receivers, [receiver]: record } }, delivery };
};

const union = (a: readonly string[] | undefined, b: readonly string[]): readonly string[] =>
  a === undefined ? b : b.every((id) => a.includes(id)) ? a : [...a, ...b.filter((id) => !a.includes(id))];

/** A webhook transport of a receiver: its channel, the secret naming its URL, and the id suffix of its copies. */
export type WebhookTransport = {
  readonly channel: 'slack' | 'teams';
  readonly secret: string;
  /** `slack`, a second Slack webhook `slack-2`: what `<id>~` is followed by. */
  readonly suffix: string;
};

/** The transports of a receiver (DESIGN §13): whether its SNS topic has a channel, and each webhook, in config order. */
export const transportsOf = (
  config: Config,
  receiver: string,
): { readonly topic: boolean; readonly webhooks: readonly WebhookTransport[] } => {
  const seen = new Map<string, number>();
  return {
    topic: topicChannels(config, receiver).length > 0,
    webhooks: webhookChannels(config, receiver).map((channel) => {
      const n = (seen.get(channel.kind) ?? 0) + 1;
      seen.set(channel.kind, n);
      return {
        channel: channel.kind,
        secret: channel.secret,
        suffix: n === 1 ? channel.kind : `${channel.kind}-${n}`,
      };
    }),
  };
};

/**
 * One outbox entry per (delivery, transport) (DESIGN §13), so a failed channel is retried alone: the receiver's
 * email, SMS and chatbot ride one SNS publish (the delivery as decided, its id unchanged, so a receiver with SNS
 * channels only gets exactly what it got before channels existed), and each `slack`/`teams` webhook is a copy of
 * its own (`<id>~slack`, a second Slack webhook `<id>~slack-2`) that names the secret holding its URL. A receiver
 * with webhooks only has no topic entry. Called once, by `finish`, so every path (trigger, update, escalation,
 * reminder, resolve, municipal reports, grouped deliveries and so their digests) is expanded the same way.
 */
export const expandChannels = (deliveries: readonly Delivery[], config: Config): Delivery[] =>
  deliveries.flatMap((delivery) => {
    const { topic, webhooks } = transportsOf(config, delivery.receiver);
    return [
      ...(topic ? [delivery] : []),
      ...webhooks.map(
        ({ channel, secret, suffix }): Delivery => ({
          ...delivery,
          id: `${delivery.id}~${suffix}`,
          channel,
          secret,
        }),
      ),
    ];
  });

/** The channels an outbox entry reaches: its webhook, or the SNS channels of the receiver's topic, each once. */
export const channelsOfEntry = (delivery: Delivery, config: Config): ChannelName[] =>
  delivery.channel !== undefined
    ? [delivery.channel]
    : [...new Set(topicChannels(config, delivery.receiver).map((channel) => channel.kind))];

/**
 * The channel a timeline line names for an outbox entry: the webhook, or the SNS channels of the receiver's topic
 * joined with `+` (`email`, `email+chatbot`). Never an address or a URL.
 */
export const transportLabel = (delivery: Delivery, config: Config): string =>
  channelsOfEntry(delivery, config).join('+') || 'email';
