import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, anOutageCopy } from '../../helpers/story-events.js';

/**
 * EventBridge, SQS and Scheduler deliver at least once and in any order. Whatever the order and however many
 * copies arrive, the incidents must end in the same state and the same people must have been told.
 */
const OPEN_EVENTS = [
  aGuardDutyFinding('2026-11-27T01:00:00Z', { count: 1 }),
  aGuardDutyFinding('2026-11-27T01:10:00Z', { count: 3 }),
  aGuardDutyFinding('2026-11-27T01:20:00Z', { count: 7 }),
  anOutageCopy('222222222222', '2026-11-27T00:05:00Z'),
  anOutageCopy('222222222222', '2026-11-27T00:06:00Z', { backup: true }),
  anOutageCopy('111111111111', '2026-11-27T00:10:00Z'),
  anOutageCopy('333333333333', '2026-11-27T00:20:00Z'),
];
const RESOLVES = [
  aGuardDutyFinding('2026-11-27T01:25:00Z', { archived: true }),
  anOutageCopy('222222222222', '2026-11-27T02:30:00Z', { closed: true }),
];

const finalState = async (events: readonly unknown[]) => {
  const h = aHarness();
  for (const event of events) await h.send(event);
  const incidents = h.store
    .incidents()
    .map((i) => ({
      id: i.id,
      state: i.state,
      version: i.version,
      severity: i.severity,
      accounts: [...i.accounts].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // A municipal report tells of a change the municipality saw (§12): an order that shows the change inside the
  // 30-minute interval holds it back, another shows none. Those reports are order-sensitive by design.
  const counted = h.store.deliveries().filter((d) => d.reason !== 'aws-update');
  const told = [...new Set(counted.map((d) => `${d.incidentId} ${d.receiver} ${d.kind}`))].sort();
  return { incidents, told, sent: counted };
};

/** A delivery order: every event at least once, some twice, in any order. */
const deliveries = (events: readonly unknown[]) =>
  fc
    .tuple(fc.shuffledSubarray([...events], { minLength: events.length }), fc.subarray([...events]))
    .chain(([all, copies]) =>
      fc.shuffledSubarray([...all, ...copies], { minLength: all.length + copies.length }),
    );

describe('order and duplicates do not change the outcome', () => {
  it('gives the same incidents and the same (incident, receiver, kind) deliveries for any order with copies', async () => {
    const expected = await finalState(OPEN_EVENTS);

    await fc.assert(
      fc.asyncProperty(deliveries(OPEN_EVENTS), async (order) => {
        const actual = await finalState(order);
        expect(actual.incidents).toEqual(expected.incidents);
        expect(actual.told).toEqual(expected.told);
        // Duplicates and reordering never page anyone twice for the same thing.
        expect(actual.sent).toHaveLength(expected.sent.length);
      }),
      { numRuns: 60 },
    );
  });

  it('resolves to every receiver that got a trigger, exactly once, whatever came before', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries(OPEN_EVENTS), deliveries(RESOLVES), async (opens, resolves) => {
        const { sent, incidents } = await finalState([...opens, ...resolves]);
        expect(incidents.every((incident) => incident.state === 'resolved')).toBe(true);
        const key = (n: (typeof sent)[number]) => `${n.incidentId} ${n.receiver}`;
        const triggered = new Set(sent.filter((n) => n.kind === 'trigger').map(key));
        const resolved = sent.filter((n) => n.kind === 'resolve').map(key);
        expect(resolved.sort()).toEqual([...triggered].sort());
      }),
      { numRuns: 60 },
    );
  });
});
