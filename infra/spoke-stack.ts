import {
  BootstraplessSynthesizer,
  CfnParameter,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { spokeRules } from './spoke-rules.js';

/** Options of {@link SpokeStack}. */
export type SpokeStackProps = Omit<StackProps, 'synthesizer'> & {
  /** GuardDuty findings below this severity stay in the spoke (archived ones, resolve signals, always go). */
  readonly minGuardDutySeverity: number;
};

/**
 * What an ASP installs in each spoke account and region (ap-northeast-1, ap-northeast-3, us-east-1): one rule per
 * source family on the default bus ({@link spokeRules}), each targeting the hub bus through a role this stack
 * creates (EventBridge requires a role for a cross-account bus target), with a DLQ for events the hub did not
 * take.
 *
 * The template stands alone: no Lambda, no asset, no bootstrap version parameter (BootstraplessSynthesizer), so
 * an ASP that does not use CDK deploys `cdk.out/AlertRouterSpoke-<region>.template.json` with CloudFormation and
 * two parameters, `HubAccountId` and `HubEventBusArn`.
 */
export class SpokeStack extends Stack {
  readonly rules: readonly events.CfnRule[];

  constructor(scope: Construct, id: string, { minGuardDutySeverity, ...props }: SpokeStackProps) {
    super(scope, id, {
      description:
        'alert-router spoke: forwards security and health events of this account and region to the hub bus of the integrated operations team',
      analyticsReporting: false,
      ...props,
      synthesizer: new BootstraplessSynthesizer(),
    });

    const hubAccountId = new CfnParameter(this, 'HubAccountId', {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'must be the 12-digit account id of the hub (integrated operations team)',
      description: 'AWS account id of the alert-router hub (統合運用管理補助者のハブアカウント ID)',
    });
    const hubEventBusArn = new CfnParameter(this, 'HubEventBusArn', {
      type: 'String',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]+$',
      constraintDescription:
        'must be an event bus ARN such as arn:aws:events:ap-northeast-1:123456789012:event-bus/alert-router-hub',
      description: 'ARN of the alert-router hub event bus (ハブのイベントバス ARN)',
    });

    const deadLetterQueue = new sqs.Queue(this, 'ForwardDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
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
    // HubAccountId guards the ARN: a bus outside the hub account is refused even if the ARN is mistyped.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheHubAccount',
        effect: iam.Effect.DENY,
        actions: ['events:PutEvents'],
        notResources: [`arn:${this.partition}:events:*:${hubAccountId.valueAsString}:event-bus/*`],
      }),
    );

    this.rules = spokeRules({ minGuardDutySeverity }).map(
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
