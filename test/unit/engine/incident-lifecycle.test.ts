import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../../shared/errors.js';
import type { AlertOutcome } from '../../../shared/pipeline/route-event.js';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, anOutageCopy, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

const outcome = (outcomes: readonly unknown[]) => outcomes[0] as AlertOutcome;

describe('one incident per finding', () => {
  it('pages each receiver once while GuardDuty re-publishes the finding', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { count: 1 }));
    await h.send(aGuardDutyFinding('2026-11-27T01:10:00Z', { count: 3 }));
    await h.send(aGuardDutyFinding('2026-11-27T01:20:00Z', { count: 7 }));

    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.count).toBe(3);
  });

  it('treats a re-delivered event (same envelope id) as a duplicate: nothing sent, nothing counted', async () => {
    const h = aHarness();
    const event = aGuardDutyFinding('2026-11-27T01:00:00Z');

    await h.send(event);
    const again = outcome(await h.send(event));

    expect(again.result).toBe('duplicate');
    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.count).toBe(1);
  });

  it('tells everyone who got the trigger when the finding is archived', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.send(aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }));

    expect(h.sent()).toEqual([
      'team-oncall:trigger',
      'asp-a:trigger',
      'team-oncall:resolve',
      'asp-a:resolve',
    ]);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('resolved');
  });

  it('opens a new episode when a resolved finding fires again with a newer version', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.send(aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }));
    const reopened = outcome(await h.send(aGuardDutyFinding('2026-11-27T03:00:00Z')));

    expect(reopened.result).toBe('reopened');
    expect(reopened.incidentId).toMatch(/-2$/);
    expect(h.sent().slice(4)).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
  });

  it('ignores an update older than the incident: a late open never reopens a resolved incident', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }));
    const late = outcome(await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z')));

    expect(late.result).toBe('stale');
    expect(h.sent()).toEqual([]);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('resolved');
  });

  it('re-notifies when the severity rises, and tells the ASP once the finding reaches HIGH', async () => {
    const h = aHarness(aConfig({ grouping: { enabled: false } }));

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 5 }));
    await h.send(aGuardDutyFinding('2026-11-27T01:10:00Z', { severity: 8 }));
    await h.send(aGuardDutyFinding('2026-11-27T01:20:00Z', { severity: 5 }));

    expect(h.sent()).toEqual(['team-oncall:trigger', 'team-oncall:update', 'asp-a:trigger']);
    expect(h.notifier.sent()[1]?.severity).toBe('HIGH');
  });

  it('reminds an unacknowledged receiver after the repeat interval', async () => {
    const h = aHarness(
      aConfig({ repeatInterval: '24h', escalation: { HIGH: { ackWithin: '30m', repeat: 0 } } }),
    );

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.send(aGuardDutyFinding('2026-11-28T00:59:00Z'));
    await h.send(aGuardDutyFinding('2026-11-28T01:00:00Z'));

    expect(h.sent().filter((line) => line.endsWith(':update'))).toEqual([
      'team-oncall:update',
      'asp-a:update',
    ]);
  });
});

describe('a Health event that gathers affected accounts', () => {
  it('tells only the newly affected receivers when another spoke forwards the same event', async () => {
    const h = aHarness();

    await h.send(anOutageCopy('222222222222', '2026-11-27T00:05:00Z'));
    await h.send(anOutageCopy('222222222222', '2026-11-27T00:06:00Z', { backup: true }));
    await h.send(anOutageCopy('111111111111', '2026-11-27T00:10:00Z'));

    expect(h.sent()).toEqual([
      'team-oncall:trigger',
      'asp-b:trigger',
      'city-sakura:trigger',
      'town-midori:trigger',
      'asp-a:trigger',
      'city-aoba:trigger',
    ]);
  });

  it('gathers an account even from a copy older than the latest update', async () => {
    const h = aHarness();

    await h.send(anOutageCopy('222222222222', '2026-11-27T00:10:00Z'));
    await h.send(anOutageCopy('111111111111', '2026-11-27T00:05:00Z'));

    expect(h.sent()).toContain('city-aoba:trigger');
  });

  it('sends the recovery notice to every municipality that got the outage notice', async () => {
    const h = aHarness();

    await h.send(anOutageCopy('222222222222', '2026-11-27T00:05:00Z'));
    await h.send(anOutageCopy('111111111111', '2026-11-27T00:10:00Z'));
    await h.send(anOutageCopy('222222222222', '2026-11-27T02:30:00Z', { closed: true }));

    const resolves = h.sent().filter((line) => line.endsWith(':resolve'));
    expect(resolves.sort()).toEqual(
      ['asp-a', 'asp-b', 'city-aoba', 'city-sakura', 'team-oncall', 'town-midori'].map(
        (id) => `${id}:resolve`,
      ),
    );
  });
});

describe('silences', () => {
  const silencedFrom = (start: string) =>
    aConfig({
      silences: [
        {
          name: 'juki-work',
          match: { account: '111111111111' },
          startsAt: start,
          endsAt: '2026-11-27T23:00:00Z',
        },
      ],
    });

  it('still sends the resolve to those who got the trigger before the silence began', async () => {
    const h = aHarness(silencedFrom('2026-11-27T01:05:00Z'));

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.send(aGuardDutyFinding('2026-11-27T01:10:00Z', { severity: 9 }));
    await h.send(aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }));

    expect(h.sent()).toEqual([
      'team-oncall:trigger',
      'asp-a:trigger',
      'team-oncall:resolve',
      'asp-a:resolve',
    ]);
  });

  it('records a silenced incident without telling anyone, and then has nobody to resolve to', async () => {
    const h = aHarness(silencedFrom('2026-11-27T00:00:00Z'));

    const opened = outcome(await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z')));
    await h.send(aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }));

    expect(opened.recordedOnly).toBe(true);
    expect(h.sent()).toEqual([]);
    expect(h.timers.pending()).toEqual([]);
  });
});

describe('the outbox', () => {
  it('re-sends only what a failed attempt did not send when the event is delivered again', async () => {
    const h = aHarness();
    const event = aGuardDutyFinding('2026-11-27T01:00:00Z');
    const send = h.notifier.send;
    let failOnce = true;
    const flaky = {
      ...h.ports,
      notifier: {
        send: async (notification: Parameters<typeof send>[0]) => {
          if (notification.receiver === 'asp-a' && failOnce) {
            failOnce = false;
            throw new Error('SNS throttled');
          }
          return send(notification);
        },
      },
    };
    const { routeEvent } = await import('../../../shared/pipeline/route-event.js');

    await expect(routeEvent(event, flaky)).rejects.toBeInstanceOf(AdapterError);
    expect(h.sent()).toEqual(['team-oncall:trigger']);
    await routeEvent(event, flaky);

    expect(h.sent()).toEqual(['team-oncall:trigger', 'asp-a:trigger']);
    expect(h.store.deliveries().every((delivery) => delivery.status === 'sent')).toBe(true);
  });

  it('says a failed publish is not worth retrying only when every failure says so', async () => {
    const h = aHarness();
    const { routeEvent } = await import('../../../shared/pipeline/route-event.js');
    const noTopic = new AdapterError('no SNS topic for receiver asp-a', false);
    const ports = { ...h.ports, notifier: { send: async () => Promise.reject(noTopic) } };

    const failure = await routeEvent(aGuardDutyFinding('2026-11-27T01:00:00Z'), ports).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(AdapterError);
    expect((failure as AdapterError).retryable).toBe(false);
    expect(h.store.deliveries().map((delivery) => delivery.status)).toEqual(['pending', 'pending']);
  });
});
