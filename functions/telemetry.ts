import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Outcome } from '../shared/pipeline/route-event.js';

/** Logger and EMF metrics for one function; the namespace is the router's, the service is the function. */
export const telemetry = (service: string) => ({
  logger: new Logger({ serviceName: `alert-router-${service}` }),
  metrics: new Metrics({ namespace: 'AlertRouter', serviceName: `alert-router-${service}` }),
});

export type Telemetry = ReturnType<typeof telemetry>;

/** Turns outcomes into the dashboard's metrics: alerts by severity, notifications by audience, dedup results. */
export const countOutcomes = (metrics: Metrics, outcomes: readonly Outcome[]): void => {
  for (const outcome of outcomes) {
    if (outcome.kind === 'ignored') {
      metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
      continue;
    }
    metrics.addMetric(`Alerts${outcome.alert.severity}`, MetricUnit.Count, 1);
    if (outcome.result === 'duplicate') metrics.addMetric('Duplicates', MetricUnit.Count, 1);
    if (outcome.result === 'opened' || outcome.result === 'reopened')
      metrics.addMetric('IncidentsOpened', MetricUnit.Count, 1);
    if (outcome.result === 'resolved') metrics.addMetric('IncidentsResolved', MetricUnit.Count, 1);
    if (outcome.recordedOnly) metrics.addMetric('RecordedNotSent', MetricUnit.Count, 1);
    countNotifications(metrics, outcome.notifications);
  }
};

export const countNotifications = (
  metrics: Metrics,
  notifications: readonly { audience: string; kind: string }[],
): void => {
  for (const notification of notifications) {
    metrics.addMetric(`Notifications_${notification.audience}`, MetricUnit.Count, 1);
    if (notification.kind === 'escalation') metrics.addMetric('Escalations', MetricUnit.Count, 1);
  }
};
