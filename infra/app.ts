import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Duration, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parse } from 'yaml';
import { readConfigFile } from '../shared/config/file.js';
import { parseConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/registry.js';
import { ConfigInvalidError } from '../shared/errors.js';
import { busShards } from './bus-shards.js';
import { HUB_REGION, hubBusName } from './constructs/hub-event-bus.js';
import type { FunctionCode } from './constructs/router-function.js';
import { HubStack } from './hub-stack.js';
import { writeSpokeBuses } from './spoke-buses.js';
import { DEFAULT_MIN_GUARDDUTY_SEVERITY, healthBackupRules, spokeRules } from './spoke-rules.js';
import { SpokeStack } from './spoke-stack.js';

export { HUB_REGION } from './constructs/hub-event-bus.js';

/** The config the CDK app reads when `-c config=PATH` is not given (cdk.json says the same). */
export const DEFAULT_CONFIG_PATH = 'events/config.example.yaml';
/** The regions a spoke forwards everything from: the two Japanese regions, and us-east-1 for global Health and sign-ins. */
export const SPOKE_REGIONS = ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'] as const;
/** Where AWS sends the backup copy of public Health events of Tokyo, Osaka and us-east-1: the spoke forwards Health only. */
export const HEALTH_BACKUP_REGIONS = ['us-west-2'] as const;
/**
 * Spoke regions outside Japan. A spoke's DLQ keeps the events the hub bus did not take (the hub down, an account
 * missing from the bus policy): the only copy, to redrive once the cause is fixed. Outside Japan that copy is kept
 * briefly ({@link SHORT_DEAD_LETTER_RETENTION}), so events of Japanese systems do not stay in the US.
 */
const OUTSIDE_JAPAN = new Set<string>(['us-east-1', 'us-west-2']);
export const HUB_STACK_NAME = 'AlertRouterHub';
export const spokeStackName = (region: string): string => `AlertRouterSpoke-${region}`;

/**
 * Context keys: `config` (path of the config file), `hubAccount` (12 digits; without it the hub stack is
 * account-agnostic), `minGuardDutySeverity` (spoke filter, default 4), `stubFunctions` (true: inline stubs instead
 * of esbuild bundles, for template tests).
 */
export type AppContext = {
  readonly config?: string;
  readonly hubAccount?: string;
  readonly minGuardDutySeverity?: number | string;
  readonly stubFunctions?: boolean | string;
};

/**
 * Reads the config file like the CLI does (validated; a bad file stops synth with one line per problem) and
 * returns it with the same document as JSON, which the functions read as `config.json`. The JSON is checked to
 * load to the same config, so what is bundled is what was validated.
 *
 * The JSON leaves out the addresses of `email` and `sms` channels (`receivers.<id>.channels[].email.to`,
 * `sms.to`): personal data the functions never read (SNS holds them as subscriptions), so they are not copied
 * into every function's code. The check compares the configs without them.
 */
export const readRouterConfig = (path: string): { readonly config: Config; readonly json: string } => {
  const config = readConfigFile(path);
  const json = `${JSON.stringify(withoutAddresses(parse(readFileSync(path, 'utf8'))), null, 2)}\n`;
  const reloaded = parseConfig(json, 'json');
  if (JSON.stringify(reloaded) !== JSON.stringify(configWithoutAddresses(config)))
    throw new Error(`alert-router: ${path} does not survive the conversion to JSON`);
  return { config, json };
};

/** The config document with each `{email|sms: {to: [...]}}` channel item reduced to its bare name. */
const withoutAddresses = (document: unknown): unknown => {
  if (document === null || typeof document !== 'object') return document;
  const { receivers } = document as { receivers?: unknown };
  if (receivers === null || typeof receivers !== 'object') return document;
  const stripped = Object.fromEntries(
    Object.entries(receivers as Record<string, unknown>).map(([id, entry]) => {
      const channels = (entry as { channels?: unknown } | null)?.channels;
      if (!Array.isArray(channels)) return [id, entry];
      return [id, { ...(entry as object), channels: channels.map(withoutTo) }];
    }),
  );
  return { ...(document as object), receivers: stripped };
};

const withoutTo = (item: unknown): unknown => {
  if (item === null || typeof item !== 'object') return item;
  for (const kind of ['email', 'sms'] as const) {
    const value = (item as Record<string, unknown>)[kind];
    if (value !== null && typeof value === 'object' && 'to' in value) {
      const { to: _addresses, ...rest } = value as Record<string, unknown>;
      return Object.keys(rest).length === 0 ? kind : { [kind]: rest };
    }
  }
  return item;
};

/** The parsed config as the stripped document loads: the same, without the `to` of email and SMS channels. */
const configWithoutAddresses = (config: Config): Config => ({
  ...config,
  receivers: Object.fromEntries(
    Object.entries(config.receivers).map(([id, entry]) => [
      id,
      entry === undefined
        ? entry
        : {
            ...entry,
            channels: entry.channels.map((channel) =>
              channel.kind === 'email' || channel.kind === 'sms' ? { kind: channel.kind } : channel,
            ),
          },
    ]),
  ),
});

/**
 * Builds the CDK app: the hub stack and one spoke stack per spoke region, checked by cdk-nag's AwsSolutions
 * pack (every acknowledged finding carries its reason next to the resource it is about).
 *
 * `appProps` is for tests: a temporary `outdir`, and `builtinCloudFormationValidation: false` to skip CDK's
 * schema check of the templates, which takes seconds (`npm run synth` keeps it).
 *
 * @example
 * const app = buildApp('events/config.example.yaml', { stubFunctions: true });
 * const assembly = app.synth();
 */
export const buildApp = (
  configPath?: string,
  context: AppContext = {},
  appProps: Pick<AppProps, 'outdir' | 'builtinCloudFormationValidation'> = {},
): App => {
  const app = new App({ ...appProps, context: { ...context } });
  const path = configPath ?? stringContext(app, 'config') ?? DEFAULT_CONFIG_PATH;
  const { config, json } = readRouterConfig(path);

  const functionCode: FunctionCode = booleanContext(app, 'stubFunctions')
    ? { kind: 'stub' }
    : { kind: 'bundle', configJsonPath: writeBundledConfig(app.outdir, json) };
  const hubAccount = stringContext(app, 'hubAccount');
  if (hubAccount !== undefined && !/^\d{12}$/.test(hubAccount))
    throw new Error(`alert-router: context hubAccount must be a 12-digit account id, got "${hubAccount}"`);

  // The hub's buses (one unless the allow-list outgrows a bus policy) and which spoke targets which (issue 17).
  const shards = busShards(config.accounts);
  writeSpokeBuses(app.outdir, config, shards, hubAccount);
  const hubBusNames = [...new Set([hubBusName(1), ...shards.map((shard) => shard.busName)])];
  new HubStack(app, HUB_STACK_NAME, {
    stackName: HUB_STACK_NAME,
    description:
      'alert-router hub: routes security and health events of the registered accounts to the right people',
    env: { region: HUB_REGION, ...(hubAccount === undefined ? {} : { account: hubAccount }) },
    config,
    functionCode,
  });
  const minGuardDutySeverity = Number(
    app.node.tryGetContext('minGuardDutySeverity') ?? DEFAULT_MIN_GUARDDUTY_SEVERITY,
  );
  const spokes = [
    ...SPOKE_REGIONS.map((region) => ({ region, rules: spokeRules({ minGuardDutySeverity }) })),
    ...HEALTH_BACKUP_REGIONS.map((region) => ({ region, rules: healthBackupRules() })),
  ];
  for (const { region, rules } of spokes) {
    new SpokeStack(app, spokeStackName(region), {
      stackName: spokeStackName(region),
      env: { region },
      rules,
      hubRegion: HUB_REGION,
      deadLetterRetention: OUTSIDE_JAPAN.has(region) ? SHORT_DEAD_LETTER_RETENTION : undefined,
      hubBusNames,
    });
  }
  Tags.of(app).add('app', 'alert-router');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
};

/**
 * The DLQ retention of the spokes outside Japan (us-east-1, us-west-2): long enough to notice and redrive a
 * delivery failure over a weekend, short enough that copies of events do not stay in the US for two weeks.
 */
const SHORT_DEAD_LETTER_RETENTION = Duration.days(4);

/** Writes the config JSON into the cloud assembly directory, where the bundling hook copies it from. */
const writeBundledConfig = (outdir: string, json: string): string => {
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'alert-router.config.json');
  writeFileSync(file, json);
  return file;
};

const stringContext = (app: App, key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};

const booleanContext = (app: App, key: string): boolean => {
  const value: unknown = app.node.tryGetContext(key);
  return value === true || value === 'true';
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildApp().synth();
  } catch (error) {
    // DESIGN §8: a config error stops synth with one line per problem, not a stack trace.
    if (!(error instanceof ConfigInvalidError)) throw error;
    console.error(`alert-router: the config is not valid:\n${error.message}`);
    process.exitCode = 1;
  }
}
