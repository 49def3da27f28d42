import {
  BootstraplessSynthesizer,
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HUB_BUS_NAME, HUB_REGION } from './constructs/hub-event-bus.js';
import type { SpokeRule } from './spoke-rules.js';

/** Options of {@link SpokeStack}. */
export type SpokeStackProps = Omit<StackProps, 'synthesizer'> & {
  /** The rules of this region: every source family ({@link spokeRules}), or Health alone in a backup region. */
  readonly rules: readonly SpokeRule[];
  /** The hub's region: the only region the forwarding role may put events in (default ap-northeast-1). */
  readonly hubRegion?: string;
  /**
   * How long the DLQ keeps an event the hub did not take (default 14 days). Shorter outside Japan: the DLQ of the
   * us-east-1 and us-west-2 spokes holds copies of events in the US.
   */
  readonly deadLetterRetention?: Duration;
  /**
   * The names of the hub's buses (default: the one `alert-router-hub`). A hub with several buses (infra/bus-shards.ts)
   * lists them all: the spoke of an account targets its own shard's bus, given as `HubEventBusArn`.
   */
  readonly hubBusNames?: readonly string[];
};

/**
 * What an ASP installs in each spoke account and region (ap-northeast-1, ap-northeast-3, us-east-1 with every rule;
 * us-west-2 with the Health rule only): the rules on the default bus ({@link spokeRules}), each targeting the hub
 * bus through a role this stack creates (EventBridge requires a role for a cross-account bus target), with a DLQ
 * for events the hub did not take.
 *
 * The DLQ holds the only copy of such an event: it is encrypted with a customer-managed key of its own and retained
 * (with its key) when the stack is deleted. The role may put events on the hub's buses only (`alert-router-hub`, and
 * `alert-router-hub-<n>` for a sharded hub) in the hub's region of the hub account, whatever ARN the parameter gives.
 *
 * The template stands alone: no Lambda, no asset, no bootstrap version parameter (BootstraplessSynthesizer), so
 * an ASP that does not use CDK deploys `cdk.out/AlertRouterSpoke-<region>.template.json` with CloudFormation and
 * two parameters, `HubAccountId` and `HubEventBusArn`.
 */
export class SpokeStack extends Stack {
  readonly rules: readonly events.CfnRule[];

  constructor(
    scope: Construct,
    id: string,
    {
      rules,
      hubRegion = HUB_REGION,
      deadLetterRetention = Duration.days(14),
      hubBusNames = [HUB_BUS_NAME],
      ...props
    }: SpokeStackProps,
  ) {
    super(scope, id, {
      description:
        'alert-router spoke: forwards security and health events of this account and region to the hub bus of the integrated operations team',
      analyticsReporting: false,
      ...props,
      synthesizer: new BootstraplessSynthesizer(),
    });

    const busNamePattern =
      hubBusNames.length === 1
        ? escapeRegExp(hubBusNames[0] as string)
        : `(${hubBusNames.map(escapeRegExp).join('|')})`;
    const busNameText = hubBusNames.join(' | ');
    const hubAccountId = new CfnParameter(this, 'HubAccountId', {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'must be the 12-digit account id of the hub (integrated operations team)',
      description: 'AWS account id of the alert-router hub (統合運用管理補助者のハブアカウント ID)',
    });
    const hubEventBusArn = new CfnParameter(this, 'HubEventBusArn', {
      type: 'String',
      allowedPattern: `^arn:aws[a-z-]*:events:${escapeRegExp(hubRegion)}:\\d{12}:event-bus/${busNamePattern}$`,
      constraintDescription: `must be the hub bus ARN, arn:aws:events:${hubRegion}:<hub account id>:event-bus/${busNameText}`,
      description: 'ARN of the alert-router hub event bus (ハブのイベントバス ARN)',
    });

    const deadLetterKey = new kms.Key(this, 'ForwardDeadLetterKey', {
      description: 'alert-router spoke: encrypts the DLQ of the events the hub bus did not take',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EventBridge encrypts a dead letter with this key when it sends it to the queue, for rules of this account.
    deadLetterKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const deadLetterQueue = new sqs.Queue(this, 'ForwardDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: deadLetterKey,
      enforceSSL: true,
      retentionPeriod: deadLetterRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the DeadLetterConfig of every forwarding rule target points at it; SQS redrive cannot express that link.',
    });

    const role = new iam.Role(this, 'ForwardRole', {
      description: 'Lets EventBridge put the forwarded events on the alert-router hub bus',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutEventsOnHubBus',
        actions: ['events:PutEvents'],
        resources: [hubEventBusArn.valueAsString],
      }),
    );
    // The hub account, the hub region and the bus name guard the ARN: any other bus is refused even if the
    // parameter is mistyped or tampered with.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheHubBus',
        effect: iam.Effect.DENY,
        actions: ['events:PutEvents'],
        notResources: hubBusNames.map(
          (name) =>
            `arn:${this.partition}:events:${hubRegion}:${hubAccountId.valueAsString}:event-bus/${name}`,
        ),
      }),
    );

    this.rules = rules.map(
      (rule) =>
        new events.CfnRule(this, rule.id, {
          description: rule.description,
          state: 'ENABLED',
          eventPattern: rule.pattern,
          targets: [
            {
              id: 'HubBus',
              arn: hubEventBusArn.valueAsString,
              roleArn: role.roleArn,
              deadLetterConfig: { arn: deadLetterQueue.queueArn },
            },
          ],
        }),
    );
    deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ForwardingRulesDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rules.map((rule) => rule.attrArn) } },
      }),
    );
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
