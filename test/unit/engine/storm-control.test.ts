import { describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../../shared/pipeline/sweep.js';
import { aConfig } from '../../helpers/config.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding } from '../../helpers/story-events.js';

const at = (seconds: number) => new Date(Date.parse('2026-11-27T01:00:00Z') + seconds * 1000).toISOString();
const medium = (i: number, seconds: number, account = '111111111111') =>
  aGuardDutyFinding(at(seconds), { severity: 5, id: `storm-${account}-${i}`, account });

describe('storm control: alerts that do not page are grouped into digests', () => {
  it('sends at most 3 notifications to the team for 1,000 MEDIUM findings from one account in 5 minutes, and records all 1,000', async () => {
    const h = aHarness();

    for (let i = 0; i < 1_000; i++) await h.send(medium(i, Math.floor((i * 300) / 1_000)));
    await h.runUntil(at(3_600));

    const toTeam = h.notifier.sent().filter((n) => n.audience === 'team');
    expect(toTeam.length).toBeLessThanOrEqual(3);
    expect(toTeam.every((n) => n.kind === 'digest')).toBe(true);
    expect(h.store.incidents()).toHaveLength(1_000);
    const deliveries = h.store.deliveries();
    expect(deliveries).toHaveLength(1_000);
    expect(deliveries.every((delivery) => delivery.status === 'sent')).toBe(true);
    const listed = toTeam.map((n) => Number(/ (\d+)件/.exec(n.subject)?.[1] ?? 0));
    expect(listed.reduce((sum, n) => sum + n, 0)).toBe(1_000);
  });

  it('waits 30 s for the first digest, then at most one per 5 minutes', async () => {
    const h = aHarness();

    await h.send(medium(1, 0));
    await h.send(medium(2, 10));
    await h.runUntil(at(29));
    expect(h.notifier.sent()).toEqual([]);
    await h.runUntil(at(30));
    await h.send(medium(3, 60));
    await h.runUntil(at(329));
    const early = h.notifier.sent().length;
    await h.runUntil(at(330));

    const digests = h.notifier.sent();
    expect(early).toBe(1);
    expect(digests.map((n) => new Date(n.at).toISOString())).toEqual([at(30), at(330)]);
    expect(digests[0]?.subject).toContain('2件');
    expect(digests[1]?.subject).toContain('1件');
  });

  it('never delays a HIGH or CRITICAL page, even in the middle of a storm', async () => {
    const h = aHarness();

    for (let i = 0; i < 20; i++) await h.send(medium(i, i));
    await h.send(aGuardDutyFinding(at(21), { severity: 8, id: 'the-real-thing' }));

    expect(h.notifier.sent().map((n) => `${n.receiver}:${n.kind}:${n.severity}`)).toEqual([
      'team-oncall:trigger:HIGH',
      'asp-a:trigger:HIGH',
    ]);
  });

  it('lists a resolve in the next digest of the receivers who got the trigger', async () => {
    const h = aHarness();

    await h.send(medium(1, 0));
    await h.runUntil(at(30));
    await h.send(aGuardDutyFinding(at(60), { severity: 5, id: 'storm-111111111111-1', archived: true }));
    await h.runUntil(at(400));

    expect(h.notifier.sent().map((n) => n.subject)).toEqual([
      expect.stringContaining('発生 1'),
      expect.stringContaining('解消 1'),
    ]);
  });

  it('groups per receiver, account and source: two accounts make two digests', async () => {
    const h = aHarness();

    await h.send(medium(1, 0, '111111111111'));
    await h.send(medium(2, 1, '222222222222'));
    await h.runUntil(at(60));

    expect(h.notifier.sent().map((n) => n.subject)).toEqual([
      expect.stringContaining('aoba-juki-prod'),
      expect.stringContaining('kyodo-zeimu-prod'),
    ]);
  });

  it('sends a digest whose timer was lost once the sweeper finds it overdue', async () => {
    const h = aHarness();
    await h.send(medium(1, 0));
    h.timers.takeDue(Number.POSITIVE_INFINITY); // the schedule is lost

    h.clock.advanceTo(Date.parse(at(30 + 119)));
    expect(await sweepOverdue(h.ports)).toEqual([]);
    h.clock.advanceTo(Date.parse(at(30 + 121)));
    const swept = await sweepOverdue(h.ports);

    expect(swept.map((step) => step.result)).toEqual(['sent']);
    expect(h.notifier.sent()).toHaveLength(1);
  });

  it('does nothing for a digest timer that fires twice', async () => {
    const h = aHarness();
    await h.send(medium(1, 0));
    const [timer] = h.timers.pending();
    await h.runUntil(at(30));

    const { fireTimer } = await import('../../../shared/pipeline/operator.js');
    const again = await fireTimer(timer!, h.ports);

    expect(again.result).toBe('empty');
    expect(h.notifier.sent()).toHaveLength(1);
  });

  it('sends each alert at once when grouping is turned off in the config', async () => {
    const h = aHarness(aConfig({ grouping: { enabled: false } }));

    await h.send(medium(1, 0));

    expect(h.notifier.sent().map((n) => n.kind)).toEqual(['trigger']);
  });
});
