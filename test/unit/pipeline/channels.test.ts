import { describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../../shared/pipeline/sweep.js';
import type { Notifier } from '../../../shared/ports.js';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

// Issue 14 (DESIGN §13): one outbox entry per (delivery, transport). The receiver's email, SMS and chatbot ride one
// SNS publish (the delivery as decided, its id unchanged); each slack/teams webhook is a copy of its own.

const TEAM_SLACK = 'alert-router/team-slack';
const TEAM_SLACK_2 = 'alert-router/team-slack-war-room';
const ASP_TEAMS = 'alert-router/asp-a-teams';

const withChannels = (receivers: Record<string, unknown>) => aConfig({ receivers });
const config = withChannels({
  'team-oncall': { channels: ['email', 'chatbot', { slack: { secret: TEAM_SLACK } }] },
  'asp-a': { channels: [{ teams: { secret: ASP_TEAMS } }] },
});

const T0 = '2026-11-27T01:00:00Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describe('per-channel deliveries', () => {
  it('records the topic delivery with its id unchanged and one copy per webhook, each naming its secret', async () => {
    const h = aHarness(config);

    await h.send(aGuardDutyFinding(at(0)));

    const deliveries = h.store.deliveries();
    const id = deliveries[0]?.incidentId;
    expect(deliveries.map((d) => [d.id, d.receiver, d.channel, d.secret])).toEqual([
      [`${id}/team-oncall/1`, 'team-oncall', undefined, undefined],
      [`${id}/team-oncall/1~slack`, 'team-oncall', 'slack', TEAM_SLACK],
      // asp-a lists a webhook only: nothing rides its topic.
      [`${id}/asp-a/1~teams`, 'asp-a', 'teams', ASP_TEAMS],
    ]);
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    expect(h.notifier.sent().map((n) => `${n.receiver}:${n.kind}:${n.channel ?? 'topic'}`)).toEqual([
      'team-oncall:trigger:topic',
      'team-oncall:trigger:slack',
      'asp-a:trigger:teams',
    ]);
    expect(h.notifier.sent()[1]).toMatchObject({
      deliveryId: `${id}/team-oncall/1~slack`,
      secret: TEAM_SLACK,
    });
  });

  it('changes nothing for a receiver without channels: one delivery, the same id, no channel', async () => {
    const h = aHarness(aConfig());

    await h.send(aGuardDutyFinding(at(0)));

    const deliveries = h.store.deliveries();
    expect(deliveries.map((d) => d.id.split('/').slice(1).join('/'))).toEqual(['team-oncall/1', 'asp-a/1']);
    expect(deliveries.every((d) => d.channel === undefined && d.secret === undefined)).toBe(true);
    expect(h.notifier.sent().every((n) => n.channel === undefined && n.secret === undefined)).toBe(true);
  });

  it('names the transport in the timeline: the topic as its SNS channels, each webhook by name', async () => {
    const h = aHarness(config);

    await h.send(aGuardDutyFinding(at(0)));

    const incident = await h.store.get(GUARDDUTY_FINGERPRINT);
    const notified = incident?.timeline?.filter((entry) => entry.what === 'notified');
    expect(notified?.map((entry) => `${entry.receiver}:${entry.channel}`)).toEqual([
      'team-oncall:email+chatbot',
      'team-oncall:slack',
      'asp-a:teams',
    ]);
  });

  it('gives a second webhook of the same kind its own id and secret', async () => {
    const h = aHarness(
      withChannels({
        'team-oncall': {
          channels: [{ slack: { secret: TEAM_SLACK } }, { slack: { secret: TEAM_SLACK_2 } }],
        },
      }),
    );

    await h.send(aGuardDutyFinding(at(0)));

    const toTeam = h.store.deliveries().filter((d) => d.receiver === 'team-oncall');
    expect(toTeam.map((d) => [d.id.split('/').slice(2).join('/'), d.secret])).toEqual([
      ['1~slack', TEAM_SLACK],
      ['1~slack-2', TEAM_SLACK_2],
    ]);
  });

  it('expands every path the same way: escalation and resolve reach each channel', async () => {
    const h = aHarness(
      withChannels({
        'team-oncall': { channels: ['email', { slack: { secret: TEAM_SLACK } }] },
        'team-lead': { channels: ['sms', { teams: { secret: 'alert-router/lead-teams' } }] },
      }),
    );

    await h.send(aGuardDutyFinding(at(0)));
    await h.runUntil(at(31 * 60));
    await h.send(aGuardDutyFinding(at(32 * 60), { archived: true }));

    const sent = h.notifier.sent().map((n) => `${n.receiver}:${n.kind}:${n.channel ?? 'topic'}`);
    expect(sent).toContain('team-lead:escalation:topic');
    expect(sent).toContain('team-lead:escalation:teams');
    expect(sent).toContain('team-oncall:resolve:topic');
    expect(sent).toContain('team-oncall:resolve:slack');
    expect(sent).toContain('team-lead:resolve:teams');
    // Lifecycle events count decisions, not channels: one escalation step is one `Incident Escalated`.
    expect(h.bus.events().filter((e) => e.detailType === 'Incident Escalated')).toHaveLength(1);
    const incident = await h.store.get(GUARDDUTY_FINGERPRINT);
    const escalated = incident?.timeline?.filter((entry) => entry.what === 'escalated');
    expect(escalated?.map((entry) => entry.channel)).toEqual([undefined, 'teams']);
  });

  it('never puts a secret name in a lifecycle event', async () => {
    const h = aHarness(config);

    await h.send(aGuardDutyFinding(at(0)));
    await h.send(aGuardDutyFinding(at(60), { archived: true }));

    expect(h.bus.events().length).toBeGreaterThan(0);
    expect(JSON.stringify(h.bus.events())).not.toMatch(/alert-router\/|secret/);
  });
});

