import { liveTimer, wakeTimer } from '../engine/escalation.js';
import type { TransitionResult } from '../engine/transition.js';
import type { Incident } from '../incident.js';
import type { EscalationTimer, Timers } from '../ports.js';

/**
 * Applies a transition's timer changes: cancel what it stopped, and schedule the incident's live step when it
 * is a new one. Scheduling the same step twice is harmless (same name); a stale timer that survives a crash is
 * fenced by its token.
 *
 * A transition that wrote nothing (a re-delivered event, a retried escalation step) schedules the live step
 * again: the attempt it repeats may have recorded the step and failed before its schedule was created (a
 * publish that failed, a throttled CreateSchedule, a crash), and without this only the sweeper would find it.
 */
export const applyTimers = async (
  recorded: {
    readonly result: TransitionResult;
    readonly incident: Incident | undefined;
    readonly previous: Incident | undefined;
    readonly cancelTimers: readonly string[];
  },
  timers: Timers,
): Promise<EscalationTimer | undefined> => {
  for (const name of recorded.cancelTimers) await timers.cancel(name);
  const timer = recorded.incident ? liveTimer(recorded.incident) : undefined;
  const before = recorded.previous ? liveTimer(recorded.previous) : undefined;
  const repeat = recorded.result === 'duplicate' || recorded.result === 'stale';
  if (timer && (repeat || timer.name !== before?.name)) await timers.schedule(timer);
  // The incident's own timer (reminder, silence end) moves only when its time does; the old one is deleted so
  // Scheduler keeps one per incident (a late one would find nothing due anyway).
  const wake = recorded.incident ? wakeTimer(recorded.incident) : undefined;
  const wakeBefore = recorded.previous ? wakeTimer(recorded.previous) : undefined;
  if (wakeBefore && wakeBefore.name !== wake?.name && !repeat) await timers.cancel(wakeBefore.name);
  if (wake && (repeat || wake.name !== wakeBefore?.name)) await timers.schedule(wake);
  return timer;
};
