import { Arn, ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LIFECYCLE_SOURCE } from '../../shared/adapters/aws/eventbridge-bus.js';
import { encryptedQueue } from './encrypted-queue.js';
import { HUB_BUS_NAME } from './hub-event-bus.js';

/** An ASP that registered its own bus (config `asps[].eventBusArn`). */
export type ForwardedAsp = { readonly id: string; readonly eventBusArn: string };

/** Options of {@link LifecycleForwarding}. */
export type LifecycleForwardingProps = {
  /** The hub bus, where the router puts its lifecycle events. */
  readonly bus: events.IEventBus;
  /** Encrypts the DLQ (EventBridge may use it for this account's rules: see `IngestQueue`). */
  readonly key: kms.IKey;
  readonly asps: readonly ForwardedAsp[];
};

/**
 * The event pattern that forwards one ASP's lifecycle events: source `alert-router` and that ASP in `detail.asp`.
 * Each lifecycle event is one tenant's view of an incident (shared/engine/lifecycle.ts), so this pattern hands an
 * ASP its own accounts only (DESIGN §7).
 */
export const forwardPattern = (aspId: string) => ({
  source: [LIFECYCLE_SOURCE],
  detail: { asp: [aspId] },
});

/**
 * Lifecycle events to the ASPs' own buses (DESIGN §11): per ASP with an `eventBusArn`, one rule on the hub bus
 * matching {@link forwardPattern}, whose target is that bus, put through a role of its own that may
 * `events:PutEvents` on that bus and nothing else. What EventBridge could not deliver (the ASP's bus policy does not
 * admit the role, the bus is gone) goes to one encrypted DLQ, kept when the stack is deleted; an alarm watches it.
 *
 * The ASP's bus must allow `events:PutEvents` from the role (its ARN is a stack output) or from the hub account.
 */
export class LifecycleForwarding extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly rules: ReadonlyMap<string, events.Rule>;
  readonly roles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, { bus, key, asps }: LifecycleForwardingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      key,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the DeadLetterConfig of the rules that forward lifecycle events to the ASP buses points at it; SQS redrive cannot express that link.',
    });
    // Rules on the hub bus only: the role cannot be used by a rule on any other bus, nor by another account.
    const hubRules = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: `${HUB_BUS_NAME}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const rules = new Map<string, events.Rule>();
    const roles = new Map<string, iam.Role>();
    for (const asp of asps) {
      refuseTheHubBus(stack, asp);
      const scopeOfAsp = new Construct(this, asp.id);
      const role = new iam.Role(scopeOfAsp, 'Role', {
        description: `EventBridge: forwards the lifecycle events of ${asp.id} to its own bus`,
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': hubRules },
          },
        }),
      });
      const target = events.EventBus.fromEventBusArn(scopeOfAsp, 'Bus', asp.eventBusArn);
      // The target adds `events:PutEvents` on this bus to the role, and lets the rule (only) send to the DLQ.
      const rule = new events.Rule(scopeOfAsp, 'Rule', {
        eventBus: bus,
        description: `alert-router lifecycle events of ${asp.id} to its own bus`,
        eventPattern: forwardPattern(asp.id),
        targets: [new targets.EventBus(target, { role, deadLetterQueue: this.deadLetterQueue })],
      });
      new CfnOutput(scopeOfAsp, 'RoleArn', {
        description: `The role that puts ${asp.id}'s lifecycle events on its bus: allow it events:PutEvents there`,
        value: role.roleArn,
      });
      rules.set(asp.id, rule);
      roles.set(asp.id, role);
    }
    this.rules = rules;
    this.roles = roles;
  }
}

/** A rule forwarding from the hub bus to the hub bus would loop: refused at synth when the account is known. */
const refuseTheHubBus = (stack: Stack, asp: ForwardedAsp): void => {
  const { account, region, resourceName } = Arn.split(asp.eventBusArn, ArnFormat.SLASH_RESOURCE_NAME);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return;
  if (account === stack.account && region === stack.region && resourceName === HUB_BUS_NAME)
    throw new Error(
      `alert-router: the eventBusArn of ASP "${asp.id}" is the hub bus itself (${asp.eventBusArn}); name the ASP's own bus`,
    );
};
