import { createMemoryIncidentStore } from '../../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import { acknowledge, fireTimer } from '../../shared/pipeline/operator.js';
import { routeEvent } from '../../shared/pipeline/route-event.js';
import { aConfig } from './config.js';

/**
 * The pipeline on the embedded adapters with a virtual clock: the fakes are the real memory adapters, so a
 * test drives exactly what `replay` and the Lambda handlers drive.
 */
export const aHarness = (config: Config = aConfig()) => {
  const store = createMemoryIncidentStore();
  const notifier = createMemoryNotifier();
  const bus = createMemoryLifecycleBus();
  const timers = createVirtualTimers();
  const clock = new VirtualClock(Date.parse('2026-11-27T00:00:00Z'));
  const ports = { store, notifier, bus, timers, clock, config };
  const at = (iso: string) => clock.advanceTo(Date.parse(iso));
  return {
    ports,
    store,
    notifier,
    bus,
    timers,
    clock,
    /** Routes an event at its own envelope time. */
    send: async (event: unknown) => {
      const time = (event as { time?: string }).time;
      if (time) at(time);
      return routeEvent(event, ports);
    },
    /** Fires every escalation timer due up to `iso`, in due order, on the virtual clock. */
    runUntil: async (iso: string) => {
      const until = Date.parse(iso);
      for (let timer = timers.takeDue(until); timer; timer = timers.takeDue(until)) {
        clock.advanceTo(timer.at);
        await fireTimer(timer, ports);
      }
      at(iso);
    },
    ack: async (fingerprint: string, by = 'team-oncall') => acknowledge(fingerprint, by, ports),
    /** Pending escalation steps (not digests, reminders or silence ends). */
    escalationTimers: () =>
      timers.pending().filter((timer) => timer.kind === undefined || timer.kind === 'escalation'),
    /** `receiver:kind` of every notification sent, in order. */
    sent: () => notifier.sent().map((n) => `${n.receiver}:${n.kind}`),
  };
};
