import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { monthOfEvent } from '../../functions/monthly-report/handler.js';
import {
  createDynamoIncidentStore,
  createIncidentTable,
} from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.js';
import { AdapterError } from '../../shared/errors.js';
import type { Incident } from '../../shared/incident.js';
import { REPORT_CLAIM_LEASE_MS, sendMonthlyReports } from '../../shared/pipeline/monthly-report.js';
import type { Notification, Notifier } from '../../shared/ports.js';
import { aConfig, exampleConfigObject } from '../helpers/config.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';
import { anIncident, aSubject } from '../helpers/incidents.js';

/**
 * The scheduled monthly report (issue 16) against DynamoDB Local and a stand-in SNS (aws-sdk-client-mock behind the
 * real SNS notifier): each receiver gets one summary of its own month, whatever runs again or dies on the way.
 */
let local: Awaited<ReturnType<typeof connectDynamoLocal>>;
beforeAll(async () => {
  local = await connectDynamoLocal();
}, DYNAMO_LOCAL_STARTUP_MS);
afterAll(() => local?.client.destroy());

const sns = mockClient(SNSClient);
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

const TOPIC_PREFIX = 'arn:aws:sns:ap-northeast-1:999999999999:alert-router-';
const config = aConfig();
/** 2026-12-01 09:00 JST: the schedule's time; the month reported is November. */
const DECEMBER_FIRST = Date.parse('2026-12-01T00:00:00.000Z');
const RECEIVERS = [...config.receiversById.keys()];

/** A November incident of one account, with a title that says whose it is. */
const november = (key: string, account: string, day: string): Incident =>
  anIncident({
    fingerprint: `guardduty:${account}:ap-northeast-1:${key}`,
    accounts: [account],
    firstSeen: `2026-11-${day}T01:00:00.000Z`,
    lastSeen: `2026-11-${day}T01:00:00.000Z`,
    subject: aSubject({ title: `title-of-${key}` }),
  });

const aSetup = async (withConfig = config) => {
  const tableName = aTableName();
  await createIncidentTable(local.client, tableName);
  const store = createDynamoIncidentStore({ client: local.documentClient, tableName });
  // asp-a: two incidents (account 111111111111); asp-b: one (222222222222); asp-c: none.
  for (const incident of [
    november('a-first', '111111111111', '03'),
    november('a-second', '111111111111', '10'),
    november('b-only', '222222222222', '20'),
  ]) {
    expect(await store.save(incident, 0, [])).toBe('saved');
  }
  let now = DECEMBER_FIRST;
  const notifier = createSnsNotifier({
    client: new SNSClient({}),
    topicArnFor: (id) => `${TOPIC_PREFIX}${id}`,
  });
  const ports = (overrides: { notifier?: Notifier } = {}) => ({
    store,
    notifier: overrides.notifier ?? notifier,
    config: withConfig,
    clock: { now: () => now },
  });
  return {
    store,
    tableName,
    ports,
    later: (ms: number) => {
      now += ms;
    },
  };
};

const published = (): PublishCommandInput[] =>
  sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
const toReceiver = (id: string) => published().filter((input) => input.TopicArn === `${TOPIC_PREFIX}${id}`);
const textOf = (input: PublishCommandInput) => `${input.Subject ?? ''}\n${input.Message ?? ''}`;

