import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  KMSDisabledException,
  KMSThrottlingException,
  NotFoundException,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnsNotifier } from '../../../shared/adapters/aws/sns-notifier.js';
import { AdapterError } from '../../../shared/errors.js';
import type { Delivery, Incident } from '../../../shared/incident.js';
import type { Notification } from '../../../shared/ports.js';
import { smsPayload } from '../../../shared/render/channels/index.js';
import { renderNotification } from '../../../shared/render/index.js';
import { aConfig } from '../../helpers/config.js';
import { aDelivery, aHealthIncident, anIncident } from '../../helpers/incidents.js';

// The example registry: 111111111111 aoba-juki-prod (asp-a, [city-aoba]); 222222222222 kyodo-zeimu-prod
// (asp-b, [city-sakura, town-midori]); team levels team-oncall, team-lead.
const config = aConfig();

const TOPICS: Record<string, string> = {
  'team-oncall': 'arn:aws:sns:ap-northeast-1:999999999999:alert-router-team-oncall',
  'asp-a': 'arn:aws:sns:ap-northeast-1:999999999999:alert-router-asp-a',
  'city-sakura': 'arn:aws:sns:ap-northeast-1:999999999999:alert-router-city-sakura',
};

/** A notification the real renderer makes for `receiver`, with the audience the registry gives it. */
const rendered = (receiver: string, incident: Incident = anIncident(), overrides: Partial<Delivery> = {}) => {
  const audience = config.receiversById.get(receiver)?.audience;
  if (audience === undefined) throw new Error(`not in the registry: ${receiver}`);
  return renderNotification(aDelivery({ receiver, audience, ...overrides }, incident), incident, config);
};

const sns = mockClient(SNSClient);
const notifier = () => createSnsNotifier({ client: new SNSClient({}), topicArnFor: (id) => TOPICS[id] });

/** The one Publish request the notifier sent. */
const published = (): PublishCommandInput => {
  const calls = sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};

const messageOf = (input: PublishCommandInput): Record<string, string> => JSON.parse(input.Message ?? '');

const attributesOf = (input: PublishCommandInput): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => {
      expect(value.DataType).toBe('String');
      return [name, value.StringValue];
    }),
  );

/** The error a failed send rejects with. */
const failure = async (notification: Notification): Promise<AdapterError> => {
  const error = await notifier()
    .send(notification)
    .then(
      () => undefined,
      (reason: unknown) => reason,
    );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

afterEach(() => {
  sns.reset();
});

describe('publishing a notification to its receiver’s topic', () => {
  it('publishes a team page to the team topic as JSON with an email, an SMS and a default form', async () => {
    // Prepare
    const notification = rendered('team-oncall');

    // Act
    await notifier().send(notification);

    // Assess
    const input = published();
    expect(input.TopicArn).toBe(TOPICS['team-oncall']);
    expect(input.MessageStructure).toBe('json');
    expect(input.Subject).toBe(notification.subject);
    expect([...(input.Subject ?? '')].length).toBeLessThanOrEqual(99);
    const message = messageOf(input);
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'sms']);
    expect(message.email).toBe(notification.body);
    // The short form; a team page adds its acknowledge link (issue 14: on every channel).
    expect(message.sms).toBe(smsPayload(notification).text);
    expect(message.sms?.startsWith(notification.short)).toBe(true);
    expect(message.default).toBe(`${notification.subject}\n\n${notification.body}`);
    expect(message.email).toContain('aoba-juki-prod (111111111111)');
  });

  it('sets the renderer’s facts and the incident id as String attributes for filter policies', async () => {
    // Prepare
    const incident = anIncident({ severity: 'CRITICAL' });
    const notification = rendered('team-oncall', incident);

    // Act
    await notifier().send(notification);

    // Assess
    expect(attributesOf(published())).toEqual({
      incident: incident.id,
      audience: 'team',
      receiver: 'team-oncall',
      severity: 'CRITICAL',
      source: 'guardduty',
      kind: 'trigger',
      account: '111111111111',
      asp: 'asp-a',
    });
  });

  it('publishes an ASP’s notification to that ASP’s topic, tagged with its audience and ASP', async () => {
    // Act
    await notifier().send(rendered('asp-a'));

    // Assess
    const input = published();
    expect(input.TopicArn).toBe(TOPICS['asp-a']);
    expect(attributesOf(input)).toMatchObject({ audience: 'asp', receiver: 'asp-a', asp: 'asp-a' });
  });

  it('publishes a municipality’s outage notice to its topic, in Japanese, with its short form for SMS', async () => {
    // Prepare
    const outage = aHealthIncident(['222222222222']);
    const notification = rendered('city-sakura', outage);

    // Act
    await notifier().send(notification);

    // Assess
    const input = published();
    expect(input.TopicArn).toBe(TOPICS['city-sakura']);
    expect(messageOf(input).sms).toBe(notification.short);
    expect(messageOf(input).email).toContain('桜川市');
    expect(attributesOf(input)).toMatchObject({
      audience: 'municipality',
      receiver: 'city-sakura',
      severity: 'HIGH',
      source: 'health',
      account: '222222222222',
      asp: 'asp-b',
    });
  });

  it('leaves out empty attribute values, which SNS rejects', async () => {
    // Prepare
    const notification = rendered('team-oncall');

    // Act
    await notifier().send({ ...notification, attributes: { ...notification.attributes, asp: '' } });

    // Assess
    const attributes = attributesOf(published());
    expect(attributes).not.toHaveProperty('asp');
    expect(attributes).toHaveProperty('severity', 'HIGH');
  });
});

