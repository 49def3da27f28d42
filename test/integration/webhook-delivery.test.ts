import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamoIncidentStore,
  createIncidentTable,
} from '../../shared/adapters/aws/dynamodb-incident-store.js';
import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import { createTransportNotifier } from '../../shared/adapters/webhook/transport-notifier.js';
import { WebhookRateLimitedError } from '../../shared/adapters/webhook/webhook-error.js';
import { createWebhookNotifier } from '../../shared/adapters/webhook/webhook-notifier.js';
import { AdapterError } from '../../shared/errors.js';
import type { Delivery } from '../../shared/incident.js';
import { routeEvent } from '../../shared/pipeline/route-event.js';
import { sweepOverdue } from '../../shared/pipeline/sweep.js';
import type { Clock, Notification, Ports, Store } from '../../shared/ports.js';
import { channelPayload } from '../../shared/render/channels/index.js';
import { aConfig } from '../helpers/config.js';
import { aTableName, connectDynamoLocal, DYNAMO_LOCAL_STARTUP_MS } from '../helpers/dynamodb.js';
import { aHarness } from '../helpers/harness.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../helpers/story-events.js';

// Issue 14: Slack and Teams webhooks against a real HTTP server on 127.0.0.1. Each answer is scripted per request;
// the server records what it received. Nothing here is timed: a "slow" server simply answers after the timeout.

type Reply = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
type Received = { method: string; path: string; contentType: string; body: unknown };

let server: Server;
let base = '';
let script: Reply[] = [];
let received: Received[] = [];
const pendingTimers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: String(request.headers['content-type'] ?? ''),
        body: text === '' ? undefined : JSON.parse(text),
      });
      const reply = script.shift() ?? { status: 200, body: 'ok' };
      const answer = () => {
        if (response.destroyed) return;
        response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        response.end(reply.body ?? '');
      };
      if (reply.delayMs === undefined) answer();
      else {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          answer();
        }, reply.delayMs);
        pendingTimers.add(timer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of pendingTimers) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  script = [];
  received = [];
});

/** Secret name → the URL it holds: the path carries a token, as Slack's and Teams' URLs do. */
const TOKEN = 'T0000/B0000/XXXXsecretTOKENXXXX';
const urlOf = (secret: string) => `${base}/hook/${TOKEN}/${encodeURIComponent(secret)}`;

/** A clock the test moves; sleeping moves it (the spacing between posts is checked without waiting). */
const aTestClock = (start = Date.parse('2026-11-27T01:00:00Z')) => {
  let now = start;
  const slept: number[] = [];
  return {
    clock: { now: () => now } satisfies Clock,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
};

const aNotifier = (time = aTestClock(), options: { timeoutMs?: number; minIntervalMs?: number } = {}) =>
  createWebhookNotifier({
    urlFor: async (secret) => urlOf(secret),
    payload: channelPayload,
    clock: time.clock,
    sleep: time.sleep,
    minIntervalMs: options.minIntervalMs ?? 0,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });

/** A real notification from the pipeline (a HIGH GuardDuty finding to team-oncall), on a webhook. */
let sample: Notification;
beforeAll(async () => {
  const h = aHarness();
  await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
  sample = h.notifier.sent()[0] as Notification;
});
const on = (channel: 'slack' | 'teams', secret = `alert-router/team-${channel}`): Notification => ({
  ...sample,
  deliveryId: `${sample.deliveryId}~${channel}`,
  channel,
  secret,
});

/** What a failed send rejected with. */
const failure = async (promise: Promise<unknown>): Promise<AdapterError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
};

/** A webhook error must never show the URL or the token in it. */
const expectNoUrl = (error: Error) => {
  expect(error.message).not.toContain(base);
  expect(error.message).not.toContain(TOKEN);
  expect(JSON.stringify({ ...error, cause: String(error.cause ?? '') })).not.toContain(TOKEN);
};

