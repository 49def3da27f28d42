import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isAckTokenShaped, verifyAckToken } from '../../shared/ack-token.js';
import { acknowledge } from '../../shared/pipeline/operator.js';
import type { Ports } from '../../shared/ports.js';
import {
  confirmPage,
  donePage,
  PAGE_HEADERS,
  type Page,
  type Refusal,
  refusedPage,
} from '../../shared/render/ack-page.js';
import { ackSecrets, createAwsPorts, readEnvironment } from '../aws-ports.js';
import { type Telemetry, telemetry } from '../telemetry.js';

/** The ports of the moment and the secrets a link may be signed with: the current version first. */
export type AckDependencies = { ports: Ports; secret: string | readonly string[] };

/**
 * The acknowledge endpoint (a Lambda function URL, open to the internet: its only credential is the signed token).
 * GET with `?t=<token>` shows a Japanese confirmation page; POST with the token acknowledges. In order:
 * 1. a method other than GET or POST, or a token that cannot be one of ours, is refused before anything is fetched
 *    (a flood of junk costs no Secrets Manager call and no table read);
 * 2. a POST sent by another site (`Sec-Fetch-Site`, `Origin`) is refused: only the confirmation page may post;
 * 3. the token is verified under the current and the previous secret (a rotation keeps sent links working);
 * 4. only `ack` is honoured: nothing signs a `resolve` link, so one is refused;
 * 5. the ack only stops things (escalation, reminders): it never publishes and never schedules.
 * Every outcome is logged with the source IP and user agent, never with the token.
 */
export const createAcknowledgeHandler =
  (resolve_: () => Promise<AckDependencies>, { logger, metrics }: Telemetry) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const caller = callerOf(event);
    if (method !== 'GET' && method !== 'POST') {
      logger.warn('acknowledge request refused', { reason: 'method', method, ...caller });
      return { statusCode: 405, headers: { ...PAGE_HEADERS, allow: 'GET, POST' }, body: '' };
    }
    const refuse = (reason: Refusal, extra: Record<string, unknown> = {}) => {
      logger.warn('acknowledge link refused', { reason, method, ...extra, ...caller });
      metrics.addMetric('AckRefused', MetricUnit.Count, 1);
      return respond(refusedPage(reason));
    };
    const token = method === 'GET' ? (event.queryStringParameters?.t ?? '') : formToken(event);
    if (!isAckTokenShaped(token)) return refuse('malformed');
    if (method === 'POST' && isCrossSite(event)) return refuse('cross-site');

    const { ports, secret } = await resolve_();
    const verdict = verifyAckToken(token, secret, Math.floor(ports.clock.now() / 1000));
    if (!verdict.valid) return refuse(verdict.reason);
    const { incidentId, receiver, action } = verdict.claims;
    if (action !== 'ack') return refuse('action-not-allowed', { incidentId, receiver, action });
    const incident = await ports.store.findById(incidentId);
    // An earlier episode is kept for the record (`incidents show`), but a link acts on the current one only.
    const current = incident && (await ports.store.get(incident.fingerprint))?.id === incidentId;
    if (incident === undefined || !current) return refuse('unknown-incident', { incidentId, receiver });
    if (method === 'GET')
      return respond(confirmPage(incident, action, receiver, token, ports.config.timezone));

    // The receiver the link was sent to is who acknowledged (`acknowledgedBy`).
    const done = await acknowledge(incident.fingerprint, receiver, stopOnly(ports), incidentId);
    metrics.addMetric('Acknowledged', MetricUnit.Count, done.result === 'stale' ? 0 : 1);
    logger.info('acknowledge link used', { incidentId, receiver, action, result: done.result, ...caller });
    return respond(
      donePage(done.incident ?? incident, action, done.result !== 'stale', ports.config.timezone),
    );
  };

/**
 * The ports of an ack: it stops the incident's timers and writes the incident, nothing else. A stale ack (the
 * episode moved on between the page and the click) would otherwise finish what another function left undone —
 * send its pending notifications, schedule its live step — which is that function's and the sweeper's job, and
 * would need grants this internet-facing function does not have (sns:Publish, scheduler:CreateSchedule,
 * iam:PassRole).
 */
const stopOnly = (ports: Ports): Ports => ({
  ...ports,
  store: { ...ports.store, pendingDeliveries: async () => [] },
  timers: { ...ports.timers, schedule: async () => undefined },
  notifier: {
    send: async () => {
      throw new Error('alert-router: the acknowledge function never sends a notification');
    },
  },
});

/**
 * A POST must come from our own confirmation page. Browsers say where a request comes from in `Sec-Fetch-Site`
 * (`same-origin`, or `none` when a person typed or bookmarked it) and in `Origin`; a form on another site gets
 * `cross-site`/`same-site` and its own origin. A client that sends neither (curl, an old browser) is not a
 * browser being tricked, and still needs the token.
 */
const isCrossSite = (event: APIGatewayProxyEventV2): boolean => {
  const site = header(event, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = header(event, 'origin');
  if (origin === undefined) return false;
  const host = header(event, 'host') ?? event.requestContext.domainName;
  return host === undefined || origin !== `https://${host}`;
};

const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === name && value !== undefined) return value.trim().toLowerCase();
  return undefined;
};

/** Who clicked, as far as the request says: enough to trace an ack to a device, never the token. */
const callerOf = (event: APIGatewayProxyEventV2) => ({
  sourceIp: event.requestContext.http.sourceIp,
  // A user agent is the caller's text: one line, bounded, so it cannot forge or flood log lines.
  userAgent: [...(event.requestContext.http.userAgent ?? '').replace(/\p{Cc}/gu, ' ')].slice(0, 256).join(''),
});

const formToken = (event: APIGatewayProxyEventV2): string => {
  const raw = event.body ?? '';
  // A real form body is about 150 bytes; anything large is not ours and is not decoded.
  if (raw.length > 4096) return '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return new URLSearchParams(body).get('t') ?? '';
};

const respond = (page: Page): APIGatewayProxyStructuredResultV2 => ({
  statusCode: page.status,
  headers: { ...PAGE_HEADERS },
  body: page.html,
});

const tools = telemetry('acknowledge');
const ackDependencies = (() => {
  let ports: Ports | undefined;
  return async (): Promise<AckDependencies> => {
    const env = readEnvironment();
    ports ??= createAwsPorts(env);
    return { ports, secret: await ackSecrets(env) };
  };
})();
export const handler = middy(createAcknowledgeHandler(ackDependencies, tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
