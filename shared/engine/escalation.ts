import type { Config } from '../config/registry.js';
import { type Escalation, type Incident, wakeAt } from '../incident.js';
import type { Severity } from '../model.js';
import type { EscalationTimer, WakeTimer } from '../ports.js';

/**
 * Escalation (DESIGN §6): copied onto the incident when it starts, so a config change never re-times a live
 * page. Step 1 tells the second team level, step 2 the third, …; after the last level the last level is told
 * again, up to `repeat` times. Every scheduled step carries a fresh fencing token.
 */
export const startEscalation = (config: Config, severity: Severity, now: number): Escalation | undefined => {
  const policy = config.escalation[severity];
  if (policy === undefined) return undefined;
  return {
    levels: config.team.levels,
    ackWithinMs: policy.ackWithin,
    repeat: policy.repeat,
    step: 0,
    token: 1,
    dueAt: totalSteps(config.team.levels.length, policy.repeat) > 0 ? now + policy.ackWithin : undefined,
  };
};

/** Steps after the first page: one per further level, then the repeats. */
export const totalSteps = (levels: number, repeat: number): number => Math.max(0, levels - 1) + repeat;

/** The receiver of step `step` (1-based). */
export const stepReceiver = (escalation: Escalation, step: number): string =>
  escalation.levels[Math.min(step, escalation.levels.length - 1)] ?? escalation.levels[0] ?? '';

/** The escalation after step `step` fired: a new token, and the next due time if a step is left. */
export const advanceEscalation = (escalation: Escalation, now: number): Escalation => {
  const step = escalation.step + 1;
  const more = step < totalSteps(escalation.levels.length, escalation.repeat);
  return {
    ...escalation,
    step,
    token: escalation.token + 1,
    dueAt: more ? now + escalation.ackWithinMs : undefined,
  };
};

/** Ack and resolve stop the escalation: the token moves on, so a timer still in flight does nothing. */
export const stopEscalation = (escalation: Escalation | undefined): Escalation | undefined =>
  escalation === undefined ? undefined : { ...escalation, token: escalation.token + 1, dueAt: undefined };

/** Schedule names are built from the incident, the step and the token (≤ 64 characters for Scheduler). */
export const timerName = (incidentId: string, escalation: Escalation): string =>
  `${incidentId}-s${escalation.step + 1}-t${escalation.token}`;

/** The incident's own timer (a silence's end or a reminder), if one is due later. */
export const wakeTimer = (incident: Incident): WakeTimer | undefined => {
  const at = wakeAt(incident);
  if (at === undefined) return undefined;
  return {
    kind: 'wake',
    name: `${incident.id}-w${Math.floor(at / 1000)}`,
    fingerprint: incident.fingerprint,
    incidentId: incident.id,
    at,
  };
};

/** The timer for the incident's live escalation step, if any. */
export const liveTimer = (incident: Incident): EscalationTimer | undefined => {
  const escalation = incident.escalation;
  if (escalation?.dueAt === undefined || incident.state !== 'open') return undefined;
  return {
    name: timerName(incident.id, escalation),
    fingerprint: incident.fingerprint,
    incidentId: incident.id,
    token: escalation.token,
    at: escalation.dueAt,
  };
};
