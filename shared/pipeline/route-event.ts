import { type TransitionResult, transition } from '../engine/transition.js';
import type { Alert } from '../model.js';
import type { Notification, Ports } from '../ports.js';
import { decide } from '../routing/decide.js';
import { trustAlert } from '../routing/trust.js';
import { normalizeEvent } from '../sources/index.js';
import { applyTransition } from './apply.js';

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
 * 4. record: dedup against the incident and write its next state with the outbox and timeline, conditionally;
 * 5. publish: send the recorded deliveries and mark them sent;
 * 6. schedule: start, move or stop the escalation timer (§6) and the incident's own timer;
 * 7. lifecycle: put the incident's lifecycle events on the hub bus (§11).
 * Steps 4–7 are `applyTransition`, the one step every change of an incident goes through.
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
  const recorded = await applyTransition(
    trusted.fingerprint,
    (incident) => transition({ incident, alert: trusted, decision, now, config: ports.config }),
    ports,
  );
  return {
    kind: 'alert',
    alert: trusted,
    incidentId: recorded.incident?.id,
    result: recorded.result,
    // Nobody to tell: a grouped delivery is not "recorded only", it goes out in the group's digest.
    recordedOnly:
      recorded.result !== 'duplicate' && recorded.result !== 'stale' && recorded.deliveries.length === 0,
    notifications: recorded.notifications,
    reasons: [
      ...alert.reasons.map((reason) => `${alert.source}: ${reason}`),
      ...trustReasons,
      ...decision.reasons,
      ...recorded.reasons,
    ],
  };
};
