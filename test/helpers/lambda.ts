import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';

/** Quiet Powertools instances for handler tests; spy on them to check what a handler logs and counts. */
export const quietTelemetry = () => ({
  logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
});

export const aLambdaContext = (): Context =>
  ({
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:test',
    memoryLimitInMB: '256',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/** An SQS record of the ingest queue, on its `receive`th delivery. */
export const anSqsRecord = (
  messageId: string,
  body: string,
  receive = 1,
  receiptHandle = `${messageId}-${receive}`,
): SQSRecord => ({
  messageId,
  receiptHandle,
  body,
  attributes: {
    ApproximateReceiveCount: String(receive),
    SentTimestamp: '1795749600000',
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1795749600000',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:alert-router-ingest',
  awsRegion: 'ap-northeast-1',
});

/** An SQS batch as the ingest queue delivers it: each body is the EventBridge event as JSON (or raw text). */
export const anSqsBatch = (bodies: readonly (unknown | { raw: string })[]): SQSEvent => ({
  Records: bodies.map((body, i) =>
    anSqsRecord(
      `message-${i}`,
      typeof body === 'object' && body !== null && 'raw' in body
        ? (body as { raw: string }).raw
        : JSON.stringify(body),
      1,
      `receipt-${i}`,
    ),
  ),
});

/**
 * A request to the acknowledge function URL: GET carries the token in the query (`?t=`), POST in a form body,
 * base64-encoded as a function URL delivers it.
 */
export const anAckRequest = (method: 'GET' | 'POST', token: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: method === 'GET' ? `t=${token}` : '',
    headers: {},
    queryStringParameters: method === 'GET' ? { t: token } : undefined,
    body: method === 'POST' ? Buffer.from(`t=${encodeURIComponent(token)}`).toString('base64') : undefined,
    isBase64Encoded: method === 'POST',
    requestContext: {
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    },
  }) as unknown as APIGatewayProxyEventV2;
