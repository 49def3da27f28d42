import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { sweepOverdue } from '../../shared/pipeline/sweep.js';
import type { Ports } from '../../shared/ports.js';
import { portsOnDemand } from '../aws-ports.js';
import { countNotifications, type Telemetry, telemetry } from '../telemetry.js';

/**
 * Runs every minute: re-fires escalation steps overdue by more than two minutes and emits a heartbeat, which an
 * alarm watches, so a sweeper that stops running is itself an alert.
 */
export const createSweeperHandler =
  (resolvePorts: () => Promise<Ports>, { logger, metrics }: Telemetry) =>
  async () => {
    const fired = await sweepOverdue(await resolvePorts());
    metrics.addMetric('SweeperHeartbeat', MetricUnit.Count, 1);
    metrics.addMetric('OverdueStepsRefired', MetricUnit.Count, fired.length);
    for (const step of fired) countNotifications(metrics, step.notifications);
    if (fired.length > 0)
      logger.warn('re-fired overdue escalation steps', {
        count: fired.length,
        results: fired.map((f) => f.result),
      });
    return { refired: fired.length };
  };

const tools = telemetry('sweeper');
export const handler = middy(createSweeperHandler(portsOnDemand(), tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
