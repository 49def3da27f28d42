import { ArnFormat, NestedStack, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { channelsOf, type ReceiverChannel } from '../../shared/config/channels.js';
import type { Config, Receiver } from '../../shared/config/registry.js';
import { ChatChannels, hasChatConfigurations } from './chat-channels.js';
import { ReceiverTopics, TOPIC_NAME_PREFIX } from './receiver-topics.js';

/**
 * How many ASPs and municipalities (the first ones of `asps` and `municipalities`) keep their topic in the hub
 * stack; the team levels always do (the team topic receives the router's own alarms). At three resources per
 * receiver (topic, topic policy, one email subscription) these 70 receivers take about 220 of the hub's 500
 * resources, beside its own ~125 at 2,000 accounts (8 buses), leaving room for the hub's own growth.
 */
export const HUB_RECEIVER_CAPACITY = { asp: 20, municipality: 50 } as const;

/**
 * Receivers per nested stack: 50 receivers take 100 resources plus their subscriptions and chat configurations,
 * so a nested stack stays within 500 with up to 8 of those per receiver on average.
 */
export const NESTED_RECEIVER_CAPACITY = 50;

type Kind = keyof typeof HUB_RECEIVER_CAPACITY;

/** A nested stack of receivers: its construct id (`AspReceivers1`, `MunicipalityReceivers2`, …) and its members. */
export type ReceiverGroup = { readonly id: string; readonly receivers: readonly Receiver[] };

/**
 * Where each receiver's topic lives (issue 17). Within its kind (ASP, municipality), a receiver's place follows
 * its position in the config's list, so that appending one never moves another (the idea of infra/bus-shards.ts):
 * positions 0 … capacity − 1 are in the hub stack, with the logical ids they always had; the next
 * {@link NESTED_RECEIVER_CAPACITY} are in nested stack 1 of that kind, and so on. A registry within the hub
 * capacities gets no nested stack at all. Inserting or deleting in the middle of a list moves the later receivers
 * of that kind (their topics are replaced and email subscriptions need confirming again): append, and keep retired
 * receivers in the list.
 */
export const receiverGroups = (
  config: Pick<Config, 'receiversById'>,
): { readonly hub: readonly Receiver[]; readonly nested: readonly ReceiverGroup[] } => {
  const hub: Receiver[] = [];
  const nested = new Map<string, Receiver[]>();
  const positions: Record<Kind, number> = { asp: 0, municipality: 0 };
  for (const receiver of config.receiversById.values()) {
    if (receiver.audience === 'team') {
      hub.push(receiver);
      continue;
    }
    const kind: Kind = receiver.audience;
    const position = positions[kind]++;
    const beyond = position - HUB_RECEIVER_CAPACITY[kind];
    if (beyond < 0) {
      hub.push(receiver);
      continue;
    }
    const id = `${kind === 'asp' ? 'Asp' : 'Municipality'}Receivers${Math.floor(beyond / NESTED_RECEIVER_CAPACITY) + 1}`;
    nested.set(id, [...(nested.get(id) ?? []), receiver]);
  }
  return { hub, nested: [...nested.entries()].map(([id, receivers]) => ({ id, receivers })) };
};

/** Options of {@link ReceiverStack}. */
export type ReceiverStackProps = {
  readonly receivers: readonly Receiver[];
  /** The router key of the hub (passed in as a parameter): the topics are encrypted with it. */
  readonly key: kms.IKey;
  readonly channels: (receiverId: string) => readonly ReceiverChannel[];
};

/**
 * A nested stack with the topics, topic policies, subscriptions and Amazon Q channel configurations of some
 * receivers: the same constructs as in the hub, under the same names (`alert-router-<receiver id>`), so the
 * functions publish to them by name exactly as to the hub's.
 */
export class ReceiverStack extends NestedStack {
  readonly topics: ReceiverTopics;

  constructor(scope: Construct, id: string, { receivers, key, channels }: ReceiverStackProps) {
    super(scope, id, { description: `alert-router: topics of ${receivers.length} receivers (${id})` });
    this.topics = new ReceiverTopics(this, 'Topics', { receivers, key, channels });
    addChatChannels(this, this.topics, receivers, channels);
  }
}

/** What {@link placeReceivers} made: the hub's topics, the nested stacks, and what `sns:Publish` is granted on. */
export type ReceiverPlacement = {
  readonly topics: ReceiverTopics;
  readonly stacks: readonly ReceiverStack[];
  /**
   * The resources of the functions' `sns:Publish` grant: each topic ARN while every topic is in the hub and the
   * list fits {@link PUBLISH_LIST_BUDGET_CHARS} (exact, the policy a small registry always had);
   * `arn:…:sns:<region>:<account>:alert-router-*` otherwise (400 ARNs would not fit a managed policy). A policy is
   * changed in place, never replaced: the switch moves no resource.
   */
  readonly publishResources: readonly string[];
  /** Acknowledges cdk-nag's wildcard finding of the name-prefix grant on a role that has it (no-op otherwise). */
  readonly acknowledgePrefixGrant: (role: iam.IRole) => void;
};

/**
 * Creates every receiver's topic: in the hub under `Topics` (and `ChatChannels`) as before, and beyond the hub
 * capacities in nested stacks ({@link receiverGroups}).
 */
export const placeReceivers = (
  hub: Stack,
  { config, key }: { readonly config: Config; readonly key: kms.IKey },
): ReceiverPlacement => {
  const { hub: inHub, nested } = receiverGroups(config);
  // Channels (DESIGN §13): email/SMS addresses subscribe to the topic; Amazon Q channels get configurations.
  const channels = (receiverId: string) => channelsOf(config, receiverId);
  const topics = new ReceiverTopics(hub, 'Topics', { receivers: inHub, key, channels });
  addChatChannels(hub, topics, inHub, channels);
  const stacks = nested.map(
    (group) => new ReceiverStack(hub, group.id, { receivers: group.receivers, key, channels }),
  );
  if (stacks.length === 0 && listedChars(inHub) <= PUBLISH_LIST_BUDGET_CHARS)
    return {
      topics,
      stacks,
      publishResources: [...topics.topics.values()].map((topic) => topic.topicArn),
      acknowledgePrefixGrant: () => {},
    };
  const prefixArn = topicPrefixArn(hub);
  return {
    topics,
    stacks,
    publishResources: [prefixArn],
    acknowledgePrefixGrant: (role) =>
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:${nagValue(hub.region, 'AWS::Region')}:${nagValue(hub.account, 'AWS::AccountId')}:${TOPIC_NAME_PREFIX}*]`,
        reason: `Past ${HUB_RECEIVER_CAPACITY.asp} ASPs and ${HUB_RECEIVER_CAPACITY.municipality} municipalities (or ${PUBLISH_LIST_BUDGET_CHARS} characters of topic ARNs) the receiver topics are spread over nested stacks and one ARN per topic no longer fits an IAM policy; the grant is sns:Publish only, on the ${TOPIC_NAME_PREFIX}* topics of this account and region, which are the router's receiver topics.`,
      }),
  };
};

