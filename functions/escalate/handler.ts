import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { flushDigest } from '../../shared/pipeline/digest.js';
import { escalate } from '../../shared/pipeline/operator.js';
import type { Ports } from '../../shared/ports.js';
import { portsOnDemand } from '../aws-ports.js';
import { countNotifications, type Telemetry, telemetry } from '../telemetry.js';

/** What a one-time schedule delivers (the Scheduler target's `Input`). */
const timerInput = z.object({
  fingerprint: z.string().min(1),
  incidentId: z.string().min(1),
  token: z.number().int(),
});

/**
 * Invoked by EventBridge Scheduler when an escalation step or a storm-control digest is due. Fenced by the token the schedule carries: a
 * timer that outlived an ack, a resolve or a newer step does nothing, so Scheduler's at-least-once delivery and
 * the sweeper's re-fire are both harmless.
 */
export const createEscalateHandler =
  (resolvePorts: () => Promise<Ports>, { logger, metrics }: Telemetry) =>
  async (event: unknown) => {
    const parsed = timerInput.safeParse(event);
    if (!parsed.success) {
      // Not retryable: Scheduler's retries would deliver the same input; its DLQ keeps it for a person.
      logger.error('escalation input is not a timer', { issues: parsed.error.issues });
      throw new Error('escalate: invalid timer input');
    }
    const result = await escalate(parsed.data, await resolvePorts());
    countNotifications(metrics, result.notifications);
    if (result.result === 'stale') metrics.addMetric('StaleTimers', MetricUnit.Count, 1);
    logger.info('escalation timer handled', {
      incidentId: parsed.data.incidentId,
      result: result.result,
      reasons: result.reasons,
    });
    return { result: result.result };
  };

const tools = telemetry('escalate');
export const handler = middy(createEscalateHandler(portsOnDemand(), tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
