import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { aDynamoClient, waitUntilUp } from './dynamodb-local-process.js';

export { aDynamoClient };

/** How long a test file waits for the run's DynamoDB Local to answer (the JVM starts with the unit tests). */
export const DYNAMO_LOCAL_STARTUP_MS = 30_000;

/**
 * The run's DynamoDB Local (started by test/integration/dynamodb-local.ts), once it answers: a low-level
 * client (CreateTable, middleware) and a document client over it. Call it from `beforeAll` with
 * {@link DYNAMO_LOCAL_STARTUP_MS} as the hook timeout.
 */
export const connectDynamoLocal = async () => {
  const endpoint = inject('dynamoEndpoint');
  try {
    await waitUntilUp(endpoint, DYNAMO_LOCAL_STARTUP_MS - 1_000, 100);
  } catch (error) {
    const hint = 'if it exited early, its output is printed above';
    throw new Error(`DynamoDB Local did not answer at ${endpoint}; ${hint}`, { cause: error });
  }
  const client = aDynamoClient(endpoint);
  return { endpoint, client, documentClient: DynamoDBDocumentClient.from(client) };
};

/** A table name no other test file or run uses: `incidents-3f9a1c2e`. */
export const aTableName = (label = 'incidents'): string => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * Counts the HTTP requests a client (and every document client built on it) sends, by DynamoDB operation:
 * `{ GetItem: 1, TransactWriteItems: 1 }`. It sits after the SDK's retry step, so a retried call counts twice.
 */
export const countRequests = (client: DynamoDBClient) => {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next) => async (args) => {
      const target = (args.request as { headers?: Record<string, string> }).headers?.['x-amz-target'];
      const operation = target?.split('.').pop() ?? 'unknown';
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: 'countRequests' },
  );
  return {
    counts: (): Record<string, number> => ({ ...counts }),
    reset: (): void => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
  };
};
