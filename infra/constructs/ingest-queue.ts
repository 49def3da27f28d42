import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedQueue } from './encrypted-queue.js';

/** Receives of one message before SQS moves it to the DLQ: a poison event fails every time, a throttle rarely. */
export const INGEST_MAX_RECEIVE_COUNT = 5;

/** Options of {@link IngestQueue}. */
export type IngestQueueProps = {
  readonly bus: events.IEventBus;
  readonly key: kms.IKey;
  /** The consumer's timeout: the visibility timeout is six times it, as Lambda's SQS guidance asks. */
  readonly consumerTimeout: Duration;
};

/**
 * Hub bus → rule → SQS ingest queue (with a DLQ) that the route function drains in batches. The rule takes the
 * AWS events the spokes forward (`source` prefix `aws.`), and not the router's own lifecycle events (source
 * `alert-router`) when they are put back on the bus. The DLQ receives both the events the route function failed
 * `maxReceiveCount` times and those EventBridge could not deliver to the queue.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, { bus, key, consumerTimeout }: IngestQueueProps) {
    super(scope, id);
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      key,
      retentionPeriod: Duration.days(14),
    });
    this.queue = encryptedQueue(this, 'Queue', {
      key,
      visibilityTimeout: Duration.seconds(consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: bus,
      description: 'Spoke events on the hub bus to the alert-router ingest queue',
      eventPattern: { source: events.Match.prefix('aws.') },
      targets: [
        new targets.SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
