import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnsNotifier } from '../../../shared/adapters/aws/sns-notifier.js';
import type { ReceiverChannel } from '../../../shared/config/channels.js';
import { AdapterError } from '../../../shared/errors.js';
import { renderNotification } from '../../../shared/render/index.js';
import { aConfig } from '../../helpers/config.js';
import { aDelivery, anIncident } from '../../helpers/incidents.js';

// Issue 14 (DESIGN §13): a receiver's email, SMS and Amazon Q chatbot ride one publish. The `https` key (the custom
// notification, the only shape Amazon Q shows) is there only when the receiver lists `chatbot`.
const config = aConfig();
const TOPIC = 'arn:aws:sns:ap-northeast-1:999999999999:alert-router-team-oncall';
const sns = mockClient(SNSClient);
const incident = anIncident();
const notification = renderNotification(
  aDelivery({ receiver: 'team-oncall', audience: 'team' }, incident),
  incident,
  config,
);

const publishWith = async (channels: readonly ReceiverChannel[]): Promise<PublishCommandInput> => {
  await createSnsNotifier({
    client: new SNSClient({}),
    topicArnFor: () => TOPIC,
    channelsFor: () => channels,
  }).send(notification);
  const calls = sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};
const keysOf = (input: PublishCommandInput) => Object.keys(JSON.parse(input.Message ?? '{}')).sort();

beforeEach(() => sns.on(PublishCommand).resolves({ MessageId: 'm-1' }));
afterEach(() => sns.reset());

describe('the SNS publish per receiver channels', () => {
  it.each<[string, readonly ReceiverChannel[], string[]]>([
    ['email only (the default)', [{ kind: 'email' }], ['default', 'email', 'sms']],
    ['email and SMS', [{ kind: 'email' }, { kind: 'sms' }], ['default', 'email', 'sms']],
    [
      'email, chatbot and a Slack webhook',
      [{ kind: 'email' }, { kind: 'chatbot' }, { kind: 'slack', secret: 's' }],
      ['default', 'email', 'https', 'sms'],
    ],
    [
      'chatbot alone',
      [{ kind: 'chatbot', slack: { workspaceId: 'T012', channelId: 'C012' } }],
      ['default', 'email', 'https', 'sms'],
    ],
  ])('with %s, publishes MessageStructure json with keys %j', async (_case, channels, keys) => {
    const input = await publishWith(channels);

    expect(input.MessageStructure).toBe('json');
    expect(keysOf(input)).toEqual(keys);
  });

  it('puts the Amazon Q custom notification under https: version 1.0, source custom, one thread per incident', async () => {
    const input = await publishWith([{ kind: 'email' }, { kind: 'chatbot' }]);

    const chatbot = JSON.parse(JSON.parse(input.Message ?? '{}').https);
    expect(chatbot).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
      metadata: { threadId: incident.id },
    });
  });

  it('keeps the default-config publish as it was: email only, the same default text', async () => {
    const input = await createSnsNotifier({ client: new SNSClient({}), topicArnFor: () => TOPIC })
      .send(notification)
      .then(() => sns.commandCalls(PublishCommand)[0]!.args[0].input);

    expect(keysOf(input)).toEqual(['default', 'email', 'sms']);
    expect(JSON.parse(input.Message ?? '{}').default).toBe(`${notification.subject}\n\n${notification.body}`);
  });

  it('refuses a webhook notification: it belongs to the webhook notifier', async () => {
    const error = await createSnsNotifier({ client: new SNSClient({}), topicArnFor: () => TOPIC })
      .send({ ...notification, channel: 'slack', secret: 's' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).retryable).toBe(false);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