describe('the subject SNS accepts', () => {
  it.each([
    ['a subject of 150 characters', 'A'.repeat(150), `${'A'.repeat(98)}…`],
    ['line breaks', 'first line\r\nsecond\u2028third', 'first line second third'],
    ['control characters', 'tab\there\u0007bell', 'tab here bell'],
    ['Japanese that is too long', '重'.repeat(120), `${'重'.repeat(98)}…`],
    ['an emoji across the cut', `${'a'.repeat(97)}🚨🚨`, `${'a'.repeat(97)}…`],
  ])('makes %s safe and shorter than 100 characters', async (_case, subject, expected) => {
    // Act
    await notifier().send({ ...rendered('team-oncall'), subject });

    // Assess
    const sent = published().Subject ?? '';
    expect(sent).toBe(expected);
    expect(sent.length).toBeLessThanOrEqual(99);
    expect(sent).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
  });

  it('keeps the renderer’s subject as it is when it already fits', async () => {
    // Prepare
    const notification = rendered('team-oncall');

    // Act
    await notifier().send(notification);

    // Assess
    expect(published().Subject).toBe(notification.subject);
  });
});

describe('the 256 KB message limit', () => {
  const LIMIT = 262_144;
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

  it('shortens an oversized body with a note, keeping its head and its last lines, instead of failing', async () => {
    // Prepare: a Health outage on very many accounts makes a long team message.
    const notification = rendered('team-oncall');
    const lines = notification.body.split('\n');
    const huge = [
      lines[0],
      ...Array.from({ length: 6_000 }, (_, i) => `アカウント: 影響を受けたアカウント ${i}`),
      ...lines.slice(-4),
    ].join('\n');
    expect(bytes(huge)).toBeGreaterThan(LIMIT);

    // Act
    await notifier().send({ ...notification, body: huge });

    // Assess
    const input = published();
    const attributeBytes = Object.entries(input.MessageAttributes ?? {}).reduce(
      (sum, [name, value]) =>
        sum + bytes(name) + bytes(value.DataType ?? '') + bytes(value.StringValue ?? ''),
      0,
    );
    expect(bytes(input.Message ?? '') + attributeBytes).toBeLessThanOrEqual(LIMIT);
    const { email, default: fallback, sms } = messageOf(input);
    expect(email).toContain('本文の一部を省略しました');
    expect(email).toContain(notification.incidentId);
    expect(email?.startsWith(`${lines[0]}\n`)).toBe(true);
    expect(email?.endsWith(lines.slice(-4).join('\n'))).toBe(true);
    expect(bytes(email ?? '')).toBeGreaterThan(100_000);
    expect(fallback).toBe(`${notification.subject}\n\n${email}`);
    expect(sms).toBe(smsPayload(notification).text);
  });

  it('writes the note in English for an English reader', async () => {
    // Prepare
    const notification = { ...rendered('team-oncall'), language: 'en' as const };

    // Act
    await notifier().send({
      ...notification,
      body: `${'x'.repeat(200_000)}\n${'y'.repeat(200_000)}\nlast line`,
    });

    // Assess
    expect(messageOf(published()).email).toContain('shortened to fit the SNS limit of 256 KB');
  });

  it('leaves a body under the limit untouched', async () => {
    // Prepare
    const notification = rendered('team-oncall');
    const body = 'x'.repeat(100_000);

    // Act
    await notifier().send({ ...notification, body });

    // Assess
    expect(messageOf(published()).email).toBe(body);
  });
});

describe('failures', () => {
  it('refuses a receiver with no topic, naming it, as a non-retryable error, without calling SNS', async () => {
    // Prepare
    const notification = rendered('team-lead');

    // Act
    const error = await failure(notification);

    // Assess
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('"team-lead"');
    expect(error.message).toContain(notification.incidentId);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  const $metadata = { httpStatusCode: 400 };
  it.each([
    ['throttling', new ThrottledException({ message: 'Rate exceeded', $metadata }), true],
    [
      'a server fault',
      new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }),
      true,
    ],
    ['KMS throttling', new KMSThrottlingException({ message: 'KMS throttled', $metadata }), true],
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), true],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['an authorization error', new AuthorizationErrorException({ message: 'not allowed', $metadata }), false],
    ['invalid parameters', new InvalidParameterException({ message: 'Invalid parameter', $metadata }), false],
    ['a deleted topic', new NotFoundException({ message: 'Topic does not exist', $metadata }), false],
    ['a disabled KMS key', new KMSDisabledException({ message: 'key disabled', $metadata }), false],
    ['a bug', new TypeError('undefined is not a function'), false],
  ])('turns %s into an AdapterError (retryable: %s) that keeps the SDK error as its cause', async (_case, sdkError, retryable) => {
    // Prepare
    sns.on(PublishCommand).rejects(sdkError);
    const notification = rendered('asp-a');

    // Act
    const error = await failure(notification);

    // Assess
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toBe(sdkError);
    expect(error.message).toContain('"asp-a"');
    expect(error.message).toContain(sdkError.message);
    expect(error.message).not.toContain(notification.body);
  });
});
