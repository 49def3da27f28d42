import type { Config } from '../config/registry.js';
import type { Incident } from '../incident.js';
import { incidentSilence } from '../routing/incident-silence.js';
import { deliver } from './deliver.js';
import {
  advanceEscalation,
  liveTimer,
  stepReceiver,
  stopEscalation,
  timerName,
  totalSteps,
} from './escalation.js';
import { unchanged } from './step.js';
import { closeIncident, finish, type Transition } from './transition.js';

/**
 * A fired escalation timer (DESIGN §6). Fenced: it acts only if the incident is still open and the timer's token
 * is the incident's live token, so a timer left over after an ack, a resolve or a re-schedule does nothing.
 * Inside a silence or maintenance window the step does not page: it moves to the window's end (a new token), and
 * resumes there if nobody acknowledged meanwhile.
 */
export const escalationStep = (
  incident: Incident | undefined,
  token: number,
  now: number,
  config: Config,
): Transition => finish(incident, takeEscalationStep(incident, token, now, config), config, now);

const takeEscalationStep = (
  incident: Incident | undefined,
  token: number,
  now: number,
  config: Config,
): Transition => {
  const escalation = incident?.escalation;
  if (incident === undefined || escalation === undefined)
    return unchanged('stale', 'escalation: no such incident or no escalation');
  if (incident.state !== 'open')
    return unchanged('stale', `escalation: ${incident.id} is ${incident.state}; the timer does nothing`);
  if (escalation.token !== token) {
    return unchanged(
      'stale',
      `escalation: stale timer for ${incident.id} (token ${token}, live token ${escalation.token})`,
    );
  }
  const silence = incidentSilence(incident, config, now);
  if (silence !== undefined) {
    const postponed = { ...escalation, token: escalation.token + 1, dueAt: silence.endsAt };
    return {
      result: 'updated',
      next: { ...incident, revision: incident.revision + 1, escalation: postponed },
      deliveries: [],
      cancelTimers: [],
      reasons: [
        `escalation: ${incident.id} is inside silence ${silence.name}; step ${escalation.step + 1} waits for its end`,
      ],
    };
  }
  const step = escalation.step + 1;
  const receiver = stepReceiver(escalation, step);
  const advanced = advanceEscalation(escalation, now);
  const made = deliver({ ...incident, revision: incident.revision + 1, escalation: advanced }, now, {
    receiver,
    audience: 'team',
    kind: 'escalation',
    severity: incident.severity,
    reason: `escalation-step-${step}`,
    accounts: incident.accounts,
  });
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
  config: Config,
  expectedId?: string,
): Transition => finish(incident, takeAcknowledgement(incident, by, now, expectedId), config, now, by);

const takeAcknowledgement = (
  incident: Incident | undefined,
  by: string,
  now: number,
  expectedId?: string,
): Transition => {
  if (incident === undefined) return unchanged('stale', 'acknowledge: no such incident');
  if (expectedId !== undefined && incident.id !== expectedId)
    return unchanged('stale', `acknowledge: ${expectedId} is no longer current`);
  if (incident.state !== 'open')
    return unchanged('stale', `acknowledge: ${incident.id} is already ${incident.state}`);
  // Acknowledged: nothing is held back or reminded any more (both are for open, unacknowledged incidents).
  const { held: _held, remindAt: _remindAt, ...rest } = incident;
  return {
    result: 'updated',
    next: {
      ...rest,
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
    happened: [{ at: new Date(now).toISOString(), what: 'acknowledged', by }],
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
  if (incident === undefined) return unchanged('stale', 'resolve: no such incident');
  if (expectedId !== undefined && incident.id !== expectedId)
    return unchanged('stale', `resolve: ${expectedId} is no longer current`);
  if (incident.state === 'resolved') return unchanged('stale', `resolve: ${incident.id} is already resolved`);
  const closed = closeIncident(incident, { resolvedBy: by }, now, config, {
    why: `resolve: ${incident.id} resolved by ${by}`,
    note: '',
    happened: { at: new Date(now).toISOString(), what: 'resolved', by },
  });
  return finish(incident, closed, config, now, by);
};
