import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';

/**
 * A bundled handler as Lambda runs it, on this machine: imported in a fresh `node` from its folder, wired by its
 * environment alone. DynamoDB is DynamoDB Local; Secrets Manager, SNS, Scheduler and EventBridge are a stand-in
 * HTTP endpoint that answers as those services do and records what it was asked (`AWS_ENDPOINT_URL_<SERVICE>`).
 * Shared by the bundle test (test/integration/route-bundle.test.ts) and the bench's cold time to page
 * (bench/page.ts). No vitest import here: the bench runs it under tsx.
 */

export const ACK_SECRET = 'a-test-secret-of-at-least-32-characters';
export const TOPIC_ARN_PREFIX = 'arn:aws:sns:ap-northeast-1:000000000000:alert-router-';

/** Milliseconds since the epoch, sub-millisecond, comparable between processes of this machine. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export type StandInRequest = {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly body: string;
  /** When the whole request had arrived ({@link epochNow}). */
  readonly receivedAt: number;
};

/** Answers one request as the service it is meant for would (only the fields the SDK reads). */
const answer = (request: StandInRequest, response: ServerResponse) => {
  if (request.target.startsWith('secretsmanager.')) {
    response.setHeader('content-type', 'application/x-amz-json-1.1');
    response.end(JSON.stringify({ Name: 'ack', SecretString: ACK_SECRET, VersionId: 'v1' }));
  } else if (request.target === 'AWSEvents.PutEvents') {
    // The lifecycle events on the hub bus: every entry accepted.
    const entries = (JSON.parse(request.body) as { Entries: unknown[] }).Entries;
    response.setHeader('content-type', 'application/x-amz-json-1.1');
    response.end(
      JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `e-${i}` })) }),
    );
  } else if (new URLSearchParams(request.body).get('Action') === 'Publish') {
    response.setHeader('content-type', 'text/xml');
    response.end(
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
    );
  } else if (request.url.startsWith('/schedules/')) {
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify(
        request.method === 'DELETE' ? {} : { ScheduleArn: 'arn:aws:scheduler:ap-northeast-1:0:schedule/x/y' },
      ),
    );
  } else {
    response.statusCode = 400;
    response.end(JSON.stringify({ message: `unexpected request ${request.method} ${request.url}` }));
  }
};

export type StandInAws = {
  /** `http://127.0.0.1:<port>`, for every `AWS_ENDPOINT_URL_<SERVICE>` but DynamoDB's. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: StandInRequest[];
  /** The SNS Publish calls so far: their form fields and when each arrived. */
  readonly publishes: () => { readonly form: URLSearchParams; readonly receivedAt: number }[];
  readonly close: () => void;
};

/** Starts the stand-in on a free port of 127.0.0.1. */
export const startStandInAws = async (): Promise<StandInAws> => {
  const requests: StandInRequest[] = [];
  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        target: String(incoming.headers['x-amz-target'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: epochNow(),
      };
      requests.push(request);
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    publishes: () =>
      requests
        .map((request) => ({ form: new URLSearchParams(request.body), receivedAt: request.receivedAt }))
        .filter(({ form }) => form.get('Action') === 'Publish'),
    close: () => server.close(),
  };
};

/**
 * The environment of a bundled router function (as the stack sets it), with its AWS endpoints on DynamoDB Local
 * and the stand-in. Nothing else of this process's environment reaches the function.
 */
export const bundledFunctionEnvironment = (options: {
  readonly folder: string;
  readonly service: string;
  readonly dynamoEndpoint: string;
  readonly standInUrl: string;
  readonly tableName: string;
  readonly logLevel?: string;
}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: options.folder,
  AWS_REGION: 'ap-northeast-1',
  // DynamoDB Local keeps tables per access key: the one the tests' and the bench's own clients use.
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
  AWS_ENDPOINT_URL_SNS: options.standInUrl,
  AWS_ENDPOINT_URL_SCHEDULER: options.standInUrl,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: options.standInUrl,
  AWS_ENDPOINT_URL_EVENTBRIDGE: options.standInUrl,
  POWERTOOLS_SERVICE_NAME: options.service,
  POWERTOOLS_METRICS_NAMESPACE: 'AlertRouter',
  POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
  ROUTER_CONFIG_FILE: 'config.json',
  TABLE_NAME: options.tableName,
  EVENT_BUS_NAME: 'alert-router-hub',
  TOPIC_ARN_PREFIX,
  SCHEDULE_GROUP: 'alert-router',
  ESCALATE_FUNCTION_ARN: 'arn:aws:lambda:ap-northeast-1:000000000000:function:alert-router-escalate',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
  ESCALATION_DLQ_ARN: 'arn:aws:sqs:ap-northeast-1:000000000000:escalations-dlq',
  ACK_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:ack',
  ACK_BASE_URL: 'https://ack.example.jp/',
});

/**
 * Run by the fresh `node` in the bundle's folder: notes when the import starts, imports `index.mjs`, invokes its
 * handler with the event of argv[1], and prints both on lines of their own.
 */
const INVOKE = `
const importStartedAt = performance.timeOrigin + performance.now();
const { handler } = await import('./index.mjs');
const context = { functionName: 'alert-router-route', awsRequestId: 'request-1', invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:0:function:alert-router-route', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 30000 };
const result = await handler(JSON.parse(process.argv[1]), context);
process.stdout.write('\\nIMPORT_STARTED_AT ' + importStartedAt + '\\nRESULT ' + JSON.stringify(result) + '\\n');
`;

export type Invocation = {
  /** What the handler returned. */
  readonly result: unknown;
  /** The process's stdout and stderr, for failure messages. */
  readonly output: string;
  /** Just before the process was started ({@link epochNow}). */
  readonly spawnedAt: number;
  /** Just before the child started importing the bundle (the child's {@link epochNow}). */
  readonly importStartedAt: number;
};

/** Imports `folder/index.mjs` in a fresh `node` with only `env`, and invokes its handler once with `event`. */
export const invokeInFreshNode = async (
  folder: string,
  event: unknown,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Invocation> => {
  const spawnedAt = epochNow();
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', INVOKE, JSON.stringify(event)],
    { cwd: folder, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
  );
  const output = `${stdout}\n${stderr}`;
  const field = (name: string) => {
    const line = stdout.split('\n').find((text) => text.startsWith(`${name} `));
    if (line === undefined) throw new Error(`the handler printed no ${name}:\n${output}`);
    return line.slice(name.length + 1);
  };
  return {
    result: JSON.parse(field('RESULT')),
    output,
    spawnedAt,
    importStartedAt: Number(field('IMPORT_STARTED_AT')),
  };
};