describe('webhook notifier: answers', () => {
  it('posts the Slack Block Kit message as JSON and takes 200 "ok" as sent', async () => {
    script = [{ status: 200, body: 'ok' }];

    await aNotifier().send(on('slack'));

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      path: `/hook/${TOKEN}/alert-router%2Fteam-slack`,
      contentType: expect.stringMatching(/^application\/json/),
      body: channelPayload(on('slack'), 'slack'),
    });
    expect((received[0]?.body as { text?: unknown }).text).toEqual(expect.any(String));
  });

  it('posts the Teams Workflows envelope and takes 202 Accepted as sent', async () => {
    script = [{ status: 202, body: '' }];

    await aNotifier().send(on('teams'));

    expect(received[0]?.body).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
  });

  it('gives up on a slow server after the timeout: retryable, and leaves that webhook alone for a while', async () => {
    script = [{ status: 200, body: 'ok', delayMs: 3_000 }];
    const time = aTestClock();
    const notifier = aNotifier(time, { timeoutMs: 200 });

    const error = await failure(notifier.send(on('slack')));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/timed out/);
    expectNoUrl(error);
    // Within the pause another entry for the same webhook fails fast (a sweep must not wait 5 s per entry).
    const fast = await failure(notifier.send(on('slack')));
    expect(fast.retryable).toBe(true);
    expect(fast.message).toMatch(/not tried again for 30 s/);
    expect(received).toHaveLength(1);
    time.advance(30_000);
    await notifier.send(on('slack'));
    expect(received).toHaveLength(2);
  });

  it.each([
    ['delay-seconds', '7', 7_000],
    ['an HTTP date', new Date(Date.parse('2026-11-27T01:00:30Z')).toUTCString(), 30_000],
  ])('turns 429 with Retry-After as %s into a retryable error that waits at least that long', async (_form, header, ms) => {
    script = [{ status: 429, headers: { 'retry-after': header }, body: 'rate_limited' }];
    const time = aTestClock();
    const notifier = aNotifier(time);

    const error = await failure(notifier.send(on('slack')));

    expect(error).toBeInstanceOf(WebhookRateLimitedError);
    expect(error.retryable).toBe(true);
    expect((error as WebhookRateLimitedError).retryAfterMs).toBe(ms);
    expectNoUrl(error);
    // An early retry is refused without posting; once the time has passed, it posts.
    const early = await failure(notifier.send(on('slack')));
    expect(early).toBeInstanceOf(WebhookRateLimitedError);
    expect(received).toHaveLength(1);
    time.advance(ms);
    await notifier.send(on('slack'));
    expect(received).toHaveLength(2);
  });

  it('retries a 5xx: the first send fails retryable, the retry succeeds', async () => {
    script = [
      { status: 503, body: 'service unavailable' },
      { status: 200, body: 'ok' },
    ];
    const notifier = aNotifier();

    const error = await failure(notifier.send(on('slack')));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/HTTP 503/);
    await notifier.send(on('slack'));

    expect(received).toHaveLength(2);
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'no_service'],
  ])('does not retry %i: the error names the status and what the webhook said, never the URL', async (status, said) => {
    script = [{ status, body: said }];

    const error = await failure(aNotifier().send(on('slack')));

    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`HTTP ${status} (${said})`);
    expect(error.message).toContain('alert-router/team-slack');
    expectNoUrl(error);
  });

  it('redacts the URL when a webhook echoes it back', async () => {
    script = [{ status: 400, body: `bad request to ${urlOf('alert-router/team-slack')}` }];

    const error = await failure(aNotifier().send(on('slack')));

    expect(error.message).toContain('[webhook URL]');
    expectNoUrl(error);
  });

  it('treats a refused connection as retryable, naming only the error code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const notifier = createWebhookNotifier({
      urlFor: async () => `http://127.0.0.1:${port}/hook/${TOKEN}`,
      payload: channelPayload,
      clock: aTestClock().clock,
    });

    const error = await failure(notifier.send(on('slack')));

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/network error \(ECONNREFUSED\)/);
    expect(error.message).not.toContain(TOKEN);
    expect(error.cause).toBeUndefined();
  });

  it('spaces posts to one webhook by the minimum interval, and does not delay another webhook', async () => {
    const time = aTestClock();
    const notifier = aNotifier(time, { minIntervalMs: 1_000 });

    await Promise.all([
      notifier.send(on('slack')),
      notifier.send(on('slack')),
      notifier.send(on('teams', 'alert-router/other-teams')),
      notifier.send(on('slack')),
    ]);

    expect(received).toHaveLength(4);
    // The 2nd and 3rd Slack posts each waited a full second after the one before; the Teams post did not wait.
    expect(time.slept).toEqual([1_000, 1_000]);
  });
});

