import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLE } from '../lambda/bundle-options.js';

/**
 * The Lambda entry points under `functions/<name>/handler.ts` that every hub has (the alarms and the dashboard
 * watch each): the four of the pipeline and the monthly report (DESIGN §15).
 */
export const ROUTER_FUNCTIONS = ['route', 'escalate', 'sweeper', 'acknowledge', 'monthly-report'] as const;
export type RouterFunctionName = (typeof ROUTER_FUNCTIONS)[number];
/** Entry points a config section switches on: `console` with `console:` (DESIGN §14). */
export const OPTIONAL_FUNCTIONS = ['console'] as const;
export type FunctionName = RouterFunctionName | (typeof OPTIONAL_FUNCTIONS)[number];

/** The Lambda runtime of every function: the newest Node.js that Lambda and aws-cdk-lib 2.276 know. */
export const ROUTER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** EMF namespace of the router's metrics (`functions/telemetry.ts`). */
export const METRICS_NAMESPACE = 'AlertRouter';

/** `alert-router-<name>`: the function's name, its Powertools service and the `service` metric dimension. */
export const serviceName = (name: FunctionName): string => `alert-router-${name}`;

/** The file the functions read their config from, next to the handler (`ROUTER_CONFIG_FILE`). */
export const BUNDLED_CONFIG_FILE = 'config.json';

/**
 * How the code is packaged: `bundle` runs esbuild locally (no Docker) and copies the config next to the handler;
 * `stub` puts a placeholder inline, for tests that only read the template.
 */
export type FunctionCode =
  | { readonly kind: 'bundle'; readonly configJsonPath: string }
  | { readonly kind: 'stub' };

/** Options of {@link RouterFunction}. */
export type RouterFunctionProps = {
  readonly name: FunctionName;
  readonly description: string;
  readonly code: FunctionCode;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  /** Retries of an asynchronous invocation (Scheduler, EventBridge); Lambda's default is 2. */
  readonly retryAttempts?: number;
  readonly logRetention?: logs.RetentionDays;
  /** Encrypts the log group (the key policy must let CloudWatch Logs use it for this group). */
  readonly logKey: kms.IKey;
  /** Concurrency reserved for, and the most ever used by, this function; unset: the account's shared pool. */
  readonly reservedConcurrency?: number;
};

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One router Lambda function: arm64 on {@link ROUTER_RUNTIME}, its own encrypted log group with a retention, and its own
 * role that starts with nothing but writing to that log group (no AWS managed policy): the stack grants each
 * function exactly what it uses. The code is the handler bundled by esbuild as minified ESM with the AWS SDK
 * inside (`externalModules: []`: it pins the SDK version and halves the cold-start import time), plus the
 * validated config as `config.json` beside it.
 */
export class RouterFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RouterFunctionProps) {
    super(scope, id);
    const functionName = serviceName(props.name);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
    });
    this.role = new iam.Role(this, 'Role', {
      description: `Execution role of ${functionName}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);

    const common = {
      functionName,
      description: props.description,
      runtime: ROUTER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      retryAttempts: props.retryAttempts,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        POWERTOOLS_SERVICE_NAME: functionName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ROUTER_CONFIG_FILE: BUNDLED_CONFIG_FILE,
        ...props.environment,
      },
    } satisfies Partial<lambda.FunctionProps>;

    this.fn =
      props.code.kind === 'stub'
        ? new lambda.Function(this, 'Function', {
            ...common,
            handler: 'index.handler',
            code: lambda.Code.fromInline(
              `exports.handler = async () => { throw new Error('${functionName}: test stub, not deployable'); };`,
            ),
          })
        : new nodejs.NodejsFunction(this, 'Function', {
            ...common,
            entry: `${PROJECT_ROOT}functions/${props.name}/handler.ts`,
            handler: 'handler',
            projectRoot: PROJECT_ROOT,
            depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
            bundling: bundling(props.code.configJsonPath),
          });
  }
}

const bundling = (configJsonPath: string): nodejs.BundlingOptions => ({
  format: nodejs.OutputFormat.ESM,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  minify: LAMBDA_BUNDLE.minify,
  keepNames: LAMBDA_BUNDLE.keepNames,
  sourceMap: false,
  externalModules: [],
  banner: LAMBDA_BUNDLE.banner,
  esbuildArgs: Object.fromEntries(
    Object.entries(LAMBDA_BUNDLE.alias).map(([module, path]) => [`--alias:${module}`, path]),
  ),
  forceDockerBundling: false,
  tsconfig: `${PROJECT_ROOT}tsconfig.json`,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      `cp ${shellQuote(configJsonPath)} ${shellQuote(`${outputDir}/${BUNDLED_CONFIG_FILE}`)}`,
    ],
  },
});

const shellQuote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/** The timeout of every function but the sweeper: a batch of ten events takes a few seconds at most. */
export const DEFAULT_TIMEOUT = Duration.seconds(30);
