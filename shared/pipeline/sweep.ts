import type { Notification, Ports } from '../ports.js';
import { flushDigest } from './digest.js';
import { escalate } from './operator.js';

/** A step this late has lost its timer (deleted, throttled, never created): the sweeper fires it instead. */
export const OVERDUE_MS = 2 * 60_000;

/**
 * The safety net under Scheduler (DESIGN §6): every open incident whose escalation step is overdue by more than
 * two minutes is escalated now, with its live token, so a lost schedule delays a page by minutes, never forever.
 * The step schedules its successor as usual; a late original timer then finds a stale token and does nothing.
 * Overdue digests are sent the same way.
 */
export const sweepOverdue = async (ports: Ports, limit = 50) => {
  const before = ports.clock.now() - OVERDUE_MS;
  const fired: { readonly result: string; readonly notifications: readonly Notification[] }[] = [];
  for (const incident of await ports.store.dueEscalations(before, limit)) {
    const token = incident.escalation?.token;
    if (token === undefined) continue;
    fired.push(await escalate({ fingerprint: incident.fingerprint, token }, ports));
  }
  // The same safety net for digests: a group whose digest timer was lost still gets its digest.
  for (const group of await ports.store.dueDigests(before, limit)) {
    if (group.flushAt !== undefined)
      fired.push(await flushDigest({ group: group.key, at: group.flushAt }, ports));
  }
  return fired;
};
