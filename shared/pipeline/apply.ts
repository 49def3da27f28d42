import type { Transition } from '../engine/transition.js';
import { AdapterError } from '../errors.js';
import type { Incident, OutboxEntry } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { scheduleDigest } from './digest.js';
import { publishDeliveries } from './publish.js';
import { type Recorded, recordTransition } from './record.js';
import { applyTimers } from './schedule.js';

/** A transition applied: what was written, and the notifications it sent. */
export type Applied = Recorded & { readonly notifications: readonly Notification[] };

/**
 * The one step every change of an incident goes through, whatever caused it (an alert, an operator, an escalation
 * timer, a reminder or a silence's end): record (incident + outbox + timeline, one conditional write) → publish
 * the notifications → lifecycle events on the bus → timers. Everything that leaves the router was an outbox entry
 * first: a crash anywhere leaves it pending, and the retry (or the sweeper) sends exactly what was not marked sent.
 *
 * What the publish sent and what the bus took are marked sent together, in one write (DynamoDB: one UpdateItem
 * of the incident item instead of two; the saving pays for the console's index, issue 15), right after the
 * events, and also when a step throws, so a failure never leaves a sent entry unmarked. The timers come last: a
 * transition that is repeated schedules them again (`applyTimers`), so they need no mark and widen no window.
 */
export const applyTransition = async (
  fingerprint: string,
  compute: (incident: Incident | undefined) => Transition,
  ports: Ports,
): Promise<Applied> => {
  const recorded = await recordTransition(fingerprint, compute, ports.store);
  const marks: OutboxEntry[] = [];
  const deferred: Ports = {
    ...ports,
    store: {
      ...ports.store,
      markSent: async (entries) => {
        marks.push(...entries);
      },
    },
  };
  let notifications: Notification[];
  try {
    notifications = await publishRecorded(recorded, deferred);
    await putRecordedEvents(recorded, deferred);
  } finally {
    if (marks.length > 0) await ports.store.markSent(marks);
  }
  await applyTimers(recorded, ports.timers);
  return { ...recorded, notifications };
};

/** A transition that wrote nothing repeats an earlier attempt: it finishes what that attempt left pending. */
const repeats = (recorded: Recorded): boolean =>
  recorded.result === 'duplicate' || recorded.result === 'stale';

/**
 * Sends what this transition recorded: pages at once; deliveries that wait for a digest only make sure their
 * group's digest is scheduled. A transition that wrote nothing (a duplicate, or a stale one: the retry of an
 * escalation step or a resolve that its failed attempt already recorded) sends what an earlier attempt recorded
 * and never sent, so a retry can always finish the attempt it repeats.
 */
export const publishRecorded = async (recorded: Recorded, ports: Ports): Promise<Notification[]> => {
  if (recorded.incident === undefined) return [];
  const deliveries = repeats(recorded)
    ? await ports.store.pendingDeliveries(recorded.incident.id)
    : recorded.deliveries;
  const now = deliveries.filter((delivery) => delivery.group === undefined);
  for (const group of new Set(deliveries.flatMap((delivery) => (delivery.group ? [delivery.group] : [])))) {
    await scheduleDigest(group, ports);
  }
  return now.length === 0 ? [] : publishDeliveries(now, recorded.incident, ports);
};

/** Puts the transition's lifecycle events (or, for a repeat, those still pending) on the bus. */
const putRecordedEvents = async (recorded: Recorded, ports: Ports): Promise<void> => {
  if (recorded.incident === undefined) return;
  const events = repeats(recorded)
    ? await ports.store.pendingEvents(recorded.incident.id)
    : (recorded.events ?? []);
  await putEvents(events, ports);
};

/**
 * Puts lifecycle events on the bus and marks the accepted ones sent. Entries the bus refused stay pending and
 * the call throws (retryable), so the retry or the sweeper puts exactly those again; consumers dedup on `eventId`.
 */
export const putEvents = async (
  events: Parameters<Ports['bus']['put']>[0],
  ports: Pick<Ports, 'bus' | 'store'>,
): Promise<void> => {
  if (events.length === 0) return;
  const { failed } = await ports.bus.put(events);
  const accepted = events.filter((event) => !failed.includes(event.id));
  if (accepted.length > 0) await ports.store.markSent(accepted);
  if (failed.length > 0) {
    throw new AdapterError(`${failed.length} of ${events.length} lifecycle events were not accepted`, true);
  }
};
