import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import type { LifecycleEvent } from '../../shared/incident.js';
import type { LifecycleBus } from '../../shared/ports.js';

/**
 * A lifecycle bus that refuses the entries `refuse` picks, as EventBridge refuses entries of a PutEvents request
 * one by one (throttled, internal failure); what it accepts lands on a memory bus. Every `put` is recorded, so a test
 * can see what a retry put again.
 */
export const aRefusingBus = () => {
  const accepted = createMemoryLifecycleBus();
  const puts: (readonly string[])[] = [];
  let refuse: (event: LifecycleEvent) => boolean = () => false;
  const bus: LifecycleBus = {
    put: async (events) => {
      puts.push(events.map((event) => event.id));
      const failed = events.filter(refuse).map((event) => event.id);
      await accepted.put(events.filter((event) => !failed.includes(event.id)));
      return { failed };
    },
  };
  return {
    bus,
    /** Refuses the entries `which` picks, on every put until told otherwise. */
    refuse: (which: (event: LifecycleEvent) => boolean) => {
      refuse = which;
    },
    /** Accepts everything again. */
    recover: () => {
      refuse = () => false;
    },
    /** Ids of each put, in order. */
    puts: () => puts,
    /** Every event the bus accepted, in order. */
    accepted: () => accepted.events(),
  };
};
