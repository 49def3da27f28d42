import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createAcknowledgeHandler } from '../../../functions/acknowledge/handler.js';
import { type AckClaims, signAckToken } from '../../../shared/ack-token.js';
import type { Ports } from '../../../shared/ports.js';
import { aHarness } from '../../helpers/harness.js';
import { anAckRequest, quietTelemetry } from '../../helpers/lambda.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

/**
 * The public edge of the acknowledge function URL (issue 18): what it refuses before it spends anything, what it
 * logs, which requests it trusts, and what it may change.
 */
const SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';
const PREVIOUS = 'the-secret-before-the-last-rotation-0123456789';
const HOST = 'abcdefghijklmnop.lambda-url.ap-northeast-1.on.aws';

const request = (
  method: string,
  token: string,
  headers: Record<string, string> = {},
  requestContext: { sourceIp?: string; userAgent?: string } = {},
): APIGatewayProxyEventV2 => {
  const base = anAckRequest(method === 'GET' ? 'GET' : 'POST', token);
  return {
    ...base,
    headers: { host: HOST, ...headers },
    requestContext: {
      ...base.requestContext,
      http: {
        ...base.requestContext.http,
        method,
        sourceIp: requestContext.sourceIp ?? '203.0.113.7',
        userAgent: requestContext.userAgent ?? 'Mozilla/5.0 (iPhone) Mail',
      },
    },
  };
};

const setup = async (secrets: string | readonly string[] = SECRET) => {
  const h = aHarness();
  await h.send(aGuardDutyFinding('2026-11-27T03:00:00Z', { severity: 9.5 }));
  const incident = await h.store.get(GUARDDUTY_FINGERPRINT);
  if (!incident) throw new Error('no incident');
  const tools = quietTelemetry();
  const resolve = vi.fn(
    async (): Promise<{ ports: Ports; secret: string | readonly string[] }> => ({
      ports: h.ports,
      secret: secrets,
    }),
  );
  const handler = createAcknowledgeHandler(resolve, tools);
  const token = (over: Partial<AckClaims> = {}, secret = SECRET) =>
    signAckToken(
      {
        incidentId: incident.id,
        receiver: 'team-oncall',
        action: 'ack',
        expiresAt: Math.floor(h.clock.now() / 1000) + 3600,
        ...over,
      },
      secret,
    );
  const state = async () => (await h.store.get(GUARDDUTY_FINGERPRINT))?.state;
  return { h, incident, handler, resolve, token, tools, state };
};

describe('what the endpoint refuses before it fetches the secret (18 #1)', () => {
  it.each([
    'PUT',
    'DELETE',
    'PATCH',
    'OPTIONS',
  ])('answers %s with 405 and never reads the secret', async (method) => {
    const { handler, resolve, token } = await setup();

    const response = await handler(request(method, token()));

    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe('GET, POST');
    expect(resolve).not.toHaveBeenCalled();
  });

  it.each([
    ['GET', 'not-a-token'],
    ['POST', 'x'.repeat(4000)],
    ['POST', ''],
  ])('answers a %s with a malformed token with 403 and never reads the secret', async (method, junk) => {
    const { handler, resolve, state } = await setup();

    const response = await handler(request(method, junk));

    expect(response.statusCode).toBe(403);
    expect(resolve).not.toHaveBeenCalled();
    expect(await state()).toBe('open');
  });
});

