import type { Config } from '../config/registry.js';
import type { Delivery, Incident } from '../incident.js';
import { incidentSilence } from '../routing/incident-silence.js';
import { visibleAccounts } from '../routing/visibility.js';
import { deliver } from './deliver.js';
import { startEscalation } from './escalation.js';
import { dueMunicipalReports } from './municipal.js';
import { remindable } from './reminder.js';
import { unchanged } from './step.js';
import { finish, notifyTargets, type Transition } from './transition.js';

/**
 * The incident's own timer fired (or the sweeper found it overdue): what a silence held back goes out when its
 * window ends, and receivers whose last notice is `repeatInterval` old are reminded (DESIGN §4). Fenced by the
 * episode and by time: a timer that outlived an ack, a resolve or an earlier wake finds nothing due and does
 * nothing, so Scheduler's at-least-once delivery and the sweeper's re-fire are harmless.
 */
export const wakeStep = (
  incident: Incident | undefined,
  incidentId: string,
  now: number,
  config: Config,
): Transition => {
  if (incident === undefined || incident.id !== incidentId)
    return unchanged('stale', `wake: ${incidentId} is no longer current`);
  if (incident.state === 'resolved')
    return unchanged('stale', `wake: ${incident.id} is resolved; nothing to do`);
  // What the team owes the municipalities is due whether or not someone acknowledged the page (§12).
  const municipal = dueMunicipalReports(incident, now, config);
  let next = municipal.incident;
  const deliveries: Delivery[] = [...municipal.deliveries];
  const reasons: string[] = [...municipal.reasons];
  if (incident.state !== 'open') return done(incident, next, deliveries, reasons, now, config);
  const silence = incidentSilence(incident, config, now);

  const held = next.held;
  if (held !== undefined && held.until <= now) {
    if (silence !== undefined) {
      next = { ...next, held: { ...held, until: silence.endsAt } };
      reasons.push(`silence: ${incident.id} is still inside ${silence.name}; held notices wait for its end`);
    } else {
      const { held: _released, ...rest } = next;
      next = rest;
      const escalates = held.escalates && next.escalation === undefined;
      if (escalates) next = { ...next, escalation: startEscalation(config, next.severity, now) };
      const told = notifyTargets(next, held.targets, now, config, Object.keys(next.receivers).length === 0);
      next = told.incident;
      deliveries.push(...told.deliveries);
      reasons.push(
        `silence: the window over ${incident.id} ended while it is open and unacknowledged`,
        ...told.reasons,
        ...(escalates ? ['escalation: starts now that the window has ended'] : []),
      );
    }
  }

  if (next.held === undefined && next.remindAt !== undefined && next.remindAt <= now) {
    const due = Object.entries(next.receivers).filter(
      ([, record]) => remindable(record) && now - record.lastAt >= config.repeatInterval,
    );
    if (silence !== undefined && due.length > 0) {
      next = {
        ...next,
        held: {
          until: silence.endsAt,
          targets: due.map(([receiver, record]) => ({ audience: record.audience, receiver })),
          escalates: false,
        },
      };
      reasons.push(`silence: reminders of ${incident.id} wait for the end of ${silence.name}`);
    }
    for (const [receiver, record] of silence === undefined ? due : []) {
      const made = deliver(next, now, {
        receiver,
        audience: record.audience,
        kind: 'update',
        severity: next.severity,
        reason: 'repeat-due',
        accounts: visibleAccounts(config, { audience: record.audience, id: receiver }, next.accounts),
      });
      next = made.incident;
      deliveries.push(made.delivery);
      reasons.push(`notify: reminder to ${receiver} (open and unacknowledged since its last notice)`);
    }
  }

  return done(incident, next, deliveries, reasons, now, config);
};

/** The wake-up's transition, or nothing when nothing was due (a late or repeated timer). */
const done = (
  incident: Incident,
  next: Incident,
  deliveries: readonly Delivery[],
  reasons: readonly string[],
  now: number,
  config: Config,
): Transition => {
  if (next === incident) return unchanged('stale', `wake: nothing of ${incident.id} is due yet`);
  return finish(
    incident,
    {
      result: 'updated',
      next: { ...next, revision: incident.revision + 1 },
      deliveries,
      cancelTimers: [],
      reasons,
    },
    config,
    now,
  );
};
