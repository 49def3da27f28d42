import { createHash } from 'node:crypto';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ReceiverChannel } from '../../shared/config/channels.js';
import type { Receiver } from '../../shared/config/registry.js';

/** Topic of receiver `x` is `alert-router-x`: the functions find it as `TOPIC_ARN_PREFIX` + `x`. */
export const TOPIC_NAME_PREFIX = 'alert-router-';

/** Options of {@link ReceiverTopics}. */
export type ReceiverTopicsProps = {
  /** Every receiver of the config: the team levels, the ASPs, the municipalities. */
  readonly receivers: readonly Receiver[];
  readonly key: kms.IKey;
  /**
   * The channels of a receiver (`channelsOf` of the config): each address of an `email` or `sms` channel's `to`
   * becomes a subscription of the receiver's topic. Without it, topics have no subscriptions.
   */
  readonly channels?: (receiverId: string) => readonly ReceiverChannel[];
};

/**
 * One SNS topic per receiver, named `alert-router-<receiver id>`, encrypted with the router's key and with a
 * policy that denies publishing without TLS. Receivers subscribe to their own topic (mail, SMS, an HTTPS
 * endpoint, a queue) and can narrow it with filter policies on the message attributes the notifier sets.
 */
export class ReceiverTopics extends Construct {
  readonly topics: ReadonlyMap<string, sns.Topic>;
  /** `arn:<partition>:sns:<region>:<account>:alert-router-`: the value of `TOPIC_ARN_PREFIX`. */
  readonly arnPrefix: string;

  constructor(scope: Construct, id: string, { receivers, key, channels }: ReceiverTopicsProps) {
    super(scope, id);
    const topics = new Map<string, sns.Topic>();
    for (const receiver of receivers) {
      const topic = new sns.Topic(this, receiver.id, {
        topicName: `${TOPIC_NAME_PREFIX}${receiver.id}`,
        displayName: displayName(receiver),
        masterKey: key,
        enforceSSL: true,
      });
      topics.set(receiver.id, topic);
      for (const channel of channels?.(receiver.id) ?? []) subscribe(topic, channel);
    }
    this.topics = topics;
    this.arnPrefix = Stack.of(this).formatArn({
      service: 'sns',
      resource: TOPIC_NAME_PREFIX,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
  }

  /** The topic of one receiver; ids come from the validated config, so a miss is a programming error. */
  topic(receiverId: string): sns.Topic {
    const topic = this.topics.get(receiverId);
    if (topic === undefined) throw new Error(`alert-router: no topic for receiver "${receiverId}"`);
    return topic;
  }

  /**
   * Lets CloudWatch alarms of this account publish to one topic: the topic policy that denies plain HTTP
   * replaces SNS's default policy, so the alarm service needs its own statement.
   */
  allowAlarms(receiverId: string): sns.Topic {
    const topic = this.topic(receiverId);
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return topic;
  }
}

const PROTOCOLS = { email: sns.SubscriptionProtocol.EMAIL, sms: sns.SubscriptionProtocol.SMS } as const;

/**
 * Subscribes each address of an `email` or `sms` channel to the topic. Addresses are personal data: they are the
 * subscriptions' endpoints (where else could they be) but never construct ids, so never logical ids, paths or
 * outputs. The id is a digest of the address instead: stable, so adding or removing one person leaves the others'
 * confirmed subscriptions in place.
 */
const subscribe = (topic: sns.Topic, channel: ReceiverChannel): void => {
  if ((channel.kind !== 'email' && channel.kind !== 'sms') || channel.to === undefined) return;
  for (const address of channel.to)
    new sns.Subscription(topic, `${channel.kind === 'email' ? 'Email' : 'Sms'}${digest(address)}`, {
      topic,
      protocol: PROTOCOLS[channel.kind],
      endpoint: address,
    });
};

/** A short digest of an address, for a construct id; email addresses compare without case. */
const digest = (address: string): string =>
  createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 16);

/** SNS display names are at most 100 characters; they name the sender of mails and SMS. */
const displayName = (receiver: Receiver): string => {
  const name = receiver.audience === 'team' ? `${receiver.name} (${receiver.id})` : receiver.name;
  return [...name].slice(0, 100).join('');
};
