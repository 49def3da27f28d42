import type { Ports } from '../ports.js';
import { escalate } from './operator.js';

/** A step this late has lost its timer (deleted, throttled, never created): the sweeper fires it instead. */
export const OVERDUE_MS = 2 * 60_000;

/**
 * The safety net under Scheduler (DESIGN §6): every open incident whose escalation step is overdue by more than
 * two minutes is escalated now, with its live token, so a lost schedule delays a page by minutes, never forever.
 * The step schedules its successor as usual; a late original timer then finds a stale token and does nothing.
 */
export const sweepOverdue = async (ports: Ports, limit = 50) => {
  const overdue = await ports.store.dueEscalations(ports.clock.now() - OVERDUE_MS, limit);
  const fired = [];
  for (const incident of overdue) {
    const token = incident.escalation?.token;
    if (token === undefined) continue;
    fired.push(await escalate({ fingerprint: incident.fingerprint, token }, ports));
  }
  return fired;
};
