import { acknowledgeStep, escalationStep, resolveStep } from '../engine/operator.js';
import { postUpdateStep, type ShareInput, shareStep } from '../engine/share.js';
import { wakeStep } from '../engine/wake.js';
import type { EscalationTimer, Notification, Ports, Timer, WakeTimer } from '../ports.js';
import { applyTransition } from './apply.js';
import { flushDigest } from './digest.js';

/**
 * A fired escalation timer: fenced by its token, so it pages the next level only if nobody acknowledged or
 * resolved the incident and no newer step replaced it.
 */
export const escalate = async (timer: Pick<EscalationTimer, 'fingerprint' | 'token'>, ports: Ports) =>
  outcome(
    await applyTransition(
      timer.fingerprint,
      (incident) => escalationStep(incident, timer.token, ports.clock.now(), ports.config),
      ports,
    ),
  );

/**
 * The incident's own timer: what a silence held back goes out at the window's end, and reminders of an open,
 * unacknowledged incident (§4). Fenced by the episode and by time.
 */
export const wake = async (timer: Pick<WakeTimer, 'fingerprint' | 'incidentId'>, ports: Ports) =>
  outcome(
    await applyTransition(
      timer.fingerprint,
      (incident) => wakeStep(incident, timer.incidentId, ports.clock.now(), ports.config),
      ports,
    ),
  );

/**
 * An operator acknowledges the incident: paging stops; the incident stays open until its source resolves it.
 * With `incidentId` (an ack link), only that episode: a link never acts on a later episode of the finding.
 */
export const acknowledge = async (fingerprint: string, by: string, ports: Ports, incidentId?: string) =>
  outcome(
    await applyTransition(
      fingerprint,
      (incident) => acknowledgeStep(incident, by, ports.clock.now(), ports.config, incidentId),
      ports,
    ),
  );

/** An operator resolves the incident by hand; everyone who was told gets the resolve (same `incidentId` rule). */
export const resolve = async (fingerprint: string, by: string, ports: Ports, incidentId?: string) =>
  outcome(
    await applyTransition(
      fingerprint,
      (incident) => resolveStep(incident, by, ports.clock.now(), ports.config, incidentId),
      ports,
    ),
  );

/**
 * The team shares a security or compliance incident with the municipalities of its accounts (DESIGN §12). With
 * `expectedId` (the console, an id on the command line), only that episode.
 */
export const share = async (fingerprint: string, input: ShareInput, ports: Ports) =>
  outcome(
    await applyTransition(
      fingerprint,
      (incident) => shareStep(incident, input, ports.clock.now(), ports.config),
      ports,
    ),
  );

/** The team posts its own words as the next numbered report to every municipality already told. */
export const postUpdate = async (
  fingerprint: string,
  input: ShareInput & { message: string },
  ports: Ports,
) =>
  outcome(
    await applyTransition(
      fingerprint,
      (incident) => postUpdateStep(incident, input, ports.clock.now(), ports.config),
      ports,
    ),
  );

/** What an operator does to one incident, from the CLI or the console. */
export type OperatorActionName = 'ack' | 'resolve' | 'share' | 'update';

/**
 * One operator action as the CLI and the console take it: `input.expectedId` keeps it to that episode, and
 * `share`/`update` carry the operator's words (an update without a message posts an empty one, which is refused).
 */
export const operate = (action: OperatorActionName, fingerprint: string, input: ShareInput, ports: Ports) => {
  switch (action) {
    case 'ack':
      return acknowledge(fingerprint, input.by, ports, input.expectedId);
    case 'resolve':
      return resolve(fingerprint, input.by, ports, input.expectedId);
    case 'share':
      return share(fingerprint, input, ports);
    case 'update':
      return postUpdate(fingerprint, { ...input, message: input.message ?? '' }, ports);
  }
};

/** A timer fired: an escalation step, a storm-control digest, or the incident's own wake-up. */
export const fireTimer = async (
  timer: Timer,
  ports: Ports,
): Promise<{ readonly result: string; readonly notifications: readonly Notification[] }> => {
  if (timer.kind === 'digest') return flushDigest(timer, ports);
  if (timer.kind === 'wake') return wake(timer, ports);
  return escalate(timer, ports);
};

const outcome = (applied: Awaited<ReturnType<typeof applyTransition>>) => ({
  result: applied.result,
  incident: applied.incident,
  notifications: applied.notifications,
  reasons: applied.reasons,
});