/**
 * The most characters the listed topic ARNs of the publish grant may take: one IAM statement cannot be split, and
 * CDK moves what overflows a role's inline policy into managed policies of 6,144 characters each.
 */
export const PUBLISH_LIST_BUDGET_CHARS = 4_096;

/** The characters of the topic ARNs as listed in a policy, at their longest (GovCloud partition, quotes, commas). */
const listedChars = (receivers: readonly Receiver[]): number =>
  receivers.reduce(
    (sum, { id }) =>
      sum + `"arn:aws-us-gov:sns:ap-northeast-1:123456789012:${TOPIC_NAME_PREFIX}${id}",`.length,
    0,
  );

/** `arn:<partition>:sns:<region>:<account>:alert-router-*`: every receiver topic, wherever its stack. */
export const topicPrefixArn = (scope: Construct): string =>
  Stack.of(scope).formatArn({
    service: 'sns',
    resource: `${TOPIC_NAME_PREFIX}*`,
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });

const addChatChannels = (
  scope: Construct,
  topics: ReceiverTopics,
  receivers: readonly Receiver[],
  channels: (receiverId: string) => readonly ReceiverChannel[],
): void => {
  const chatReceivers = receivers.map(({ id }) => ({ id, topic: topics.topic(id), channels: channels(id) }));
  if (hasChatConfigurations(chatReceivers))
    new ChatChannels(scope, 'ChatChannels', { receivers: chatReceivers });
};

/** How cdk-nag spells a value in a finding id: the literal, or `<AWS::Region>` for an unresolved pseudo parameter. */
const nagValue = (value: string, pseudo: string): string =>
  Token.isUnresolved(value) ? `<${pseudo}>` : value;
