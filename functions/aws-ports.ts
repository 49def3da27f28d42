import '../shared/zod-locale.js';
import { readFileSync } from 'node:fs';
import { getSecret, SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ACK_LINK_TTL_DEFAULT, signAckToken } from '../shared/ack-token.js';
import { createDynamoIncidentStore } from '../shared/adapters/aws/dynamodb-incident-store.js';
import { createEventBridgeBus } from '../shared/adapters/aws/eventbridge-bus.js';
import { createSchedulerTimers } from '../shared/adapters/aws/scheduler-timers.js';
import { createSnsNotifier } from '../shared/adapters/aws/sns-notifier.js';
import { createSecretWebhookUrls } from '../shared/adapters/aws/webhook-urls.js';
import { createTransportNotifier } from '../shared/adapters/webhook/transport-notifier.js';
import { createWebhookNotifier } from '../shared/adapters/webhook/webhook-notifier.js';
import { channelsOf } from '../shared/config/channels.js';
import { parseDuration } from '../shared/config/duration.js';
import type { Config } from '../shared/config/registry.js';
import { validateConfig } from '../shared/config/validate.js';
import type { Clock, Notifier, Ports } from '../shared/ports.js';
import { channelPayload } from '../shared/render/channels/index.js';
import { storeRegistryOptions } from '../shared/storage/registry-options.js';
import { parseLambdaEnvironment } from './lambda-environment.js';

/**
 * The one place that reads the Lambda environment: checked with zod so a mis-deployed function fails its cold
 * start with one line naming the variable, then wired to DynamoDB, SNS and Scheduler clients built once.
 */
const arn = z.string().check(z.regex(/^arn:aws[a-z-]*:/, 'must be an ARN'));
const environmentSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** The hub bus, where lifecycle events go (DESIGN §11). */
  EVENT_BUS_NAME: z.string().check(z.minLength(1)),
  /** Topic ARN of receiver `x` is this prefix + `x` (the stack names one topic per receiver that way). */
  TOPIC_ARN_PREFIX: arn,
  SCHEDULE_GROUP: z.string().check(z.minLength(1)),
  ESCALATE_FUNCTION_ARN: arn,
  SCHEDULER_ROLE_ARN: arn,
  ESCALATION_DLQ_ARN: arn,
  ACK_SECRET_ARN: arn,
  /** The acknowledge function URL, for the links in team pages (the acknowledge function itself has none). */
  ACK_BASE_URL: z.optional(z.url()),
  /** How long a signed link works (see {@link ACK_LINK_TTL_DEFAULT}). */
  ACK_LINK_TTL: z
    ._default(z.string(), ACK_LINK_TTL_DEFAULT)
    .check(z.refine((value) => parseDuration(value) !== undefined, 'must be a duration such as 24h')),
  /** The config file bundled beside the handler (the same file the CLI and the CDK app read). */
  ROUTER_CONFIG_FILE: z._default(z.string(), 'config.json'),
});
export type RouterEnvironment = z.infer<typeof environmentSchema>;

export const readEnvironment = (env: NodeJS.ProcessEnv = process.env): RouterEnvironment =>
  parseLambdaEnvironment(environmentSchema, env);

export const systemClock: Clock = { now: () => Date.now() };

/** The config file bundled beside the handler: JSON, validated like any config (synth wrote it; no YAML parser). */
export const readBundledConfig = (file: string): Config =>
  validateConfig(JSON.parse(readFileSync(file, 'utf8')));

/** The incident table, with the config's registry options (retention, shards). */
export const createAwsIncidentStore = (
  env: Pick<RouterEnvironment, 'TABLE_NAME'>,
  config: Config,
  clock: Clock = systemClock,
): ReturnType<typeof createDynamoIncidentStore> =>
  createDynamoIncidentStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: env.TABLE_NAME,
    clock,
    ...storeRegistryOptions(config),
  });

/** Ports for the AWS runtime, without the ack links (they need the secret: see `withAckLinks`). */
export const createAwsPorts = (env: RouterEnvironment = readEnvironment()): Ports => {
  const config = readBundledConfig(env.ROUTER_CONFIG_FILE);
  return {
    config,
    clock: systemClock,
    store: createAwsIncidentStore(env, config),
    notifier: createAwsNotifier(env, config),
    bus: createEventBridgeBus({ client: new EventBridgeClient({}), eventBusName: env.EVENT_BUS_NAME }),
    timers: createSchedulerTimers({
      client: new SchedulerClient({}),
      groupName: env.SCHEDULE_GROUP,
      targetArn: env.ESCALATE_FUNCTION_ARN,
      roleArn: env.SCHEDULER_ROLE_ARN,
      deadLetterArn: env.ESCALATION_DLQ_ARN,
      clock: systemClock,
    }),
  };
};

