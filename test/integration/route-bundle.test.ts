import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lambdaBuildOptions } from '../../infra/lambda/bundle-options.js';
import { createIncidentTable } from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';
import { anSqsBatch } from '../helpers/lambda.js';

/**
 * The route function as Lambda runs it: the handler bundled with the stack's own esbuild options (minified, no
 * kept class names, the environment credential provider only), imported in a fresh `node`, wired by its
 * environment alone. DynamoDB is DynamoDB Local; Secrets Manager, SNS and Scheduler are a stand-in HTTP endpoint
 * that answers as those services do and records what it was asked (`AWS_ENDPOINT_URL_<SERVICE>`).
 */

type Request = {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly body: string;
};

const ACK_SECRET = 'a-test-secret-of-at-least-32-characters';
const TOPIC_ARN_PREFIX = 'arn:aws:sns:ap-northeast-1:000000000000:alert-router-';

/** Answers one request as the service it is meant for would (only the fields the SDK reads). */
const answer = (request: Request, response: ServerResponse) => {
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

const standInAws = async () => {
  const requests: Request[] = [];
  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        target: String(incoming.headers['x-amz-target'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
};

/** Imports the bundle in a fresh `node` and invokes its handler with `event`; returns what the handler returned. */
const INVOKE = `
const { handler } = await import('./index.mjs');
const context = { functionName: 'alert-router-route', awsRequestId: 'request-1', invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:0:function:alert-router-route', memoryLimitInMB: '512', getRemainingTimeInMillis: () => 30000 };
const result = await handler(JSON.parse(process.argv[1]), context);
process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');
`;

describe('the bundled route function (as synth packages it)', () => {
  let folder = '';
  let aws: Awaited<ReturnType<typeof standInAws>>;
  let dynamo: Awaited<ReturnType<typeof connectDynamoLocal>>;
  const table = aTableName('bundle');

  beforeAll(async () => {
    dynamo = await connectDynamoLocal();
    await createIncidentTable(dynamo.client, table);
    aws = await standInAws();
    folder = mkdtempSync(join(tmpdir(), 'alert-router-bundle-'));
    await build({
      ...lambdaBuildOptions(),
      entryPoints: ['functions/route/handler.ts'],
      // The Node this test runs on (Lambda's is newer; the stack targets that).
      target: `node${process.versions.node.split('.')[0]}`,
      outfile: join(folder, 'index.mjs'),
      logLevel: 'silent',
    });
    // The config as synth writes it beside the handler: the example file, as JSON.
    const config = parse(readFileSync('events/config.example.yaml', 'utf8'));
    writeFileSync(join(folder, 'config.json'), JSON.stringify(config));
  }, DYNAMO_LOCAL_STARTUP_MS + 30_000);

  afterAll(() => {
    aws?.close();
    if (folder !== '') rmSync(folder, { recursive: true, force: true });
  });

  const invoke = async (event: unknown) => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '--no-warnings', '-e', INVOKE, JSON.stringify(event)],
      {
        cwd: folder,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: folder,
          AWS_REGION: 'ap-northeast-1',
          // DynamoDB Local keeps tables per access key: the one the test's own client uses.
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
          AWS_ENDPOINT_URL_SNS: aws.url,
          AWS_ENDPOINT_URL_SCHEDULER: aws.url,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
          AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
          POWERTOOLS_SERVICE_NAME: 'alert-router-route',
          POWERTOOLS_METRICS_NAMESPACE: 'AlertRouter',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          ROUTER_CONFIG_FILE: 'config.json',
          TABLE_NAME: table,
          EVENT_BUS_NAME: 'alert-router-hub',
          TOPIC_ARN_PREFIX,
          SCHEDULE_GROUP: 'alert-router',
          ESCALATE_FUNCTION_ARN: 'arn:aws:lambda:ap-northeast-1:000000000000:function:alert-router-escalate',
          SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
          ESCALATION_DLQ_ARN: 'arn:aws:sqs:ap-northeast-1:000000000000:escalations-dlq',
          ACK_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:ack',
          ACK_BASE_URL: 'https://ack.example.jp/',
        },
        timeout: 30_000,
      },
    );
    const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
    if (line === undefined) throw new Error(`the handler printed no result:\n${stdout}`);
    return { result: JSON.parse(line.slice('RESULT '.length)), stdout: `${stdout}\n${stderr}` };
  };

  const publishes = () =>
    aws.requests
      .map((request) => new URLSearchParams(request.body))
      .filter((form) => form.get('Action') === 'Publish');

  it('routes a finding end to end, and fails only the record that is not an event', async () => {
    const finding = JSON.parse(readFileSync('events/guardduty/critical-attack-sequence.json', 'utf8'));
    const batch = anSqsBatch([finding, { raw: 'not json' }]);

    const { result, stdout } = await invoke(batch);

    expect(result, stdout).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(stdout).toContain('the message body is not JSON');
    const topics = publishes().map((form) => form.get('TopicArn'));
    expect(topics).toContain(`${TOPIC_ARN_PREFIX}team-oncall`);
    const teamPage = publishes().find((form) => form.get('TopicArn') === `${TOPIC_ARN_PREFIX}team-oncall`);
    // A Japanese page with a signed acknowledge link (the secret came from Secrets Manager).
    expect(teamPage?.get('Message')).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
    expect(teamPage?.get('Message')).toContain('https://ack.example.jp/?t=');
    // The escalation timer: a one-time schedule in the router's group, named after the incident.
    const schedule = aws.requests.find((request) => request.url.startsWith('/schedules/INC-'));
    expect(schedule?.method).toBe('POST');
    expect(JSON.parse(schedule?.body ?? '{}')).toMatchObject({ GroupName: 'alert-router' });
    const items = await dynamo.client.send(new ScanCommand({ TableName: table }));
    expect(items.Count).toBeGreaterThan(0);
    // The lifecycle event: `Incident Opened` on the hub bus, source alert-router.
    const put = aws.requests.find((request) => request.target === 'AWSEvents.PutEvents');
    expect(JSON.parse(put?.body ?? '{}').Entries?.[0]).toMatchObject({
      Source: 'alert-router',
      DetailType: 'Incident Opened',
      EventBusName: 'alert-router-hub',
    });
  }, 60_000);

  it('sends nothing for the same event delivered again (the duplicate is found in DynamoDB)', async () => {
    const finding = JSON.parse(readFileSync('events/guardduty/critical-attack-sequence.json', 'utf8'));
    const before = publishes().length;
    expect(before).toBeGreaterThan(0);

    const { result } = await invoke(anSqsBatch([finding]));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(publishes().length).toBe(before);
  }, 60_000);
});
