import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { sweepOverdue } from '../../shared/pipeline/sweep.js';
import type { Ports } from '../../shared/ports.js';
import { portsOnDemand } from '../aws-ports.js';
import { countNotifications, type Telemetry, telemetry } from '../telemetry.js';

/** Time kept back from the function's timeout: the item in hand, then the metrics flush. */
const SWEEP_MARGIN_MS = 10_000;

/**
 * Runs every minute: re-fires escalation steps overdue by more than two minutes and emits a heartbeat, which an
 * alarm watches, so a sweeper that stops running is itself an alert.
 */
export const createSweeperHandler =
  (resolvePorts: () => Promise<Ports>, { logger, metrics }: Telemetry) =>
  async (_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => {
    const ports = await resolvePorts();
    // Stop taking new items with time left to finish the one in hand (a webhook post may take its 5 s timeout).
    const stopAt =
      context === undefined
        ? undefined
        : ports.clock.now() + context.getRemainingTimeInMillis() - SWEEP_MARGIN_MS;
    const fired = await sweepOverdue(ports, stopAt === undefined ? {} : { stopAt });
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
