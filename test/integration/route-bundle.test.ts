import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lambdaBuildOptions } from '../../infra/lambda/bundle-options.js';
import { createIncidentTable } from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';
import { anSqsBatch } from '../helpers/lambda.js';
import {
  bundledFunctionEnvironment,
  invokeInFreshNode,
  type StandInAws,
  startStandInAws,
  TOPIC_ARN_PREFIX,
} from '../helpers/stand-in-aws.js';

/**
 * The route function as Lambda runs it: the handler bundled with the stack's own esbuild options (minified, no
 * kept class names, the environment credential provider only), imported in a fresh `node`, wired by its
 * environment alone. DynamoDB is DynamoDB Local; Secrets Manager, SNS, Scheduler and EventBridge are a stand-in
 * HTTP endpoint that answers as those services do and records what it was asked (test/helpers/stand-in-aws.ts).
 */

describe('the bundled route function (as synth packages it)', () => {
  let folder = '';
  let aws: StandInAws;
  let dynamo: Awaited<ReturnType<typeof connectDynamoLocal>>;
  const table = aTableName('bundle');

  beforeAll(async () => {
    dynamo = await connectDynamoLocal();
    await createIncidentTable(dynamo.client, table);
    aws = await startStandInAws();
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
    const env = bundledFunctionEnvironment({
      folder,
      service: 'alert-router-route',
      dynamoEndpoint: dynamo.endpoint,
      standInUrl: aws.url,
      tableName: table,
    });
    const { result, output } = await invokeInFreshNode(folder, event, env);
    return { result, stdout: output };
  };

  const publishes = () => aws.publishes().map(({ form }) => form);

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
