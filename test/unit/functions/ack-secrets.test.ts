import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ackSecrets, readEnvironment } from '../../../functions/aws-ports.js';
import { ACK_LINK_TTL_DEFAULT } from '../../../shared/ack-token.js';
import { parseDuration } from '../../../shared/config/duration.js';

/** The secrets an acknowledge link is checked against (issue 18 #9), at the Secrets Manager SDK boundary. */
const ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:AckSecret-abc';
const CURRENT = 'the-current-secret-of-at-least-thirty-two-chars';
const PREVIOUS = 'the-previous-secret-of-at-least-thirty-two-chars';
const env = readEnvironment({
  TABLE_NAME: 'incidents',
  EVENT_BUS_NAME: 'alert-router-hub',
  TOPIC_ARN_PREFIX: 'arn:aws:sns:ap-northeast-1:123456789012:alert-router-',
  SCHEDULE_GROUP: 'alert-router-escalations',
  ESCALATE_FUNCTION_ARN: 'arn:aws:lambda:ap-northeast-1:123456789012:function:alert-router-escalate',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  ESCALATION_DLQ_ARN: 'arn:aws:sqs:ap-northeast-1:123456789012:dlq',
  ACK_SECRET_ARN: ARN,
});
const secretsManager = mockClient(SecretsManagerClient);
const providers = () => ({ current: new SecretsProvider(), previous: new SecretsProvider() });

afterEach(() => secretsManager.reset());

describe('ackSecrets', () => {
  it('returns AWSCURRENT then AWSPREVIOUS after a rotation', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: ARN })
      .resolves({ SecretString: CURRENT })
      .on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' })
      .resolves({ SecretString: PREVIOUS });

    expect(await ackSecrets(env, providers())).toEqual([CURRENT, PREVIOUS]);
  });

  it('returns AWSCURRENT alone for a secret never rotated, and remembers that for the cache period', async () => {
    const both = providers();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: ARN })
      .resolves({ SecretString: CURRENT })
      .on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' })
      .rejects(new ResourceNotFoundException({ message: 'no AWSPREVIOUS', $metadata: {} }));

    expect(await ackSecrets(env, both)).toEqual([CURRENT]);
    expect(await ackSecrets(env, both)).toEqual([CURRENT]);
    // One call per version on the first invocation, none on the second (both answers are cached).
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('fails on any other error of the previous version (it is not silently dropped)', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: ARN })
      .resolves({ SecretString: CURRENT })
      .on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPREVIOUS' })
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    await expect(ackSecrets(env, providers())).rejects.toThrow(/slow down/);
  });

  it('refuses a current secret shorter than 32 characters', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'short' });

    await expect(ackSecrets(env, providers())).rejects.toThrow(/at least 32 characters/);
  });
});

describe('link lifetime (issue 18 #2)', () => {
  it('defaults to 12 hours: a night and a morning shift, half the exposure of a leaked link', () => {
    expect(ACK_LINK_TTL_DEFAULT).toBe('12h');
    expect(parseDuration(env.ACK_LINK_TTL)).toBe(12 * 3600 * 1000);
  });
});
