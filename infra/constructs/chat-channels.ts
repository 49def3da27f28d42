import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ReceiverChannel, SlackChannelRef, TeamsChannelRef } from '../../shared/config/channels.js';

/** Configuration names start with this; Amazon Q wants them unique in the account, across regions. */
export const CHAT_CONFIGURATION_PREFIX = 'alert-router-';

/** Options of {@link ChatChannels}. */
export type ChatChannelsProps = {
  /** Each receiver's topic and its channels; only `chatbot` items with `slack` or `teams` make a configuration. */
  readonly receivers: readonly {
    readonly id: string;
    readonly topic: sns.ITopic;
    readonly channels: readonly ReceiverChannel[];
  }[];
};

/**
 * Amazon Q Developer in chat applications (formerly AWS Chatbot) channel configurations on the receivers' topics,
 * from `{chatbot: {slack: …}}` and `{chatbot: {teams: …}}` (DESIGN §13). The router only sends notifications:
 * the channel role has no permissions at all, and the `ReadOnlyAccess` guardrail caps whatever a channel member
 * might try to run from the chat anyway. Logs keep errors only: the messages are incident details.
 *
 * The Slack workspace or Microsoft Teams tenant must have been authorised once in the Amazon Q console (an OAuth
 * step CloudFormation cannot do); see docs/channels.md "Subscribing".
 */
export class ChatChannels extends Construct {
  /** The role every configuration uses: assumed by Amazon Q, no policies. */
  readonly role: iam.Role;
  /** The guardrail of every configuration. */
  readonly guardrail: iam.IManagedPolicy;
  readonly slack: readonly chatbot.SlackChannelConfiguration[];
  readonly teams: readonly chatbot.CfnMicrosoftTeamsChannelConfiguration[];

  constructor(scope: Construct, id: string, { receivers }: ChatChannelsProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'ChannelRole', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'alert-router: Amazon Q chat channels (notifications only, no permissions)',
    });
    this.guardrail = iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess');
    const slack: chatbot.SlackChannelConfiguration[] = [];
    const teams: chatbot.CfnMicrosoftTeamsChannelConfiguration[] = [];
    for (const receiver of receivers)
      for (const channel of receiver.channels) {
        if (channel.kind !== 'chatbot') continue;
        if (channel.slack) slack.push(this.slackChannel(receiver.id, receiver.topic, channel.slack));
        if (channel.teams) teams.push(this.teamsChannel(receiver.id, receiver.topic, channel.teams));
      }
    this.slack = slack;
    this.teams = teams;
  }

  private slackChannel(receiverId: string, topic: sns.ITopic, ref: SlackChannelRef) {
    return new chatbot.SlackChannelConfiguration(this, `${receiverId}-slack-${ref.channelId}`, {
      slackChannelConfigurationName: configurationName(receiverId, 'slack', ref.channelId),
      slackWorkspaceId: ref.workspaceId,
      slackChannelId: ref.channelId,
      notificationTopics: [topic],
      role: this.role,
      guardrailPolicies: [this.guardrail],
      userRoleRequired: false,
      loggingLevel: chatbot.LoggingLevel.ERROR,
    });
  }

  private teamsChannel(receiverId: string, topic: sns.ITopic, ref: TeamsChannelRef) {
    // No L2 for Teams in aws-cdk-lib: the L1 with the same role, guardrail and logging as the Slack ones.
    return new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, `${receiverId}-teams-${teamsKey(ref)}`, {
      configurationName: configurationName(receiverId, 'teams', teamsKey(ref)),
      teamsTenantId: ref.tenantId,
      teamId: ref.teamId,
      teamsChannelId: ref.channelId,
      iamRoleArn: this.role.roleArn,
      snsTopicArns: [topic.topicArn],
      guardrailPolicies: [this.guardrail.managedPolicyArn],
      userRoleRequired: false,
      loggingLevel: 'ERROR',
    });
  }
}

/** True when some receiver has a `chatbot` channel with `slack` or `teams`: a configuration for the CDK app to make. */
export const hasChatConfigurations = (receivers: ChatChannelsProps['receivers']): boolean =>
  receivers.some(({ channels }) =>
    channels.some((channel) => channel.kind === 'chatbot' && (channel.slack ?? channel.teams) !== undefined),
  );

/**
 * `alert-router-<receiver>-<slack|teams>-<channel>`, at most 128 of `A-Z a-z 0-9 - _` (the AWS::Chatbot limit);
 * a long name keeps its end, where the channel part makes it unique.
 */
const configurationName = (receiverId: string, kind: 'slack' | 'teams', channel: string): string => {
  const name = `${CHAT_CONFIGURATION_PREFIX}${receiverId}-${kind}-${channel}`.replace(
    /[^A-Za-z0-9\-_]/g,
    '-',
  );
  return name.length <= 128
    ? name
    : `${CHAT_CONFIGURATION_PREFIX}${name.slice(-(128 - CHAT_CONFIGURATION_PREFIX.length))}`;
};

/** A Teams channel id (`19%3a<hex>%40thread.tacv2`) reduced to its hex part, for names and construct ids. */
const teamsKey = (ref: TeamsChannelRef): string =>
  (/%3[aA]([A-Za-z0-9]+)/.exec(ref.channelId)?.[1] ?? ref.channelId).slice(0, 40);

/**
 * The statement that lets a sending function read the webhook secrets the config names (`{slack|teams: {secret}}`),
 * and no other: one ARN per name, with `-??????` for the six characters Secrets Manager appends to every secret
 * ARN. Undefined when the config has no webhook.
 */
export const webhookSecretsStatement = (
  scope: Construct,
  names: readonly string[],
): iam.PolicyStatement | undefined => {
  if (names.length === 0) return undefined;
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'ReadWebhookSecrets',
    actions: ['secretsmanager:GetSecretValue'],
    resources: names.map((name) =>
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${name}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ),
  });
};
