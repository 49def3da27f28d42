import { liveTimer } from '../engine/escalation.js';
import type { Incident } from '../incident.js';
import type { EscalationTimer, Timers } from '../ports.js';

/**
 * Applies a transition's timer changes: cancel what it stopped, and schedule the incident's live step when it
 * is a new one. Scheduling the same step twice is harmless (same name); a stale timer that survives a crash is
 * fenced by its token.
 */
export const applyTimers = async (
  recorded: {
    readonly incident: Incident | undefined;
    readonly previous: Incident | undefined;
    readonly cancelTimers: readonly string[];
  },
  timers: Timers,
): Promise<EscalationTimer | undefined> => {
  for (const name of recorded.cancelTimers) await timers.cancel(name);
  const timer = recorded.incident ? liveTimer(recorded.incident) : undefined;
  const before = recorded.previous ? liveTimer(recorded.previous) : undefined;
  if (timer && timer.name !== before?.name) await timers.schedule(timer);
  return timer;
};
