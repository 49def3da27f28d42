import { SNSClient } from '@aws-sdk/client-sns';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.js';
import type { Incident } from '../../shared/incident.js';
import type { Notifier } from '../../shared/ports.js';
import { renderNotification } from '../../shared/render/index.js';
import { aConfig } from '../helpers/config.js';
import { aDelivery, anIncident } from '../helpers/incidents.js';

// Delivery through a local SNS emulator (fauxqs, in this process, on 127.0.0.1 and a free port): the message
// attributes the notifier sets are what subscription filter policies match on, so a subscriber that filters
// on `asp` receives that ASP's notifications and no other's (DESIGN §7). fauxqs fans out to SQS queues only
// and hands them the whole JSON message (it does not pick the per-protocol `sqs`/`default` key as SNS does),
// so this checks filtering and attributes; the message structure is checked in test/unit/adapters.

const REGION = 'ap-northeast-1';
const TOPIC = 'alert-router-team-oncall';
const config = aConfig();

/** A team page about a HIGH GuardDuty finding on `account`, rendered as the pipeline renders it. */
const pageAbout = (account: string, severity: Incident['severity'] = 'HIGH') => {
  const incident = anIncident({
    fingerprint: `guardduty:${account}:ap-northeast-1:finding-${severity}`,
    accounts: [account],
    severity,
  });
  return renderNotification(aDelivery({}, incident), incident, config);
};

let server: FauxqsServer;
let notifier: Notifier;

/** What one queue received: each SNS envelope's message attributes, as name → value. */
const received = (queue: string): Record<string, string>[] =>
  (server.inspectQueue(queue)?.messages.ready ?? []).map((message) => {
    const envelope = JSON.parse(message.body) as {
      MessageAttributes?: Record<string, { Type: string; Value: string }>;
    };
    return Object.fromEntries(
      Object.entries(envelope.MessageAttributes ?? {}).map(([name, attribute]) => [name, attribute.Value]),
    );
  });

beforeAll(async () => {
  server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, defaultRegion: REGION });
  const { topicArn } = server.createTopic(TOPIC, { region: REGION });
  const subscribe = (queue: string, filterPolicy?: object) => {
    server.createQueue(queue, { region: REGION });
    server.subscribe({
      topic: TOPIC,
      queue,
      region: REGION,
      ...(filterPolicy ? { attributes: { FilterPolicy: JSON.stringify(filterPolicy) } } : {}),
    });
  };
  subscribe('everything');
  subscribe('asp-a-feed', { asp: ['asp-a'] });
  subscribe('asp-b-feed', { asp: ['asp-b'] });
  subscribe('asp-a-critical', { asp: ['asp-a'], severity: ['CRITICAL'] });
  notifier = createSnsNotifier({
    client: new SNSClient({
      region: REGION,
      endpoint: `http://127.0.0.1:${server.port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    topicArnFor: (receiver) => (receiver === 'team-oncall' ? topicArn : undefined),
  });
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  server.reset();
});

describe('SNS subscription filter policies on the notifier’s message attributes', () => {
  it('delivers to a subscription filtering on `asp` only the notifications about that ASP’s accounts', async () => {
    // Act: pages about asp-a's 111111111111 and asp-b's 222222222222.
    await notifier.send(pageAbout('111111111111'));
    await notifier.send(pageAbout('222222222222'));

    // Assess
    expect(received('asp-a-feed').map((attributes) => attributes.asp)).toEqual(['asp-a']);
    expect(received('asp-a-feed')[0]).toMatchObject({ account: '111111111111', receiver: 'team-oncall' });
    expect(received('asp-b-feed').map((attributes) => attributes.asp)).toEqual(['asp-b']);
    expect(received('everything').map((attributes) => attributes.asp)).toEqual(['asp-a', 'asp-b']);
  });

  it('combines attributes: `asp` and `severity` together select CRITICAL pages of that ASP only', async () => {
    // Act
    await notifier.send(pageAbout('111111111111', 'HIGH'));
    await notifier.send(pageAbout('111111111111', 'CRITICAL'));
    await notifier.send(pageAbout('222222222222', 'CRITICAL'));

    // Assess
    expect(received('asp-a-critical')).toHaveLength(1);
    expect(received('asp-a-critical')[0]).toMatchObject({ asp: 'asp-a', severity: 'CRITICAL' });
    expect(received('asp-a-feed')).toHaveLength(2);
  });
});
