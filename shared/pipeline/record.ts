import type { Transition } from '../engine/transition.js';
import { AdapterError } from '../errors.js';
import type { Incident } from '../incident.js';
import type { IncidentStore, SaveResult } from '../ports.js';

/** Another writer changed the item between read and write this many times in a row: give up, retry later. */
const MAX_ATTEMPTS = 3;

/**
 * Runs a read-compute-conditional-write `attempt` until it is not a conflict: a conflict means a concurrent
 * writer (another Lambda on a re-delivery, a timer, an operator), so the decision is made again on what it
 * wrote. The one loop every conditional write of the router goes through (incidents, digest groups).
 */
export const retryOnConflict = async <T>(
  what: string,
  attempt: () => Promise<T | 'conflict'>,
): Promise<T> => {
  for (let i = 1; i <= MAX_ATTEMPTS; i++) {
    const done = await attempt();
    if (done !== 'conflict') return done;
  }
  throw new AdapterError(`${what} kept changing under ${MAX_ATTEMPTS} attempts to write it`, true);
};

/** The transition that was written (or needed no write), with the incident as it now stands. */
export type Recorded = Transition & {
  readonly incident: Incident | undefined;
  readonly previous: Incident | undefined;
};

/**
 * Reads the incident, computes the transition and writes it with its outbox entries (notifications, lifecycle
 * events) and timeline, conditionally on the revision it read.
 */
export const recordTransition = (
  fingerprint: string,
  compute: (incident: Incident | undefined) => Transition,
  store: IncidentStore,
): Promise<Recorded> =>
  retryOnConflict(`incident ${fingerprint}`, async () => {
    const current = await store.get(fingerprint);
    const transition = compute(current);
    if (transition.next === undefined) return { ...transition, incident: current, previous: current };
    const saved: SaveResult = await store.save(transition.next, current?.revision ?? 0, [
      ...transition.deliveries,
      ...(transition.events ?? []),
    ]);
    return saved === 'saved' ? { ...transition, incident: transition.next, previous: current } : 'conflict';
  });
