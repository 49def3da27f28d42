import { describe, expect, it } from 'vitest';
import { escalate } from '../../../shared/pipeline/operator.js';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

const critical = (time: string) => aGuardDutyFinding(time, { severity: 9.5 });
const escalations = (h: ReturnType<typeof aHarness>) =>
  h.notifier
    .sent()
    .filter((n) => n.kind === 'escalation')
    .map((n) => `${new Date(n.at).toISOString().slice(11, 16)} ${n.receiver}`);

describe('escalation until someone acknowledges (DESIGN §6)', () => {
  it('pages the next level after 15 minutes, then repeats to the last level up to 3 times', async () => {
    const h = aHarness();

    await h.send(critical('2026-11-27T03:00:00Z'));
    await h.runUntil('2026-11-27T05:00:00Z');

    expect(escalations(h)).toEqual([
      '03:15 team-lead',
      '03:30 team-lead',
      '03:45 team-lead',
      '04:00 team-lead',
    ]);
    expect(h.escalationTimers()).toEqual([]);
  });

  it('waits 30 minutes for a HIGH page', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.runUntil('2026-11-27T01:29:59Z');
    expect(escalations(h)).toEqual([]);
    await h.runUntil('2026-11-27T01:30:00Z');

    expect(escalations(h)).toEqual(['01:30 team-lead']);
  });

  it('stops when the page is acknowledged, and deletes the pending timer', async () => {
    const h = aHarness();

    await h.send(critical('2026-11-27T03:00:00Z'));
    await h.runUntil('2026-11-27T03:10:00Z');
    await h.ack(GUARDDUTY_FINGERPRINT);
    await h.runUntil('2026-11-27T06:00:00Z');

    expect(escalations(h)).toEqual([]);
    expect(h.timers.pending()).toEqual([]);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('acknowledged');
  });

  it('stops when the finding resolves, and the resolve reaches every level that was paged', async () => {
    const h = aHarness();

    await h.send(critical('2026-11-27T03:00:00Z'));
    await h.runUntil('2026-11-27T03:20:00Z');
    await h.send(aGuardDutyFinding('2026-11-27T03:25:00Z', { severity: 9.5, archived: true }));
    await h.runUntil('2026-11-27T06:00:00Z');

    expect(escalations(h)).toEqual(['03:15 team-lead']);
    expect(
      h
        .sent()
        .filter((line) => line.endsWith(':resolve'))
        .sort(),
    ).toEqual(['asp-a:resolve', 'team-lead:resolve', 'team-oncall:resolve']);
  });

  it('does nothing when a stale timer fires (its token is no longer the live one)', async () => {
    const h = aHarness();
    await h.send(critical('2026-11-27T03:00:00Z'));
    const [first] = h.timers.pending();
    await h.runUntil('2026-11-27T03:15:00Z');
    const before = h.sent().length;

    const replayed = await escalate(
      {
        fingerprint: GUARDDUTY_FINGERPRINT,
        token: first !== undefined && 'token' in first ? first.token : 0,
      },
      h.ports,
    );

    expect(replayed.result).toBe('stale');
    expect(h.sent()).toHaveLength(before);
  });

  it('keeps the policy the incident opened with, even if the config changes', async () => {
    const h = aHarness();
    await h.send(critical('2026-11-27T03:00:00Z'));
    const opened = await h.store.get(GUARDDUTY_FINGERPRINT);

    expect(opened?.escalation).toMatchObject({
      levels: ['team-oncall', 'team-lead'],
      ackWithinMs: 15 * 60_000,
      repeat: 3,
    });
  });

  it('does not escalate what the policy does not page (MEDIUM security, application alarms)', async () => {
    const h = aHarness();

    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 5 }));
    await h.runUntil('2026-11-27T06:00:00Z');

    expect(escalations(h)).toEqual([]);
    expect(h.escalationTimers()).toEqual([]);
  });

  it('repeats to the only level when the team has one level', async () => {
    const h = aHarness(aConfig({ team: { name: '統合運用チーム', levels: ['team-oncall'] } }));

    await h.send(critical('2026-11-27T03:00:00Z'));
    await h.runUntil('2026-11-27T06:00:00Z');

    expect(escalations(h)).toEqual(['03:15 team-oncall', '03:30 team-oncall', '03:45 team-oncall']);
  });
});