describe('digests on every channel', () => {
  const medium = (i: number, seconds: number) =>
    aGuardDutyFinding(at(seconds), { severity: 5, id: `storm-${i}` });

  it('sends one digest per transport of the receiver, the topic one with its id unchanged', async () => {
    const h = aHarness(config);

    for (let i = 0; i < 5; i++) await h.send(medium(i, i));
    await h.runUntil(at(600));

    const digests = h.notifier.sent().filter((n) => n.kind === 'digest' && n.receiver === 'team-oncall');
    expect(digests.map((n) => n.channel ?? 'topic')).toEqual(['topic', 'slack']);
    expect(digests[0]?.deliveryId).toMatch(/^DIGEST\/team-oncall\|111111111111\|guardduty\/\d+$/);
    expect(digests[1]?.deliveryId).toBe(`${digests[0]?.deliveryId}~slack-1`);
    expect(digests.every((n) => n.subject.includes('5件'))).toBe(true);
    expect(h.store.deliveries().every((d) => d.status === 'sent')).toBe(true);
  });

  it('keeps a failed webhook digest pending while the topic digest is marked sent, and sends it alone later', async () => {
    const h = aHarness(config);
    let slackDown = true;
    const flaky: Notifier = {
      send: async (n) => {
        if (n.channel === 'slack' && slackDown) throw new Error('slack is down');
        await h.notifier.send(n);
      },
    };
    const ports = { ...h.ports, notifier: flaky };
    const { routeEvent } = await import('../../../shared/pipeline/route-event.js');
    const { fireTimer } = await import('../../../shared/pipeline/operator.js');

    for (let i = 0; i < 3; i++) {
      h.clock.advanceTo(Date.parse(at(i)));
      await routeEvent(medium(i, i), ports);
    }
    const timer = h.timers.takeDue(Date.parse(at(600)));
    expect(timer?.kind).toBe('digest');
    h.clock.advanceTo(timer?.at ?? 0);
    await expect(fireTimer(timer as NonNullable<typeof timer>, ports)).rejects.toThrow(/1 of 2 digests/);

    const pendingAfterFailure = h.store
      .deliveries()
      .filter((d) => d.status === 'pending' && d.receiver === 'team-oncall');
    expect(pendingAfterFailure.map((d) => d.channel)).toEqual(['slack', 'slack', 'slack']);
    expect(h.notifier.sent().map((n) => n.channel ?? 'topic')).toEqual(['topic']);

    slackDown = false;
    h.clock.advanceTo(Date.parse(at(3_600)));
    await sweepOverdue(ports);
    await h.runUntil(at(7_200));

    expect(h.notifier.sent().map((n) => `${n.kind}:${n.channel ?? 'topic'}`)).toEqual([
      'digest:topic',
      'digest:slack',
    ]);
    expect(h.notifier.sent()[1]?.subject).toContain('3件');
    expect(h.store.deliveries().every((d) => d.status === 'sent')).toBe(true);
  });
});

describe('a notification made outside the outbox (the monthly summary)', () => {
  it('goes to the topic and to each webhook of its receiver, with the same id scheme', async () => {
    const { onEveryTransport } = await import('../../../shared/pipeline/publish.js');
    const h = aHarness(aConfig());
    await h.send(aGuardDutyFinding(at(0)));
    const summary = { ...h.notifier.sent()[0]!, deliveryId: 'REPORT/2026-11/team-oncall' };

    const copies = onEveryTransport(summary, config);
    const webhookOnly = onEveryTransport({ ...summary, receiver: 'asp-a' }, config);
    const plain = onEveryTransport(summary, aConfig());

    expect(copies.map((n) => [n.deliveryId, n.channel, n.secret])).toEqual([
      ['REPORT/2026-11/team-oncall', undefined, undefined],
      ['REPORT/2026-11/team-oncall~slack', 'slack', TEAM_SLACK],
    ]);
    expect(webhookOnly.map((n) => n.channel)).toEqual(['teams']);
    expect(plain).toEqual([summary]);
  });
});
