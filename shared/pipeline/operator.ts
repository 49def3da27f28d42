import { acknowledgeStep, escalationStep, resolveStep } from '../engine/operator.js';
import type { EscalationTimer, Notification, Ports, Timer } from '../ports.js';
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
      (incident) => escalationStep(incident, timer.token, ports.clock.now()),
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

/** A timer fired: an escalation step, or a storm-control digest. */
export const fireTimer = async (
  timer: Timer,
  ports: Ports,
): Promise<{ readonly result: string; readonly notifications: readonly Notification[] }> =>
  timer.kind === 'digest' ? flushDigest(timer, ports) : escalate(timer, ports);

const finish = async (recorded: Recorded, ports: Ports) => {
  const notifications = await publishRecorded(recorded, ports);
  await applyTimers(recorded, ports.timers);
  return { result: recorded.result, incident: recorded.incident, notifications, reasons: recorded.reasons };
};
