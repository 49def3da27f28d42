import { describe, expect, it } from 'vitest';
import { notifyReason } from '../../../shared/engine/notify-reason.js';
import type { ReceiverRecord } from '../../../shared/incident.js';

const HOUR = 3_600_000;
const told = (over: Partial<ReceiverRecord> = {}): ReceiverRecord => ({
  audience: 'team',
  lastKind: 'trigger',
  lastSeverity: 'HIGH',
  lastAt: 0,
  sent: 1,
  ...over,
});

describe('notifyReason: when a receiver is told again', () => {
  it.each([
    ['never told, new episode', undefined, 'HIGH', 'open', true, HOUR, 'first'],
    ['never told, incident already open', undefined, 'HIGH', 'open', false, HOUR, 'new-receiver'],
    ['told HIGH, still HIGH within the repeat interval', told(), 'HIGH', 'open', false, HOUR, 'none'],
    ['told HIGH, now CRITICAL', told(), 'CRITICAL', 'open', false, HOUR, 'severity-rose'],
    ['told HIGH, now MEDIUM (a fall is not news)', told(), 'MEDIUM', 'open', false, HOUR, 'none'],
    ['told 24h ago, still open', told(), 'HIGH', 'open', false, 24 * HOUR, 'repeat-due'],
    ['told 24h ago, but acknowledged', told(), 'HIGH', 'acknowledged', false, 24 * HOUR, 'none'],
    ['told 23h59m ago', told(), 'HIGH', 'open', false, 24 * HOUR - 60_000, 'none'],
  ] as const)('%s → %s', (_case, last, severity, state, newEpisode, now, expected) => {
    expect(notifyReason(last, { severity, state, newEpisode }, now, 24 * HOUR)).toBe(expected);
  });
});
