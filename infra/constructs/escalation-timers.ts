import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { encryptedQueue } from './encrypted-queue.js';

/** The schedule group of the one-time escalation schedules (`SCHEDULE_GROUP`). */
export const SCHEDULE_GROUP_NAME = 'alert-router-escalations';

/**
 * What the escalation timers need besides the functions: the schedule group the one-time schedules live in, the
 * role EventBridge Scheduler assumes to invoke the escalate function (and nothing else), and the DLQ that keeps
 * an invocation Scheduler gave up on. The role trusts Scheduler only for schedules of this account's group.
 */
export class EscalationTimers extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** `arn:…:schedule/alert-router-escalations/*`: what the functions may create and delete. */
  readonly schedulesArn: string;

  constructor(scope: Construct, id: string, { key }: { readonly key: kms.IKey }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: SCHEDULE_GROUP_NAME });
    this.schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${SCHEDULE_GROUP_NAME}/*`,
    });
    // The only copy of a step Scheduler could not deliver: kept when the stack is deleted.
    this.deadLetterQueue = encryptedQueue(this, 'DeadLetterQueue', {
      key,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      description:
        'EventBridge Scheduler: invokes the alert-router escalate function, dead-letters to its DLQ',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetter',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterEncryption',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
  }

  /** Lets the schedules invoke this function (the escalate function, and only it). */
  allowInvoke(fn: lambda.IFunction): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeEscalate',
        actions: ['lambda:InvokeFunction'],
        resources: [fn.functionArn],
      }),
    );
  }
}
