import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretWebhookUrls } from '../../../shared/adapters/aws/webhook-urls.js';
import { AdapterError } from '../../../shared/errors.js';

// Issue 14: a webhook URL is a credential; it lives in Secrets Manager, read by secret name and cached.
const SECRET = 'alert-router/team-slack';
const URL_VALUE = 'https://hooks.slack.com/services/T0000/B0000/XXXXsecretTOKENXXXX';
const secretsManager = mockClient(SecretsManagerClient);
const lookup = () => createSecretWebhookUrls({ provider: new SecretsProvider() });

afterEach(() => secretsManager.reset());

const failure = async (promise: Promise<unknown>): Promise<AdapterError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

describe('webhook URLs from Secrets Manager', () => {
  it.each([
    ['plain text', URL_VALUE],
    ['plain text with a trailing newline', `${URL_VALUE}\n`],
    ['JSON with a url field', JSON.stringify({ url: URL_VALUE })],
  ])('reads the URL from a secret holding it as %s', async (_form, value) => {
    secretsManager.on(GetSecretValueCommand, { SecretId: SECRET }).resolves({ SecretString: value });

    expect(await lookup()(SECRET)).toBe(URL_VALUE);
  });

  it('caches the URL: one GetSecretValue for many sends', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: URL_VALUE });
    const urlFor = lookup();

    await urlFor(SECRET);
    await urlFor(SECRET);
    await urlFor(SECRET);

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it.each([
    ['an http URL', 'http://hooks.example.jp/services/XXXXsecretTOKENXXXX'],
    ['not a URL', 'XXXXsecretTOKENXXXX'],
    ['JSON without a url', JSON.stringify({ webhook: 'XXXXsecretTOKENXXXX' })],
  ])('refuses a secret holding %s, without repeating the value', async (_case, value) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: value });

    const error = await failure(lookup()(SECRET));

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`secret "${SECRET}"`);
    expect(error.message).not.toContain('XXXXsecretTOKENXXXX');
  });

  it('says which secret could not be read: a missing secret needs a person, throttling is retried', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET })
      .rejects(
        new ResourceNotFoundException({
          message: "Secrets Manager can't find the specified secret.",
          $metadata: {},
        }),
      )
      .on(GetSecretValueCommand, { SecretId: 'busy' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const missing = await failure(lookup()(SECRET));
    const throttled = await failure(lookup()('busy'));

    expect(missing.message).toMatch(/webhook: secret "alert-router\/team-slack" could not be read/);
    expect(missing.retryable).toBe(false);
    expect(throttled.retryable).toBe(true);
  });
});
