import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SEVERITIES } from '../../shared/model.js';
import { ROUTER_FUNCTIONS, type RouterFunctionName } from './router-function.js';
import { METRIC_PERIOD, routerMetric, routerMetricTotal } from './router-metrics.js';

/** Options of {@link RouterDashboard}. */
export type RouterDashboardProps = {
  readonly functions: Readonly<Record<RouterFunctionName, lambda.IFunction>>;
  readonly ingestQueue: sqs.IQueue;
  readonly ingestDeadLetterQueue: sqs.IQueue;
  readonly escalationDeadLetterQueue: sqs.IQueue;
  readonly alarms: readonly cloudwatch.IAlarm[];
};

const AUDIENCES = ['team', 'asp', 'municipality'] as const;
const WIDTH = 12;
const HEIGHT = 6;

/**
 * The router's CloudWatch dashboard: events in, alerts by severity, notifications by audience, incidents opened
 * and resolved, escalations, DLQ depth, errors, the age of the oldest queued event, and the alarms' states.
 */
export class RouterDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RouterDashboardProps) {
    super(scope, id);
    const graph = (title: string, left: cloudwatch.IMetric[], width = WIDTH) =>
      new cloudwatch.GraphWidget({ title, left, width, height: HEIGHT, period: METRIC_PERIOD });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: 'alert-router',
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Router alarms',
            alarms: [...props.alarms],
            width: 24,
            height: 3,
          }),
        ],
        [
          graph('Events in', [
            routerMetric('EventsReceived', 'route', { label: 'received' }),
            routerMetric('InvalidEvents', 'route', { label: 'invalid (to the DLQ)' }),
            routerMetric('EventsIgnored', 'route', { label: 'ignored (not a finding)' }),
            routerMetric('Duplicates', 'route', { label: 'duplicates' }),
          ]),
          graph(
            'Alerts by severity',
            SEVERITIES.map((severity) => routerMetric(`Alerts${severity}`, 'route', { label: severity })),
          ),
        ],
        [
          graph(
            'Notifications by audience',
            AUDIENCES.map((audience) => routerMetricTotal(`Notifications_${audience}`, audience)),
          ),
          graph('Incidents and escalations', [
            routerMetric('IncidentsOpened', 'route', { label: 'incidents opened' }),
            routerMetric('IncidentsResolved', 'route', { label: 'incidents resolved' }),
            routerMetricTotal('Escalations', 'escalations'),
            routerMetric('OverdueStepsRefired', 'sweeper', { label: 're-fired by the sweeper' }),
            routerMetric('Acknowledged', 'acknowledge', { label: 'acknowledged by link' }),
          ]),
        ],
        [
          graph('DLQ depth', [
            props.ingestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
              label: 'ingest DLQ',
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
            props.escalationDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
              label: 'escalation DLQ',
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ]),
          graph('Oldest event in the ingest queue (seconds)', [
            props.ingestQueue.metricApproximateAgeOfOldestMessage({
              label: 'oldest message age',
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ]),
        ],
        [
          graph('Errors', [
            ...ROUTER_FUNCTIONS.map((name) =>
              props.functions[name].metricErrors({
                label: `${name} errors`,
                statistic: cloudwatch.Stats.SUM,
              }),
            ),
            routerMetric('RouteErrors', 'route', { label: 'route: events retried' }),
            routerMetric('AckRefused', 'acknowledge', { label: 'ack links refused' }),
          ]),
          graph('Sweeper heartbeat', [routerMetric('SweeperHeartbeat', 'sweeper', { label: 'heartbeats' })]),
        ],
      ],
    });
  }
}
