import { describe, expect, it } from 'vitest';
import { createAcknowledgeHandler } from '../../../functions/acknowledge/handler.js';
import { createEscalateHandler } from '../../../functions/escalate/handler.js';
import { createSweeperHandler } from '../../../functions/sweeper/handler.js';
import { signAckToken } from '../../../shared/ack-token.js';
import { aHarness } from '../../helpers/harness.js';
import { anAckRequest, quietTelemetry } from '../../helpers/lambda.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

const SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';
const critical = aGuardDutyFinding('2026-11-27T03:00:00Z', { severity: 9.5 });

const opened = async () => {
  const h = aHarness();
  await h.send(critical);
  const incident = await h.store.get(GUARDDUTY_FINGERPRINT);
  if (!incident) throw new Error('no incident');
  return { h, incident };
};

describe('the escalate handler (invoked by Scheduler)', () => {
  it('pages the next level when the timer carries the live token', async () => {
    const { h, incident } = await opened();
    const handler = createEscalateHandler(async () => h.ports, quietTelemetry());
    h.clock.advanceTo(Date.parse('2026-11-27T03:15:00Z'));

    const result = await handler({
      fingerprint: incident.fingerprint,
      incidentId: incident.id,
      token: incident.escalation?.token,
    });

    expect(result).toEqual({ result: 'updated' });
    expect(h.sent()).toContain('team-lead:escalation');
  });

  it('does nothing for a timer delivered twice (the second carries a stale token)', async () => {
    const { h, incident } = await opened();
    const handler = createEscalateHandler(async () => h.ports, quietTelemetry());
    const input = {
      fingerprint: incident.fingerprint,
      incidentId: incident.id,
      token: incident.escalation?.token,
    };

    await handler(input);
    const again = await handler(input);

    expect(again).toEqual({ result: 'stale' });
    expect(h.sent().filter((line) => line.endsWith(':escalation'))).toHaveLength(1);
  });

  it('sends a storm-control digest when the schedule carries a digest', async () => {
    const h = aHarness();
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 5 }));
    const [timer] = h.timers.pending();
    const handler = createEscalateHandler(async () => h.ports, quietTelemetry());
    h.clock.advanceTo(timer?.at ?? 0);

    const result = await handler({
      kind: 'digest',
      group: timer?.kind === 'digest' ? timer.group : '',
      at: timer?.at,
    });

    expect(result).toEqual({ result: 'sent' });
    expect(h.notifier.sent().map((n) => `${n.receiver}:${n.kind}`)).toEqual(['team-oncall:digest']);
  });

  it('rejects an input that is not a timer', async () => {
    const { h } = await opened();
    const handler = createEscalateHandler(async () => h.ports, quietTelemetry());

    await expect(handler({ hello: 'world' })).rejects.toThrow('invalid timer input');
  });
});

describe('the sweeper', () => {
  it('re-fires a step whose schedule was lost once it is more than 2 minutes overdue', async () => {
    const { h } = await opened();
    h.timers.takeDue(Number.POSITIVE_INFINITY); // the schedule is lost
    const handler = createSweeperHandler(async () => h.ports, quietTelemetry());

    h.clock.advanceTo(Date.parse('2026-11-27T03:16:59Z'));
    expect(await handler()).toEqual({ refired: 0 });
    h.clock.advanceTo(Date.parse('2026-11-27T03:17:01Z'));
    expect(await handler()).toEqual({ refired: 1 });

    expect(h.sent()).toContain('team-lead:escalation');
    expect(h.escalationTimers()).toHaveLength(1); // the next step is scheduled again
  });

  it('leaves acknowledged incidents alone', async () => {
    const { h } = await opened();
    await h.ack(GUARDDUTY_FINGERPRINT);
    h.clock.advanceTo(Date.parse('2026-11-27T05:00:00Z'));

    expect(await createSweeperHandler(async () => h.ports, quietTelemetry())()).toEqual({ refired: 0 });
  });
});

describe('the acknowledge endpoint (function URL)', () => {
  const setup = async () => {
    const { h, incident } = await opened();
    const handler = createAcknowledgeHandler(
      async () => ({ ports: h.ports, secret: SECRET }),
      quietTelemetry(),
    );
    const now = Math.floor(h.clock.now() / 1000);
    const token = (over: Partial<Parameters<typeof signAckToken>[0]> = {}, secret = SECRET) =>
      signAckToken(
        { incidentId: incident.id, receiver: 'team-oncall', action: 'ack', expiresAt: now + 3600, ...over },
        secret,
      );
    return { h, incident, handler, token };
  };

  it('shows a Japanese confirmation page on GET and changes nothing', async () => {
    const { h, handler, token } = await setup();

    const response = await handler(anAckRequest('GET', token()));

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('確認（ACK）する');
    expect(response.body).toContain('<form method="post">');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
  });

  it('acknowledges on POST: paging stops', async () => {
    const { h, handler, token } = await setup();

    const response = await handler(anAckRequest('POST', token()));

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('確認（ACK）しました');
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('acknowledged');
    expect(h.timers.pending()).toEqual([]);
  });

  it('refuses a resolve token (nothing signs one; the endpoint only acknowledges)', async () => {
    const { h, handler, token } = await setup();

    const response = await handler(anAckRequest('POST', token({ action: 'resolve' })));

    expect(response.statusCode).toBe(403);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
    expect(h.sent().filter((line) => line.endsWith(':resolve'))).toEqual([]);
  });

  type Case = { over?: Partial<Parameters<typeof signAckToken>[0]>; secret?: string };
  it.each<[string, Case, number]>([
    ['forged (another secret)', { secret: 'an-attacker-secret-of-enough-length-000' }, 403],
    ['expired', { over: { expiresAt: 1 } }, 403],
    ['for an incident that does not exist', { over: { incidentId: 'INC-00000000-1' } }, 404],
  ])('refuses a token that is %s and changes nothing', async (_case, { over, secret }, status) => {
    const { h, handler, token } = await setup();

    const response = await handler(anAckRequest('POST', token(over ?? {}, secret ?? SECRET)));

    expect(response.statusCode).toBe(status);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
  });

  it('refuses a tampered token', async () => {
    const { h, handler, token } = await setup();
    const [payload, signature] = token().split('.');
    const tampered = `${payload?.slice(0, -2)}xx.${signature}`;

    expect((await handler(anAckRequest('POST', tampered))).statusCode).toBe(403);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
  });
});
