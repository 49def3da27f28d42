import '../../shared/zod-locale.js';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { isMonth } from '../../shared/month.js';
import { type MonthlyReportPorts, sendMonthlyReports } from '../../shared/pipeline/monthly-report.js';
import { createAwsIncidentStore, createAwsNotifier, readBundledConfig, systemClock } from '../aws-ports.js';
import { parseLambdaEnvironment } from '../lambda-environment.js';
import { type Telemetry, telemetry } from '../telemetry.js';

/**
 * The monthly report function (DESIGN §15), run by a schedule on the 1st at 09:00 JST: each receiver's summary of
 * the previous month (or of `{"month": "YYYY-MM"}` in the event), on its topic. Needs only the table (Query on
 * `byMonth`, BatchGetItem, PutItem and UpdateItem of its `REPORT#` items) and Publish on the receivers' topics.
 */
const environmentSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Topic ARN of receiver `x` is this prefix + `x`, as for the router's functions. */
  TOPIC_ARN_PREFIX: z.string().check(z.regex(/^arn:aws[a-z-]*:/, 'must be an ARN')),
  /** The console's address, for the link to `/reports/YYYY-MM`; else the config's `console.url`, else none. */
  CONSOLE_URL: z.optional(z.url()),
  ROUTER_CONFIG_FILE: z._default(z.string(), 'config.json'),
});
export type MonthlyReportEnvironment = z.infer<typeof environmentSchema>;

export const readEnvironment = (env: NodeJS.ProcessEnv = process.env): MonthlyReportEnvironment =>
  parseLambdaEnvironment(environmentSchema, env);

/** The ports of the monthly function: the store and SNS, built once per container. */
export const createMonthlyReportPorts = (
  env: MonthlyReportEnvironment,
): MonthlyReportPorts & { readonly consoleUrl?: string } => {
  const config = readBundledConfig(env.ROUTER_CONFIG_FILE);
  const consoleUrl = env.CONSOLE_URL ?? config.console?.url;
  return {
    config,
    clock: systemClock,
    store: createAwsIncidentStore(env, config),
    notifier: createAwsNotifier(env, config),
    ...(consoleUrl !== undefined ? { consoleUrl } : {}),
  };
};

/** The month an event asks for, if any: `{"month": "YYYY-MM"}`; anything else is refused, naming it. */
export const monthOfEvent = (event: unknown): string | undefined => {
  if (event === null || typeof event !== 'object' || !('month' in event)) return undefined;
  const { month } = event as { month: unknown };
  if (typeof month !== 'string' || !isMonth(month)) {
    throw new Error(`monthly report: event.month must be YYYY-MM, got ${JSON.stringify(month)}`);
  }
  return month;
};

export const createMonthlyReportHandler =
  (
    resolvePorts: () => MonthlyReportPorts & { readonly consoleUrl?: string },
    { logger, metrics }: Telemetry,
  ) =>
  async (event: unknown) => {
    const month = monthOfEvent(event);
    const { consoleUrl, ...ports } = resolvePorts();
    const { sends, ...rest } = await sendMonthlyReports(ports, {
      ...(month !== undefined ? { month } : {}),
      ...(consoleUrl !== undefined ? { consoleUrl } : {}),
    });
    const sent = sends.filter((send) => send.result === 'sent').length;
    metrics.addMetric('MonthlyReportsSent', MetricUnit.Count, sent);
    logger.info('monthly reports', { month: rest.month, sent, alreadySent: sends.length - sent });
    return { month: rest.month, sent, alreadySent: sends.length - sent };
  };

let portsOfThisContainer: ReturnType<typeof createMonthlyReportPorts> | undefined;
const tools = telemetry('monthly-report');
export const handler = middy(
  createMonthlyReportHandler(() => {
    portsOfThisContainer ??= createMonthlyReportPorts(readEnvironment());
    return portsOfThisContainer;
  }, tools),
)
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