describe('cross-site requests (18 #2)', () => {
  it.each<[string, Record<string, string>]>([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['an opaque Origin', { origin: 'null' }],
    [
      'a foreign Origin beside a forged Sec-Fetch-Site',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
  ])('refuses a POST with %s and changes nothing', async (_case, headers) => {
    const { handler, resolve, token, state } = await setup();

    const response = await handler(request('POST', token(), headers));

    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('ほかのサイトからの操作は受け付けていません');
    expect(resolve).not.toHaveBeenCalled();
    expect(await state()).toBe('open');
  });

  it.each<[string, Record<string, string>]>([
    [
      'the confirmation page (same-origin, own Origin)',
      { 'sec-fetch-site': 'same-origin', origin: `https://${HOST}` },
    ],
    ['a user typing the address (none)', { 'sec-fetch-site': 'none' }],
    ['a client that sends neither header', {}],
  ])('accepts a POST from %s', async (_case, headers) => {
    const { handler, token, state } = await setup();

    const response = await handler(request('POST', token(), headers));

    expect(response.statusCode).toBe(200);
    expect(await state()).toBe('acknowledged');
  });

  it('lets a GET through from anywhere: it only shows the confirmation page', async () => {
    const { handler, token, state } = await setup();

    const response = await handler(request('GET', token(), { 'sec-fetch-site': 'cross-site' }));

    expect(response.statusCode).toBe(200);
    expect(await state()).toBe('open');
  });
});

describe('traceability (18 #2)', () => {
  it('logs the source IP and user agent of every ack, and never the token', async () => {
    const { handler, token, tools } = await setup();
    const info = vi.spyOn(tools.logger, 'info');
    const warn = vi.spyOn(tools.logger, 'warn');
    const link = token();

    await handler(request('POST', link, {}, { sourceIp: '198.51.100.23', userAgent: 'Outlook-iOS/2.0' }));

    expect(info).toHaveBeenCalledWith(
      'acknowledge link used',
      expect.objectContaining({
        sourceIp: '198.51.100.23',
        userAgent: 'Outlook-iOS/2.0',
        receiver: 'team-oncall',
        action: 'ack',
        result: 'updated',
      }),
    );
    const logged = JSON.stringify([...info.mock.calls, ...warn.mock.calls]);
    expect(logged).not.toContain(link);
    expect(logged).not.toContain(link.split('.')[1]);
  });

  it('logs the source IP and user agent of a refused link too, and never the token', async () => {
    const { handler, token, tools } = await setup();
    const warn = vi.spyOn(tools.logger, 'warn');
    const forged = token({}, 'an-attacker-secret-of-enough-length-000');

    await handler(request('POST', forged, {}, { sourceIp: '192.0.2.99', userAgent: 'curl/8.5' }));

    expect(warn).toHaveBeenCalledWith(
      'acknowledge link refused',
      expect.objectContaining({ reason: 'forged', sourceIp: '192.0.2.99', userAgent: 'curl/8.5' }),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain(forged.split('.')[1]);
  });

  it('keeps a hostile user agent short and on one line in the log', async () => {
    const { handler, token, tools } = await setup();
    const info = vi.spyOn(tools.logger, 'info');

    await handler(request('POST', token(), {}, { userAgent: `evil\n{"forged":true}${'A'.repeat(1000)}` }));

    const [, fields] = info.mock.calls.find(([message]) => message === 'acknowledge link used') ?? [];
    const userAgent = (fields as { userAgent: string }).userAgent;
    expect(userAgent).not.toMatch(/[\n\r]/);
    expect(userAgent.length).toBeLessThanOrEqual(256);
  });

  it("records the clicked link's receiver as the one who acknowledged", async () => {
    const { h, handler, token } = await setup();

    await handler(request('POST', token({ receiver: 'team-lead' })));

    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.acknowledgedBy).toBe('team-lead');
  });
});

describe('what an internet-facing ack may do (18 #3)', () => {
  it('refuses a resolve token: nothing signs one, so the endpoint never resolves', async () => {
    const { h, handler, token, state } = await setup();
    const before = h.notifier.sent().length;

    const confirm = await handler(request('GET', token({ action: 'resolve' })));
    const post = await handler(request('POST', token({ action: 'resolve' })));

    expect(confirm.statusCode).toBe(403);
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('確認（ACK）以外の操作はできません');
    expect(await state()).toBe('open');
    expect(h.notifier.sent()).toHaveLength(before);
  });

  it('only stops things: an ack publishes nothing and creates no schedule, even when it loses a race', async () => {
    const { h, handler, incident } = await setup();
    // The finding resolves and comes back as a new episode between the confirmation page and the click.
    await h.send(aGuardDutyFinding('2026-11-27T03:05:00Z', { severity: 9.5, archived: true }));
    await h.send(aGuardDutyFinding('2026-11-27T03:06:00Z', { severity: 9.5 }));
    const stale = { ...incident };
    const findById = vi.spyOn(h.store, 'findById').mockResolvedValue(stale);
    // The handler still reads the stale episode as current; the episode moves on right after that read.
    vi.spyOn(h.store, 'get').mockResolvedValueOnce(stale);
    const schedule = vi.spyOn(h.timers, 'schedule');
    const send = vi.spyOn(h.notifier, 'send');
    const link = signAckToken(
      {
        incidentId: incident.id,
        receiver: 'team-oncall',
        action: 'ack',
        expiresAt: Math.floor(h.clock.now() / 1000) + 3600,
      },
      SECRET,
    );

    const response = await handler(request('POST', link));

    expect(findById).toHaveBeenCalled();
    expect(response.statusCode).toBe(200);
    expect(schedule).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
  });
});

describe('secret rotation (18 #9)', () => {
  it('accepts a link signed with the previous secret version', async () => {
    const { handler, token, state } = await setup([SECRET, PREVIOUS]);

    const response = await handler(request('POST', token({}, PREVIOUS)));

    expect(response.statusCode).toBe(200);
    expect(await state()).toBe('acknowledged');
  });

  it('refuses a link signed with a secret that is neither current nor previous', async () => {
    const { handler, token, state } = await setup([SECRET, PREVIOUS]);

    const response = await handler(request('POST', token({}, 'a-secret-from-two-rotations-ago-0123456789')));

    expect(response.statusCode).toBe(403);
    expect(await state()).toBe('open');
  });
});

describe('HSTS on every page (18 #13)', () => {
  it.each<
    [
      string,
      () => Promise<{ handler: ReturnType<typeof createAcknowledgeHandler>; token: () => string }>,
      string,
    ]
  >([
    ['the confirmation page', setup, 'GET'],
    ['the done page', setup, 'POST'],
    ['a refusal', setup, 'GET-junk'],
    ['a wrong method', setup, 'PUT'],
  ])('sends Strict-Transport-Security with %s', async (_case, make, how) => {
    const { handler, token } = await make();
    const response =
      how === 'GET-junk' ? await handler(request('GET', 'junk')) : await handler(request(how, token()));

    expect(response.headers?.['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});
