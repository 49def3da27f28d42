import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { type FunctionCode, RouterFunction } from './router-function.js';

/** The 1st of each month at 09:00 (DESIGN §15), in {@link MONTHLY_REPORT_TIMEZONE}. */
export const MONTHLY_REPORT_SCHEDULE = 'cron(0 9 1 * ? *)';
export const MONTHLY_REPORT_TIMEZONE = 'Asia/Tokyo';
export const MONTHLY_REPORT_SCHEDULE_NAME = 'alert-router-monthly-report';
/**
 * The partition key prefix of the per-month, per-receiver marker items (shared/storage/table-layout.ts:
 * `REPORT#<YYYY-MM>`): the only items the function may write.
 */
export const REPORT_MARKER_PREFIX = 'REPORT#';

/** Options of {@link MonthlyReport}. */
export type MonthlyReportProps = {
  readonly code: FunctionCode;
  /** `TABLE_NAME`, `TOPIC_ARN_PREFIX`, and `CONSOLE_URL` when the console is deployed. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logKey: kms.IKey;
};

/**
 * The monthly report (DESIGN §15, issue 16) in AWS: the `monthly-report` function and the EventBridge Scheduler
 * schedule that runs it on the 1st of each month at 09:00 JST, through a role that may invoke that function and
 * nothing else. The function sends each receiver the summary of the month that just ended; a marker item per
 * month and receiver makes a re-run (a retry, or a run by hand) send nothing twice. The stack grants what the
 * function reads and sends (`function.role`).
 */
export class MonthlyReport extends Construct {
  readonly function: RouterFunction;
  readonly role: iam.Role;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: MonthlyReportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.function = new RouterFunction(this, 'Function', {
      name: 'monthly-report',
      description: 'alert-router: sends each receiver its monthly report summary (Scheduler, 1st 09:00 JST)',
      code: props.code,
      environment: props.environment,
      // A month of a large registry: every incident of the month read through its index, one publish per receiver.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      // A failed run is retried by Lambda; the per-receiver markers skip what was already sent.
      retryAttempts: 2,
      logKey: props.logKey,
    });

    const scheduleArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `default/${MONTHLY_REPORT_SCHEDULE_NAME}`,
    });
    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: invokes the alert-router monthly-report function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': scheduleArn },
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeMonthlyReport',
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.fn.functionArn],
      }),
    );

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      name: MONTHLY_REPORT_SCHEDULE_NAME,
      description: 'alert-router: the monthly report of the month that ended, on the 1st at 09:00 JST',
      scheduleExpression: MONTHLY_REPORT_SCHEDULE,
      scheduleExpressionTimezone: MONTHLY_REPORT_TIMEZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.function.fn.functionArn,
        roleArn: this.role.roleArn,
        // An invocation Scheduler could not hand to Lambda (throttled) is retried for an hour; the report is late,
        // not lost, and never sent twice.
        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
      },
    });
  }
}
