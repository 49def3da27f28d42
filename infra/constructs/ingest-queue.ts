import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedQueue } from './encrypted-queue.js';

/** Receives of one message before SQS moves it to the DLQ: a poison event fails every time, a throttle rarely. */
export const INGEST_MAX_RECEIVE_COUNT = 5;

/** Options of {@link IngestQueue}. */
export type IngestQueueProps = {
  /** The hub bus, or its shards (infra/bus-shards.ts) in shard order: one rule each, all into this queue. */
  readonly bus: events.IEventBus | readonly events.IEventBus[];
  readonly key: kms.IKey;
  /** The consumer's timeout: the visibility timeout is six times it, as Lambda's SQS guidance asks. */
  readonly consumerTimeout: Duration;
};

/**
 * Hub bus → rule → SQS ingest queue (with a DLQ) that the route function drains in batches. The rule takes the
 * AWS events the spokes forward (`source` prefix `aws.`), and not the router's own lifecycle events (source
 * `alert-router`) when they are put back on the bus. The DLQ receives both the events the route function failed
 * `maxReceiveCount` times and those EventBridge could not deliver to the queue; it holds the only copy of a poison
 * event, so it is retained when the stack is deleted.
 *
 * The grants are written here rather than by `aws-events-targets.SqsQueue`, whose grant is `sqs:SendMessage`,
 * `GetQueueAttributes` and `GetQueueUrl` on the account's behalf, and Encrypt/ReEncrypt on the key: EventBridge
 * may send messages (only) for the ingest rule (`aws:SourceArn`), and use the key to generate and read data keys.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** The rule of the first bus (shard 1). */
  readonly rule: events.Rule;
  /** One rule per bus, in the order given: `Rule`, then `Rule2`, `Rule3`… */
  readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, { bus, key, consumerTimeout }: IngestQueueProps) {
    super(scope, id);
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      key,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = encryptedQueue(this, 'Queue', {
      key,
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });
    const queue = this.queue;
    const deadLetterQueue = this.deadLetterQueue;
    const buses = Array.isArray(bus) ? (bus as readonly events.IEventBus[]) : [bus as events.IEventBus];
    // The first rule keeps the id (and logical id) of the single rule before sharding.
    this.rules = buses.map(
      (eventBus, i) =>
        new events.Rule(this, i === 0 ? 'Rule' : `Rule${i + 1}`, {
          eventBus,
          description:
            i === 0
              ? 'Spoke events on the hub bus to the alert-router ingest queue'
              : `Spoke events on hub bus ${i + 1} to the alert-router ingest queue`,
          eventPattern: { source: events.Match.prefix('aws.') },
          targets: [
            {
              bind: () => ({
                arn: queue.queueArn,
                targetResource: queue,
                deadLetterConfig: { arn: deadLetterQueue.queueArn },
                retryPolicy: {
                  maximumRetryAttempts: 185,
                  maximumEventAgeInSeconds: Duration.hours(24).toSeconds(),
                },
              }),
            },
          ],
        }),
    );
    this.rule = this.rules[0] as events.Rule;
    const ruleArns = this.rules.map((rule) => rule.ruleArn);
    for (const [target, what] of [
      [queue, 'IngestRuleSends'],
      [deadLetterQueue, 'IngestRuleDeadLetters'],
    ] as const) {
      target.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: what,
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [target.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArns.length === 1 ? ruleArns[0] : ruleArns } },
        }),
      );
    }
    // The rule's ARN cannot appear in the key policy (key → queue → rule → key would be a cycle): the key grant is
    // limited to this account's EventBridge, the queue policies above to the ingest rule.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeToEncryptedQueues',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
