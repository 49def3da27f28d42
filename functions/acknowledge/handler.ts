import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyAckToken } from '../../shared/ack-token.js';
import { acknowledge, resolve } from '../../shared/pipeline/operator.js';
import type { Ports } from '../../shared/ports.js';
import { confirmPage, donePage, type Page, refusedPage } from '../../shared/render/ack-page.js';
import { ackSecret, createAwsPorts, readEnvironment } from '../aws-ports.js';
import { countNotifications, type Telemetry, telemetry } from '../telemetry.js';

/**
 * The acknowledge endpoint (a Lambda function URL). GET with `?t=<token>` shows a Japanese confirmation page;
 * POST with the token acknowledges or resolves. A malformed, forged or expired token gets 403 and changes
 * nothing; a token acts only on the incident it names.
 */
export const createAcknowledgeHandler =
  (resolve_: () => Promise<{ ports: Ports; secret: string }>, { logger, metrics }: Telemetry) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const { ports, secret } = await resolve_();
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return respond({ status: 405, html: '' });
    const token = method === 'GET' ? (event.queryStringParameters?.t ?? '') : formToken(event);
    const verdict = verifyAckToken(token, secret, Math.floor(ports.clock.now() / 1000));
    if (!verdict.valid) {
      logger.warn('acknowledge link refused', { reason: verdict.reason });
      metrics.addMetric('AckRefused', MetricUnit.Count, 1);
      return respond(refusedPage(verdict.reason));
    }
    const { incidentId, receiver, action } = verdict.claims;
    const incident = await ports.store.findById(incidentId);
    if (incident === undefined) return respond(refusedPage('unknown-incident'));
    if (method === 'GET')
      return respond(confirmPage(incident, action, receiver, token, ports.config.timezone));

    const done = await (action === 'ack' ? acknowledge : resolve)(
      incident.fingerprint,
      receiver,
      ports,
      incidentId,
    );
    countNotifications(metrics, done.notifications);
    metrics.addMetric(
      action === 'ack' ? 'Acknowledged' : 'ResolvedByOperator',
      MetricUnit.Count,
      done.result === 'stale' ? 0 : 1,
    );
    logger.info('acknowledge link used', { incidentId, receiver, action, result: done.result });
    return respond(
      donePage(done.incident ?? incident, action, done.result !== 'stale', ports.config.timezone),
    );
  };

const formToken = (event: APIGatewayProxyEventV2): string => {
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return new URLSearchParams(body).get('t') ?? '';
};

/** The token rides in the URL: no caching, no referrer, no framing, no scripts. */
const respond = (page: Page): APIGatewayProxyStructuredResultV2 => ({
  statusCode: page.status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  },
  body: page.html,
});

const tools = telemetry('acknowledge');
const ackPorts = (() => {
  let ports: Ports | undefined;
  return async () => {
    const env = readEnvironment();
    ports ??= createAwsPorts(env);
    return { ports, secret: await ackSecret(env) };
  };
})();
export const handler = middy(createAcknowledgeHandler(ackPorts, tools))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