/**
 * Every channel of a receiver (DESIGN §13): its topic on SNS (email, SMS, and the Amazon Q custom notification when
 * it lists `chatbot`), and each `slack`/`teams` webhook posted by the router, its URL read from Secrets Manager
 * (cached 5 minutes) and never logged.
 */
export const createAwsNotifier = (
  env: Pick<RouterEnvironment, 'TOPIC_ARN_PREFIX'>,
  config: Config,
): Notifier =>
  createTransportNotifier({
    topic: createSnsNotifier({
      client: new SNSClient({}),
      topicArnFor: (id) => `${env.TOPIC_ARN_PREFIX}${id}`,
      channelsFor: (id) => channelsOf(config, id),
    }),
    webhooks: createWebhookNotifier({
      urlFor: createSecretWebhookUrls({ maxAgeSeconds: SECRET_MAX_AGE_SECONDS }),
      payload: channelPayload,
      clock: systemClock,
    }),
  });

const checkSecret = (secret: unknown): string => {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error('alert-router: the acknowledge secret must be a string of at least 32 characters');
  }
  return secret;
};

/** Powertools caches secrets for this long: a rotation reaches every function within it. */
const SECRET_MAX_AGE_SECONDS = 300;

/** The HMAC secret that signs acknowledge links (version AWSCURRENT), cached by Powertools for 5 minutes. */
export const ackSecret = async (env: RouterEnvironment): Promise<string> =>
  checkSecret(await getSecret(env.ACK_SECRET_ARN, { maxAge: SECRET_MAX_AGE_SECONDS }));

/**
 * The secrets a link may be signed with: AWSCURRENT, then AWSPREVIOUS when there is one. After a rotation the links
 * already sent keep working until they expire, and a function that still holds the old value in its 5-minute cache
 * signs links the others accept. Each version has its own provider (the Powertools cache is keyed by name only);
 * a secret never rotated has no AWSPREVIOUS, which is remembered for the same 5 minutes.
 */
export const ackSecrets = async (
  env: RouterEnvironment,
  providers: { current: SecretsProvider; previous: SecretsProvider } = defaultProviders(),
): Promise<readonly string[]> => {
  const current = checkSecret(
    await providers.current.get(env.ACK_SECRET_ARN, { maxAge: SECRET_MAX_AGE_SECONDS }),
  );
  const previous = await previousVersion(env.ACK_SECRET_ARN, providers.previous);
  return previous === undefined || previous === current ? [current] : [current, previous];
};

let providersOfThisContainer: { current: SecretsProvider; previous: SecretsProvider } | undefined;
const defaultProviders = () => {
  providersOfThisContainer ??= { current: new SecretsProvider(), previous: new SecretsProvider() };
  return providersOfThisContainer;
};

const noPreviousUntil = new Map<SecretsProvider, number>();
const previousVersion = async (arn: string, provider: SecretsProvider): Promise<string | undefined> => {
  if ((noPreviousUntil.get(provider) ?? 0) > Date.now()) return undefined;
  try {
    return checkSecret(
      await provider.get(arn, {
        maxAge: SECRET_MAX_AGE_SECONDS,
        sdkOptions: { VersionStage: 'AWSPREVIOUS' },
      }),
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
    noPreviousUntil.set(provider, Date.now() + SECRET_MAX_AGE_SECONDS * 1000);
    return undefined;
  }
};

const isNotFound = (error: unknown): boolean => {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  return (cause as { name?: unknown } | undefined)?.name === 'ResourceNotFoundException';
};

/** Adds signed acknowledge links (valid `ACK_LINK_TTL`) to the ports of one invocation. */
export const withAckLinks = (ports: Ports, env: RouterEnvironment, secret: string): Ports => {
  const base = env.ACK_BASE_URL;
  if (base === undefined)
    throw new Error('alert-router: bad Lambda environment: ACK_BASE_URL: required to sign links');
  const ttlSeconds = Math.floor(
    (parseDuration(env.ACK_LINK_TTL) ?? (parseDuration(ACK_LINK_TTL_DEFAULT) as number)) / 1000,
  );
  return {
    ...ports,
    ackLinks: (incidentId, receiver) => {
      const expiresAt = Math.floor(ports.clock.now() / 1000) + ttlSeconds;
      const token = signAckToken({ incidentId, receiver, action: 'ack', expiresAt }, secret);
      return `${base.replace(/\/$/, '')}/?t=${token}`;
    },
  };
};

/**
 * Builds the ports once per container (on the first invocation, so importing a handler has no side effect) and
 * adds the ack links with the secret of the moment on every call.
 */
export const portsOnDemand = (): (() => Promise<Ports>) => {
  let base: { env: RouterEnvironment; ports: Ports } | undefined;
  return async () => {
    if (base === undefined) {
      const env = readEnvironment();
      base = { env, ports: createAwsPorts(env) };
    }
    return withAckLinks(base.ports, base.env, await ackSecret(base.env));
  };
};