describe('monthly report function: one summary per receiver, its own numbers only', () => {
  it('sends every receiver one summary of the previous JST month, and a second run sends nothing', async () => {
    const { ports } = await aSetup();

    const first = await sendMonthlyReports(ports(), { consoleUrl: 'https://console.example.jp' });
    const second = await sendMonthlyReports(ports(), { consoleUrl: 'https://console.example.jp' });

    expect(first.month).toBe('2026-11');
    expect(first.sends.map((send) => send.result)).toEqual(RECEIVERS.map(() => 'sent'));
    expect(second.sends.map((send) => send.result)).toEqual(RECEIVERS.map(() => 'already-sent'));
    for (const receiver of RECEIVERS) expect(toReceiver(receiver), receiver).toHaveLength(1);
    expect(published()).toHaveLength(RECEIVERS.length);
    // With the console deployed, the summary links to the month's report page.
    expect(textOf(toReceiver('asp-a')[0] as PublishCommandInput)).toContain(
      'https://console.example.jp/reports/2026-11',
    );
  });

  it("gives each ASP its own count and nothing of another ASP's incidents", async () => {
    const { ports } = await aSetup();

    await sendMonthlyReports(ports());

    const aspA = textOf(toReceiver('asp-a')[0] as PublishCommandInput);
    const aspB = textOf(toReceiver('asp-b')[0] as PublishCommandInput);
    const team = textOf(toReceiver('team-oncall')[0] as PublishCommandInput);
    expect(aspA).toMatch(/インシデント 2件/);
    expect(aspB).toMatch(/インシデント 1件/);
    expect(team).toMatch(/インシデント 3件/);
    for (const [text, foreign] of [
      [aspA, ['b-only', '222222222222', 'kyodo-zeimu-prod']],
      [aspB, ['a-first', 'a-second', '111111111111', 'aoba-juki-prod']],
    ] as const) {
      for (const word of foreign) expect(text).not.toContain(word);
    }
    const [message] = toReceiver('asp-a');
    expect(message?.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'report' });
  });

  it('reports the month the event names, and refuses a malformed one naming it', async () => {
    const { ports } = await aSetup();

    const run = await sendMonthlyReports(ports(), { month: monthOfEvent({ month: '2026-10' }) });

    expect(run.month).toBe('2026-10');
    expect(textOf(toReceiver('asp-a')[0] as PublishCommandInput)).toMatch(/インシデント 0件/);
    expect(() => monthOfEvent({ month: '2026-1' })).toThrow(/event\.month must be YYYY-MM, got "2026-1"/);
    expect(monthOfEvent({})).toBeUndefined();
  });

  it('loses no summary when a run dies between claim and send: a run after the lease sends it, once', async () => {
    const { ports, later, store, tableName } = await aSetup();
    const real = ports().notifier;
    const dying: Notifier = {
      send: async (notification) => {
        if (notification.receiver === 'asp-b') throw new Error('simulated crash before Publish');
        await real.send(notification);
      },
    };

    // The first run: asp-b claimed, never sent; the run fails so the schedule retries it.
    await expect(sendMonthlyReports(ports({ notifier: dying }))).rejects.toThrow(AdapterError);
    const claim = await local.documentClient.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'REPORT#2026-11', sk: 'RECEIVER#asp-b' } }),
    );
    expect(claim.Item).toMatchObject({ state: 'sending', claimedAt: DECEMBER_FIRST });
    expect(toReceiver('asp-b')).toHaveLength(0);

    // A retry within the lease leaves the claim alone (its run may still be alive) and fails again.
    later(60_000);
    await expect(sendMonthlyReports(ports())).rejects.toThrow(/asp-b: in-progress/);
    expect(toReceiver('asp-b')).toHaveLength(0);

    // After the lease: asp-b's summary goes out, nobody else's again.
    later(REPORT_CLAIM_LEASE_MS);
    const last = await sendMonthlyReports(ports());
    expect(last.sends.filter((send) => send.result === 'sent')).toEqual([
      { receiver: 'asp-b', result: 'sent' },
    ]);
    for (const receiver of RECEIVERS) expect(toReceiver(receiver), receiver).toHaveLength(1);
    expect(await store.claimReport('2026-11', 'asp-b', DECEMBER_FIRST, 0)).toMatchObject({ state: 'sent' });
  });
});

describe('monthly report on webhooks: one claim per transport', () => {
  const SLACK_SECRET = 'alert-router/asp-a-slack';
  /** The example registry with a Slack webhook for asp-a beside its email (events/config.channels.example.yaml). */
  const withSlack = aConfig({
    receivers: {
      ...(exampleConfigObject().receivers as Record<string, unknown>),
      'asp-a': { channels: ['email', { slack: { secret: SLACK_SECRET } }] },
    },
  });

  it('sends a failed webhook summary alone after the lease, never the topic summary twice', async () => {
    const { ports, later } = await aSetup(withSlack);
    const topic = ports().notifier;
    /** Webhook summaries the stand-in took; the first `failing` sends throw, as an unreachable Slack would. */
    const webhooks: Notification[] = [];
    let failing = 1;
    const notifier: Notifier = {
      send: async (notification) => {
        if (notification.channel === undefined) return topic.send(notification);
        if (notification.channel === 'slack' && failing-- > 0) throw new Error('simulated Slack outage');
        webhooks.push(notification);
      },
    };
    const topicSummaries = () => published().length;

    // First run: every topic summary goes out; asp-a's Slack send fails, so the run fails (retryable).
    const first = await sendMonthlyReports(ports({ notifier })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(first).toBeInstanceOf(AdapterError);
    expect((first as AdapterError).retryable).toBe(true);
    expect((first as AdapterError).message).toContain('asp-a~slack: failed');
    expect(toReceiver('asp-a')).toHaveLength(1);
    expect(topicSummaries()).toBe(RECEIVERS.length);
    expect(webhooks).toEqual([]);

    // After the lease: the Slack summary alone, nothing on any topic again.
    later(REPORT_CLAIM_LEASE_MS + 1_000);
    const second = await sendMonthlyReports(ports({ notifier }));
    expect(second.sends.filter((send) => send.result !== 'already-sent')).toEqual([
      { receiver: 'asp-a~slack', result: 'sent' },
    ]);
    expect(webhooks.map((n) => [n.deliveryId, n.channel, n.secret, n.receiver])).toEqual([
      ['REPORT-2026-11/asp-a~slack', 'slack', SLACK_SECRET, 'asp-a'],
    ]);
    expect(topicSummaries()).toBe(RECEIVERS.length);

    // Third run: everything is marked sent, nothing goes anywhere.
    later(REPORT_CLAIM_LEASE_MS + 1_000);
    const third = await sendMonthlyReports(ports({ notifier }));
    expect(third.sends.map((send) => send.result)).toEqual(third.sends.map(() => 'already-sent'));
    expect(third.sends.map((send) => send.receiver)).toContain('asp-a~slack');
    expect(webhooks).toHaveLength(1);
    expect(topicSummaries()).toBe(RECEIVERS.length);
  });
});
