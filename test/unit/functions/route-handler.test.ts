import { describe, expect, it, vi } from 'vitest';
import { createRouteHandler } from '../../../functions/route/handler.js';
import { verifyAckToken } from '../../../shared/ack-token.js';
import { loadEvent } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { aLambdaContext, anSqsBatch, quietTelemetry } from '../../helpers/lambda.js';
import { aGuardDutyFinding } from '../../helpers/story-events.js';

const SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';

const aRouteHandler = () => {
  const h = aHarness();
  const tools = quietTelemetry();
  const ackLinks = (incidentId: string, receiver: string) =>
    `https://ack.example/?t=${incidentId}:${receiver}`;
  const handler = createRouteHandler(async () => ({ ...h.ports, ackLinks }), tools);
  return { h, tools, handler };
};

describe('the route handler (SQS batch of EventBridge events)', () => {
  it('routes the good events and reports only the bad ones as batch item failures', async () => {
    const { h, tools, handler } = aRouteHandler();
    const errors = vi.spyOn(tools.logger, 'error');

    const response = await handler(
      anSqsBatch([
        aGuardDutyFinding('2026-11-27T01:00:00Z'),
        { raw: '{"truncated":' },
        loadEvent('../malformed-events/account-not-12-digits.json'),
      ]),
      aLambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'message-1' },
      { itemIdentifier: 'message-2' },
    ]);
    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors.mock.calls[1]?.[1]).toMatchObject({
      reason: expect.stringContaining('account: must be a 12-digit'),
    });
  });

  it('sends nothing twice when the same EventBridge event arrives twice', async () => {
    const { h, handler } = aRouteHandler();
    const event = aGuardDutyFinding('2026-11-27T01:00:00Z');

    await handler(anSqsBatch([event, event]), aLambdaContext());
    await handler(anSqsBatch([event]), aLambdaContext());

    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
  });

  it('fails only the record whose publish failed, and its redelivery sends only what is pending', async () => {
    const { h, handler } = aRouteHandler();
    const send = h.notifier.send;
    let failures = 1;
    (h.ports as { notifier: typeof h.notifier }).notifier = {
      ...h.notifier,
      send: async (notification) => {
        if (notification.receiver === 'asp-a' && failures-- > 0) throw new Error('SNS throttled');
        return send(notification);
      },
    };
    const event = aGuardDutyFinding('2026-11-27T01:00:00Z');

    const first = await handler(anSqsBatch([event]), aLambdaContext());
    const retry = await handler(anSqsBatch([event]), aLambdaContext());

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'message-0' }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
  });

  it('puts the acknowledge link in team pages only', async () => {
    const { h, handler } = aRouteHandler();

    await handler(anSqsBatch([aGuardDutyFinding('2026-11-27T01:00:00Z')]), aLambdaContext());

    const [team, asp] = h.notifier.sent();
    expect(team?.body).toContain(`https://ack.example/?t=${team?.incidentId}:team-oncall`);
    expect(asp?.body).not.toContain('https://ack.example');
  });
});

describe('signed acknowledge links from the AWS ports', () => {
  it('signs a link for the incident and receiver that verifies with the secret and expires', async () => {
    const { withAckLinks } = await import('../../../functions/aws-ports.js');
    const h = aHarness();
    const env = { ACK_BASE_URL: 'https://ack.example/', ACK_LINK_TTL: '24h' } as Parameters<
      typeof withAckLinks
    >[1];

    const link = withAckLinks(h.ports, env, SECRET).ackLinks?.('INC-1-1', 'team-oncall') ?? '';
    const token = new URL(link).searchParams.get('t') ?? '';
    const now = Math.floor(h.clock.now() / 1000);

    expect(link.startsWith('https://ack.example/?t=')).toBe(true);
    expect(verifyAckToken(token, SECRET, now)).toMatchObject({
      valid: true,
      claims: { incidentId: 'INC-1-1', receiver: 'team-oncall', action: 'ack' },
    });
    expect(verifyAckToken(token, SECRET, now + 24 * 3600)).toEqual({ valid: false, reason: 'expired' });
  });
});
