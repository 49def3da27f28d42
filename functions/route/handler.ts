import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { AdapterError, EnvelopeInvalidError } from '../../shared/errors.js';
import { routeEvent } from '../../shared/pipeline/route-event.js';
import type { Ports } from '../../shared/ports.js';
import { portsOnDemand } from '../aws-ports.js';
import { countOutcomes, type Telemetry, telemetry } from '../telemetry.js';

/**
 * The ingest queue's consumer: each SQS record is one EventBridge event from a spoke. Records are processed
 * one by one; a record that fails is reported in `batchItemFailures` and the rest of the batch still counts. A
 * poison event (not JSON, not a valid envelope) is logged with its reason, counted, and failed every time, so
 * SQS moves it to the DLQ after `maxReceiveCount`; a retryable adapter error is retried the same way.
 */
export const createRouteHandler =
  (resolvePorts: () => Promise<Ports>, { logger, metrics }: Telemetry) =>
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const ports = await resolvePorts();
    metrics.addMetric('EventsReceived', MetricUnit.Count, event.Records.length);
    const processRecord = async (record: SQSRecord) => {
      try {
        countOutcomes(metrics, await routeEvent(parseBody(record), ports));
      } catch (error) {
        if (error instanceof EnvelopeInvalidError) {
          logger.error('invalid event: left for the DLQ', {
            messageId: record.messageId,
            reason: error.message,
          });
          metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
        } else {
          const retryable = error instanceof AdapterError ? error.retryable : true;
          logger.warn('event not routed: it will be retried', {
            messageId: record.messageId,
            retryable,
            error,
          });
          metrics.addMetric('RouteErrors', MetricUnit.Count, 1);
        }
        throw error;
      }
    };
    return processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), {
      context,
      throwOnFullBatchFailure: false,
      // One record after another: copies of one finding in a batch would otherwise race for the same incident
      // and lose on its revision fence (SQS would retry them, but later and at the cost of a failed write).
      processInParallel: false,
    });
  };

const parseBody = (record: SQSRecord): unknown => {
  try {
    return JSON.parse(record.body);
  } catch (error) {
    throw new EnvelopeInvalidError(
      [{ path: '', reason: `the message body is not JSON: ${(error as Error).message}` }],
      {
        cause: error,
      },
    );
  }
};

const tools = telemetry('route');
export const handler = middy(createRouteHandler(portsOnDemand(), tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
