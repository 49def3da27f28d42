import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTER_FUNCTIONS, type RouterFunctionName } from './router-function.js';
import { METRIC_PERIOD, routerMetric } from './router-metrics.js';

/** Options of {@link RouterAlarms}. */
export type RouterAlarmsProps = {
  /** Where the alarms go: the team's first level (the people paged for everything else). */
  readonly topic: sns.ITopic;
  readonly functions: Readonly<Record<RouterFunctionName, lambda.IFunction>>;
  readonly ingestQueue: sqs.IQueue;
  readonly ingestDeadLetterQueue: sqs.IQueue;
  readonly escalationDeadLetterQueue: sqs.IQueue;
  /** The DLQ of the rules forwarding lifecycle events to the ASPs' buses, when there are any. */
  readonly lifecycleDeadLetterQueue?: sqs.IQueue;
  /** The console's function, when the config has a console: its failures and 5xx answers alarm too. */
  readonly console?: lambda.IFunction;
  /** An event older than this in the ingest queue means the router is falling behind; 5 minutes by default. */
  readonly maxQueueAge?: Duration;
};

/**
 * Alarms on the router itself, each notifying the team (ALARM and OK): a DLQ that is not empty (an event or an
 * escalation the router gave up on), function errors, retried route errors that persist, a sweeper that stopped
 * sending its heartbeat (missing data is breaching: silence is the failure), and an ingest queue falling behind.
 */
export class RouterAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RouterAlarmsProps) {
    super(scope, id);
    const maxQueueAge = props.maxQueueAge ?? Duration.minutes(5);
    const alarm = (alarmId: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, alarmId, options);
      created.addAlarmAction(new actions.SnsAction(props.topic));
      created.addOkAction(new actions.SnsAction(props.topic));
      return created;
    };
    const notEmpty = (alarmId: string, queue: sqs.IQueue, what: string) =>
      alarm(alarmId, {
        alarmName: `alert-router-${alarmId.replace(/[A-Z]/g, (c, i) => (i === 0 ? '' : '-') + c.toLowerCase())}`,
        alarmDescription: `${what}: messages are waiting in the DLQ. Read them, fix the cause, then redrive or delete them.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.alarms = [
      notEmpty('IngestDlqNotEmpty', props.ingestDeadLetterQueue, '取り込み DLQ / ingest DLQ'),
      notEmpty(
        'EscalationDlqNotEmpty',
        props.escalationDeadLetterQueue,
        'エスカレーション DLQ / escalation DLQ',
      ),
      ...(props.lifecycleDeadLetterQueue === undefined
        ? []
        : [
            notEmpty(
              'LifecycleDlqNotEmpty',
              props.lifecycleDeadLetterQueue,
              'ライフサイクルイベント転送 DLQ / lifecycle forwarding DLQ (an ASP bus refused or is unreachable)',
            ),
          ]),
      ...ROUTER_FUNCTIONS.map((name) =>
        alarm(`${capitalize(name)}Errors`, {
          alarmName: `alert-router-${name}-errors`,
          alarmDescription: `alert-router-${name} failed (Lambda Errors). Read its log group.`,
          metric: props.functions[name].metricErrors({
            period: METRIC_PERIOD,
            statistic: cloudwatch.Stats.SUM,
          }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      ),
      ...(props.console === undefined ? [] : [consoleErrors(alarm, props.console)]),
      alarm('RouteErrorsPersist', {
        alarmName: 'alert-router-route-errors-persist',
        alarmDescription:
          'The route function has failed events for 15 minutes (RouteErrors: throttling, SNS or DynamoDB errors). SQS retries them; they reach the DLQ after 5 receives.',
        metric: routerMetric('RouteErrors', 'route'),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      alarm('SweeperHeartbeatMissing', {
        alarmName: 'alert-router-sweeper-heartbeat-missing',
        alarmDescription:
          'The sweeper has not reported its heartbeat for 10 minutes: overdue escalations are not re-fired. Check the every-minute rule and the function.',
        metric: routerMetric('SweeperHeartbeat', 'sweeper'),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      alarm('IngestQueueAge', {
        alarmName: 'alert-router-ingest-queue-age',
        alarmDescription: `The oldest event in the ingest queue is older than ${maxQueueAge.toMinutes()} minutes: the route function is not keeping up or not running.`,
        metric: props.ingestQueue.metricApproximateAgeOfOldestMessage({
          period: METRIC_PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: maxQueueAge.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}

/**
 * The console failing: its invocations that failed plus the 5xx its function URL answered (the app turns an
 * exception into a 500 page, which Lambda does not count as an error). A few in 5 minutes, not one: a person
 * retries a page, and the team's first level is paged by this alarm.
 */
const consoleErrors = (
  alarm: (alarmId: string, options: cloudwatch.AlarmProps) => cloudwatch.Alarm,
  fn: lambda.IFunction,
): cloudwatch.Alarm =>
  alarm('ConsoleErrors', {
    alarmName: 'alert-router-console-errors',
    alarmDescription:
      'The incident console failed 3 or more times in 5 minutes (Lambda Errors + function URL 5xx). Read its log group ("console error").',
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(errors, 0) + FILL(url5xx, 0)',
      usingMetrics: {
        errors: fn.metricErrors({ period: METRIC_PERIOD, statistic: cloudwatch.Stats.SUM }),
        url5xx: fn.metric('Url5xxCount', { period: METRIC_PERIOD, statistic: cloudwatch.Stats.SUM }),
      },
      label: 'console failures',
      period: METRIC_PERIOD,
    }),
    threshold: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

const capitalize = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);
