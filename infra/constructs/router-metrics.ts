import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, type RouterFunctionName, serviceName } from './router-function.js';

/** The period of the dashboard's graphs and of most alarms. */
export const METRIC_PERIOD = Duration.minutes(5);

/**
 * One EMF metric of one function. Powertools publishes every metric with the default dimension `service`
 * (`alert-router-<function>`), so the metric is only found with that dimension.
 */
export const routerMetric = (
  metricName: string,
  fn: RouterFunctionName,
  options: { readonly label?: string; readonly statistic?: string; readonly period?: Duration } = {},
): cloudwatch.Metric =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: serviceName(fn) },
    statistic: options.statistic ?? cloudwatch.Stats.SUM,
    period: options.period ?? METRIC_PERIOD,
    ...(options.label === undefined ? {} : { label: options.label }),
  });

/**
 * The sum of one metric over every router function that emits it (notifications and escalations come from
 * route, escalate, sweeper and acknowledge alike), as a SEARCH expression: a graph, not an alarm.
 */
export const routerMetricTotal = (metricName: string, label: string, period = METRIC_PERIOD) =>
  new cloudwatch.MathExpression({
    expression: `SUM(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${metricName}"', 'Sum', ${period.toSeconds()}))`,
    label,
    usingMetrics: {},
    period,
  });
