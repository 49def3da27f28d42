import type { Config } from '../config/registry.js';
import type { Incident } from '../incident.js';
import {
  advanceEscalation,
  liveTimer,
  stepReceiver,
  stopEscalation,
  timerName,
  totalSteps,
} from './escalation.js';
import { withDigestGroups } from './grouping.js';
import { closeIncident, deliver, type Transition } from './transition.js';

/**
 * A fired escalation timer (DESIGN §6). Fenced: it acts only if the incident is still open and the timer's token
 * is the incident's live token, so a timer left over after an ack, a resolve or a re-schedule does nothing.
 */
export const escalationStep = (incident: Incident | undefined, token: number, now: number): Transition => {
  const escalation = incident?.escalation;
  if (incident === undefined || escalation === undefined)
    return stale('escalation: no such incident or no escalation');
  if (incident.state !== 'open')
    return stale(`escalation: ${incident.id} is ${incident.state}; the timer does nothing`);
  if (escalation.token !== token) {
    return stale(
      `escalation: stale timer for ${incident.id} (token ${token}, live token ${escalation.token})`,
    );
  }
  const step = escalation.step + 1;
  const receiver = stepReceiver(escalation, step);
  const advanced = advanceEscalation(escalation, now);
  const made = deliver(
    { ...incident, revision: incident.revision + 1, escalation: advanced },
    receiver,
    'team',
    'escalation',
    incident.severity,
    `escalation-step-${step}`,
    now,
  );
  const next = liveTimer(made.incident);
  return {
    result: 'updated',
    next: made.incident,
    deliveries: [made.delivery],
    cancelTimers: [],
    reasons: [
      `escalation: step ${step} of ${totalSteps(escalation.levels.length, escalation.repeat)}: nobody acknowledged ${incident.id} → ${receiver}`,
      next ? `escalation: next step at ${new Date(next.at).toISOString()}` : 'escalation: last step taken',
    ],
  };
};

/** An operator acknowledges: paging stops (the token moves on, the timer is deleted); the incident stays open. */
export const acknowledgeStep = (
  incident: Incident | undefined,
  by: string,
  now: number,
  expectedId?: string,
): Transition => {
  if (incident === undefined) return stale('acknowledge: no such incident');
  if (expectedId !== undefined && incident.id !== expectedId)
    return stale(`acknowledge: ${expectedId} is no longer current`);
  if (incident.state !== 'open') return stale(`acknowledge: ${incident.id} is already ${incident.state}`);
  return {
    result: 'updated',
    next: {
      ...incident,
      state: 'acknowledged',
      revision: incident.revision + 1,
      acknowledgedBy: by,
      acknowledgedAt: new Date(now).toISOString(),
      escalation: stopEscalation(incident.escalation),
    },
    deliveries: [],
    cancelTimers:
      incident.escalation?.dueAt !== undefined ? [timerName(incident.id, incident.escalation)] : [],
    reasons: [`acknowledge: ${incident.id} acknowledged by ${by}; escalation stopped`],
  };
};

/** An operator resolves the incident by hand: everyone who was told gets the resolve, as for a source resolve. */
export const resolveStep = (
  incident: Incident | undefined,
  by: string,
  now: number,
  config: Config,
  expectedId?: string,
): Transition => {
  if (incident === undefined) return stale('resolve: no such incident');
  if (expectedId !== undefined && incident.id !== expectedId)
    return stale(`resolve: ${expectedId} is no longer current`);
  if (incident.state === 'resolved') return stale(`resolve: ${incident.id} is already resolved`);
  const closed = withDigestGroups(closeIncident(incident, { resolvedBy: by }, now), config);
  return { ...closed, reasons: [`resolve: ${incident.id} resolved by ${by}`, ...closed.reasons.slice(1)] };
};

const stale = (reason: string): Transition => ({
  result: 'stale',
  next: undefined,
  deliveries: [],
  cancelTimers: [],
  reasons: [reason],
});
