import type { LifecycleEvent } from '../../incident.js';
import type { LifecycleBus } from '../../ports.js';

/** The local bus: keeps every lifecycle event put on it, in order (`replay --lifecycle`, tests). */
export type MemoryLifecycleBus = LifecycleBus & { readonly events: () => readonly LifecycleEvent[] };

export const createMemoryLifecycleBus = (): MemoryLifecycleBus => {
  const events: LifecycleEvent[] = [];
  return {
    put: async (batch) => {
      events.push(...batch);
      return { failed: [] };
    },
    events: () => events,
  };
};
