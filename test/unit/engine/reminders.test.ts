import { describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../../shared/pipeline/sweep.js';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

// DESIGN §4 repeat interval: an open, unacknowledged incident is reminded `repeatInterval` after the last notice
// by a timer (the virtual clock here, Scheduler on AWS, the sweeper as backstop), not only when AWS happens to send
// the finding again.

/** One team level and no repeats: the page has no escalation step, so the last notice is the page itself. */
const noSteps = () =>
  aConfig({
    team: { name: '統合運用チーム', levels: ['team-oncall'] },
    escalation: { HIGH: { ackWithin: '30m', repeat: 0 } },
  });

const reminders = (h: ReturnType<typeof aHarness>) =>
  h.notifier
    .sent()
    .filter((n) => n.kind === 'update')
    .map((n) => `${new Date(n.at).toISOString().slice(0, 16)} ${n.receiver}`);

describe('reminders of open, unacknowledged incidents', () => {
  it('reminds the team and the ASP 24 h after their last notice with no new event', async () => {
    const h = aHarness(noSteps());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));

    await h.runUntil('2026-11-28T00:59:59Z');
    expect(reminders(h)).toEqual([]);
    await h.runUntil('2026-11-28T01:00:00Z');

    expect(reminders(h)).toEqual(['2026-11-28T01:00 team-oncall', '2026-11-28T01:00 asp-a']);
    const reminder = h.notifier.sent().find((n) => n.kind === 'update' && n.receiver === 'team-oncall');
    expect(reminder?.body).toContain('リマインド');
    expect(reminder?.body).toContain('確認（ACK）:');
  });

  it('keeps reminding every interval until someone acknowledges, then stops', async () => {
    const h = aHarness(noSteps());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));

    await h.runUntil('2026-11-29T01:00:00Z');
    await h.ack(GUARDDUTY_FINGERPRINT);
    await h.runUntil('2026-12-03T01:00:00Z');

    expect(reminders(h).filter((line) => line.endsWith('team-oncall'))).toEqual([
      '2026-11-28T01:00 team-oncall',
      '2026-11-29T01:00 team-oncall',
    ]);
    expect(h.timers.pending()).toEqual([]);
  });

  it('does not remind a resolved incident, nor municipalities', async () => {
    const h = aHarness();
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    await h.send(aGuardDutyFinding('2026-11-27T02:00:00Z', { archived: true }));
    await h.runUntil('2026-11-30T00:00:00Z');

    expect(reminders(h)).toEqual([]);
    expect(h.timers.pending()).toEqual([]);
  });

  it('is sent by the sweeper when its timer was lost', async () => {
    const h = aHarness(noSteps());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    expect(h.timers.pending().map((timer) => timer.kind)).toEqual(['wake']);
    h.timers.takeDue(Number.POSITIVE_INFINITY); // the schedule is lost

    h.clock.advanceTo(Date.parse('2026-11-28T01:01:00Z'));
    await sweepOverdue(h.ports);
    expect(reminders(h)).toEqual([]);
    h.clock.advanceTo(Date.parse('2026-11-28T01:02:01Z'));
    await sweepOverdue(h.ports);

    expect(reminders(h)).toEqual(['2026-11-28T01:02 team-oncall', '2026-11-28T01:02 asp-a']);
  });

  it('is left for the next sweep when the sweep has reached its deadline', async () => {
    const h = aHarness(noSteps());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    h.timers.takeDue(Number.POSITIVE_INFINITY); // the schedule is lost

    h.clock.advanceTo(Date.parse('2026-11-28T01:02:01Z'));
    await sweepOverdue(h.ports, { stopAt: h.clock.now() });
    expect(reminders(h)).toEqual([]);
    await sweepOverdue(h.ports, { stopAt: h.clock.now() + 1 });

    expect(reminders(h)).toEqual(['2026-11-28T01:02 team-oncall', '2026-11-28T01:02 asp-a']);
  });

  it('a late or repeated reminder timer does nothing', async () => {
    const h = aHarness(noSteps());
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z'));
    const [timer] = h.timers.pending();
    await h.runUntil('2026-11-28T01:00:00Z');
    const { fireTimer } = await import('../../../shared/pipeline/operator.js');

    const again = await fireTimer(timer as NonNullable<typeof timer>, h.ports);

    expect(again.result).toBe('stale');
    expect(reminders(h)).toHaveLength(2);
  });
});
