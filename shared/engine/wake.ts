import type { Config } from '../config/registry.js';
import type { Delivery, Incident } from '../incident.js';
import { incidentSilence } from '../routing/silences.js';
import { visibleAccounts } from '../routing/visibility.js';
import { startEscalation } from './escalation.js';
import { withDigestGroups } from './grouping.js';
import { remindable } from './reminder.js';
import { deliver, notifyTargets, settled, type Transition } from './transition.js';

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
    return stale(`wake: ${incidentId} is no longer current`);
  if (incident.state !== 'open') return stale(`wake: ${incident.id} is ${incident.state}; nothing to do`);
  const silence = incidentSilence(incident, config, now);
  let next = incident;
  const deliveries: Delivery[] = [];
  const reasons: string[] = [];

  const held = incident.held;
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

  if (next === incident) return stale(`wake: nothing of ${incident.id} is due yet`);
  return withDigestGroups(
    settled(
      {
        result: 'updated',
        next: { ...next, revision: incident.revision + 1 },
        deliveries,
        cancelTimers: [],
        reasons,
      },
      config,
    ),
    config,
  );
};

const stale = (reason: string): Transition => ({
  result: 'stale',
  next: undefined,
  deliveries: [],
  cancelTimers: [],
  reasons: [reason],
});
