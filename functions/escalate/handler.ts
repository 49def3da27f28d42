import '../../shared/zod-locale.js';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { flushDigest } from '../../shared/pipeline/digest.js';
import { escalate, wake } from '../../shared/pipeline/operator.js';
import type { Ports } from '../../shared/ports.js';
import { portsOnDemand } from '../aws-ports.js';
import { countNotifications, type Telemetry, telemetry } from '../telemetry.js';

/** What a one-time schedule delivers (the Scheduler target's `Input`): an escalation step or a digest. */
const timerInput = z.union([
  z.object({
    fingerprint: z.string().check(z.minLength(1)),
    incidentId: z.string().check(z.minLength(1)),
    token: z.number().check(z.int()),
  }),
  z.object({ kind: z.literal('digest'), group: z.string().check(z.minLength(1)), at: z.number() }),
  z.object({
    kind: z.literal('wake'),
    fingerprint: z.string().check(z.minLength(1)),
    incidentId: z.string().check(z.minLength(1)),
  }),
]);

/**
 * Invoked by EventBridge Scheduler when an escalation step or a storm-control digest is due. Fenced: an
 * escalation by the token the schedule carries, a digest by its due time, so a timer that outlived an ack, a
 * resolve or a newer step does nothing, and Scheduler's at-least-once delivery and the sweeper's re-fire are
 * both harmless.
 */
export const createEscalateHandler =
  (resolvePorts: () => Promise<Ports>, { logger, metrics }: Telemetry) =>
  async (event: unknown) => {
    const parsed = timerInput.safeParse(event);
    if (!parsed.success) {
      // Not retryable: Scheduler's retries would deliver the same input; its DLQ keeps it for a person.
      logger.error('timer input is not an escalation step, a digest or a wake-up', {
        issues: parsed.error.issues,
      });
      throw new Error('escalate: invalid timer input');
    }
    const ports = await resolvePorts();
    const timer = parsed.data;
    const result =
      'kind' in timer
        ? timer.kind === 'digest'
          ? await flushDigest(timer, ports)
          : await wake(timer, ports)
        : await escalate(timer, ports);
    countNotifications(metrics, result.notifications);
    if (result.result === 'stale') metrics.addMetric('StaleTimers', MetricUnit.Count, 1);
    logger.info('timer handled', { timer, result: result.result });
    return { result: result.result };
  };

const tools = telemetry('escalate');
export const handler = middy(createEscalateHandler(portsOnDemand(), tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
