import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { AdapterError } from '../../errors.js';
import { sdkError } from './sdk-error.js';

/** What the lookup needs: a Powertools provider (its cache is the lookup's), and how long a URL is kept. */
type SecretWebhookUrlsOptions = {
  readonly provider?: SecretsProvider;
  /** Seconds a URL is cached (default 300): a rotated webhook reaches every function within it. */
  readonly maxAgeSeconds?: number;
};

const DEFAULT_MAX_AGE_SECONDS = 300;

/**
 * Webhook URLs from AWS Secrets Manager, by secret name (DESIGN §13: `{slack: {secret: NAME}}`), through Powertools
 * (`SecretsProvider.get`, cached for `maxAgeSeconds`). The secret holds the URL as plain text, or JSON with a `url`
 * field. Only `https:` URLs are accepted. Errors name the secret and why, never its value.
 *
 * @example
 * ```ts
 * const urlFor = createSecretWebhookUrls();
 * const url = await urlFor('alert-router/team-slack');
 * ```
 */
const createSecretWebhookUrls = ({
  provider = new SecretsProvider(),
  maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS,
}: SecretWebhookUrlsOptions = {}): ((secret: string) => Promise<string>) => {
  return async (secret) => {
    let value: unknown;
    try {
      value = await provider.get(secret, { maxAge: maxAgeSeconds });
    } catch (error) {
      // Powertools wraps the SDK's error; its message names the secret, never the value.
      const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
      throw sdkError(`webhook: secret "${secret}" could not be read`, cause);
    }
    const url = urlIn(value);
    if (url === undefined) {
      throw new AdapterError(
        `webhook: secret "${secret}" does not hold an https URL (plain text, or JSON with a "url" field)`,
        false,
      );
    }
    return url;
  };
};

/** The https URL a secret value holds, or undefined. @internal */
const urlIn = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  if (text.startsWith('{')) {
    try {
      const url = (JSON.parse(text) as { url?: unknown }).url;
      text = typeof url === 'string' ? url.trim() : '';
    } catch {
      return undefined;
    }
  }
  try {
    return new URL(text).protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
};

export { createSecretWebhookUrls };
export type { SecretWebhookUrlsOptions };
