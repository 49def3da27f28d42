import type { Transition } from '../engine/transition.js';
import { AdapterError } from '../errors.js';
import type { Incident } from '../incident.js';
import type { IncidentStore } from '../ports.js';

/** Another writer changed the incident between read and write this many times in a row: give up, retry later. */
const MAX_ATTEMPTS = 3;

/** The transition that was written (or needed no write), with the incident as it now stands. */
export type Recorded = Transition & {
  readonly incident: Incident | undefined;
  readonly previous: Incident | undefined;
};

/**
 * Reads the incident, computes the transition and writes it with its outbox deliveries, conditionally on the
 * revision it read. A conflict means a concurrent writer (another Lambda on a re-delivery): read again and
 * recompute, so the decision is always made on the state it is written over.
 */
export const recordTransition = async (
  fingerprint: string,
  compute: (incident: Incident | undefined) => Transition,
  store: IncidentStore,
): Promise<Recorded> => {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await store.get(fingerprint);
    const transition = compute(current);
    if (transition.next === undefined) return { ...transition, incident: current, previous: current };
    const saved = await store.save(transition.next, current?.revision ?? 0, transition.deliveries);
    if (saved === 'saved') return { ...transition, incident: transition.next, previous: current };
  }
  throw new AdapterError(
    `incident ${fingerprint} kept changing under ${MAX_ATTEMPTS} attempts to write it`,
    true,
  );
};
