import { acknowledgeStep, escalationStep, resolveStep } from '../engine/operator.js';
import { wakeStep } from '../engine/wake.js';
import type { EscalationTimer, Notification, Ports, Timer, WakeTimer } from '../ports.js';
import { flushDigest } from './digest.js';
import { type Recorded, recordTransition } from './record.js';
import { publishRecorded } from './route-event.js';
import { applyTimers } from './schedule.js';

/**
 * A fired escalation timer: fenced by its token, so it pages the next level only if nobody acknowledged or
 * resolved the incident and no newer step replaced it.
 */
export const escalate = async (timer: Pick<EscalationTimer, 'fingerprint' | 'token'>, ports: Ports) =>
  finish(
    await recordTransition(
      timer.fingerprint,
      (incident) => escalationStep(incident, timer.token, ports.clock.now(), ports.config),
      ports.store,
    ),
    ports,
  );

/**
 * The incident's own timer: what a silence held back goes out at the window's end, and reminders of an open,
 * unacknowledged incident (§4). Fenced by the episode and by time.
 */
export const wake = async (timer: Pick<WakeTimer, 'fingerprint' | 'incidentId'>, ports: Ports) =>
  finish(
    await recordTransition(
      timer.fingerprint,
      (incident) => wakeStep(incident, timer.incidentId, ports.clock.now(), ports.config),
      ports.store,
    ),
    ports,
  );

/**
 * An operator acknowledges the incident: paging stops; the incident stays open until its source resolves it.
 * With `incidentId` (an ack link), only that episode: a link never acts on a later episode of the finding.
 */
export const acknowledge = async (fingerprint: string, by: string, ports: Ports, incidentId?: string) =>
  finish(
    await recordTransition(
      fingerprint,
      (incident) => acknowledgeStep(incident, by, ports.clock.now(), incidentId),
      ports.store,
    ),
    ports,
  );

/** An operator resolves the incident by hand; everyone who was told gets the resolve (same `incidentId` rule). */
export const resolve = async (fingerprint: string, by: string, ports: Ports, incidentId?: string) =>
  finish(
    await recordTransition(
      fingerprint,
      (incident) => resolveStep(incident, by, ports.clock.now(), ports.config, incidentId),
      ports.store,
    ),
    ports,
  );

/** A timer fired: an escalation step, a storm-control digest, or the incident's own wake-up. */
export const fireTimer = async (
  timer: Timer,
  ports: Ports,
): Promise<{ readonly result: string; readonly notifications: readonly Notification[] }> => {
  if (timer.kind === 'digest') return flushDigest(timer, ports);
  if (timer.kind === 'wake') return wake(timer, ports);
  return escalate(timer, ports);
};

const finish = async (recorded: Recorded, ports: Ports) => {
  const notifications = await publishRecorded(recorded, ports);
  await applyTimers(recorded, ports.timers);
  return { result: recorded.result, incident: recorded.incident, notifications, reasons: recorded.reasons };
};
