import { describe, expect, it } from 'vitest';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

// DESIGN §4 silences: a silenced incident is recorded, not sent; if it is still open and unacknowledged when the
// window ends, it is sent then. Escalation steps of an incident paged before the window do not fire inside it,
// and resume after it.

const windowed = () =>
  aConfig({
    routes: [],
    silences: [
      {
        name: 'juki-maintenance',
        match: { account: '111111111111', source: 'guardduty' },
        startsAt: '2026-11-27T10:00:00+09:00', // 01:00Z
        endsAt: '2026-11-27T12:00:00+09:00', // 03:00Z
      },
    ],
  });

const timeline = (h: ReturnType<typeof aHarness>) =>
  h.notifier.sent().map((n) => `${new Date(n.at).toISOString().slice(11, 16)} ${n.receiver}:${n.kind}`);

describe('silences and maintenance windows over time', () => {
  it('sends a silenced incident that is still open and unacknowledged when the window ends, and escalates it', async () => {
    const h = aHarness(windowed());
    await h.send(aGuardDutyFinding('2026-11-27T01:30:00Z'));
    await h.runUntil('2026-11-27T02:59:59Z');
    expect(timeline(h)).toEqual([]);

    await h.runUntil('2026-11-27T03:30:00Z');

    expect(timeline(h)).toEqual([
      '03:00 team-oncall:trigger',
      '03:00 asp-a:trigger',
      '03:30 team-lead:escalation',
    ]);
  });

  it('sends nothing at the end of the window for an incident resolved or acknowledged inside it', async () => {
    const resolved = aHarness(windowed());
    await resolved.send(aGuardDutyFinding('2026-11-27T01:30:00Z'));
    await resolved.send(aGuardDutyFinding('2026-11-27T02:00:00Z', { archived: true }));
    await resolved.runUntil('2026-11-28T06:00:00Z');

    const acknowledged = aHarness(windowed());
    await acknowledged.send(aGuardDutyFinding('2026-11-27T01:30:00Z'));
    await acknowledged.runUntil('2026-11-27T02:00:00Z');
    await acknowledged.ack(GUARDDUTY_FINGERPRINT);
    await acknowledged.runUntil('2026-11-28T06:00:00Z');

    expect(timeline(resolved)).toEqual([]);
    expect(timeline(acknowledged)).toEqual([]);
  });

  it('holds the escalation steps of an incident paged before the window, and resumes them after it', async () => {
    const h = aHarness(windowed());
    await h.send(aGuardDutyFinding('2026-11-27T00:50:00Z')); // HIGH: the first step is due at 01:20, inside
    await h.runUntil('2026-11-27T02:59:59Z');
    expect(timeline(h)).toEqual(['00:50 team-oncall:trigger', '00:50 asp-a:trigger']);

    await h.runUntil('2026-11-27T03:30:00Z');

    expect(timeline(h).slice(2)).toEqual(['03:00 team-lead:escalation', '03:30 team-lead:escalation']);
  });

  it('sends the update of a silenced incident when the window ends, once', async () => {
    const h = aHarness(windowed());
    await h.send(aGuardDutyFinding('2026-11-27T01:30:00Z'));
    await h.send(aGuardDutyFinding('2026-11-27T02:30:00Z', { severity: 9.5 }));
    await h.runUntil('2026-11-27T03:05:00Z');

    expect(timeline(h)).toEqual(['03:00 team-oncall:trigger', '03:00 asp-a:trigger']);
    expect(h.notifier.sent()[0]?.severity).toBe('CRITICAL');
  });
});
