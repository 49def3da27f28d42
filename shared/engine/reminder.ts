import type { Config } from '../config/registry.js';
import type { Incident, ReceiverRecord } from '../incident.js';

/**
 * Reminders (DESIGN §4 repeat interval): an open, unacknowledged incident reminds each team and ASP receiver
 * `repeatInterval` after its last notice, by a timer, not only when the source happens to send the finding again.
 * Municipalities are not reminded: they acknowledge nothing, and their notices are the outage reports.
 */

/** Whether a receiver is reminded while the incident stays open and unacknowledged. */
export const remindable = (record: ReceiverRecord): boolean =>
  record.audience !== 'municipality' && record.lastKind !== 'resolve';

/** When the first receiver is due a reminder, or undefined when none is (acknowledged, resolved, held). */
export const reminderDueAt = (incident: Incident, repeatMs: number): number | undefined => {
  // A silence that holds notices back decides first; its release recomputes this.
  if (incident.state !== 'open' || incident.held !== undefined) return undefined;
  let due: number | undefined;
  for (const record of Object.values(incident.receivers)) {
    if (!remindable(record)) continue;
    const at = record.lastAt + repeatMs;
    if (due === undefined || at < due) due = at;
  }
  return due;
};

/** The incident with `remindAt` brought up to date; the same object when nothing changed (no extra write). */
export const settle = (incident: Incident, config: Config): Incident => {
  const remindAt = reminderDueAt(incident, config.repeatInterval);
  if (remindAt === incident.remindAt) return incident;
  const { remindAt: _old, ...rest } = incident;
  return remindAt === undefined ? rest : { ...rest, remindAt };
};
