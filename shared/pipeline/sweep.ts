import { AdapterError } from '../errors.js';
import { isLifecycleEvent, wakeAt } from '../incident.js';
import type { Notification, Ports } from '../ports.js';
import { putEvents } from './apply.js';
import { flushDigest, scheduleDigest } from './digest.js';
import { escalate, wake } from './operator.js';
import { publishDeliveries } from './publish.js';

/** A step this late has lost its timer (deleted, throttled, never created): the sweeper fires it instead. */
export const OVERDUE_MS = 2 * 60_000;

type Swept = { readonly result: string; readonly notifications: readonly Notification[] };

/**
 * The safety net under Scheduler and SNS (DESIGN §6), run every minute:
 * 1. every open incident whose escalation step is overdue by more than two minutes is escalated now, with its
 *    live token (a lost schedule delays a page by minutes, never forever; a late original timer then finds a
 *    stale token and does nothing); likewise an overdue wake-up (a reminder, a silence's end, a held-back municipal
 *    report or a missed promise, `wakeAt`);
 * 2. every digest overdue the same way is sent;
 * 3. every outbox entry still pending two minutes after it was due (a publish that failed where no retry follows,
 *    such as a step the sweeper itself fired) is sent again, or its digest scheduled again; a lifecycle event
 *    is put on the bus again.
 * One failure does not stop the sweep; the failures are thrown together at the end, so the function's error
 * alarm sees them and the next sweep tries again. `stopAt` (epoch ms, the function's deadline less a margin) ends
 * the sweep between items: what is left stays due for the next sweep, rather than the function timing out in the
 * middle of a publish (webhook posts to one channel are a second apart, so 50 stale Slack entries take 50 s).
 */
export const sweepOverdue = async (
  ports: Ports,
  { limit = 50, stopAt }: { readonly limit?: number; readonly stopAt?: number } = {},
): Promise<Swept[]> => {
  const before = ports.clock.now() - OVERDUE_MS;
  const swept: Swept[] = [];
  const failures: unknown[] = [];
  const attempt = async (work: () => Promise<Swept | undefined>) => {
    if (stopAt !== undefined && ports.clock.now() >= stopAt) return;
    try {
      const done = await work();
      if (done) swept.push(done);
    } catch (error) {
      failures.push(error);
    }
  };

  for (const incident of await ports.store.dueEscalations(before, limit)) {
    const escalation = incident.escalation;
    if (escalation?.dueAt !== undefined && escalation.dueAt <= before) {
      const token = escalation.token;
      await attempt(() => escalate({ fingerprint: incident.fingerprint, token }, ports));
    }
    const due = wakeAt(incident);
    if (due !== undefined && due <= before)
      await attempt(() => wake({ fingerprint: incident.fingerprint, incidentId: incident.id }, ports));
  }
  for (const group of await ports.store.dueDigests(before, limit)) {
    const at = group.flushAt;
    if (at !== undefined) await attempt(() => flushDigest({ group: group.key, at }, ports));
  }
  for (const entry of await ports.store.stalePending(before, limit)) {
    await attempt(async () => {
      if (isLifecycleEvent(entry)) {
        await putEvents([entry], ports);
        return { result: 'resent', notifications: [] };
      }
      const delivery = entry;
      if (delivery.group !== undefined) {
        await scheduleDigest(delivery.group, ports);
        return undefined;
      }
      const incident = await ports.store.get(delivery.fingerprint);
      if (incident === undefined) return undefined;
      return { result: 'resent', notifications: await publishDeliveries([delivery], incident, ports) };
    });
  }
  if (failures.length > 0) {
    throw new AdapterError(
      `the sweep failed on ${failures.length} item(s); the next sweep tries again`,
      true,
      {
        cause: failures[0],
      },
    );
  }
  return swept;
};
