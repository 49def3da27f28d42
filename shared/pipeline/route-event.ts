import { type TransitionResult, transition } from '../engine/transition.js';
import type { Alert } from '../model.js';
import type { Notification, Ports } from '../ports.js';
import { decide } from '../routing/decide.js';
import { trustAlert } from '../routing/trust.js';
import { normalizeEvent } from '../sources/index.js';
import { scheduleDigest } from './digest.js';
import { publishDeliveries } from './publish.js';
import { type Recorded, recordTransition } from './record.js';
import { applyTimers } from './schedule.js';

/** What became of one alert of an event. */
export type AlertOutcome = {
  readonly kind: 'alert';
  readonly alert: Alert;
  readonly incidentId: string | undefined;
  readonly result: TransitionResult;
  /** True when the alert was recorded but the policy, a silence or the owner's mute told nobody (now or in a digest). */
  readonly recordedOnly: boolean;
  readonly notifications: readonly Notification[];
  readonly reasons: readonly string[];
};

export type Outcome = AlertOutcome | { readonly kind: 'ignored'; readonly reason: string };

/**
 * The whole life of an event, for Lambda and replay alike:
 * 1. normalize: envelope → alerts (or an ignore reason); an unreadable event throws `EnvelopeInvalidError`;
 * 2. trust: the envelope account decides which account an alert may speak for (§7);
 * 3. decide: severity, owner, receivers, escalation (§4), silences;
 * 4. record: dedup against the incident and write its next state with the outbox, conditionally (§5);
 * 5. publish: send the recorded deliveries and mark them sent;
 * 6. schedule: start, move or stop the escalation timer (§6).
 * A re-delivered event first re-sends whatever its earlier attempt recorded but did not send.
 */
export const routeEvent = async (input: unknown, ports: Ports): Promise<Outcome[]> => {
  const normalized = normalizeEvent(input);
  if (normalized.kind === 'ignored') return [{ kind: 'ignored', reason: normalized.reason }];
  const outcomes: Outcome[] = [];
  for (const alert of normalized.alerts) outcomes.push(await routeAlert(alert, ports));
  return outcomes;
};

const routeAlert = async (alert: Alert, ports: Ports): Promise<AlertOutcome> => {
  const now = ports.clock.now();
  const { trusted, reasons: trustReasons } = trustAlert(alert, ports.config);
  const decision = decide(trusted, ports.config, now);
  const recorded = await recordTransition(
    trusted.fingerprint,
    (incident) => transition({ incident, alert: trusted, decision, now, config: ports.config }),
    ports.store,
  );
  const notifications = await publishRecorded(recorded, ports);
  await applyTimers(recorded, ports.timers);
  return {
    kind: 'alert',
    alert: trusted,
    incidentId: recorded.incident?.id,
    result: recorded.result,
    // Nobody to tell: a grouped delivery is not "recorded only", it goes out in the group's digest.
    recordedOnly:
      recorded.result !== 'duplicate' && recorded.result !== 'stale' && recorded.deliveries.length === 0,
    notifications,
    reasons: [
      ...alert.reasons.map((reason) => `${alert.source}: ${reason}`),
      ...trustReasons,
      ...decision.reasons,
      ...recorded.reasons,
    ],
  };
};

/**
 * Sends what this transition recorded: pages at once; deliveries that wait for a digest only make sure their
 * group's digest is scheduled. A transition that wrote nothing (a duplicate, or a stale one: the retry of an
 * escalation step or a resolve that its failed attempt already recorded) sends what an earlier attempt recorded
 * and never sent, so a retry can always finish the attempt it repeats.
 */
export const publishRecorded = async (recorded: Recorded, ports: Ports): Promise<Notification[]> => {
  if (recorded.incident === undefined) return [];
  const deliveries =
    recorded.result === 'duplicate' || recorded.result === 'stale'
      ? await ports.store.pendingDeliveries(recorded.incident.id)
      : recorded.deliveries;
  const now = deliveries.filter((delivery) => delivery.group === undefined);
  for (const group of new Set(deliveries.flatMap((delivery) => (delivery.group ? [delivery.group] : [])))) {
    await scheduleDigest(group, ports);
  }
  return now.length === 0 ? [] : publishDeliveries(now, recorded.incident, ports);
};