describe('nothing lost: a failed webhook is retried alone while the SNS publish is marked sent', () => {
  const SLACK = 'alert-router/team-slack';
  const config = aConfig({
    receivers: { 'team-oncall': { channels: ['email', { slack: { secret: SLACK } }] } },
  });

  /** Ports with the memory topic notifier and the real webhook notifier against the local server. */
  const portsOn = (store: Store, clock: VirtualClock) => {
    const topic = createMemoryNotifier();
    const webhooks = createWebhookNotifier({
      urlFor: async (secret) => urlOf(secret),
      payload: channelPayload,
      clock,
      minIntervalMs: 0,
    });
    const ports: Ports = {
      store,
      notifier: createTransportNotifier({ topic, webhooks }),
      bus: createMemoryLifecycleBus(),
      timers: createVirtualTimers(),
      clock,
      config,
    };
    return { ports, topic };
  };
  const pendingOf = async (store: Store, incidentId: string) =>
    (await store.pendingDeliveries(incidentId)).map((d: Delivery) => `${d.receiver}:${d.channel ?? 'topic'}`);

  it('on SQS redelivery (memory store): 500, then the retry posts only the Slack copy', async () => {
    const h = aHarness(config);
    const clock = h.clock;
    const { ports, topic } = portsOn(h.store, clock);
    const event = aGuardDutyFinding('2026-11-27T01:00:00Z');
    clock.advanceTo(Date.parse('2026-11-27T01:00:00Z'));
    script = [{ status: 500, body: 'internal_error' }];

    const first = await failure(routeEvent(event, ports));
    expect(first.retryable).toBe(true);
    const incident = await h.store.get(GUARDDUTY_FINGERPRINT);
    const id = incident?.id ?? '';
    expect(await pendingOf(h.store, id)).toEqual(['team-oncall:slack']);
    expect(topic.sent().map((n) => n.receiver)).toEqual(['team-oncall', 'asp-a']);

    // SQS delivers the same event again: a duplicate, which sends what is still pending.
    await routeEvent(event, ports);

    expect(received).toHaveLength(2);
    expect(received.every((r) => r.path.endsWith(encodeURIComponent(SLACK)))).toBe(true);
    expect(topic.sent()).toHaveLength(2);
    expect(await pendingOf(h.store, id)).toEqual([]);
  });

  it(
    'through the sweeper (DynamoDB Local): a 429 leaves the Slack copy pending until the next sweep',
    async () => {
      const local = await connectDynamoLocal();
      try {
        const tableName = aTableName('webhooks');
        await createIncidentTable(local.client, tableName);
        const store = createDynamoIncidentStore({ client: local.documentClient, tableName });
        const clock = new VirtualClock(Date.parse('2026-11-27T01:00:00Z'));
        const { ports, topic } = portsOn(store, clock);
        script = [{ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }];

        await failure(routeEvent(aGuardDutyFinding('2026-11-27T01:00:00Z'), ports));
        const id = (await store.get(GUARDDUTY_FINGERPRINT))?.id ?? '';
        expect(await pendingOf(store, id)).toEqual(['team-oncall:slack']);

        // Three minutes later the sweep finds the entry overdue and sends it, alone.
        clock.advanceTo(Date.parse('2026-11-27T01:03:00Z'));
        await sweepOverdue(ports);

        expect(received).toHaveLength(2);
        expect(topic.sent().map((n) => n.receiver)).toEqual(['team-oncall', 'asp-a']);
        expect(await pendingOf(store, id)).toEqual([]);
      } finally {
        local.client.destroy();
      }
    },
    DYNAMO_LOCAL_STARTUP_MS,
  );
});

afterEach(() => {
  expect(script).toEqual([]);
});
